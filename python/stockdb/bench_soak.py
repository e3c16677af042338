"""`stockdb bench soak`: a long randomized run of mixed api calls, checked as it goes.

`clients` workers run stockdb.workload's mix (movements, reservations,
transfers, counts, sales and purchase order flows, and cycle counts imported
through staging) on a few products for N minutes. Every `check_every`
seconds the books are checked (ops.check_integrity) while the load runs.
Afterwards: integrity findings, deadlocks (pg_stat_database), serialization
failures and any error other than the documented retryable ones (SD001,
55P03). All of them must be 0.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from collections.abc import Callable

import psycopg

from .db import recreate_database
from .maintenance import integrity_findings
from .migrate import Migrator
from .workload import EXPECTED, EXPECTED_BY_OP, MIX, Load, build_world

SOAK_DB = "stockdb_soak"

# The counts of a run that ended clean: all of them 0.
MUST_BE_ZERO = ("integrity_findings", "balance_mismatches", "negative_or_over_reserved_balances",
                "deadlocks", "serialization_failures", "unexpected_errors", "lost_connections")


def deadlock_count(conn: psycopg.Connection) -> int:
    """pg_stat_database's deadlocks of this database, this backend's statistics flushed first."""
    conn.execute("SELECT pg_stat_force_next_flush()")
    return conn.execute(
        "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"
    ).fetchone()[0]


def _ms(values: list[float], q: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0] * 1000, 2)
    return round(statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] * 1000, 2)


def run_soak(admin_url: str, minutes: float, clients: int, check_every: float, seed: int,
             progress: Callable[[str], None] = print) -> dict:
    progress(f"creating {SOAK_DB} and migrating it")
    url = recreate_database(admin_url, SOAK_DB)
    with Migrator(url) as m:
        m.apply()
    world = build_world(url, products=16, warehouses=2, locations=3, stock=500)
    checks: list[dict] = []
    with psycopg.connect(url, autocommit=True) as conn:
        deadlocks_before = deadlock_count(conn)
        # The api mix, with cycle counts imported as `stockdb import run` posts
        # them: an import holds a warehouse's stock while the calls go on.
        load = Load(world, clients=clients, seed=seed, mix={**MIX, "count_import": 1})

        def check(elapsed: float) -> None:
            started = time.monotonic()
            findings = len(integrity_findings(conn))
            outcomes = load.outcomes()
            calls = sum(outcomes.values())
            checks.append({"at_s": round(elapsed, 1), "findings": findings,
                           "check_s": round(time.monotonic() - started, 2), "calls": calls})
            short = sum(n for (_, how), n in outcomes.items() if how == "SD001")
            busy = sum(n for (_, how), n in outcomes.items() if how == "55P03")
            progress(f"[{int(elapsed) // 60:>3}:{int(elapsed) % 60:02}] {calls:,} calls "
                     f"({calls / max(elapsed, 0.001):,.0f}/s), SD001 {short}, 55P03 {busy}, "
                     f"unexpected {len(load.unexpected())}, integrity findings {findings}")

        progress(f"{clients} clients for {minutes:g} min, integrity check every {check_every:g} s")
        load.run_for(minutes * 60, every=check_every, tick=check)
        seconds = minutes * 60
        final = len(integrity_findings(conn))
        mismatches = conn.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone()[0]
        negative = conn.execute(
            "SELECT count(*) FROM inventory.inventory "
            "WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand"
        ).fetchone()[0]
        time.sleep(0.6)  # let the statistics collector see the last transactions
        deadlocks = deadlock_count(conn) - deadlocks_before
        version = conn.execute("SHOW server_version").fetchone()[0]

    by_op: dict[str, dict] = {}
    for call in load.calls:
        row = by_op.setdefault(call.op, {"calls": 0, "committed": 0, "SD001": 0, "55P03": 0,
                                         "unknown": 0, "unexpected": 0, "_s": []})
        row["calls"] += 1
        if call.outcome == "committed":
            row["committed"] += 1
            row["_s"].append(call.seconds)
        elif call.outcome == "unknown":
            row["unknown"] += 1
        elif call.sqlstate in EXPECTED | EXPECTED_BY_OP.get(call.op, frozenset()):
            row[call.sqlstate] = row.get(call.sqlstate, 0) + 1
        else:
            row["unexpected"] += 1
    for row in by_op.values():
        latencies = sorted(row.pop("_s"))
        row["p50_ms"], row["p95_ms"] = _ms(latencies, 50), _ms(latencies, 95)
    unexpected = load.unexpected()
    total = len(load.calls)
    return {
        "benchmark": "soak",
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "server_version": version,
        "cpu_count": os.cpu_count(),
        "clients": clients,
        "minutes": minutes,
        "seed": seed,
        "calls": total,
        "calls_per_second": round(total / seconds, 1),
        "by_operation": dict(sorted(by_op.items())),
        "integrity_checks": checks,
        "integrity_findings": sum(c["findings"] for c in checks) + final,
        "balance_mismatches": mismatches,
        "negative_or_over_reserved_balances": negative,
        "deadlocks": deadlocks,
        "serialization_failures": sum(c.sqlstate == "40001" for c in load.calls),
        "unexpected_errors": len(unexpected),
        "lost_connections": sum(c.outcome == "unknown" for c in load.calls),
        "unexpected_examples": [f"{c.op}: {c.sqlstate} {c.message}" for c in unexpected[:5]],
    }


def failures(result: dict) -> list[str]:
    """What makes a soak fail; empty when it passed."""
    return [f"{k.replace('_', ' ')} {result[k]}" for k in MUST_BE_ZERO if result[k]]
