"""A batch put on hold while its stock is being reserved.

api.hold_batch takes the product's stock locks in every warehouse before it
holds the batch, as api.update_batch does; a reservation allocates under the
same lock. So a reservation behind a hold under way waits for it and then
passes over the held lot: had the hold locked the batch row alone, the
reservation would have read the lot as free and taken it.
"""

from __future__ import annotations

import psycopg
from helpers import second_waits_for_first, stock_some


def test_a_reserve_behind_a_hold_waits_and_passes_over_the_lot(fresh_db):
    stock_some(fresh_db)  # P0: 5 units, all in batch B0
    with psycopg.connect(fresh_db) as conn:
        batch, version, product, warehouse = conn.execute(
            "SELECT b.id, b.version, b.product_id, w.id FROM catalog.product_batch AS b, "
            "warehouse.warehouse AS w WHERE b.batch_number = 'B0' AND w.code = 'W'"
        ).fetchone()
    outcome = second_waits_for_first(
        fresh_db,
        lambda c: c.execute("SELECT api.hold_batch(%s, %s, 'recall')", [batch, version]),
        lambda c: c.execute("SELECT api.reserve_stock('r', %s, %s, 1)", [product, warehouse]),
    )
    assert outcome.startswith("SD001: ")
    with psycopg.connect(fresh_db) as conn:
        held = conn.execute("SELECT hold_reason FROM catalog.product_batch WHERE id = %s",
                            [batch]).fetchone()
        reserved = conn.execute("SELECT count(*) FROM inventory.reservation").fetchone()
    assert held == ("recall",)
    assert reserved == (0,)
