"""pydev-workflow: step 03 of the pydev workflow (Data Models) as a tool that checks itself."""

__version__ = "0.1.0"
