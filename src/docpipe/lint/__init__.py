"""The linter behind `docpipe check`: front matter, structure and Chinese copy-editing rules."""
