"""`python -m docpipe` runs the command line."""
from docpipe.launch import main

main()
