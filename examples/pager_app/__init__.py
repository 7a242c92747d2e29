"""A small service that pages the on-call engineer when a host reports a problem."""
