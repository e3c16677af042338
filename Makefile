# The two commands of the README, and what they stand on.
.PHONY: setup demo test lint schema bench clean

setup:
	@scripts/bootstrap.sh

demo: setup
	@.venv/bin/stockdb demo

test: setup
	@.venv/bin/pytest -n 3 --dist loadfile

bench: setup
	@.venv/bin/stockdb bench all

lint: setup
	@.venv/bin/pytest tests/python/test_lint.py

schema: setup
	@.venv/bin/python scripts/dump_schema.py

clean:
	-@.venv/bin/stockdb db destroy --yes
	rm -rf .venv .stockdb .pytest_cache
