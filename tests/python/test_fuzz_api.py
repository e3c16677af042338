"""Model-based fuzzing of the stock api with hypothesis.

A state machine makes random sequences of api calls, valid and invalid, and
keeps its own model of the stock: on hand and reserved per product × location
× batch. Before each call the model says what must happen (success, or which
SQLSTATE); after each call the database must agree with it row for row. A
failed call must change nothing (no partial write), and every error must be a
documented SQLSTATE, never XX000 or a bare P0001.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections import Counter, defaultdict
from decimal import Decimal

import psycopg
import pytest
from api_machine import DOCUMENTED, ApiMachine, Refused, run_and_check
from helpers import DEFAULT_TENANT
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    consumes,
    initialize,
    invariant,
    multiple,
    precondition,
    rule,
)

from stockdb.workload import ADMIN

pytestmark = pytest.mark.slow

# Batch numbers and their expiry dates; X is already expired.
EXPIRY = {"E1": dt.date(2030, 1, 31), "E2": dt.date(2031, 6, 30), "X": dt.date(2020, 1, 31)}

# Mostly sound quantities, often enough a bad one: zero, negative, a fraction
# of a piece, too large. NaN and the infinities have a test of their own below:
# drawn here, they changed the fixed sequences enough that one refusal the run
# must provoke (a transfer of an expired batch) was no longer met.
QUANTITIES = st.one_of(
    st.integers(1, 6).map(Decimal),
    st.integers(1, 12).map(Decimal),
    st.sampled_from([Decimal(q) for q in ("0", "-1", "1.5", "0.001", "99999999999",
                                          "100000000000")]),
)

_examples = itertools.count(1)

# (api function, expected outcome) → how often the run met it.
SEEN: Counter = Counter()


# A balance is numeric(14,3): it stays below this.
LIMIT = Decimal("100000000000")


def valid_quantity(q: Decimal) -> bool:
    """What catalog.check_quantity accepts for a unit without decimals."""
    return 0 < q < LIMIT and q == q.to_integral_value()


class StockMachine(ApiMachine):
    reservations = Bundle("reservations")
    seen = SEEN

    def __init__(self):
        super().__init__()
        n = next(_examples)
        self.warehouse = self.api("SELECT api.create_warehouse(%s, 'Fuzz')", f"FZ{n}")
        self.locations = [
            self.api("SELECT api.create_location(%s, %s)", self.warehouse, f"FZ{n}-A"),
            self.api("SELECT api.create_location(%s, %s)", self.warehouse, f"FZ{n}-B"),
        ]
        self.quarantine = self.api(
            "SELECT api.create_location(%s, %s, 'quarantine')", self.warehouse, f"FZ{n}-Q")
        self.products = [
            self.api("SELECT api.create_product(%s, %s)", f"FZ{n}-P{i}", f"Fuzz {n}/{i}")
            for i in (1, 2)
        ]
        self.on_hand: dict[tuple, Decimal] = defaultdict(Decimal)  # (product, location, batch)
        self.reserved: dict[tuple, Decimal] = defaultdict(Decimal)
        self.lines: dict[str, list[tuple]] = {}  # active reservation → [(key, quantity)]
        self.batch_ids: dict[tuple, str] = {}  # (product, batch number) → id
        self.closed: list[str] = []

    # -- calling ---------------------------------------------------------------

    def ledger_size(self) -> int:
        return self.conn.execute(
            "SELECT count(*) FROM inventory.stock_movement WHERE product_id = ANY (%s)",
            [self.products]).fetchone()[0]

    def state(self) -> int:
        return self.ledger_size()

    # -- the model -------------------------------------------------------------

    def available(self, k: tuple) -> Decimal:
        return self.on_hand[k] - self.reserved[k]

    def batch_of(self, product: str, number: str) -> str | None:
        return self.batch_ids.get((product, number))

    def reservable(self, product: str) -> list[tuple]:
        """Keys a reservation may draw on: not quarantined, not expired."""
        return [k for k in self.on_hand
                if k[0] == product and k[1] != self.quarantine and self.available(k) > 0
                and self.expiry(k[2]) >= dt.date.today()]

    def expiry(self, batch_id: str | None) -> dt.date:
        numbers = {bid: num for (_, num), bid in self.batch_ids.items()}
        return EXPIRY[numbers[batch_id]] if batch_id else dt.date.max

    # -- rules -----------------------------------------------------------------

    @initialize()
    def opening_stock(self):
        """Some stock in every batch, so that later calls have something to move."""
        for p, loc, batch in itertools.product((0, 1), (0, 1), sorted(EXPIRY)):
            self.receive_into(p, loc, Decimal(6), batch)

    @rule(p=st.integers(0, 1), loc=st.integers(0, 2), q=QUANTITIES,
          batch=st.sampled_from(sorted(EXPIRY)))
    def receive(self, p, loc, q, batch):
        self.receive_into(p, loc, q, batch)

    def receive_into(self, p, loc, q, batch):
        product = self.products[p]
        location = (self.locations + [self.quarantine])[loc]
        too_large = self.on_hand[(product, location, self.batch_of(product, batch))] + q >= LIMIT
        expected = None if valid_quantity(q) and not too_large else "22023"
        movement = self.expect(expected, "SELECT api.receive_stock(%s, %s, %s, %s, %s, %s)",
                               self.key(), product, location, q, batch, EXPIRY[batch])
        if movement is not Refused:
            bid = self.conn.execute("SELECT batch_id::text FROM inventory.stock_movement "
                                    "WHERE id = %s", [movement]).fetchone()[0]
            assert self.batch_ids.setdefault((product, batch), bid) == bid, "a second batch"
            self.on_hand[(product, location, bid)] += q

    def batch_arg(self, product: str, number: str | None) -> tuple[str | None, bool]:
        """The batch id to pass, and whether it names no batch of the product."""
        if number is None:
            return None, False
        bid = self.batch_of(product, number)
        return (bid, False) if bid else (str(uuid.uuid4()), True)

    @rule(p=st.integers(0, 1), loc=st.integers(0, 2), q=QUANTITIES,
          batch=st.sampled_from([*sorted(EXPIRY), None]),
          kind=st.sampled_from(["consumption", "adjust_down", "adjust_up"]))
    def take_or_adjust(self, p, loc, q, batch, kind):
        product = self.products[p]
        location = (self.locations + [self.quarantine])[loc]
        bid, unknown = self.batch_arg(product, batch)
        k = (product, location, bid)
        # Consumption takes a positive quantity; an adjustment a signed one.
        signed = q if kind == "adjust_up" else -q
        valid = valid_quantity(q) if kind == "consumption" else valid_quantity(abs(q))
        held_in_batches = any(kk[:2] == k[:2] and kk[2] and self.on_hand[kk] > 0
                              for kk in self.on_hand)
        if not valid:
            expected = "22023"
        elif unknown:
            expected = "SD404"
        elif kind == "consumption" and bid and EXPIRY[batch] < dt.date.today():
            expected = "SD005"
        elif signed < 0 and self.available(k) < -signed:
            expected = "22023" if bid is None and held_in_batches else "SD001"
        elif self.on_hand[k] + signed >= LIMIT:
            expected = "22023"
        else:
            expected = None
        movement_type = "consumption" if kind == "consumption" else "adjustment"
        got = self.expect(expected, "SELECT api.record_movement(%s, %s, %s, %s, %s, %s, 'fuzz')",
                          self.key(), movement_type, product, location,
                          q if kind == "consumption" else signed, bid)
        if got is not Refused:
            self.on_hand[k] += signed

    @rule(p=st.integers(0, 1), src=st.integers(0, 2), dst=st.integers(0, 2), q=QUANTITIES,
          batch=st.sampled_from(sorted(EXPIRY)))
    def transfer(self, p, src, dst, q, batch):
        product = self.products[p]
        places = self.locations + [self.quarantine]
        bid, unknown = self.batch_arg(product, batch)
        a, b = (product, places[src], bid), (product, places[dst], bid)
        if src == dst or not valid_quantity(q):
            expected = "22023"
        elif unknown:
            expected = "SD404"
        elif places[dst] != self.quarantine and EXPIRY[batch] < dt.date.today():
            expected = "SD005"
        elif self.available(a) < q:
            expected = "SD001"
        elif self.on_hand[b] + q >= LIMIT:
            expected = "22023"
        else:
            expected = None
        got = self.expect(expected, "SELECT api.transfer_stock(%s, %s, %s, %s, %s, %s)",
                          self.key(), product, places[src], places[dst], q, bid)
        if got is not Refused:
            self.on_hand[a] -= q
            self.on_hand[b] += q

    @rule(target=reservations, p=st.integers(0, 1), q=QUANTITIES)
    def reserve(self, p, q):
        product = self.products[p]
        usable = self.reservable(product)
        if not valid_quantity(q):
            expected = "22023"
        elif sum(self.available(k) for k in usable) < q:
            expected = "SD001"
        else:
            expected = None
        rid = self.expect(expected, "SELECT api.reserve_stock(%s, %s, %s, %s)",
                          self.key(), product, self.warehouse, q)
        if rid is Refused:
            return multiple()
        lines = [((product, str(loc), str(b) if b else None), qty) for loc, b, qty in
                 self.conn.execute("SELECT location_id, batch_id, quantity "
                                   "FROM inventory.reservation_line WHERE reservation_id = %s",
                                   [rid]).fetchall()]
        assert sum(qty for _, qty in lines) == q, "the lines do not add up to the reservation"
        for k, qty in lines:
            assert k in usable and self.available(k) >= qty, f"reserved unusable stock {k}"
        for k, qty in lines:
            self.reserved[k] += qty
        # FEFO: nothing usable is left in a batch expiring before one the lines drew on.
        latest = max(self.expiry(k[2]) for k, _ in lines)
        left = [k for k in usable if self.expiry(k[2]) < latest and self.available(k) > 0]
        assert left == [], f"FEFO broken: {left} expire sooner and were passed over"
        self.lines[str(rid)] = lines
        return str(rid)

    @rule(rid=consumes(reservations), fulfil=st.booleans())
    def close(self, rid, fulfil):
        fn = "fulfil_reservation" if fulfil else "release_reservation"
        self.expect(None, f"SELECT api.{fn}(%s, %s)", self.key(), rid)
        for k, qty in self.lines.pop(rid):
            self.reserved[k] -= qty
            if fulfil:
                self.on_hand[k] -= qty
        self.closed.append(rid)

    @rule(p=st.integers(0, 1), fulfil=st.booleans())
    def reserve_then_close(self, p, fulfil):
        """A reservation closed at once: the common path, made often."""
        rid = self.reserve(p, Decimal(1))
        if isinstance(rid, str):
            # A count below what the reservation holds there is refused.
            (product, location, batch), _ = self.lines[rid][0]
            self.expect("SD001", "SELECT api.count_stock(%s, %s, %s, %s, %s, 'fuzz count')",
                        self.key(), product, location, batch,
                        self.reserved[(product, location, batch)] - 1)
            self.close(rid, fulfil)

    @precondition(lambda self: self.closed)
    @rule(data=st.data(), fulfil=st.booleans())
    def close_again(self, data, fulfil):
        rid = data.draw(st.sampled_from(self.closed))
        fn = "fulfil_reservation" if fulfil else "release_reservation"
        self.expect("SD003", f"SELECT api.{fn}(%s, %s)", self.key(), rid)

    @rule(p=st.integers(0, 1), loc=st.integers(0, 1),
          batch=st.sampled_from([*sorted(EXPIRY), None]), delta=st.integers(-4, 4),
          under_reserved=st.booleans(), at=st.booleans())
    def count(self, p, loc, batch, delta, under_reserved, at):
        product = self.products[p]
        bid, unknown = self.batch_arg(product, batch)
        k = (product, self.locations[loc], bid)
        held = [kk for kk in self.reserved if kk[0] == product and self.reserved[kk] > 0
                and kk[1] in self.locations]
        if under_reserved and held:  # count less than reservations hold there
            k = held[delta % len(held)]
            bid, unknown = k[2], False
        counted = self.reserved[k] - 1 if under_reserved and held else self.on_hand[k] + delta
        if unknown:
            expected = "SD404"
        elif counted < 0 or counted >= LIMIT:
            expected = "22023"
        elif counted < self.reserved[k]:
            expected = "SD001"
        else:
            expected = None
        # count_stock_at dated now: nothing has moved since, so it must agree.
        # The time is an argument, the same in a retry (retry_last).
        args = [self.key(), product, k[1], bid, counted]
        if at:
            got = self.expect(expected, "SELECT api.count_stock_at(%s, %s, %s, %s, %s, %s, "
                              "'fuzz count')", *args, dt.datetime.now(dt.UTC))
        else:
            got = self.expect(expected, "SELECT api.count_stock(%s, %s, %s, %s, %s, 'fuzz count')",
                              *args)
        if got is not Refused:
            self.on_hand[k] = counted

    @rule(p=st.integers(0, 1))
    def unknown_ids(self, p):
        self.expect("SD404", "SELECT api.record_movement(%s, 'adjustment', %s, %s, 1, NULL, 'x')",
                    self.key(), str(uuid.uuid4()), self.locations[0])
        self.expect("SD404", "SELECT api.reserve_stock(%s, %s, %s, 1)",
                    self.key(), self.products[p], str(uuid.uuid4()))

    @rule(data=st.data())
    def null_argument(self, data):
        """Any argument NULL: a documented refusal (or a sound call), never a bare error."""
        p, loc = self.products[0], self.locations[0]
        calls = {
            "receive_stock": [self.key(), p, loc, Decimal(1), "E1", EXPIRY["E1"]],
            "record_movement": [self.key(), "adjustment", p, loc, Decimal(1), None, "fuzz"],
            "transfer_stock": [self.key(), p, loc, self.locations[1], Decimal(1),
                               self.batch_of(p, "E1")],
            "reserve_stock": [self.key(), p, self.warehouse, Decimal(1)],
            "count_stock": [self.key(), p, loc, self.batch_of(p, "E1"),
                            self.on_hand[(p, loc, self.batch_of(p, "E1"))], "fuzz"],
            "count_stock_at": [self.key(), p, loc, self.batch_of(p, "E1"),
                               self.on_hand[(p, loc, self.batch_of(p, "E1"))],
                               dt.datetime.now(dt.UTC), "fuzz"],
            "stock_level": [p, self.warehouse],
        }
        fn = data.draw(st.sampled_from(sorted(calls)))
        args = calls[fn]
        position = data.draw(st.integers(0, len(args) - 1))
        if args[position] is None:
            return
        args[position] = None
        before = self.ledger_size()
        placeholders = ", ".join(["%s"] * len(args))
        try:
            self.api(f"SELECT api.{fn}({placeholders})", *args)
        except Refused as refused:
            SEEN[(f"api.{fn}", f"NULL: {refused.sqlstate}")] += 1
            assert refused.sqlstate in DOCUMENTED, f"{fn} with argument {position} NULL: {refused}"
            assert self.ledger_size() == before
            return
        # A NULL the function may take (batch, reason, expiry, warehouse): the
        # call stands, so the model learns it through a state it can read back.
        SEEN[(f"api.{fn}", "NULL: success")] += 1
        if fn != "stock_level":
            assert self.ledger_size() > before or fn.startswith("count_stock"), f"{fn} {args}"
            self.resync()

    def resync(self):
        """Take the database's balances of this example as the model (after a call the
        model did not predict, already checked to be a sound one)."""
        self.on_hand.clear()
        for p, loc, b, h, r in self.conn.execute(
            "SELECT product_id::text, location_id::text, batch_id::text, on_hand, reserved "
            "FROM inventory.inventory WHERE product_id = ANY (%s) AND deleted_at IS NULL",
            [self.products]).fetchall():
            self.on_hand[(p, loc, b)] = h
            assert self.reserved[(p, loc, b)] == r
        numbers = self.conn.execute(
            "SELECT product_id::text, batch_number, id::text FROM catalog.product_batch "
            "WHERE product_id = ANY (%s)", [self.products]).fetchall()
        for product, number, bid in numbers:
            self.batch_ids[(product, number)] = bid

    @precondition(lambda self: self.last is not None and str(self.last[1][0]).startswith("fz-"))
    @rule()
    def retry_last(self):
        """The same key and arguments again: the first result, nothing moved."""
        sql, args, result = self.last
        before = self.ledger_size()
        assert self.api(sql, *args) == result
        assert self.ledger_size() == before, "a retry moved stock again"

    @precondition(lambda self: self.last is not None and str(self.last[1][0]).startswith("fz-")
                  and "receive_stock" in self.last[0])
    @rule()
    def reuse_key_with_other_arguments(self):
        sql, args, _ = self.last
        changed = list(args)
        changed[3] = Decimal(changed[3]) + 1
        self.expect("SD002", sql, *changed)

    # -- what must always hold -------------------------------------------------

    @invariant()
    def database_agrees_with_the_model(self):
        rows = self.conn.execute(
            "SELECT product_id::text, location_id::text, batch_id::text, on_hand, reserved "
            "FROM inventory.inventory WHERE product_id = ANY (%s) AND deleted_at IS NULL",
            [self.products]).fetchall()
        actual = {(p, loc, b): (h, r) for p, loc, b, h, r in rows if h or r}
        model = {k: (self.on_hand[k], self.reserved[k]) for k in self.on_hand
                 if self.on_hand[k] or self.reserved[k]}
        assert actual == model
        assert all(r <= h for h, r in model.values())

    @invariant()
    def ledger_agrees_with_the_model(self):
        # The ledger of this example's products, summed by the database's own
        # delta rules: with the invariant above, balance = ledger = model.
        rows = self.conn.execute(
            "SELECT product_id::text, location_id::text, batch_id::text, "
            "sum(inventory.on_hand_delta(movement_type, quantity)), "
            "sum(inventory.reserved_delta(movement_type, quantity)) "
            "FROM inventory.stock_movement WHERE product_id = ANY (%s) "
            "GROUP BY product_id, location_id, batch_id", [self.products]).fetchall()
        actual = {(p, loc, b): (h, r) for p, loc, b, h, r in rows if h or r}
        model = {k: (self.on_hand[k], self.reserved[k]) for k in self.on_hand
                 if self.on_hand[k] or self.reserved[k]}
        assert actual == model




def test_api_agrees_with_a_model_of_the_stock(fuzz_db, fixed_draws):
    # fixed_draws: without it the fixed sequences depended on which test files
    # this process had run before (count_stock's 22023 was met 6 times alone, 15
    # after test_fuzz_import), and a refusal the run must provoke could go unmet.
    # Each call must succeed and meet each documented refusal at least once.
    wanted = {
        ("receive_stock", "success"), ("receive_stock", "22023"),
        ("record_movement", "success"), ("record_movement", "SD001"),
        ("record_movement", "SD005"), ("record_movement", "SD404"),
        ("transfer_stock", "success"), ("transfer_stock", "SD001"), ("transfer_stock", "SD005"),
        ("reserve_stock", "success"), ("reserve_stock", "SD001"),
        ("fulfil_reservation", "success"), ("release_reservation", "success"),
        ("count_stock", "success"), ("count_stock", "SD001"),
        ("count_stock_at", "success"), ("count_stock_at", "SD001"),
        ("fulfil_reservation", "SD003"), ("receive_stock", "SD002"),
    }
    run_and_check(StockMachine, fuzz_db, 100, 40, wanted)


@pytest.mark.parametrize("quantity", ["NaN", "Infinity", "-Infinity"])
def test_not_a_number_and_infinite_quantities_are_refused(fresh_db, quantity):
    """numeric takes NaN and the infinities, and NaN is above every number in
    PostgreSQL (it passes a `> 0` check): each call that moves stock refuses
    them with 22023, and no ledger row is written."""
    q = Decimal(quantity)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        def call(sql: str, *args):
            with conn.transaction():
                conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
                return conn.execute(sql, list(args)).fetchone()[0]

        w = call("SELECT api.create_warehouse('W', 'W')")
        a, b = (call("SELECT api.create_location(%s, %s)", w, code) for code in ("A", "B"))
        p = call("SELECT api.create_product('P', 'P')")
        call("SELECT api.receive_stock('in', %s, %s, 10)", p, a)
        reservation = call("SELECT api.reserve_stock('r', %s, %s, 1)", p, w)
        calls = [
            ("SELECT api.receive_stock(%s, %s, %s, %s)", p, a, q),
            ("SELECT api.record_movement(%s, 'adjustment', %s, %s, %s, NULL, 'x')", p, a, q),
            ("SELECT api.record_movement(%s, 'adjustment', %s, %s, %s, NULL, 'x')", p, a, -q),
            ("SELECT api.record_movement(%s, 'consumption', %s, %s, %s)", p, a, q),
            ("SELECT api.record_movement(%s, 'returned', %s, %s, %s)", p, a, q),
            ("SELECT api.transfer_stock(%s, %s, %s, %s, %s)", p, a, b, q),
            ("SELECT api.reserve_stock(%s, %s, %s, %s)", p, w, q),
            ("SELECT api.count_stock(%s, %s, %s, NULL, %s, 'x')", p, a, q),
            ("SELECT api.count_stock_at(%s, %s, %s, NULL, %s, now(), 'x')", p, a, q),
        ]
        ledger = "SELECT count(*) FROM inventory.stock_movement"
        before = conn.execute(ledger).fetchone()[0]
        for sql, *args in calls:
            with pytest.raises(psycopg.Error) as refused:
                call(sql, f"fz-{uuid.uuid4()}", *args)
            assert refused.value.sqlstate == "22023", (sql, quantity, refused.value)
        assert conn.execute(ledger).fetchone()[0] == before
        assert call("SELECT status::text FROM inventory.reservation WHERE id = %s",
                    reservation) == "active"
