"""What installing the plugin costs a pytest run: start-up, and the first use of the fixture.

Prints one table. Every row is a whole ``python -m pytest`` process, timed from spawn to
exit, the median of ``STARTUP_RUNS`` runs (default 15); the runs of the two sides of a
ratio alternate, so load that comes and goes hits both alike. Informational: it always
exits 0.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = int(os.environ.get("STARTUP_RUNS", "15"))
BYTECODE_MODES: tuple[tuple[str, dict[str, str]], ...] = (
    ("bytecode cached", {}),
    ("PYTHONDONTWRITEBYTECODE=1", {"PYTHONDONTWRITEBYTECODE": "1"}),
)

ONE_TEST = "def test_one():\n    pass\n"
ONE_FIXTURE_TEST = "def test_one(ssm_contacts):\n    ssm_contacts.add_contact('akuam')\n"


def _environ(extra: dict[str, str]) -> dict[str, str]:
    environ = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONDONTWRITEBYTECODE", "PYTEST_ADDOPTS", "PYTEST_PLUGINS")
    }
    environ.update(extra)
    return environ


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _seconds(
    args: list[str], cwd: Path, environ: dict[str, str], ok: tuple[int, ...]
) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run (CPU: less moved by other processes)."""
    cpu = _cpu()
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    cpu = _cpu() - cpu
    if result.returncode not in ok:
        raise SystemExit(f"pytest {' '.join(args)} exited {result.returncode}:\n{result.stdout}")
    return elapsed, cpu


Pair = tuple[tuple[float, float], tuple[float, float]]


def _pair(
    base: list[str], other: list[str], cwd: Path, environ: dict[str, str], ok: tuple[int, ...]
) -> Pair:
    """Median (wall, CPU) seconds of ``base`` and of ``other``, their runs interleaved."""
    for args in (base, other):  # warm-up: the bytecode caches, the OS's file cache
        _seconds(args, cwd, environ, ok)
    base_times: list[tuple[float, float]] = []
    other_times: list[tuple[float, float]] = []
    for _ in range(RUNS):
        base_times.append(_seconds(base, cwd, environ, ok))
        other_times.append(_seconds(other, cwd, environ, ok))

    def median(times: list[tuple[float, float]]) -> tuple[float, float]:
        return statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)

    return median(base_times), median(other_times)


def _ms(times: tuple[float, float]) -> str:
    return f"{times[0] * 1000:.0f} ms (CPU {times[1] * 1000:.0f} ms)"


def table(rows: list[tuple[str, str, str, str]]) -> str:
    header = ("row", "without / baseline", "with", "ratio or cost")
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(4)]
    lines = [header, tuple("-" * width for width in widths), *rows]
    return "\n".join(
        "| " + " | ".join(cell.ljust(width) for cell, width in zip(line, widths)) + " |"
        for line in lines
    )


def main() -> int:
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as folder:
        empty = Path(folder, "empty")
        empty.mkdir()
        one = Path(folder, "one")
        one.mkdir()
        (one / "test_plain.py").write_text(ONE_TEST)
        (one / "test_fixture.py").write_text(ONE_FIXTURE_TEST)
        for mode, extra in BYTECODE_MODES:
            environ = _environ(extra)
            without, with_plugin = _pair(
                ["--co", "-q", "-p", "no:ssm_contacts"], ["--co", "-q"], empty, environ, (5,)
            )
            rows.append(
                (
                    f"pytest --co -q, empty folder, {mode}",
                    _ms(without),
                    _ms(with_plugin),
                    f"{with_plugin[0] / without[0]:.3f}x (CPU {with_plugin[1] / without[1]:.3f}x)"
                    " (target <= 1.05x)",
                )
            )
        for mode, extra in BYTECODE_MODES:
            environ = _environ(extra)
            plain, fixture = _pair(
                ["-q", "test_plain.py"], ["-q", "test_fixture.py"], one, environ, (0,)
            )
            rows.append(
                (
                    f"first ssm_contacts fixture use (one test), {mode}",
                    _ms(plain),
                    _ms(fixture),
                    f"+{(fixture[0] - plain[0]) * 1000:.0f} ms "
                    f"(CPU +{(fixture[1] - plain[1]) * 1000:.0f} ms)",
                )
            )
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
