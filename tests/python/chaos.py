"""What the chaos tests share: workers calling the api at random, each from a
session of its own, for a bounded time, and the checks after them (no
undocumented SQLSTATE, no deadlock, no integrity finding)."""

from __future__ import annotations

import os
import random
import threading
import time
import uuid
from collections import Counter

import psycopg
from helpers import ADMIN, DEFAULT_TENANT, run_all

# STOCKDB_CHAOS_SECONDS=300 for a longer hunt, STOCKDB_CHAOS_SEED=k for other draws,
# STOCKDB_CHAOS_WORKERS=n for more sessions at once.
WORKERS = int(os.environ.get("STOCKDB_CHAOS_WORKERS", "6"))
SECONDS = int(os.environ.get("STOCKDB_CHAOS_SECONDS", "20"))
SEED = int(os.environ.get("STOCKDB_CHAOS_SEED", "0"))
# How long the workers may go on past SECONDS for an outcome wanted that the
# draws have not reached yet: how often each happens depends on timing, and a
# loaded machine makes fewer calls in the same time.
MORE_SECONDS = 60
# What a call racing another may meet, besides success: the documented refusals,
# a lock wait past lock_timeout, and a retry of a serialization failure.
DOCUMENTED = {"SD001", "SD002", "SD003", "SD004", "SD005", "SD404", "22023", "55P03", "40001"}


def admin_caller(conn: psycopg.Connection):
    """Calls one api function as the default tenant's admin, in a transaction of its
    own on the autocommit conn, and gives its value (a uuid as text): a world's set-up."""
    def api(sql: str, *args):
        with conn.transaction():
            conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
            value = conn.execute(sql, list(args)).fetchone()[0]
        return str(value) if isinstance(value, uuid.UUID) else value

    return api


def warehouses_and_products(api, skus: tuple[str, ...]) -> tuple[list, list, list]:
    """A world's warehouses W1 and W2, location A in each, and the priced products
    skus: their ids, through admin_caller's api."""
    warehouses = [api("SELECT api.create_warehouse(%s, 'W')", code) for code in ("W1", "W2")]
    locations = [api("SELECT api.create_location(%s, 'A')", w) for w in warehouses]
    products = [api("SELECT api.create_product(%s, %s, unit_price_minor => 100, "
                    "currency => 'EUR')", sku, sku) for sku in skus]
    return warehouses, locations, products


class Worker:
    """One session's calls; a test's subclass says what step() calls."""

    def __init__(self, url: str, world: dict, seed: int, outcomes: Counter, unexpected: list):
        self.conn = psycopg.connect(url, autocommit=True)
        self.w = world
        self.rng = random.Random(seed)
        self.outcomes = outcomes
        self.unexpected = unexpected

    def call(self, name: str, sql: str, *args, allowed: frozenset | set = DOCUMENTED):
        """The call's one value, or None when it failed (its SQLSTATE counted, and kept
        as unexpected when not among the allowed)."""
        try:
            with self.conn.transaction():
                self.conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
                row = self.conn.execute(sql, list(args)).fetchone()
        except psycopg.Error as exc:
            self.outcomes[(name, exc.sqlstate)] += 1
            if exc.sqlstate not in allowed:
                self.unexpected.append((name, exc.sqlstate, str(exc)))
            return None
        self.outcomes[(name, "ok")] += 1
        return None if row is None else row[0]

    def one(self, sql: str, *args):
        row = self.conn.execute(sql, list(args)).fetchone()
        return None if row is None else row[0]

    def version(self, table: str, row):
        return self.one(f"SELECT version FROM {table} WHERE id = %s", row)  # noqa: S608

    def step(self) -> None:
        raise NotImplementedError

    def run(self, done) -> None:
        try:
            while not done():
                self.step()
        finally:
            self.conn.close()


def run_workers(url: str, world: dict, worker: type[Worker], wanted: list[tuple[str, str]]
                ) -> Counter:
    """Runs WORKERS workers for SECONDS, and on until each outcome wanted (a call's
    name and "ok", an import's and "applied") has happened at least once, for at
    most MORE_SECONDS more, and returns their outcomes, once each wanted outcome
    happened, no call met anything unexpected, no deadlock happened, and
    ops.check_integrity (run after them, besides any runs of their own) found
    nothing."""
    outcomes: Counter = Counter()
    unexpected: list = []
    with psycopg.connect(url, autocommit=True) as conn:
        deadlocks = conn.execute("SELECT deadlocks FROM pg_stat_database "
                                 "WHERE datname = current_database()").fetchone()[0]
        seen = conn.execute("SELECT coalesce(max(id), 0) FROM ops.integrity_check_result"
                            ).fetchone()[0]
    until = time.monotonic() + SECONDS

    def done() -> bool:
        now = time.monotonic()
        return now >= until + MORE_SECONDS or (
            now >= until and all(outcomes[outcome] for outcome in wanted))

    workers = [worker(url, world, SEED + n, outcomes, unexpected) for n in range(WORKERS)]
    run_all([threading.Thread(target=w.run, args=(done,)) for w in workers],
            SECONDS + MORE_SECONDS + 60)
    print("outcomes:", sorted(outcomes.items()))
    for found in unexpected:
        print("unexpected:", *found)
    assert unexpected == []
    # The race reached the states that matter.
    assert [outcome for outcome in wanted if not outcomes[outcome]] == [], sorted(outcomes.items())
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT deadlocks FROM pg_stat_database "
                            "WHERE datname = current_database()").fetchone()[0] == deadlocks
        conn.execute("CALL ops.check_integrity()")
        assert conn.execute("SELECT check_name, finding FROM ops.integrity_check_result "
                            "WHERE id > %s", [seen]).fetchall() == []
    return outcomes
