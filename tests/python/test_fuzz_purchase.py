"""Model-based fuzzing of the purchase order api with hypothesis.

A state machine drives purchase orders through random sequences of calls,
valid and invalid: create (for a warehouse or any), add / change / remove
lines, submit, receive (partly, wholly, too much, into the wrong warehouse,
in batches, beyond a location's capacity), move the order to another
warehouse and cancel, with a stale version now and then. Its model holds
each order's status, warehouse and lines (ordered and received) and the
stock each receipt put in. Before each call the model says what must happen
(success, or which SQLSTATE); after it the orders, their lines and the
balances must agree with the model. A refused call must change nothing.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from api_machine import QUANTITIES, STALE, ApiMachine, Refused, run_and_check, valid
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, precondition, rule

pytestmark = pytest.mark.slow

COST = 10
CAPACITY = 4
EXPIRY = {"E1": "2030-01-31", "E2": "2031-06-30"}
RECEIVABLE = ("ordered", "partial")
CHANGEABLE = ("draft", "ordered", "partial")

_examples = itertools.count(1)

# (api function, expected outcome) → how often the run met it.
SEEN: Counter = Counter()


class Order:
    def __init__(self, warehouse: int | None):
        self.status = "draft"
        self.warehouse = warehouse  # None: receipts into any warehouse
        self.lines: dict[str, list] = {}  # item id → [product index, ordered, received]


class PurchaseMachine(ApiMachine):
    seen = SEEN
    table = "procurement.purchase_order"

    def __init__(self):
        super().__init__()
        n = next(_examples)
        self.make_warehouses(f"FP{n}", CAPACITY)
        # Product 1 is received in batches, product 0 without.
        self.products = [self.api("SELECT api.create_product(%s, %s)", f"FP{n}-P{i}",
                                  f"Fuzz purchase {n}/{i}") for i in (0, 1)]
        self.supplier = self.api("SELECT api.create_supplier(%s, 'Fuzz supplier')", f"FP{n}S")
        self.on_hand: dict[tuple, Decimal] = defaultdict(Decimal)  # (product, warehouse, batch)
        self.batch_ids: dict[str, str] = {}

    def state(self) -> tuple:
        return (  # this example's supplier's orders, and the ledger of its products
            self.conn.execute("SELECT count(*), coalesce(sum(version), 0) "
                              "FROM procurement.purchase_order WHERE supplier_id = %s",
                              [self.supplier]).fetchone(),
            self.conn.execute("SELECT count(*) FROM inventory.stock_movement "
                              "WHERE product_id = ANY (%s)", [self.products]).fetchone(),
        )

    def lines_of(self, order_id: str) -> dict[str, list]:
        return self.by_content(self.conn.execute(
            "SELECT id, product_id, quantity_ordered, quantity_received "
            "FROM procurement.purchase_order_item WHERE purchase_order_id = %s",
            [order_id]).fetchall(), self.products)

    # -- documents -------------------------------------------------------------

    @initialize()
    def first_order(self):
        """An order with a line of each product, so that the calls on orders run
        even in a sequence that draws no create."""
        oid, order = self.create_order(None)
        for p in (0, 1):
            self.add_line_to(oid, order, p, Decimal(3), False)

    @precondition(lambda self: len(self.orders) < 8)
    @rule(w=st.sampled_from([None, 0, 1]))
    def create(self, w):
        self.create_order(w)

    def create_order(self, w: int | None) -> tuple[str, Order]:
        oid = self.expect(None, "SELECT api.create_purchase_order(%s, 'EUR', warehouse_id => %s)",
                          self.supplier, None if w is None else self.warehouses[w])
        self.orders[oid] = Order(w)
        return oid, self.orders[oid]

    @rule(data=st.data(), p=st.integers(0, 1), q=QUANTITIES, stale=STALE)
    def add_line(self, data, p, q, stale):
        self.add_line_to(*self.pick(data, ("draft",)), p, q, stale)

    def add_line_to(self, oid: str, order: Order, p: int, q: Decimal, stale: bool) -> None:
        expected = ("SD004" if stale else "SD003" if order.status != "draft"
                    else None if valid(q) else "22023")
        item = self.expect(expected, "SELECT api.add_purchase_order_item(%s, %s, %s, %s, %s)",
                           oid, self.version(oid, stale), self.products[p], q, COST)
        if item is not Refused:
            order.lines[item] = [p, q, Decimal(0)]

    @precondition(lambda self: any(o.lines for o in self.orders.values()))
    @rule(data=st.data(), q=QUANTITIES, stale=STALE)
    def change_line(self, data, q, stale):
        oid, order = self.pick(data, ("draft",))
        if not order.lines:
            return
        item = data.draw(st.sampled_from(list(order.lines)))
        expected = ("SD004" if stale else "SD003" if order.status != "draft"
                    else None if valid(q) else "22023")
        if self.expect(expected, "SELECT api.update_purchase_order_item(%s, %s, %s)",
                       item, self.version(oid, stale), q) is not Refused:
            order.lines[item][1] = q

    @precondition(lambda self: any(o.lines for o in self.orders.values()))
    @rule(data=st.data(), stale=STALE)
    def remove_line(self, data, stale):
        oid, order = self.pick(data, ("draft",))
        if not order.lines:
            return
        item = data.draw(st.sampled_from(list(order.lines)))
        expected = "SD004" if stale else "SD003" if order.status != "draft" else None
        if self.expect(expected, "SELECT api.remove_purchase_order_item(%s, %s)",
                       item, self.version(oid, stale)) is not Refused:
            del order.lines[item]

    @rule(data=st.data(), stale=STALE)
    def submit(self, data, stale):
        self.submit_order(*self.pick(data, ("draft",)), stale)

    def submit_order(self, oid: str, order: Order, stale: bool = False) -> None:
        expected = ("SD004" if stale else "SD003" if order.status != "draft"
                    else None if order.lines else "22023")
        if self.expect(expected, "SELECT api.submit_purchase_order(%s, %s)",
                       oid, self.version(oid, stale)) is not Refused:
            order.status = "ordered"

    @precondition(lambda self: any(o.lines for o in self.orders.values()))
    @rule(data=st.data(), w=st.integers(0, 1), q=st.one_of(st.just(Decimal(1)), QUANTITIES),
          batch=st.sampled_from(sorted(EXPIRY)))
    def receive(self, data, w, q, batch):
        oid, order = self.pick(data, RECEIVABLE)
        if order.lines:
            self.receive_line(order, data.draw(st.sampled_from(list(order.lines))), w, q, batch)

    def receive_line(self, order: Order, item: str, w: int, q: Decimal, batch: str) -> None:
        p, ordered, received = order.lines[item]
        if not valid(q):
            expected = "22023"
        elif order.status not in RECEIVABLE:
            expected = "SD003"
        elif order.warehouse not in (None, w) or q > ordered - received or self.full(w, q):
            expected = "22023"  # another warehouse's location, an over-receipt, or no room
        else:
            expected = None
        number, expiry = (batch, EXPIRY[batch]) if p == 1 else (None, None)
        movement = self.expect(
            expected, "SELECT api.receive_purchase_order_item(%s, %s, %s, %s, %s, %s)",
            self.key(), item, self.locations[w], q, number, expiry)
        if movement is Refused:
            return
        bid = self.conn.execute("SELECT batch_id::text FROM inventory.stock_movement WHERE id = %s",
                                [movement]).fetchone()[0]
        if number:
            assert self.batch_ids.setdefault(number, bid) == bid, "a second batch"
        self.on_hand[(p, w, bid)] += q
        order.lines[item][2] += q
        done = all(o == r for _, o, r in order.lines.values())
        order.status = "received" if done else "partial"

    @rule(data=st.data(), w=st.sampled_from([None, 0, 1]), stale=STALE)
    def move_to_warehouse(self, data, w, stale):
        """The goods are now for another warehouse (or any: clear)."""
        oid, order = self.pick(data, CHANGEABLE)
        expected = "SD004" if stale else None if order.status in CHANGEABLE else "SD003"
        if w is None:
            sql, arg = "SELECT api.update_purchase_order(%s, %s, clear => %s)", ["warehouse_id"]
        else:
            sql, arg = ("SELECT api.update_purchase_order(%s, %s, warehouse_id => %s)",
                        self.warehouses[w])
        if self.expect(expected, sql, oid, self.version(oid, stale), arg) is not Refused:
            order.warehouse = w

    @rule(data=st.data(), stale=STALE)
    def cancel(self, data, stale):
        oid, order = self.pick(data, CHANGEABLE)
        expected = "SD004" if stale else None if order.status in CHANGEABLE else "SD003"
        if self.expect(expected, "SELECT api.cancel_purchase_order(%s, %s)",
                       oid, self.version(oid, stale)) is not Refused:
            order.status = "cancelled"

    @rule(data=st.data(), w=st.integers(0, 1))
    def advance(self, data, w):
        """The next step of an order's life, called as it should be: submit a
        draft, receive an open line whole into the order's warehouse."""
        oid, order = self.pick(data, ("draft", *RECEIVABLE))
        if order.status == "draft":
            self.submit_order(oid, order)
        elif order.status in RECEIVABLE:
            item = next(i for i, (_, o, r) in order.lines.items() if o > r)
            p, ordered, received = order.lines[item]
            place = w if order.warehouse is None else order.warehouse
            self.receive_line(order, item, place, ordered - received, "E1")

    # -- agreement -------------------------------------------------------------

    @invariant()
    def database_agrees(self):
        rows = self.conn.execute(
            "SELECT id::text, status::text, warehouse_id::text, total_minor "
            "FROM procurement.purchase_order WHERE supplier_id = %s", [self.supplier]).fetchall()
        assert {r[0] for r in rows} == set(self.orders)
        for oid, status, warehouse, total in rows:
            order = self.orders[oid]
            w = None if order.warehouse is None else self.warehouses[order.warehouse]
            assert (status, warehouse) == (order.status, w), oid
            assert self.lines_of(oid) == order.lines, oid
            assert total == sum(o * COST for _, o, _ in order.lines.values())
        where = {str(loc): w for w, loc in enumerate(self.locations)}
        stock = {(self.products.index(str(p)), where[str(loc)], str(b) if b else None): h
                 for p, loc, b, h in self.conn.execute(
                     "SELECT product_id, location_id, batch_id, on_hand "
                     "FROM inventory.inventory WHERE product_id = ANY (%s)",
                     [self.products]).fetchall() if h}
        assert stock == {k: q for k, q in self.on_hand.items() if q}



def test_purchase_orders_agree_with_a_model(fuzz_db, fixed_draws):
    wanted = {(fn, "success") for fn in (
        "create_purchase_order", "add_purchase_order_item", "update_purchase_order_item",
        "remove_purchase_order_item", "submit_purchase_order", "receive_purchase_order_item",
        "update_purchase_order", "cancel_purchase_order")} | {
        ("add_purchase_order_item", "SD003"), ("add_purchase_order_item", "SD004"),
        ("submit_purchase_order", "22023"), ("submit_purchase_order", "SD003"),
        ("receive_purchase_order_item", "22023"), ("receive_purchase_order_item", "SD003"),
        ("cancel_purchase_order", "SD003"), ("update_purchase_order", "SD003"),
    }
    run_and_check(PurchaseMachine, fuzz_db, 150, 50, wanted)
