"""A hold extended while the expiry job is about to expire it.

ops.expire_reservations picks the overdue reservations, then locks each:
one that api.update_reservation extended in between must be left alone.
The job waits for the extension's row lock and then reads the new expiry;
had inventory.close_reservation checked only that the reservation is
active, the customer who was just promised another day would lose the stock.
"""

from __future__ import annotations

import threading

import psycopg
from helpers import ADMIN, DEFAULT_TENANT, wait_until_blocked


def test_the_expiry_job_leaves_a_reservation_extended_under_it(fresh_db):
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        w = conn.execute("SELECT api.create_warehouse('W', 'W')").fetchone()[0]
        loc = conn.execute("SELECT api.create_location(%s, 'A1')", [w]).fetchone()[0]
        p = conn.execute("SELECT api.create_product('P', 'P')").fetchone()[0]
        conn.execute("SELECT api.receive_stock('in', %s, %s, 5)", [p, loc])
        r = conn.execute("SELECT api.reserve_stock('r', %s, %s, 2, 'quote', "
                         "now() + interval '1 hour')", [p, w]).fetchone()[0]
        conn.commit()
        # Overdue, as if its hour had passed (version 2 from here).
        conn.execute("UPDATE inventory.reservation SET created_at = now() - interval '2 hours', "
                     "expires_at = now() - interval '1 minute' WHERE id = %s", [r])
        conn.commit()
    extender = psycopg.connect(fresh_db)
    job = psycopg.connect(fresh_db, autocommit=True)
    done: dict = {}

    def run_job() -> None:
        job.execute("CALL ops.expire_reservations()")
        done["ran"] = True

    with extender, job:
        extender.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
        extender.execute("SELECT api.update_reservation(%s, 2, now() + interval '1 day')", [r])
        t = threading.Thread(target=run_job)
        t.start()
        wait_until_blocked(fresh_db, job.info.backend_pid)
        extender.commit()
        t.join(10)
    assert done.get("ran")
    with psycopg.connect(fresh_db) as conn:
        row = conn.execute("SELECT status::text, expires_at > now() FROM inventory.reservation "
                           "WHERE id = %s", [r]).fetchone()
        detail = conn.execute("SELECT detail FROM ops.maintenance_run WHERE job_name = "
                              "'expire-reservations' ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert row == ("active", True)
    assert detail == {"expired": 0, "busy": 0}
