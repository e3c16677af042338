"""Every api function, each argument in turn NULL or odd (empty, huge, NaN, infinite,
out of range, of the wrong shape) in an otherwise sound call: it succeeds or
refuses with a documented SQLSTATE, a DETAIL and a HINT, never with a bare
error of PostgreSQL's (a NOT NULL's 23502, a cast's 22P02, an overflow's 22003),
and with a message that names no value as nothing, raw or whole.

The sound calls are drawn from the arguments' names over a small world, and
each must succeed, so that a refusal comes from the value varied. Found this way:
api.record_demand_forecast with a NULL period_start reached the table's NOT
NULL as a bare 23502."""

from __future__ import annotations

import json
import re

import psycopg
import pytest

from stockdb import DEFAULT_TENANT
from stockdb.workload import ADMIN

# The refusals DESIGN.md documents, the keys PostgreSQL's own constraints keep
# (with our DETAIL and HINT), and any call's lock timeout and serialization failure.
DOCUMENTED = {"SD001", "SD002", "SD003", "SD004", "SD005", "SD404", "22023", "42501",
              "23505", "23503", "55P03", "40001"}

ODD = {
    "text": ["", " ", "x" * 20000, "\x01", "a\nb", "é" * 300, "%s%n", "'; drop", "\\"],
    "numeric": ["NaN", "Infinity", "-1", "0", "1e20", "0.0001", "-0", "99999999999.999"],
    "integer": [0, -1, 2147483647, -2147483648],
    "bigint": [-1, 0, 9223372036854775807, -9223372036854775808],
    "date": ["0001-01-01", "9999-12-31", "infinity", "-infinity", "1899-12-31"],
    "timestamp with time zone": ["infinity", "-infinity", "0001-01-01", "9999-12-31 23:59:59+00"],
    "interval": ["0", "-1 day", "1000 years", "1 microsecond", "1000000 years", "-1000000 years"],
    "jsonb": ["null", "[]", '"x"', "1", '{"a": null}', "[{}]", "[null]",
              '[{"product_id": "x", "quantity": 1}]'],
    "text[]": ["{}", "{NULL}", "{bogus}", "{capacity,capacity}"],
    "bpchar": ["", "E", "EURO", "eur", "€€€"],
    "uuid": ["00000000-0000-0000-0000-000000000000"],
    "boolean": [True, False],
}

BLANK_VALUE = re.compile(r"=> ?([,.;)]|$)")
# A control character, or one that reorders text, going to the reader raw:
# messages (ops.named), DETAILs and HINTs (ops.quoted_excerpt) write its escape.
RAW = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# A message naming a value put in as it was: empty ("unknown unit ",
# "carrier  not found") or blank at an end.
SHOWN_AS_NOTHING = re.compile(r"\S  \S| $|^ | : ")

TEXTS = {
    "idempotency_key": "odd-key", "movement_type": "adjustment", "kind": "storage",
    "reason": "odd", "sku": "ODD-NEW", "code": "ODDNEW", "name": "Odd new", "unit": "ea",
    "email": "new@example.com", "status": "in_transit", "carrier": "ODDCAR",
    "tracking_number": "ODDT1", "query": "odd", "password": "correct horse battery",
    "role": "sales", "batch_number": "ODDB2", "timezone": "Europe/Berlin",
    "tracking_url_template": "https://t.example/{tracking_number}", "hs_code": "847130",
}


