"""docpipe's version: one place, read by the CLI, the build record and the bundle manifest."""
__version__ = "0.1.0"
