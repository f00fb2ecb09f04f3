"""The YAML spec: loading with locations, resolving names, dumping, and its JSON Schema."""

from pydev_workflow.spec.load import load, loads

__all__ = ["load", "loads"]
