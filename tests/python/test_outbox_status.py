"""The relay's claim and status read the outbox rows they count or send, not
the others: the delivered rows are counted from their index alone, and a claim
goes past no parked row.

audit.outbox_status (stockdb relay status, and the outbox line of stockdb
check) counts the delivered rows the outbox keeps for a week, per collection.
Their index held no collection, so each count fetched every delivered row from
the table: with 4,000,000 delivered and none waiting, a call took 2.26-2.35 s,
and with 3,300,000 delivered and 700,000 waiting, 500 of them failing, 5.4-5.8 s.
The index holds the collection since 0073, and the status reads the waiting,
parked and delivered rows once each: 0.40-0.44 s and 1.14-1.18 s (0.59-0.72 s
with none failing).
"""

from __future__ import annotations

import psycopg

DELIVERED = 5_000
WAITING = 20


def add_waiting(conn: psycopg.Connection) -> None:
    """WAITING rows for a relay to send, newer than any row there."""
    conn.execute(
        "INSERT INTO audit.outbox (tenant_id, kind, collection, document) "
        "SELECT gen_random_uuid(), 'audit', 'audit_logs', jsonb_build_object('n', n) "
        "FROM generate_series(1, %s) AS n", [WAITING])


def reading(conn: psycopg.Connection, query: str) -> tuple[list[tuple], int]:
    """What `query` returns, and how many rows of audit.outbox it read."""
    with conn.transaction():
        before = conn.execute("SELECT test_support.rows_read('audit.outbox')").fetchone()[0]
        rows = conn.execute(query).fetchall()
        read = conn.execute("SELECT test_support.rows_read('audit.outbox')").fetchone()[0]
    return rows, read - before


def test_delivered_rows_are_counted_without_reading_them(fresh_db):
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        # The test cluster commits asynchronously, and vacuum marks no page
        # visible to all while its rows' commit may still be lost.
        conn.execute("SET synchronous_commit = on")
        # Delivered rows as the relay leaves them, a twentieth of them alerts,
        # with documents the size of an audited reservation's change.
        conn.execute(
            "INSERT INTO audit.outbox (tenant_id, kind, collection, document, delivered_at, "
            "attempts, last_attempt_at) SELECT gen_random_uuid(), "
            "CASE WHEN n %% 20 = 0 THEN 'alert' ELSE 'audit' END, "
            "CASE WHEN n %% 20 = 0 THEN 'alerts' ELSE 'audit_logs' END, "
            "jsonb_build_object('entityId', gen_random_uuid(), 'note', repeat('x', 400)), "
            "now() - n * interval '1 s', 1, now() - n * interval '1 s' "
            "FROM generate_series(1, %s) AS n", [DELIVERED])
        add_waiting(conn)
        # Vacuum marks the pages of rows no longer changed all visible, as
        # autovacuum does for delivered rows on a running install.
        conn.execute("VACUUM ANALYZE audit.outbox")
        rows, read = reading(
            conn, "SELECT collection, pending, delivered FROM audit.outbox_status()")
        status = {r[0]: r[1:] for r in rows}
        expected = {
            c: conn.execute(
                "SELECT count(*) FILTER (WHERE delivered_at IS NULL), "
                "count(*) FILTER (WHERE delivered_at IS NOT NULL) "
                "FROM audit.outbox WHERE collection = %s", [c]).fetchone()
            for c in ("audit_logs", "alerts")}
    assert status == expected
    assert status["audit_logs"][1] + status["alerts"][1] >= DELIVERED
    # The waiting rows are read once each, for their collection and age; the
    # delivered ones not at all. Fetched for each collection's count, they
    # were read twice (10,000 and more).
    assert read <= 2 * WAITING + 10, read


PARKED = 2_000


def test_a_claim_goes_past_no_parked_row(fresh_db):
    """Parked rows (MongoDB refused their documents) were in the index the
    claim reads, and are the oldest: each claim went through all of them before
    the first row it could send. With 200,000 parked, a 500-row claim and its
    mark took 55 ms, against 7 ms once they have an index of their own (0074)."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("SET synchronous_commit = on")
        # A week of delivered rows, then the parked ones, then those waiting.
        conn.execute(
            "INSERT INTO audit.outbox (tenant_id, kind, collection, document, delivered_at) "
            "SELECT gen_random_uuid(), 'audit', 'audit_logs', "
            "jsonb_build_object('entityId', gen_random_uuid(), 'note', repeat('x', 400)), now() "
            "FROM generate_series(1, %s) AS n", [10 * PARKED])
        conn.execute(
            "INSERT INTO audit.outbox (tenant_id, kind, collection, document, parked_at, "
            "attempts, last_error, last_attempt_at) SELECT gen_random_uuid(), 'audit', "
            "'audit_logs', jsonb_build_object('n', n), now(), 1, 'Document failed validation', "
            "now() FROM generate_series(1, %s) AS n", [PARKED])
        add_waiting(conn)
        conn.execute("VACUUM ANALYZE audit.outbox")
        ids, claim_read = reading(conn, "SELECT id FROM audit.claim_outbox(10)")
        claimed = conn.execute(
            "SELECT count(*), bool_and(parked_at IS NULL) FROM audit.outbox "
            "WHERE id = ANY (%s)", [[r[0] for r in ids]]).fetchone()
        parked, status_read = reading(
            conn, "SELECT parked, last_parked_error FROM audit.outbox_status() "
                  "WHERE collection = 'audit_logs'")
    assert claimed == (10, True)
    assert parked == [(PARKED, "Document failed validation")]
    # The ten claimed; going past each parked row made 2,000 more.
    assert claim_read <= 20, claim_read
    # The waiting rows once each and the newest parked one; the parked ones are
    # counted from their index.
    assert status_read <= 2 * WAITING + 10, status_read
