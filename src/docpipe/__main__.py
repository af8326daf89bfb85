"""`python -m docpipe` runs the command line."""
from docpipe.cli import main

main()
