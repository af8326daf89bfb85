"""`python -m docpipe` runs the command line."""
from docpipe.cli import entry

entry()
