# The README's two commands: `make build` and `make test`. Each sets itself up first
# (scripts/setup.sh: system packages, fonts, .venv), so both work on a fresh Debian machine.
.PHONY: setup build test test-slow test-lowest-weasyprint bench images example clean

setup:
	@scripts/setup.sh

build: setup
	.venv/bin/docpipe build

# The suite on every core (pytest-xdist): one worker per core, each test file whole on one worker
# (its module fixtures made once); session fixtures (the built article, epubcheck's JVM) are made
# once per worker, each in its own temporary folders. Files are handed out heaviest first, in
# the order tests/conftest.py gives them (WORKER_SECONDS), not xdist's (most tests first).
PYTEST_WORKERS := -n auto --dist loadfile --no-loadscope-reorder

test: setup
	.venv/bin/python -m pytest -q -m "not slow" $(PYTEST_WORKERS)

# The heaviest checks (marker `slow`: the 313 KB rules' typography in both styles, the long
# README, megabyte inputs, LibreOffice round trips of whole books: about two minutes of CPU), kept out of `make test` so that it stays under 3 minutes; CI runs them.
test-slow: setup
	.venv/bin/python -m pytest -q -m slow $(PYTEST_WORKERS)

# The PDF tests (marked `pdf`) again with the lowest WeasyPrint that pyproject.toml allows
# (`make test` runs them with the highest): in .venv-wpNN, made once and remade only when
# pyproject.toml changes. CI (.ci/run) runs this after `make test`.
WP_LOWEST := $(shell sed -n 's/^ *"weasyprint>=\([0-9]*\).*/\1/p' pyproject.toml)
LOWEST_VENV := .venv-wp$(WP_LOWEST)

$(LOWEST_VENV)/.docpipe-setup: pyproject.toml
	@test -n "$(WP_LOWEST)" || { echo "no weasyprint>=N in pyproject.toml" >&2; exit 1; }
	test -x $(LOWEST_VENV)/bin/python || python3 -m venv $(LOWEST_VENV)
	$(LOWEST_VENV)/bin/python -m pip install -q -e '.[test]' 'weasyprint==$(WP_LOWEST).*'
	$(LOWEST_VENV)/bin/python -c 'import weasyprint, sys; sys.exit(not weasyprint.__version__.startswith("$(WP_LOWEST)."))'
	touch $@

test-lowest-weasyprint: setup $(LOWEST_VENV)/.docpipe-setup
	$(LOWEST_VENV)/bin/python -m pytest -q -m "pdf and not slow" $(PYTEST_WORKERS)

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
	rm -rf dist/*.docx dist/*.pdf dist/*.epub dist/.docpipe-state.json dist/.docpipe-state.lock

# The sample official document (docs/examples/notice.md) in PDF and DOCX, and the README's
# picture of its first and last page.
example: setup
	.venv/bin/docpipe build docs/examples/notice.md --style gongwen -f pdf -f docx -o dist/examples --force
	pdftoppm -r 50 -png -singlefile -f 1 -l 1 dist/examples/notice.pdf docs/examples/notice-first
	pdftoppm -r 50 -png -singlefile -f $$(pdfinfo dist/examples/notice.pdf | awk '/^Pages:/ {print $$2}') -l 999 dist/examples/notice.pdf docs/examples/notice-last
