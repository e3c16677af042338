"""Two calls creating the same key at once: the second waits for the first and
fails with the api's own 23505, naming the value, not the unique index's bare one."""

from __future__ import annotations

import pytest
from helpers import second_waits_for_first


@pytest.mark.parametrize(("call", "message"), [
    ("SELECT api.create_warehouse('BER', 'Berlin')", "warehouse code BER is already used"),
    ("SELECT api.create_product('M8', 'Bolt')", "SKU M8 is already used"),
    ("SELECT api.create_customer('ACME', 'Acme')", "customer code ACME is already used"),
])
def test_the_second_of_two_creates_of_one_key_waits_and_is_told_it_is_taken(fresh_db, call,
                                                                             message):
    ended = second_waits_for_first(fresh_db, lambda c: c.execute(call), lambda c: c.execute(call))
    assert ended == f"23505: {message}"