def world(conn: psycopg.Connection) -> dict:
    def one(sql: str, *args):
        return conn.execute(sql, list(args)).fetchone()[0]

    w = one("SELECT api.create_warehouse('ODDW', 'Odd')")
    p = one("SELECT api.create_product('ODD-P', 'Odd', unit_price_minor => 100, currency => 'EUR')")
    ids = {
        "warehouse_id": w,
        "location_id": one("SELECT api.create_location(%s, 'ODDL')", w),
        "to_location_id": one("SELECT api.create_location(%s, 'ODDL2')", w),
        "product_id": p,
        "supplier_id": one("SELECT api.create_supplier('ODDS', 'Odd')"),
        "customer_id": one("SELECT api.create_customer('ODDC', 'Odd', 'c@example.com')"),
        "carrier_id": one("SELECT api.create_carrier('ODDCAR', 'Odd')"),
        "category_id": one("SELECT api.create_category('Odd')"),
        "user_id": ADMIN,
        "now": one("SELECT now()"),
        "tenant_id": DEFAULT_TENANT,
    }
    ids["from_location_id"] = ids["location_id"]
    ids["preferred_supplier_id"] = ids["supplier_id"]
    one("SELECT api.receive_stock('odd-in', %s, %s, 50, 'ODDB', '2030-01-01')", p,
        ids["location_id"])
    ids["batch_id"] = one("SELECT id FROM catalog.product_batch WHERE product_id = %s", p)
    ids["reservation_id"] = one("SELECT api.reserve_stock('odd-r', %s, %s, 1)", p, w)
    ids["purchase_order"] = one("SELECT api.create_purchase_order(%s, 'EUR')", ids["supplier_id"])
    ids["purchase_item"] = one("SELECT api.add_purchase_order_item(%s, 1, %s, 5, 100)",
                               ids["purchase_order"], p)
    ordered = one("SELECT api.create_purchase_order(%s, 'EUR')", ids["supplier_id"])
    ids["ordered_item"] = one("SELECT api.add_purchase_order_item(%s, 1, %s, 5, 100)", ordered, p)
    one("SELECT api.submit_purchase_order(%s, 2) IS NULL", ordered)
    # A sales order of two lines in each state the calls start from.
    lines = json.dumps([{"product_id": str(p), "quantity": 2},
                        {"product_id": str(p), "quantity": 1}])
    for state, step in [("pending", 0), ("approved", 1), ("processing", 2), ("shipped", 3)]:
        order = ids[f"{state}_order"] = one("SELECT api.create_sales_order(%s, %s, %s)",
                                           f"odd-so-{state}", ids["customer_id"], lines)
        if step >= 1:
            one("SELECT api.approve_sales_order(%s, version) IS NULL FROM sales.sales_order"
                " WHERE id = %s", order, order)
        if step >= 2:
            one("SELECT api.reserve_sales_order(%s, %s, %s) IS NULL", f"odd-rso-{state}", order, w)
        if step >= 3:
            one("SELECT api.ship_sales_order('odd-ship', %s, 'ODDCAR', 'ODD-T0') IS NULL", order)
        ids[f"{state}_item"] = one("SELECT min(id::text)::uuid FROM sales.sales_order_item"
                                   " WHERE sales_order_id = %s", order)
    ids["shipment_id"] = one("SELECT id FROM logistics.shipment WHERE sales_order_id = %s",
                             ids["shipped_order"])
    # Rows a delete, a lifted hold or a change of role can be sound for: nothing
    # refers to them, the lot is held, the user is not the tenant's last admin.
    ids["spare_product"] = one("SELECT api.create_product('ODD-SPARE', 'Spare')")
    ids["spare_customer"] = one("SELECT api.create_customer('ODDC2', 'Spare', 'c2@example.com')")
    ids["spare_supplier"] = one("SELECT api.create_supplier('ODDS2', 'Spare')")
    ids["spare_user"] = one("SELECT api.create_user('spare@example.com', 'admin',"
                            " 'correct horse battery', 'Spare')")
    held = one("SELECT api.create_product('ODD-HELD', 'Held')")
    one("SELECT api.receive_stock('odd-held', %s, %s, 5, 'ODDH', '2030-01-01')", held,
        ids["location_id"])
    ids["held_batch"] = one("SELECT id FROM catalog.product_batch WHERE product_id = %s", held)
    one("SELECT api.hold_batch(%s, 1, 'odd') IS NULL", ids["held_batch"])
    return ids


# The order (and its line) each call starts from; others take a draft purchase
# order or a pending sales order.
ORDER_STATE = {"reserve_sales_order": "approved", "ship_sales_order": "processing",
               "unreserve_sales_order": "processing", "return_sales_order_item": "shipped"}

# The row a call is sound for where the world's own would be refused.
SPARE = {("delete_product", "product_id"): "spare_product",
         ("delete_customer", "customer_id"): "spare_customer",
         ("delete_supplier", "supplier_id"): "spare_supplier",
         ("update_user", "user_id"): "spare_user",
         ("lift_batch_hold", "batch_id"): "held_batch"}

VERSIONED = [  # (a word of the function's name, the row's table, the id it names)
    ("purchase_order", "procurement.purchase_order", "purchase_order"),
    ("sales_order", "sales.sales_order", "order_id"),
    ("batch", "catalog.product_batch", "batch_id"),
    ("reservation", "inventory.reservation", "reservation_id"),
    ("product", "catalog.product", "product_id"),
    ("supplier", "procurement.supplier", "supplier_id"),
    ("customer", "sales.customer", "customer_id"),
    ("warehouse", "warehouse.warehouse", "warehouse_id"),
    ("location", "warehouse.location", "location_id"),
    ("category", "catalog.product_category", "category_id"),
    ("carrier", "logistics.carrier", "carrier_id"),
    ("user", "auth.app_user", "user_id"),
]


