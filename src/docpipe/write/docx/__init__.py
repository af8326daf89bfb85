"""DOCX writer: the document tree → WordprocessingML through python-docx."""
