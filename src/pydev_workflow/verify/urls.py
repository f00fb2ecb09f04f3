"""Database URLs for verify: the old import path of `pydev_workflow.dialects.driver`.

The URL parsing, driver mapping, engine creation and redaction live below verify, in the driver
layer the engine adapters use (`dialects/driver.py`); importers and adapters import it from there.
"""

from __future__ import annotations

from pydev_workflow.dialects.driver import (
    ENV_URL,
    LOCAL_DEFAULTS,
    Target,
    configured_urls,
    connect_error,
    create_engine,
    engine_url,
    is_secret_key,
    parse_target,
    parse_url,
    redact,
    resolve,
    scrub,
    secrets_of,
    show_url,
    split_urls,
)

__all__ = [
    "ENV_URL",
    "LOCAL_DEFAULTS",
    "Target",
    "configured_urls",
    "connect_error",
    "create_engine",
    "engine_url",
    "is_secret_key",
    "parse_target",
    "parse_url",
    "redact",
    "resolve",
    "scrub",
    "secrets_of",
    "show_url",
    "split_urls",
]
