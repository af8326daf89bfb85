# The README's two commands: `make build` and `make test`. Each sets itself up first
# (scripts/setup.sh: system packages, fonts, .venv), so both work on a fresh Debian machine.
.PHONY: setup build test bench images clean

setup:
	@scripts/setup.sh

build: setup
	.venv/bin/docpipe build

test: setup
	.venv/bin/python -m pytest -q

bench: setup
	.venv/bin/python -m pip install -q -e '.[bench]'
	.venv/bin/python benchmarks/run.py

clean:
	rm -rf dist/*.docx dist/*.pdf dist/*.epub dist/.docpipe-state.json