def sound(conn: psycopg.Connection, ids: dict, function: str, name: str, kind: str):
    """A value for the argument that a sound call could pass."""
    state = ORDER_STATE.get(function, "pending")
    if name == "order_id":
        return ids["purchase_order" if "purchase" in function else f"{state}_order"]
    if name == "item_id":
        if function == "receive_purchase_order_item":
            return ids["ordered_item"]
        return ids["purchase_item" if "purchase" in function else f"{state}_item"]
    if name == "supplier_id" and function.endswith("_user"):
        return None  # a partner's supplier
    if name == "movement_type" and function == "receive_stock":
        return "purchase_receipt"
    if (function, name) in SPARE:
        return ids[SPARE[function, name]]
    if name in ids:
        return ids[name]
    if name == "counted_quantity":
        return 50  # above the 4 reserved at the location
    if name == "version":
        for word, table, key in VERSIONED:
            if word in function:
                row = (ids[f"{state}_order"] if key == "order_id"
                       else ids[SPARE.get((function, key), key)])
                return conn.execute(f"SELECT version FROM {table} WHERE id = %s",  # noqa: S608
                                    [row]).fetchone()[0]
        return 1
    if name == "lines":
        if function == "split_sales_order":
            return json.dumps([{"item_id": str(ids["pending_item"]), "quantity": 1}])
        return json.dumps([{"product_id": str(ids["product_id"]), "quantity": 1}])
    return {
        "text": TEXTS.get(name, "odd"),
        "numeric": 1, "integer": 1, "bigint": 100, "jsonb": "{}", "interval": "30 days",
        "bpchar": {"currency": "EUR", "country_of_origin": "DE"}.get(name),
        "date": {"period_start": "2027-01-01", "period_end": "2027-02-01",
                 "expiry_date": "2031-01-01", "manufacture_date": "2026-01-01"}.get(name),
        # A time when something happened is now (the transaction's start: as the
        # shipment left); one expected is ahead.
        "timestamp with time zone": (ids["now"] if name in ("occurred_at", "counted_at")
                                     else "2027-01-01 00:00:00+00"),
    }.get(kind)


def api_functions(conn: psycopg.Connection, keyed: bool = False) -> list[tuple]:
    """Each api function (those taking an idempotency key first, if keyed): its
    name, its input arguments' names and types (bpchar: character alone means
    char(1)), and whether it returns void."""
    return conn.execute(
        """SELECT p.proname, p.proargnames[1:p.pronargs],
                  ARRAY(SELECT CASE t WHEN 'bpchar'::regtype THEN 'bpchar'
                                      ELSE format_type(t, NULL) END
                        FROM unnest(p.proargtypes::oid[]) AS t),
                  p.prorettype = 'void'::regtype
           FROM pg_proc AS p WHERE p.pronamespace = 'api'::regnamespace
             AND (NOT %s OR p.proargnames[1] = 'idempotency_key')
           ORDER BY 1""", [keyed]).fetchall()


def unclear(exc: psycopg.Error) -> bool:
    """A refusal that is bare (a SQLSTATE not documented, no DETAIL or HINT) or
    unclear (a value shown as nothing or raw, a message over 300 characters)."""
    d = exc.diag
    # "x => ," : an argument's value rendered as nothing.
    return (exc.sqlstate not in DOCUMENTED or not d.message_detail or not d.message_hint
            or bool(BLANK_VALUE.search(d.message_detail))
            or bool(SHOWN_AS_NOTHING.search(d.message_primary))
            or bool(RAW.search(d.message_primary + d.message_detail + d.message_hint))
            or len(d.message_primary) > 300)


def sweep(conn: psycopg.Connection, settings: dict[str, str] | None = None):
    """Each api function's sound call, then each argument in turn NULL or odd, in
    one transaction rolled back at the end: the sound calls refused, the odd
    calls that got a bare or unclear error, and each call's SQLSTATE (None when
    it succeeded). settings are SET after the world is made, for the calls."""
    conn.execute("BEGIN")
    conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
    ids = world(conn)
    functions = api_functions(conn)
    assert len(functions) > 50
    calls = [(function, names, kinds,
              [sound(conn, ids, function, n, k) for n, k in zip(names, kinds, strict=True)])
             for function, names, kinds, _ in functions
             if function != "set_context"]  # it sets the context the calls need
    for name, value in (settings or {}).items():
        conn.execute("SELECT set_config(%s, %s, true)", [name, value])
    encoding = conn.info.encoding
    bare, refused, outcomes = [], [], {}
    for function, names, kinds, args in calls:
        placeholders = ", ".join(f"%s::{k}" for k in kinds)
        try:  # each odd value is varied from a call that succeeds
            with conn.transaction():
                conn.execute(f"SELECT api.{function}({placeholders})", args)
                raise psycopg.Rollback
        except psycopg.Error as exc:
            refused.append(f"api.{function}: {exc.sqlstate} {exc.diag.message_primary}")
        for position, kind in enumerate(kinds):
            for value in [None, *ODD.get(kind, [])]:
                if isinstance(value, str) and not value.encode(encoding, "ignore").decode(
                        encoding) == value:
                    continue  # the client cannot send it
                varied = [*args[:position], value, *args[position + 1:]]
                outcomes[function, names[position], repr(value)] = None
                try:
                    with conn.transaction():
                        conn.execute(f"SELECT api.{function}({placeholders})", varied)
                        raise psycopg.Rollback
                except psycopg.Error as exc:
                    outcomes[function, names[position], repr(value)] = exc.sqlstate
                    if unclear(exc):
                        bare.append(f"api.{function}({names[position]} => {str(value)[:30]!r}):"
                                    f" {exc.sqlstate} {exc.diag.message_primary}")
    conn.execute("ROLLBACK")
    return refused, bare, outcomes


