"""The ssm-contacts service model, loaded once per process from botocore's data."""

from __future__ import annotations

import functools
from typing import Any

from botocore import xform_name
from botocore.loaders import Loader
from botocore.model import OperationModel, ServiceModel, Shape

SERVICE_NAME = "ssm-contacts"


@functools.cache
def service_model() -> ServiceModel:
    # A bare Loader avoids building a whole botocore Session (credential
    # providers, config files) just to read the model.
    return ServiceModel(Loader().load_service_model(SERVICE_NAME, "service-2"), SERVICE_NAME)


@functools.cache
def operation_model(name: str) -> OperationModel:
    return service_model().operation_model(name)


@functools.cache
def input_shape(name: str) -> Shape | None:
    return operation_model(name).input_shape


@functools.cache
def operation_names() -> tuple[str, ...]:
    return tuple(service_model().operation_names)


@functools.cache
def _snake_to_operation() -> dict[str, str]:
    return {xform_name(name): name for name in operation_names()}


def resolve_operation_name(name: str) -> str | None:
    """Map "StartEngagement" or "start_engagement" to the model's operation name."""
    if name in operation_names():
        return name
    return _snake_to_operation().get(name)


@functools.cache
def error_names(operation: str) -> tuple[str, ...]:
    return tuple(sorted(shape.name for shape in operation_model(operation).error_shapes))


def error_shape(name: str) -> Any:
    return service_model().shape_for(name)
