"""Model-based fuzzing of the sales order api with hypothesis.

A state machine drives sales orders through random sequences of document
calls, valid and invalid: create, add / change / remove lines, change the
shipping amount, approve, reserve in one of two warehouses, give the
reservations back, split, ship, carrier events, cancel and take goods back
(into a location with a capacity, too), with stock received in between, batch
holds, and a stale version now and then. Its model holds each
order's status, lines and amounts and the stock per product × warehouse ×
batch (reserved FEFO). Before each call the model says what must happen
(success, or which SQLSTATE); after it the orders, their lines, the
balances and the shipped quantities must agree with the model. A refused
call must change nothing.
"""

from __future__ import annotations

import itertools
import uuid
from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from api_machine import QUANTITIES, STALE, ApiMachine, Refused, number, run_and_check, valid
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, precondition, rule
from psycopg.types.json import Jsonb

pytestmark = pytest.mark.slow

OPEN = ("pending", "approved")

# Product 0 is kept without batches; product 1 in two batches, E1 expiring first.
PRICES = (100, 250)
EXPIRY = {"E1": "2030-01-31", "E2": "2031-06-30"}
CAPACITY = 8

# An order's lines: seldom a bad quantity, so that most orders are made.
LINE_QUANTITIES = st.one_of(st.integers(1, 3).map(Decimal), st.integers(1, 3).map(Decimal),
                            st.integers(1, 3).map(Decimal), QUANTITIES)

# Where a shipment may go from each status (ops.status_transition).
STEPS = {"in_transit": {"delayed", "delivered", "cancelled"},
         "delayed": {"in_transit", "delivered", "cancelled"},
         "delivered": set(), "cancelled": set()}

_examples = itertools.count(1)

# (api function, expected outcome) → how often the run met it.
SEEN: Counter = Counter()


class Order:
    def __init__(self, status: str, lines: dict[str, list]):
        self.status = status
        self.lines = lines  # item id → [product index, quantity]
        self.shipping = 0
        self.warehouse: int | None = None  # where it is reserved or shipped from
        self.reservations: list[str] = []  # while processing
        self.shipment: str | None = None
        self.shipment_status: str | None = None
        self.held: dict[str, dict[str | None, Decimal]] = {}  # item → batch → reserved
        self.shipped: dict[str, dict[str | None, Decimal]] = {}  # item → batch → shipped
        self.returned: dict[str, dict[str | None, Decimal]] = defaultdict(
            lambda: defaultdict(Decimal))


