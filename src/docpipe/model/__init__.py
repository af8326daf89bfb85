"""The document model: the parsed Document and the typed Theme every format reads."""
