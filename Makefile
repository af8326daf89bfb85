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

# The README's pictures: page 1 of each style, rendered from the real PDFs.
images: setup
	.venv/bin/docpipe build source/article.md -f pdf -o /tmp/docpipe-images/default --force
	.venv/bin/docpipe build source/article.md -f pdf --style gongwen -o /tmp/docpipe-images/gongwen --force
	.venv/bin/docpipe build source/article.md -f pdf --booklet -o /tmp/docpipe-images/booklet --force
	pdftoppm -r 60 -png -singlefile -f 1 -l 1 /tmp/docpipe-images/default/article.pdf docs/default-page1
	pdftoppm -r 60 -png -singlefile -f 1 -l 1 /tmp/docpipe-images/gongwen/article.pdf docs/gongwen-page1
	pdftoppm -r 40 -png -singlefile -f 1 -l 1 /tmp/docpipe-images/booklet/article-booklet.pdf docs/booklet-sheet1

clean:
	rm -rf dist/*.docx dist/*.pdf dist/*.epub dist/.docpipe-state.json