class SalesMachine(ApiMachine):
    seen = SEEN
    table = "sales.sales_order"

    def __init__(self):
        super().__init__()
        n = next(_examples)
        self.make_warehouses(f"FS{n}", CAPACITY)
        self.products = [
            self.api("SELECT api.create_product(%s, %s, unit_price_minor => %s, currency => 'EUR')",
                     f"FS{n}-P{i}", f"Fuzz sale {n}/{i}", PRICES[i])
            for i in (0, 1)
        ]
        self.customer = self.api("SELECT api.create_customer(%s, 'Fuzz customer')", f"FS{n}C")
        self.carrier = f"FS{n}K"
        self.api("SELECT api.create_carrier(%s, 'Fuzz carrier')", self.carrier)
        self.on_hand: dict[tuple, Decimal] = defaultdict(Decimal)  # (product i, warehouse i, batch)
        self.reserved: dict[tuple, Decimal] = defaultdict(Decimal)
        self.batch_ids: dict[str, str] = {}  # batch number → id (product 1's)
        self.on_hold: set[str] = set()  # batch ids
        self.orders: dict[str, Order] = {}

    def state(self) -> tuple:
        return (  # the orders of this example's customer, and the ledger of its products
            self.conn.execute("SELECT count(*), coalesce(sum(version), 0) FROM sales.sales_order "
                              "WHERE customer_id = %s", [self.customer]).fetchone(),
            self.conn.execute("SELECT count(*) FROM inventory.stock_movement "
                              "WHERE product_id = ANY (%s)", [self.products]).fetchone(),
        )

    def lines_of(self, order_id: str) -> dict[str, list]:
        return self.by_content(self.conn.execute(
            "SELECT id, product_id, quantity FROM sales.sales_order_item WHERE sales_order_id = %s",
            [order_id]).fetchall(), self.products)

    # -- stock -----------------------------------------------------------------

    def batches(self, p: int) -> list[str | None]:
        """Product p's batches in the order a reservation draws on them (FEFO)."""
        return sorted(self.batch_ids.values(), key=self.expiry_of) if p == 1 else [None]

    def expiry_of(self, batch_id: str) -> str:
        return next(EXPIRY[n] for n, b in self.batch_ids.items() if b == batch_id)

    def allocate(self, order: Order, w: int) -> dict[str, dict] | None:
        """What reserving every line in warehouse w would hold, line by line in
        id order (FEFO within each); None when a line is short."""
        taken: dict[tuple, Decimal] = defaultdict(Decimal)
        held = {}
        for item in sorted(order.lines):
            p, q = order.lines[item]
            held[item] = {}
            for b in self.batches(p):
                if b in self.on_hold:
                    continue  # allocation passes over a batch on hold
                k = (p, w, b)
                take = min(q, self.on_hand[k] - self.reserved[k] - taken[k])
                if take > 0:
                    held[item][b] = take
                    taken[k] += take
                    q -= take
            if q > 0:
                return None
        return held

    @initialize()
    def opening_stock(self):
        """Stock in the first warehouse only: an order reserved in the second is
        short until something is received there."""
        for p, batch in ((0, "E1"), (1, "E1"), (1, "E2")):
            self.receive(p, 0, Decimal(3), batch)
        # And an order, so that the calls on orders run even in a sequence
        # that draws no create.
        self.create([(0, Decimal(1)), (1, Decimal(2))])

    @rule(p=st.integers(0, 1), w=st.sampled_from([0, 0, 1]), q=st.integers(1, 3).map(Decimal),
          batch=st.sampled_from(sorted(EXPIRY)))
    def receive(self, p, w, q, batch):
        number, expiry = (batch, EXPIRY[batch]) if p == 1 else (None, None)
        movement = self.expect("22023" if self.full(w, q) else None,
                               "SELECT api.receive_stock(%s, %s, %s, %s, %s, %s)",
                               self.key(), self.products[p], self.locations[w], q, number, expiry)
        if movement is Refused:
            return
        bid = self.conn.execute("SELECT batch_id::text FROM inventory.stock_movement WHERE id = %s",
                                [movement]).fetchone()[0]
        if number:
            assert self.batch_ids.setdefault(number, bid) == bid, "a second batch"
        self.on_hand[(p, w, bid)] += q

    # -- documents -------------------------------------------------------------

    @precondition(lambda self: len(self.orders) < 8)
    @rule(lines=st.lists(st.tuples(st.integers(0, 1), LINE_QUANTITIES), min_size=1, max_size=3))
    def create(self, lines):
        expected = None if all(valid(q) for _, q in lines) else "22023"
        body = Jsonb([{"product_id": self.products[p], "quantity": number(q)}
                                         for p, q in lines])
        oid = self.expect(expected, "SELECT api.create_sales_order(%s, %s, %s)",
                          self.key(), self.customer, body)
        if oid is Refused:
            return
        got = self.lines_of(oid)
        assert sorted(v for v in got.values()) == sorted([p, q] for p, q in lines)
        self.orders[oid] = Order("pending", got)

    @precondition(lambda self: self.orders)
    @rule(data=st.data(), p=st.integers(0, 1), q=QUANTITIES, stale=STALE)
    def add_line(self, data, p, q, stale):
        oid, order = self.pick(data, OPEN)
        expected = ("SD004" if stale else "SD003" if order.status not in OPEN
                    else None if valid(q) else "22023")
        item = self.expect(expected, "SELECT api.add_sales_order_item(%s, %s, %s, %s)",
                           oid, self.version(oid, stale), self.products[p], q)
        if item is not Refused:
            order.lines[item] = [p, q]
            order.status = "pending"

    @precondition(lambda self: self.orders)
    @rule(data=st.data(), q=st.one_of(QUANTITIES, st.none()), stale=STALE)
    def change_line(self, data, q, stale):
        oid, order = self.pick(data, OPEN)
        item = data.draw(st.sampled_from(list(order.lines)))
        q = order.lines[item][1] if q is None else q  # None: the line's own quantity again
        same = q == order.lines[item][1]
        expected = ("SD004" if stale else "SD003" if order.status not in OPEN
                    else None if same or valid(q) else "22023")
        got = self.expect(expected, "SELECT api.update_sales_order_item(%s, %s, %s)",
                          item, self.version(oid, stale), q)
        if got is not Refused and not same:
            order.lines[item][1] = q
            order.status = "pending"

    @precondition(lambda self: self.orders)
    @rule(data=st.data(), stale=STALE)
    def remove_line(self, data, stale):
        oid, order = self.pick(data, OPEN)
        item = data.draw(st.sampled_from(list(order.lines)))
        expected = ("SD004" if stale else "SD003" if order.status not in OPEN
                    else "22023" if len(order.lines) == 1 else None)
        got = self.expect(expected, "SELECT api.remove_sales_order_item(%s, %s)",
                          item, self.version(oid, stale))
        if got is not Refused:
            del order.lines[item]
            order.status = "pending"

    @precondition(lambda self: self.orders)
    @rule(data=st.data(), shipping=st.sampled_from([0, 5]), stale=STALE)
    def change_shipping(self, data, shipping, stale):
        oid, order = self.pick(data, OPEN)
        changes = shipping != order.shipping
        if stale:
            expected = "SD004"
        elif changes:
            expected = None if order.status in OPEN else "SD003"
        else:
            expected = None if order.status in (*OPEN, "processing") else "SD003"
        got = self.expect(expected, "SELECT api.update_sales_order(%s, %s, shipping_minor => %s)",
                          oid, self.version(oid, stale), shipping)
        if got is not Refused and changes:
            order.shipping = shipping
            order.status = "pending"

    @precondition(lambda self: self.orders)
    @rule(data=st.data(), stale=STALE)
    def approve(self, data, stale):
        self.approve_order(*self.pick(data, ("pending",)), stale)

    def approve_order(self, oid: str, order: Order, stale: bool = False) -> None:
        expected = "SD004" if stale else None if order.status == "pending" else "SD003"
        if self.expect(expected, "SELECT api.approve_sales_order(%s, %s)",
                       oid, self.version(oid, stale)) is not Refused:
            order.status = "approved"

    @precondition(lambda self: self.orders)
    @rule(data=st.data(), w=st.integers(0, 1))
    def reserve(self, data, w):
        self.reserve_order(*self.pick(data, ("approved",)), w)

    def reserve_order(self, oid: str, order: Order, w: int) -> None:
        held = self.allocate(order, w) if order.status == "approved" else None
        expected = "SD003" if order.status != "approved" else None if held else "SD001"
        got = self.expect(expected, "SELECT api.reserve_sales_order(%s, %s, %s)",
                          self.key(), oid, self.warehouses[w])
        if got is Refused:
            return
        assert len(got) == len(order.lines)
        order.status, order.warehouse, order.held = "processing", w, held
        order.reservations = got
        for item, by_batch in held.items():
            for b, q in by_batch.items():
                self.reserved[(order.lines[item][0], w, b)] += q

    @rule(batch=st.sampled_from(sorted(EXPIRY)), hold=st.booleans(), stale=STALE)
    def hold_batch(self, batch, hold, stale):
        """A quality hold on one of product 1's batches, or its lifting."""
        bid = self.batch_ids[batch]
        version = self.conn.execute("SELECT version FROM catalog.product_batch WHERE id = %s",
                                    [bid]).fetchone()[0] + (1 if stale else 0)
        if hold:
            expected = "SD004" if stale else None
            got = self.expect(expected, "SELECT api.hold_batch(%s, %s, 'fuzz')", bid, version)
        else:
            expected = "SD004" if stale else None if bid in self.on_hold else "22023"
            got = self.expect(expected, "SELECT api.lift_batch_hold(%s, %s)", bid, version)
        if got is not Refused:
            (self.on_hold.add if hold else self.on_hold.discard)(bid)

    @precondition(lambda self: any(o.status == "processing" for o in self.orders.values()))
    @rule(data=st.data())
    def reserved_order_aside(self, data):
        """What may not happen to a reserved order: its reservation settled on its
        own (22023, released or fulfilled), or its stock shipped while a batch it
        holds is on hold (SD005; the hold is lifted again after)."""
        order = self.orders[data.draw(st.sampled_from(
            [i for i, o in self.orders.items() if o.status == "processing"]))]
        rid = data.draw(st.sampled_from(order.reservations))
        for fn in ("release_reservation", "fulfil_reservation"):
            self.expect("22023", f"SELECT api.{fn}(%s, %s)", self.key(), rid)
        batches = sorted({b for by_batch in order.held.values() for b in by_batch if b})
        if batches:
            bid = data.draw(st.sampled_from(batches))
            held = bid in self.on_hold
            number = next(n for n, b in self.batch_ids.items() if b == bid)
            if not held:
                self.hold_batch(number, True, False)
            self.ship_order(next(i for i, o in self.orders.items() if o is order), order)
            if not held:
                self.hold_batch(number, False, False)

    @precondition(lambda self: self.orders)
    @rule(data=st.data(), w=st.integers(0, 1))
    def advance(self, data, w):
        """The next step of an order's life, called as it should be: the
        sequences get as far as reserving, shipping and taking back."""
        oid, order = self.pick(data, ("pending", "approved", "processing", "shipped", "closed"))
        if order.status == "closed":
            self.take_back_line(order, data.draw(st.sampled_from(list(order.lines))),
                                Decimal(1), "auto")
        elif order.status == "shipped":
            self.report(order, data.draw(st.sampled_from(sorted(STEPS))))
        elif order.status == "pending":
            self.approve_order(oid, order)
        elif order.status == "approved":
            self.reserve_order(oid, order, w)
        elif order.status == "processing" and data.draw(st.integers(0, 3)) == 0:
            self.unreserve_order(oid, order)  # the stock given back, to be reserved again
        elif order.status == "processing":
            self.ship_order(oid, order)

    def give_back(self, order: Order) -> None:
        for item, by_batch in order.held.items():
            for b, q in by_batch.items():
                self.reserved[(order.lines[item][0], order.warehouse, b)] -= q
        order.held = {}

    @precondition(lambda self: self.orders)
    @rule(data=st.data(), stale=STALE)
    def unreserve(self, data, stale):
        self.unreserve_order(*self.pick(data, ("processing",)), stale)

    def unreserve_order(self, oid: str, order: Order, stale: bool = False) -> None:
        expected = "SD004" if stale else None if order.status == "processing" else "SD003"
        if self.expect(expected, "SELECT api.unreserve_sales_order(%s, %s)",
                       oid, self.version(oid, stale)) is not Refused:
            self.give_back(order)
            order.status, order.warehouse = "approved", None

    @precondition(lambda self: self.orders)
    @rule(data=st.data(), stale=STALE)
    def cancel(self, data, stale):
        oid, order = self.pick(data, (*OPEN, "processing", "shipped"))
        # A shipped order only once the carrier cancelled its shipment.
        cancellable = (order.status in (*OPEN, "processing")
                       or (order.status, order.shipment_status) == ("shipped", "cancelled"))
        expected = "SD004" if stale else None if cancellable else "SD003"
        if self.expect(expected, "SELECT api.cancel_sales_order(%s, %s, 'fuzz')",
                       oid, self.version(oid, stale)) is not Refused:
            self.give_back(order)
            order.status = "cancelled"

    @precondition(lambda self: self.orders)
    @rule(data=st.data())
    def ship(self, data):
        self.ship_order(*self.pick(data, ("processing",)))

    def ship_order(self, oid: str, order: Order) -> None:
        if order.status != "processing":
            expected = "SD003"
        elif any(b in self.on_hold for by_batch in order.held.values() for b in by_batch):
            expected = "SD005"  # reserved stock of a batch on hold is not issued
        else:
            expected = None
        shipment = self.expect(expected, "SELECT api.ship_sales_order(%s, %s, %s, %s)",
                               self.key(), oid, self.carrier, f"T{uuid.uuid4().hex}")
        if shipment is Refused:
            return
        order.shipment, order.shipment_status = shipment, "in_transit"
        for item, by_batch in order.held.items():
            for b, q in by_batch.items():
                k = (order.lines[item][0], order.warehouse, b)
                self.reserved[k] -= q
                self.on_hand[k] -= q
        order.shipped, order.held, order.status = order.held, {}, "shipped"

    @precondition(lambda self: any(o.shipment for o in self.orders.values()))
    @rule(data=st.data(),
          status=st.sampled_from(["delivered", "cancelled", "delayed", "in_transit"]))
    def carrier_event(self, data, status):
        """The carrier reports on a shipment: a delivery closes its order; a
        cancelled (lost) parcel lets the order be cancelled."""
        oid, order = self.pick(data, ("shipped", "closed", "cancelled"))
        if order.shipment:
            self.report(order, status)

    def report(self, order: Order, status: str) -> None:
        if status == order.shipment_status:
            expected = None  # recorded; the shipment stays where it is
        else:
            expected = None if status in STEPS[order.shipment_status] else "SD003"
        if self.expect(expected, "SELECT api.add_tracking_event(%s, %s)",
                       order.shipment, status) is not Refused:
            order.shipment_status = status
            if status == "delivered" and order.status == "shipped":
                order.status = "closed"

    @precondition(lambda self: self.orders)
    @rule(data=st.data(), q=st.one_of(QUANTITIES, st.none()), stale=STALE)
    def split(self, data, q, stale):
        oid, order = self.pick(data, OPEN)
        item = data.draw(st.sampled_from(list(order.lines)))
        line = order.lines[item]
        whole = q is None or q == line[1]
        if stale:
            expected = "SD004"
        elif order.status not in OPEN:
            expected = "SD003"
        elif not whole and (not valid(q) or q > line[1]):
            expected = "22023"
        elif whole and len(order.lines) == 1:
            expected = "22023"  # nothing would be left on the original
        else:
            expected = None
        moved = {"item_id": item} if q is None else {"item_id": item, "quantity": number(q)}
        new = self.expect(expected, "SELECT api.split_sales_order(%s, %s, %s, %s)", self.key(),
                          oid, self.version(oid, stale), Jsonb([moved]))
        if new is Refused:
            return
        got = self.lines_of(new)
        if whole:
            assert got == {item: line}
            del order.lines[item]
        else:
            assert list(got.values()) == [[line[0], q]]
            line[1] -= q
        self.orders[new] = Order(order.status, got)

    @precondition(lambda self: any(o.shipped for o in self.orders.values()))
    @rule(data=st.data(), q=st.one_of(st.just(Decimal(1)), QUANTITIES),
          batch=st.sampled_from(["auto", "auto", "E1", "E2", "unknown"]))
    def take_back(self, data, q, batch):
        # Mostly a line of an order that shipped (closed, or cancelled once lost, too).
        ids = [i for i, o in self.orders.items() if o.shipped]
        if data.draw(st.integers(0, 4)) == 0:
            ids = list(self.orders)
        order = self.orders[data.draw(st.sampled_from(ids))]
        self.take_back_line(order, data.draw(st.sampled_from(list(order.lines))), q, batch)

    def take_back_line(self, order: Order, item: str, q: Decimal, batch: str) -> None:
        p = order.lines[item][0]
        shipped = order.shipped.get(item, {})
        bid = {"auto": None, "unknown": str(uuid.uuid4())}.get(batch, self.batch_ids.get(batch))
        if batch not in ("auto", "unknown") and bid is None:
            bid = str(uuid.uuid4())  # a batch number never received
        if batch == "auto" and len(shipped) == 1:
            bid_used = next(iter(shipped))
        else:
            bid_used = bid if bid in shipped else "none"
        left = (shipped[bid_used] - order.returned[item][bid_used]
                if bid_used in shipped else Decimal(0))
        ok = valid(q) and q <= left and not self.full(order.warehouse or 0, q)
        got = self.expect(None if ok else "22023",
                          "SELECT api.return_sales_order_item(%s, %s, %s, %s, %s)",
                          self.key(), item, self.locations[order.warehouse or 0], q, bid)
        if got is not Refused:
            order.returned[item][bid_used] += q
            self.on_hand[(p, order.warehouse, bid_used)] += q

    # -- agreement -------------------------------------------------------------

    @invariant()
    def database_agrees(self):
        rows = self.conn.execute(
            "SELECT id::text, status::text, shipping_minor, total_minor FROM sales.sales_order "
            "WHERE customer_id = %s", [self.customer]).fetchall()
        assert {r[0] for r in rows} == set(self.orders)
        for oid, status, shipping, total in rows:
            order = self.orders[oid]
            assert (status, shipping) == (order.status, order.shipping), oid
            assert self.lines_of(oid) == order.lines, oid
            assert total == sum(q * PRICES[p] for p, q in order.lines.values()) + order.shipping
            if order.shipment:
                assert self.conn.execute(
                    "SELECT status::text FROM logistics.shipment WHERE id = %s",
                    [order.shipment]).fetchone()[0] == order.shipment_status
        where = {str(loc): w for w, loc in enumerate(self.locations)}
        stock = {(self.products.index(str(p)), where[str(loc)], str(b) if b else None): (h, r)
                 for p, loc, b, h, r in self.conn.execute(
                     "SELECT product_id, location_id, batch_id, on_hand, reserved "
                     "FROM inventory.inventory WHERE product_id = ANY (%s)",
                     [self.products]).fetchall() if h or r}
        model = {k: (self.on_hand[k], self.reserved[k]) for k in self.on_hand
                 if self.on_hand[k] or self.reserved[k]}
        assert stock == model
        shipped = {(str(i), str(b) if b else None): q for i, b, q in self.conn.execute(
            "SELECT s.sales_order_item_id, s.batch_id, s.quantity_shipped "
            "FROM sales.sales_order_item_batch AS s JOIN sales.sales_order_item AS i "
            "ON i.id = s.sales_order_item_id "
            "JOIN sales.sales_order AS o ON o.id = i.sales_order_id "
            "WHERE o.customer_id = %s", [self.customer]).fetchall()}
        assert shipped == {(item, b): q for o in self.orders.values()
                           for item, by_batch in o.shipped.items() for b, q in by_batch.items()}



def test_sales_orders_agree_with_a_model(fuzz_db, fixed_draws):
    wanted = {(fn, "success") for fn in (
        "create_sales_order", "add_sales_order_item", "update_sales_order_item",
        "remove_sales_order_item", "update_sales_order", "approve_sales_order",
        "reserve_sales_order", "unreserve_sales_order", "ship_sales_order",
        "cancel_sales_order", "split_sales_order", "return_sales_order_item")} | {
        ("reserve_sales_order", "SD001"), ("reserve_sales_order", "SD003"),
        ("ship_sales_order", "SD003"), ("add_sales_order_item", "SD003"),
        ("approve_sales_order", "SD004"), ("split_sales_order", "22023"),
        ("return_sales_order_item", "22023"), ("cancel_sales_order", "SD003"),
        ("add_tracking_event", "success"), ("add_tracking_event", "SD003"),
        ("ship_sales_order", "SD005"), ("hold_batch", "success"), ("lift_batch_hold", "success"),
        ("release_reservation", "22023"), ("fulfil_reservation", "22023"),
    }
    run_and_check(SalesMachine, fuzz_db, 300, 50, wanted)
