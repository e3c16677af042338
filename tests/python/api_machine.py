"""What the model-based fuzz tests of the api (test_fuzz_api.py,
test_fuzz_sales.py, test_fuzz_purchase.py) share: calling the api as the
default tenant's admin, holding each outcome to the model's, picking orders so
that a sequence hypothesis replays draws the same way, the books checked after
each sequence, and the run with its check that every outcome wanted was met."""

from __future__ import annotations

import re
import uuid
from collections import Counter
from decimal import Decimal

import psycopg
from helpers import fuzz_settings, listed_errors
from hypothesis import HealthCheck
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine

from stockdb import DEFAULT_TENANT
from stockdb.workload import ADMIN

DOCUMENTED = {"SD001", "SD002", "SD003", "SD004", "SD005", "SD404", "22023", "42501", "55P03"}
# Any call's, documented once in the README: its lock_timeout ran out.
ANY_CALL = {"55P03"}

# Mostly sound quantities of a piece, sometimes a bad one.
QUANTITIES = st.one_of(st.integers(1, 4).map(Decimal),
                       st.sampled_from([Decimal(q) for q in ("0", "-1", "1.5")]))

# A stale version now and then (the caller read the order before a change).
STALE = st.sampled_from([False, False, False, True])


class Refused(Exception):
    def __init__(self, sqlstate: str | None, message: str):
        super().__init__(f"{sqlstate}: {message}")
        self.sqlstate = sqlstate


def number(q: Decimal) -> int | float:
    """q as a JSON number."""
    return int(q) if q == q.to_integral_value() else float(q)


def valid(q: Decimal) -> bool:
    """What catalog.check_quantity accepts for a unit without decimals (at these sizes)."""
    return q > 0 and q == q.to_integral_value()


class ApiMachine(RuleBasedStateMachine):
    """Subclasses set seen (api function, outcome → count), state() and, for
    orders, table (the orders' table) and orders (id → an object with a status)."""

    connection: psycopg.Connection
    seen: Counter
    table: str

    def __init__(self):
        super().__init__()
        self.conn = type(self).connection
        self.orders: dict = {}
        self.last: tuple | None = None  # the last call that succeeded: sql, args, result

    def api(self, sql: str, *args):
        """One call in its own transaction; Refused carries the SQLSTATE of a failure."""
        try:
            with self.conn.transaction():
                self.conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
                row = self.conn.execute(sql, list(args)).fetchone()
        except psycopg.Error as exc:
            raise Refused(exc.sqlstate, exc.diag.message_primary or str(exc)) from None
        value = None if row is None else row[0]
        if isinstance(value, list):
            return [str(v) for v in value]
        return str(value) if isinstance(value, uuid.UUID) else value

    def errors_listed(self, function: str) -> set[str]:
        """The SQLSTATEs the api function's COMMENT lists after 'Errors:'."""
        machine = type(self)
        if "listed" not in machine.__dict__:
            with self.conn.transaction():
                machine.listed = listed_errors(self.conn)
        return machine.listed[function.removeprefix("api.")]

    def make_warehouses(self, prefix: str, capacity: int) -> None:
        """Two warehouses of one location each; the second's location has room for
        capacity units only (full() says when a placement would pass it)."""
        self.capacity = capacity
        self.warehouses: list[str] = []
        self.locations: list[str] = []
        for w in (1, 2):
            wid = self.api("SELECT api.create_warehouse(%s, 'Fuzz')", f"{prefix}W{w}")
            self.warehouses.append(wid)
            self.locations.append(self.api(
                "SELECT api.create_location(%s, %s, capacity => %s)", wid, f"{prefix}W{w}-A",
                None if w == 1 else capacity))

    def full(self, w: int, q: Decimal) -> bool:
        """Whether q more would take warehouse w's location above its capacity (what
        leaves it makes room again); on_hand is keyed (product, warehouse, batch)."""
        held = sum(h for (_, ww, _), h in self.on_hand.items() if ww == w)
        return w == 1 and held + q > self.capacity

    def state(self) -> tuple:
        """Everything a refused call must leave as it was."""
        raise NotImplementedError

    def expect(self, expected: str | None, sql: str, *args):
        """Call, and hold the outcome to the model's `expected` (None: success)."""
        before = self.state()
        self.seen[(sql.split("(")[0].removeprefix("SELECT "), expected or "success")] += 1
        try:
            result = self.api(sql, *args)
        except Refused as refused:
            assert refused.sqlstate in DOCUMENTED, f"undocumented error {refused}"
            assert refused.sqlstate == expected, f"expected {expected or 'success'}, got {refused}"
            function = re.search(r"api\.\w+", sql).group(0)
            assert refused.sqlstate in self.errors_listed(function) | ANY_CALL, (
                f"{function}'s COMMENT does not list {refused.sqlstate} after 'Errors:'")
            assert self.state() == before, f"{refused} changed something"
            return Refused
        assert expected is None, f"expected {expected}, got success ({sql} {args})"
        self.last = (sql, args, result)
        return result

    def key(self) -> str:
        return f"fz-{uuid.uuid4()}"

    def version(self, order_id: str, stale: bool = False) -> int:
        v = self.conn.execute(f"SELECT version FROM {self.table} WHERE id = %s",  # noqa: S608
                              [order_id]).fetchone()[0]
        return v + 1 if stale else v

    def pick(self, data, prefer: tuple = ()) -> tuple[str, object]:
        """An order: four times in five one in a status of prefer, where there is one,
        so that sequences get far into an order's life."""
        # In the order made, not by id: ids differ from run to run, and a
        # sequence hypothesis replays must draw the same way.
        ids = list(self.orders)
        preferred = [i for i in ids if self.orders[i].status in prefer]
        if preferred and data.draw(st.integers(0, 4)) > 0:
            ids = preferred
        oid = data.draw(st.sampled_from(ids))
        return oid, self.orders[oid]

    def teardown(self):
        # Every balance of the database against its ledger, once per sequence:
        # a call that touched another sequence's stock shows here.
        assert self.conn.execute("SELECT count(*) FROM ops.balance_mismatches()"
                                 ).fetchone()[0] == 0

    @staticmethod
    def by_content(rows, products: list[str]) -> dict[str, list]:
        """Lines (id, product, *values) as id → [product index, *values], in the order of
        their content (the same in a replay; ids are not)."""
        lines = [(products.index(str(p)), *values, str(i)) for i, p, *values in rows]
        return {line[-1]: list(line[:-1]) for line in sorted(lines)}


def run_and_check(machine: type[ApiMachine], url: str, examples: int, steps: int,
                  wanted: set[tuple[str, str]]) -> None:
    """Runs machine's sequences (fuzz_settings: the same ones every run), then
    checks that each (function, outcome) wanted was met at least once."""
    with psycopg.connect(url, autocommit=True) as conn:
        machine.connection = conn
        run = machine.TestCase
        run.settings = fuzz_settings(examples, stateful_step_count=steps,
                                     suppress_health_check=[HealthCheck.too_slow])
        run().runTest()
    seen = machine.seen
    print("calls met:", ", ".join(f"{fn} {how} ×{n}" for (fn, how), n in sorted(seen.items())))
    outcomes = {(fn.removeprefix("api."), outcome) for fn, outcome in seen}
    assert wanted - outcomes == set(), sorted(seen.items())
