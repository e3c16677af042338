"""Logins of one account compare their passwords side by side.

api.authenticate locked the user's row, then ran its bcrypt comparison (cost
12, about 0.2 s of CPU) under the lock: logins of one account, such as a
service account many workers sign in as, ran one after another whatever the
cores (8 at once took 1.65 s on this 2-core machine, 32 took 6.6 s), and an
admin's change of the user waited for each. The comparison now runs first;
the row is then locked and read again, so what the login does judges the
user as it is by then: a password or an email changed meanwhile, or a lock
set by failures that ran alongside.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import psycopg
import pytest
from helpers import DEFAULT_TENANT, wait_until_blocked

from stockdb.db import local_data_directory

PASSWORD = "a long service password"  # noqa: S105 (a test user's)
NEW_PASSWORD = "another long password"  # noqa: S105


def session(url: str) -> psycopg.Connection:
    conn = psycopg.connect(url)
    conn.execute("SELECT api.set_context(%s, NULL)", [DEFAULT_TENANT])
    return conn


def cpu_seconds(pid: int) -> float:
    """CPU time a server process has used (the cluster runs on this machine)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def make_user(url: str) -> str:
    with session(url) as conn:
        made = conn.execute("SELECT api.create_user('svc@example.com', 'sales', %s)",
                            [PASSWORD]).fetchone()[0]
        conn.commit()
    return str(made)


def login_while_held(url: str, hold: str, args: list, email: str = "svc@example.com",
                     password: str = PASSWORD) -> tuple[object, float]:
    """A login that meets the user's row held by another transaction, which runs
    hold and commits once the login waits; what the login returned and the CPU it
    had used by the time it waited."""
    holder, login = session(url), session(url)
    pid = login.info.backend_pid
    got: dict = {}

    def sign_in() -> None:
        got["user"] = login.execute("SELECT api.authenticate(%s, %s)",
                                    [email, password]).fetchone()[0]
        login.commit()

    with holder, login:
        holder.execute(hold, args)
        before = cpu_seconds(pid)
        t = threading.Thread(target=sign_in)
        t.start()
        wait_until_blocked(url, pid)
        spent = cpu_seconds(pid) - before
        holder.commit()
        t.join(30)
    return got.get("user", "did not return"), spent


def test_a_login_compares_the_password_before_it_waits_for_the_user(fresh_db):
    with psycopg.connect(fresh_db) as conn:
        if local_data_directory(conn) is None:
            pytest.skip("the server runs elsewhere (DATABASE_URL): its backends' CPU time "
                        "cannot be read from here")
    user = make_user(fresh_db)
    # Another login's lock, as a login holds it for its failure count.
    found, spent = login_while_held(
        fresh_db, "SELECT 1 FROM auth.app_user WHERE id = %s FOR UPDATE", [user])
    assert str(found) == user
    # Under the lock, the login waited before its comparison: a few ms of CPU.
    assert spent > 0.05, f"{spent:.3f} s of CPU before the login waited for the row"


def test_what_changed_while_a_login_compared_is_what_it_judges(fresh_db):
    user = make_user(fresh_db)

    def failures() -> int:
        with session(fresh_db) as conn:
            return conn.execute("SELECT failed_login_count FROM auth.app_user WHERE id = %s",
                                [user]).fetchone()[0]

    # The password set meanwhile: the old one no longer signs in, and counts as a failure.
    found, _ = login_while_held(fresh_db, "SELECT api.set_password(%s, %s)", [user, NEW_PASSWORD])
    assert (found, failures()) == (None, 1)
    found, _ = login_while_held(
        fresh_db, "SELECT 1 FROM auth.app_user WHERE id = %s FOR UPDATE", [user],
        password=NEW_PASSWORD)
    assert (str(found), failures()) == (user, 0)
    # The email changed meanwhile: the old one finds no one, so nothing is counted.
    with session(fresh_db) as conn:
        version = conn.execute("SELECT version FROM api.list_users() WHERE user_id = %s",
                               [user]).fetchone()[0]
    found, _ = login_while_held(
        fresh_db, "SELECT api.update_user(%s, %s, email => 'robot@example.com')",
        [user, version], password=NEW_PASSWORD)
    assert (found, failures()) == (None, 0)
    with session(fresh_db) as conn:
        assert str(conn.execute("SELECT api.authenticate('robot@example.com', %s)",
                                [NEW_PASSWORD]).fetchone()[0]) == user


def test_failures_side_by_side_lock_the_account_once(fresh_db):
    """Eight wrong passwords at once: their comparisons overlap, their counts do
    not. The fifth locks the account, and the right password is refused then."""
    user = make_user(fresh_db)
    conns = [session(fresh_db) for _ in range(8)]
    start = threading.Barrier(len(conns))
    got: list = []

    def wrong(conn: psycopg.Connection) -> None:
        start.wait()
        got.append(conn.execute("SELECT api.authenticate('svc@example.com', 'not the password "
                                "at all')").fetchone()[0])
        conn.commit()

    threads = [threading.Thread(target=wrong, args=(c,)) for c in conns]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for c in conns:
        c.close()
    assert got == [None] * 8
    with session(fresh_db) as conn:
        locked = conn.execute("SELECT locked_until > now(), failed_login_count "
                              "FROM auth.app_user WHERE id = %s", [user]).fetchone()
        assert conn.execute("SELECT api.authenticate('svc@example.com', %s)",
                            [PASSWORD]).fetchone()[0] is None
    # Locked by the fifth, its count back to 0; the three after it met the lock.
    assert locked == (True, 0)
