"""Errors the CLI expects and reports as one clear line."""


class StockdbError(Exception):
    """An expected failure: the CLI prints the message alone and exits non-zero."""

    exit_code = 1
