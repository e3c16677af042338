"""api.set_context outside a single transaction, where pgTAP cannot look."""

from __future__ import annotations

from helpers import DEFAULT_TENANT


def test_context_ends_with_the_transaction(conn):
    with conn.transaction():
        conn.execute("SELECT api.set_context(tenant_id => %s)", [DEFAULT_TENANT])
        inside = conn.execute("SELECT current_setting('stockdb.tenant_id', true)").fetchone()[0]
    after = conn.execute("SELECT current_setting('stockdb.tenant_id', true)").fetchone()[0]
    assert inside == DEFAULT_TENANT
    assert after in (None, ""), "a pooled connection would carry the tenant to the next caller"
