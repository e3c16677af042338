"""Two admins who deactivate or demote each other at once: one must stay.

api.update_user refuses to leave a tenant without an active admin. It counts
the other admins, so two calls that each remove one admin would each count
the other as still there, and both succeed, unless they take turns: they do,
on the tenant's row. The second waits for the first and then is refused.
"""

from __future__ import annotations

import threading

import psycopg
import pytest
from helpers import ADMIN, DEFAULT_TENANT, wait_until_blocked


def session(url: str, user: str | None = None) -> psycopg.Connection:
    conn = psycopg.connect(url)
    conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, user])
    return conn


def version(conn: psycopg.Connection, user: str) -> int:
    return conn.execute("SELECT version FROM api.list_users() WHERE user_id = %s",
                        [user]).fetchone()[0]


@pytest.mark.parametrize("change", ["active => false", "role => 'manager'"])
def test_two_admins_removing_each_other_leave_one(fresh_db, change):
    with session(fresh_db) as conn:
        made = conn.execute("SELECT api.create_user('boss@example.com', 'admin')").fetchone()[0]
        other = str(made)
        conn.commit()
    a, b = session(fresh_db, ADMIN), session(fresh_db, other)
    got: dict = {}

    def second() -> None:
        try:
            b.execute(f"SELECT api.update_user(%s, %s, {change})", [ADMIN, version(b, ADMIN)])
            b.commit()
            got["outcome"] = "ok"
        except psycopg.Error as e:
            b.rollback()
            got["outcome"] = f"{e.sqlstate} {e.diag.message_primary}"

    with a, b:
        a.execute(f"SELECT api.update_user(%s, %s, {change})", [other, version(a, other)])
        t = threading.Thread(target=second)
        t.start()
        wait_until_blocked(fresh_db, b.info.backend_pid)
        a.commit()
        t.join(10)
    last = "22023 user admin@localhost is the tenant's last active admin"
    assert got["outcome"].startswith(last), got
    with session(fresh_db) as conn:
        admins = conn.execute("SELECT count(*) FROM api.list_users() "
                              "WHERE role = 'admin' AND active").fetchone()[0]
    assert admins == 1