@pytest.fixture(scope="module")
def default_sweep(fuzz_db):
    """The sweep in a session of the server's default settings, once for the file:
    it leaves nothing behind."""
    with psycopg.connect(fuzz_db, autocommit=True) as c:
        return sweep(c)


def test_no_argument_gets_a_bare_error_from_any_api_function(default_sweep):
    refused, bare, outcomes = default_sweep
    assert len(outcomes) > 1000
    assert refused == []
    assert bare == []


# What an application's session may have set (PGOPTIONS, ALTER ROLE ... SET, a
# driver's defaults) that the api must not answer differently for: a function
# body is parsed in the caller's session, so with standard_conforming_strings
# off a backslash in one of its literals is an escape; a message is converted to
# the client's encoding, where a character it lacks makes the error a 22P05.
APPLICATION_SETTINGS = {
    "standard_conforming_strings": "off",
    "client_encoding": "LATIN1",
    "DateStyle": "SQL, DMY",
    "IntervalStyle": "sql_standard",
    "TimeZone": "Pacific/Kiritimati",
    "extra_float_digits": "-15",
    "bytea_output": "escape",
    "default_text_search_config": "pg_catalog.german",
    "transform_null_equals": "on",
    "array_nulls": "off",
}


def test_an_applications_session_settings_change_no_answer(conn, default_sweep):
    _, _, expected = default_sweep
    refused, bare, outcomes = sweep(conn, APPLICATION_SETTINGS)
    assert refused == []
    assert bare == []
    assert len(outcomes) > 1000
    assert {call: state for call, state in outcomes.items() if state != expected[call]} == {}




def test_a_retry_from_a_session_with_other_settings_returns_the_first_result(conn):
    """The key's arguments are compared as text (inventory.claim_request): a
    retry through another driver or pool, in another TimeZone or DateStyle,
    must find them the same, return the first result and move nothing."""
    conn.execute("BEGIN")
    conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
    ids = world(conn)
    functions = api_functions(conn, keyed=True)
    assert len(functions) > 10
    ledger = "SELECT count(*) FROM inventory.stock_movement"
    differ = []
    for function, names, kinds, void in functions:
        args = [sound(conn, ids, function, n, k) for n, k in zip(names, kinds, strict=True)]
        args[0] = f"retry-{function}"
        call = f"api.{function}({', '.join(f'%s::{k}' for k in kinds)})"
        # Kept as they came back, and compared in this session's own settings.
        keep = (f"SELECT count(*) AS r FROM (SELECT {call}) AS s" if void
                else f"SELECT * FROM {call} AS r")
        try:
            with conn.transaction():
                conn.execute(f"CREATE TEMP TABLE first_result AS {keep}", args)
                moved = conn.execute(ledger).fetchone()[0]
                for name, value in APPLICATION_SETTINGS.items():
                    conn.execute("SELECT set_config(%s, %s, true)", [name, value])
                conn.execute(f"CREATE TEMP TABLE retry_result AS {keep}", args)
                for name in APPLICATION_SETTINGS:
                    conn.execute(f"RESET {name}")
                if not conn.execute(
                    "SELECT (SELECT jsonb_agg(x) FROM first_result AS x)"
                    " = (SELECT jsonb_agg(x) FROM retry_result AS x)").fetchone()[0]:
                    differ.append(f"api.{function}: another result")
                if conn.execute(ledger).fetchone()[0] != moved:
                    differ.append(f"api.{function}: moved stock again")
                raise psycopg.Rollback
        except psycopg.Error as exc:
            differ.append(f"api.{function}: {exc.sqlstate} {exc.diag.message_primary}")
    conn.execute("ROLLBACK")
    assert differ == []
