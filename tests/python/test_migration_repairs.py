"""Migrations that repair what the api stored before it refused it, then make
the tables refuse it themselves: 0030 NaN levels and capacities, 0031
infinite batch dates and expected deliveries; and 0033, 0034, 0056, 0057,
0058, 0059, 0060, 0061 and 0067, which stop, naming what is stored past their limits, where
the owner has to choose."""

from __future__ import annotations

import psycopg
import pytest
from helpers import DEFAULT_TENANT, back_to_before, call, ship_order

from stockdb.migrate import MigrationError, Migrator


def stops_counting(url: str, found: str) -> None:
    """Applying the pending migrations stops with 23514, its DETAIL counting what is
    stored past the new limit (Found …)."""
    with Migrator(url) as m, pytest.raises(MigrationError) as failed:
        m.apply()
    assert failed.value.sqlstate == "23514"
    assert f"DETAIL: Found {found}" in str(failed.value)


def apply_after(url: str, *repairs: str) -> None:
    """The owner's repair of what a migration stopped at, then the migrations again."""
    with psycopg.connect(url, autocommit=True) as conn:
        for statement in repairs:
            conn.execute(statement)
    with Migrator(url) as m:
        m.apply()


def test_stored_nan_levels_and_capacities_are_replaced_then_refused(fresh_db):
    back_to_before(fresh_db, "0030_no_nan_levels")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        # As the api stored them before 0030 (the repeatable files are not applied yet).
        conn.execute(
            "INSERT INTO catalog.product (tenant_id, sku, name, reorder_point, max_stock_level) "
            "VALUES (%s, 'NAN', 'x', 'NaN', 'NaN'), (%s, 'OK', 'x', 5, 9)",
            [DEFAULT_TENANT, DEFAULT_TENANT])
        w = conn.execute("INSERT INTO warehouse.warehouse (tenant_id, code, name) "
                         "VALUES (%s, 'W', 'W') RETURNING id", [DEFAULT_TENANT]).fetchone()[0]
        conn.execute("INSERT INTO warehouse.location (tenant_id, warehouse_id, code, capacity) "
                     "VALUES (%s, %s, 'A1', 'NaN'), (%s, %s, 'A2', 7)",
                     [DEFAULT_TENANT, w, DEFAULT_TENANT, w])
    with Migrator(fresh_db) as m:
        m.apply()
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute(
            "SELECT sku, reorder_point::text, max_stock_level::text FROM catalog.product "
            "ORDER BY sku").fetchall() == [("NAN", "0.000", None), ("OK", "5.000", "9.000")]
        assert conn.execute(
            "SELECT code, capacity::text FROM warehouse.location ORDER BY code"
        ).fetchall() == [("A1", None), ("A2", "7.000")]
        assert conn.execute(
            "SELECT count(*) FROM pg_constraint WHERE conname IN "
            "('product_levels_number_check', 'location_capacity_number_check') AND convalidated"
        ).fetchone()[0] == 2


def test_stored_infinite_dates_are_replaced_then_refused(fresh_db):
    back_to_before(fresh_db, "0031_finite_dates")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        p = conn.execute("INSERT INTO catalog.product (tenant_id, sku, name) "
                         "VALUES (%s, 'P', 'x') RETURNING id", [DEFAULT_TENANT]).fetchone()[0]
        conn.execute(
            "INSERT INTO catalog.product_batch (tenant_id, product_id, batch_number, "
            "manufacture_date, expiry_date) VALUES "
            "(%s, %s, 'FOREVER', '-infinity', 'infinity'), (%s, %s, 'GONE', NULL, '-infinity'), "
            "(%s, %s, 'PLAIN', '2026-01-01', '2027-01-01')",
            [DEFAULT_TENANT, p] * 3)
        s = conn.execute("INSERT INTO procurement.supplier (tenant_id, code, name) "
                         "VALUES (%s, 'S', 'S') RETURNING id", [DEFAULT_TENANT]).fetchone()[0]
        conn.execute("INSERT INTO procurement.purchase_order (tenant_id, number, supplier_id, "
                     "currency, expected_at) VALUES (%s, 'PO-INF', %s, 'EUR', 'infinity')",
                     [DEFAULT_TENANT, s])
    with Migrator(fresh_db) as m:
        m.apply()
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute(
            "SELECT batch_number, manufacture_date::text, expiry_date::text "
            "FROM catalog.product_batch ORDER BY batch_number").fetchall() == [
            # 0031 made it the earliest date PostgreSQL holds, 0057 the first of its range.
            ("FOREVER", None, None), ("GONE", None, "1900-01-01"),
            ("PLAIN", "2026-01-01", "2027-01-01")]
        assert conn.execute(
            "SELECT expected_at FROM procurement.purchase_order").fetchall() == [(None,)]
        assert conn.execute(
            "SELECT count(*) FROM pg_constraint WHERE conname IN "
            "('product_batch_dates_finite_check', 'purchase_order_expected_at_finite_check') "
            "AND convalidated").fetchone()[0] == 2


def test_stored_overlong_indexed_text_stops_the_migration_and_names_it(fresh_db):
    back_to_before(fresh_db, "0033_indexed_text_limits")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("INSERT INTO catalog.product (tenant_id, sku, name, barcode) "
                     "VALUES (%s, 'P', 'x', repeat('9', 65))", [DEFAULT_TENANT])
        conn.execute("INSERT INTO sales.customer (tenant_id, code, name, email) "
                     "VALUES (%s, 'C', 'x', repeat('a', 311) || '@x.example')", [DEFAULT_TENANT])
    stops_counting(fresh_db, "1 catalog.product barcode(s) over 64 characters, "
                             "1 sales.customer email(s) over 320 characters.")
    with Migrator(fresh_db) as m:
        assert {x["id"]: x["state"] for x in m.status()["migrations"]}[
            "0033_indexed_text_limits"] == "pending"
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute("SELECT length(barcode) FROM catalog.product").fetchone() == (65,)
        conn.execute("UPDATE catalog.product SET barcode = left(barcode, 64)")
        conn.execute("UPDATE sales.customer SET email = 'a@x.example'")
    with Migrator(fresh_db) as m:
        m.apply()
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute(
            "SELECT count(*) FROM pg_constraint WHERE conname IN ("
            "'product_barcode_length_check', 'product_batch_number_length_check', "
            "'customer_email_length_check', 'supplier_email_length_check', "
            "'app_user_email_length_check') AND convalidated").fetchone()[0] == 5


def test_stored_deeply_nested_json_stops_the_migration_and_names_it(fresh_db):
    back_to_before(fresh_db, "0034_shallow_json")
    deep = "(repeat('{\"a\": ', 40) || '1' || repeat('}', 40))::jsonb"
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("INSERT INTO catalog.product (tenant_id, sku, name, attributes) "
                     f"VALUES (%s, 'P', 'x', {deep})", [DEFAULT_TENANT])
    stops_counting(fresh_db, "32 or more levels in: 1 catalog.product attributes.")
    apply_after(fresh_db, "UPDATE catalog.product SET attributes = '{\"a\": 1}'")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute(
            "SELECT count(*) FROM pg_constraint WHERE conname = ANY(%s) AND convalidated",
            [["product_attributes_depth_check", "warehouse_address_depth_check",
              "supplier_address_depth_check", "customer_addresses_depth_check",
              "sales_order_shipping_address_depth_check", "shipment_ship_to_depth_check",
              "shipment_tracking_event_details_depth_check"]],
        ).fetchone()[0] == 7


def test_stored_category_names_no_path_can_name_stop_the_migration_and_are_named(fresh_db):
    back_to_before(fresh_db, "0035_category_name_path")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        top = conn.execute("INSERT INTO catalog.product_category (tenant_id, name) "
                           "VALUES (%s, 'a') RETURNING id", [DEFAULT_TENANT]).fetchone()[0]
        conn.execute("INSERT INTO catalog.product_category (tenant_id, parent_id, name) "
                     "VALUES (%s, %s, 'b')", [DEFAULT_TENANT, top])
        # Both have the path a/b, which a products import matched twice.
        conn.execute("INSERT INTO catalog.product_category (tenant_id, name) "
                     "VALUES (%s, 'a/b'), (%s, ' pad')", [DEFAULT_TENANT, DEFAULT_TENANT])
    stops_counting(fresh_db, "2 catalog.product_category name(s): ' pad', 'a/b'.")
    with Migrator(fresh_db) as m:
        assert {x["id"]: x["state"] for x in m.status()["migrations"]}[
            "0035_category_name_path"] == "pending"
    apply_after(fresh_db,
                "UPDATE catalog.product_category SET name = replace(btrim(name), '/', '-')")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute(
            "SELECT convalidated FROM pg_constraint "
            "WHERE conname = 'product_category_name_path_check'").fetchone() == (True,)
        assert conn.execute(
            "SELECT count(*) FROM catalog.category_paths(%s) GROUP BY name_path ORDER BY 1 DESC "
            "LIMIT 1", [DEFAULT_TENANT]).fetchone() == (1,)


def test_stored_batch_numbers_with_blanks_around_stop_the_migration_and_are_named(fresh_db):
    back_to_before(fresh_db, "0036_batch_number_trimmed")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        p = conn.execute("INSERT INTO catalog.product (tenant_id, sku, name) "
                         "VALUES (%s, 'P', 'x') RETURNING id", [DEFAULT_TENANT]).fetchone()[0]
        conn.execute("INSERT INTO catalog.product_batch (tenant_id, product_id, batch_number) "
                     "VALUES (%s, %s, ' B1'), (%s, %s, 'B2 '), (%s, %s, 'LOT 3')",
                     [DEFAULT_TENANT, p] * 3)
    stops_counting(fresh_db, "2 catalog.product_batch batch_number(s): ' B1', 'B2 '.")
    with Migrator(fresh_db) as m:
        assert {x["id"]: x["state"] for x in m.status()["migrations"]}[
            "0036_batch_number_trimmed"] == "pending"
    apply_after(fresh_db, "UPDATE catalog.product_batch SET batch_number = btrim(batch_number)")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute(
            "SELECT convalidated FROM pg_constraint "
            "WHERE conname = 'product_batch_number_trimmed_check'").fetchone() == (True,)


def _in_zone(url: str, zone: str) -> str:
    """The URL with the session's TimeZone set, as PGTZ or a driver sets it."""
    from psycopg.conninfo import make_conninfo

    return make_conninfo(url, options=f"-c TimeZone={zone}")


def test_the_ledgers_time_zone_is_the_one_its_months_begin_in(fresh_db):
    back_to_before(fresh_db, "0037_ledger_time_zone")
    # The months were made in the server's zone; migrated from a session in
    # Tokyo (at midnight there, a month begins at 15:00 UTC), that is found.
    with Migrator(_in_zone(fresh_db, "Asia/Tokyo")) as m:
        m.apply()
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute("SELECT name FROM inventory.ledger_time_zone").fetchone() == (
            conn.execute("SELECT current_setting('TimeZone')").fetchone()
        )


def test_months_beginning_at_midnight_in_no_zone_it_can_guess_stop_the_migration(fresh_db):
    back_to_before(fresh_db, "0037_ledger_time_zone")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        # A month made in New York (05:00 UTC), as a run there would have.
        conn.execute(
            "CREATE TABLE inventory.stock_movement_p2040_01 PARTITION OF inventory.stock_movement "
            "FOR VALUES FROM ('2040-01-01 05:00+00') TO ('2040-02-01 05:00+00')")
    with Migrator(_in_zone(fresh_db, "UTC")) as m, pytest.raises(MigrationError) as failed:
        m.apply()
    assert failed.value.sqlstate == "55000"
    assert ("DETAIL: inventory.stock_movement_p2040_01 begins at 2040-01-01 05:00:00 UTC; "
            "this session's TimeZone is UTC, the server's") in str(failed.value)
    with Migrator(_in_zone(fresh_db, "UTC")) as m:
        assert {x["id"]: x["state"] for x in m.status()["migrations"]}[
            "0037_ledger_time_zone"] == "pending"


def test_returns_are_counted_from_the_ledger_and_its_detached_months(fresh_db):
    """0053 fills sales.sales_order_item_batch from the shipments and from every
    returned movement still in the database, detached months included; a line
    that took back more than it shipped (possible while a detached month's
    returns were forgotten) is kept at what shipped, and the run says so."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        shipped = ship_order(conn, (2, 3))
        product, loc = shipped["product"], shipped["location"]
        two, three = [r[0] for r in conn.execute(
            "SELECT id FROM sales.sales_order_item WHERE sales_order_id = %s ORDER BY quantity",
            [shipped["order"]]).fetchall()]
    # The rollback drops the views the api reads, so the order shipped first.
    back_to_before(fresh_db, "0053_sales_order_item_batch")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        # Returns as 0052's api posted them: one unit of each line in the ledger, and a
        # month detached by retention holding two more of the first line.
        returned = ("tenant_id, movement_type, product_id, location_id, quantity, reference_type, "
                    "reference_id, created_at")
        for line in (two, three):
            conn.execute(f"INSERT INTO inventory.stock_movement ({returned}) "
                         "VALUES (%s, 'returned', %s, %s, 1, 'sales_order_item', %s, now())",
                         [DEFAULT_TENANT, product, loc, line])
        conn.execute("CREATE TABLE inventory.stock_movement_p2020_01 "
                     "(LIKE inventory.stock_movement INCLUDING DEFAULTS)")
        conn.execute(f"INSERT INTO inventory.stock_movement_p2020_01 ({returned}, occurred_at) "
                     "VALUES (%s, 'returned', %s, %s, 2, 'sales_order_item', %s, now(), "
                     "'2020-01-15')", [DEFAULT_TENANT, product, loc, two])
        conn.execute("INSERT INTO ops.detached_ledger_month (table_name, range_from, range_to, "
                     "row_count) VALUES ('inventory.stock_movement_p2020_01', '2020-01-01', "
                     "'2020-02-01', 1)")
    with Migrator(fresh_db) as m:
        plan = m.apply()
    assert plan.warnings == [
        f"sales order line {two} (batch none) returned 3.000 of the 2.000 it shipped; kept as 2.000"
    ]
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute(
            "SELECT sales_order_item_id, quantity_shipped::text, quantity_returned::text "
            "FROM sales.sales_order_item_batch ORDER BY quantity_shipped").fetchall() == [
            (two, "2.000", "2.000"), (three, "3.000", "1.000")]
        with pytest.raises(psycopg.errors.InvalidParameterValue, match="has 0 left to return"):
            call(conn, "SELECT api.return_sales_order_item('r-1', %s, %s, 1)", [two, loc])
        assert call(conn, "SELECT api.return_sales_order_item('r-2', %s, %s, 2)", [three, loc])


def test_stored_emails_with_control_characters_stop_the_migration_and_count_them(fresh_db):
    back_to_before(fresh_db, "0056_email_no_control_characters")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("INSERT INTO procurement.supplier (tenant_id, code, name, email) "
                     "VALUES (%s, 'S', 'x', 'ring' || chr(7) || '@x.example')", [DEFAULT_TENANT])
    stops_counting(fresh_db, "1 procurement.supplier email(s).")
    apply_after(fresh_db, "UPDATE procurement.supplier SET email = 'ring@x.example'")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute(
            "SELECT count(*) FROM pg_constraint WHERE conname LIKE '%email_printable_check' "
            "AND convalidated").fetchone()[0] == 3


def test_stored_dates_past_9999_stop_the_migration_and_count_them_and_0031s_are_kept(fresh_db):
    back_to_before(fresh_db, "0057_dates_in_calendar")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        p = conn.execute("INSERT INTO catalog.product (tenant_id, sku, name) "
                         "VALUES (%s, 'P', 'x') RETURNING id", [DEFAULT_TENANT]).fetchone()[0]
        # 0031 kept a batch expiring at -infinity expired at the earliest date.
        conn.execute("INSERT INTO catalog.product_batch (tenant_id, product_id, batch_number, "
                     "expiry_date) VALUES (%s, %s, 'GONE', '4714-11-24 BC')", [DEFAULT_TENANT, p])
        # api.reserve_stock stored an expiry of infinity, which means none.
        w = conn.execute("INSERT INTO warehouse.warehouse (tenant_id, code, name) "
                         "VALUES (%s, 'W', 'W') RETURNING id", [DEFAULT_TENANT]).fetchone()[0]
        conn.execute("INSERT INTO inventory.reservation (tenant_id, product_id, warehouse_id, "
                     "quantity, expires_at) VALUES (%s, %s, %s, 1, 'infinity')",
                     [DEFAULT_TENANT, p, w])
        s = conn.execute("INSERT INTO procurement.supplier (tenant_id, code, name) "
                         "VALUES (%s, 'S', 'S') RETURNING id", [DEFAULT_TENANT]).fetchone()[0]
        conn.execute("INSERT INTO procurement.purchase_order (tenant_id, number, supplier_id, "
                     "currency, expected_at) VALUES (%s, 'PO-FAR', %s, 'EUR', '50000-01-01')",
                     [DEFAULT_TENANT, s])
    stops_counting(fresh_db, "1 procurement.purchase_order expected_at.")
    apply_after(fresh_db, "UPDATE procurement.purchase_order SET expected_at = '2027-01-01'")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute(
            "SELECT count(*) FROM pg_constraint WHERE conname LIKE '%in_calendar_check' "
            "AND convalidated").fetchone()[0] == 5
        assert conn.execute("SELECT expiry_date::text FROM catalog.product_batch").fetchall() == [
            ("1900-01-01",)]
        assert conn.execute("SELECT expires_at FROM inventory.reservation").fetchall() == [(None,)]


def test_stored_texts_past_their_limits_stop_the_migration_and_count_them(fresh_db):
    """The api stored a phone and a reservation's reference of any length; 0058
    holds each column to the import's limit, and stops, counting what is longer."""
    back_to_before(fresh_db, "0058_text_lengths")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("INSERT INTO sales.customer (tenant_id, code, name, phone) "
                     "VALUES (%s, 'C', 'C', repeat('5', 51))", [DEFAULT_TENANT])
        p = conn.execute("INSERT INTO catalog.product (tenant_id, sku, name) "
                         "VALUES (%s, 'P', 'x') RETURNING id", [DEFAULT_TENANT]).fetchone()[0]
        w = conn.execute("INSERT INTO warehouse.warehouse (tenant_id, code, name) "
                         "VALUES (%s, 'W', 'W') RETURNING id", [DEFAULT_TENANT]).fetchone()[0]
        conn.execute("INSERT INTO inventory.reservation (tenant_id, product_id, warehouse_id, "
                     "quantity, reference) VALUES (%s, %s, %s, 1, repeat('r', 100000))",
                     [DEFAULT_TENANT, p, w])
    stops_counting(fresh_db, "1 inventory.reservation reference over 500 characters, "
                             "1 sales.customer phone over 50 characters.")
    apply_after(fresh_db, "UPDATE sales.customer SET phone = '+49 30 1234567'",
                "UPDATE inventory.reservation SET reference = 'SO-1'")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute(
            "SELECT conname FROM pg_constraint WHERE convalidated AND conname IN "
            "('customer_phone_length_check', 'reservation_reference_length_check') "
            "ORDER BY 1").fetchall() == [("customer_phone_length_check",),
                                         ("reservation_reference_length_check",)]


def test_stored_json_past_64_kib_stops_the_migration_and_counts_it(fresh_db):
    """The api stored product attributes and tracking details of any size; 0059
    holds every JSON column to 64 KiB as JSON text, and stops, counting what is
    larger."""
    back_to_before(fresh_db, "0059_json_sizes")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("INSERT INTO catalog.product (tenant_id, sku, name, attributes) "
                     "VALUES (%s, 'P', 'x', jsonb_build_object('spec', repeat('x', 70000)))",
                     [DEFAULT_TENANT])
        conn.execute("INSERT INTO sales.customer (tenant_id, code, name, shipping_address) "
                     "VALUES (%s, 'C', 'C', jsonb_build_object('line1', repeat('x', 65528)))",
                     [DEFAULT_TENANT])
    stops_counting(fresh_db, "over 65,536 bytes as JSON text in: 1 catalog.product attributes, "
                             "1 sales.customer billing_address or shipping_address.")
    apply_after(fresh_db, "UPDATE catalog.product SET attributes = '{\"spec\": \"short\"}'",
                "UPDATE sales.customer SET shipping_address = '{}'")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute(
            "SELECT count(*) FROM pg_constraint WHERE convalidated "
            "AND pg_get_constraintdef(oid) LIKE '%octet_length(%::text) <= 65536%'"
        ).fetchone()[0] == 7


def test_a_stored_tenant_name_past_500_characters_stops_the_migration(fresh_db):
    """ops.create_tenant stored a company's name of any length; 0060 holds it to the
    500 characters of every other name, and stops, counting what is longer."""
    back_to_before(fresh_db, "0060_tenant_name_length")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("INSERT INTO auth.tenant (code, name) VALUES ('long', repeat('n', 100000))")
    stops_counting(fresh_db, "1 auth.tenant name over 500 characters.")
    apply_after(fresh_db, "UPDATE auth.tenant SET name = 'Long Ltd' WHERE code = 'long'")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute(
            "SELECT convalidated FROM pg_constraint WHERE conname = 'tenant_name_length_check'"
        ).fetchone() == (True,)


def test_stored_names_with_blanks_around_them_stop_the_migration_and_count_them(fresh_db):
    """The api stored ' Widget ' as a product's name, and so for warehouses,
    suppliers, customers, carriers and users' display names; 0061 refuses blanks
    around a name, as a category's already were, and stops, counting them."""
    back_to_before(fresh_db, "0061_trimmed_names")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        for sku, name in (("P1", " Widget"), ("P2", "Widget "), ("P3", "Widget")):
            conn.execute("INSERT INTO catalog.product (tenant_id, sku, name) VALUES (%s, %s, %s)",
                         [DEFAULT_TENANT, sku, name])
        conn.execute("INSERT INTO logistics.carrier (tenant_id, code, name) "
                     "VALUES (%s, 'K', 'Post ')", [DEFAULT_TENANT])
        conn.execute("UPDATE auth.app_user SET display_name = ' Admin'")
    stops_counting(fresh_db, "1 auth.app_user display_name with blanks around it, "
                             "2 catalog.product name with blanks around it, "
                             "1 logistics.carrier name with blanks around it.")
    apply_after(fresh_db, "UPDATE catalog.product SET name = btrim(name) WHERE name <> btrim(name)",
                "UPDATE logistics.carrier SET name = btrim(name)",
                "UPDATE auth.app_user SET display_name = btrim(display_name)")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute(
            "SELECT count(*) FROM pg_constraint "
            "WHERE convalidated AND conname LIKE '%name\\_trimmed\\_check'"
        ).fetchone()[0] == 7


def test_keys_stored_decomposed_stop_the_migration_and_count_them(fresh_db):
    """'Cafe' + U+0301 and 'Café' read the same and were two SKUs; 0067 holds codes
    and keys to NFC, and stops, counting what is stored in another form (two may
    be one key once composed: the owner merges them)."""
    back_to_before(fresh_db, "0067_nfc_keys")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        # Triggers off: triggers/ops/nfc.sql, a repeatable file, composes them.
        conn.execute("SET session_replication_role = replica")
        conn.execute("INSERT INTO catalog.product (tenant_id, sku, name) "
                     "VALUES (%s, %s, 'x'), (%s, 'OK', 'x')",
                     [DEFAULT_TENANT, "Cafe\u0301", DEFAULT_TENANT])
        conn.execute("INSERT INTO sales.customer (tenant_id, code, name) VALUES (%s, %s, 'x')",
                     [DEFAULT_TENANT, "MU\u0308LLER"])
    stops_counting(fresh_db, "1 catalog.product sku(s), 1 sales.customer code(s).")
    apply_after(fresh_db, "UPDATE catalog.product SET sku = normalize(sku, NFC)",
                "UPDATE sales.customer SET code = normalize(code, NFC)")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        skus = conn.execute("SELECT array_agg(sku ORDER BY sku) FROM catalog.product").fetchone()[0]
        assert skus == ["Caf\u00e9", "OK"]
        assert conn.execute(
            "SELECT count(*) FROM pg_constraint "
            "WHERE convalidated AND conname LIKE '%\\_nfc\\_check'").fetchone()[0] == 14


def test_names_stored_decomposed_are_composed_and_found_by_search(fresh_db):
    """A product named 'Cafe' + U+0301 before 0067 was not found by a search for
    'café' typed composed: 0068 writes stored names in NFC, as the api has since."""
    back_to_before(fresh_db, "0068_nfc_names")
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")  # as stored before _050_nfc
        conn.execute("INSERT INTO catalog.product (tenant_id, sku, name, description) "
                     "VALUES (%s, 'C-1', %s, %s), (%s, 'T-1', 'Tea', NULL)",
                     [DEFAULT_TENANT, "Cafe\u0301 noir", "Torre\u0301fie\u0301", DEFAULT_TENANT])
        conn.execute("INSERT INTO sales.customer (tenant_id, code, name) VALUES (%s, 'M', %s)",
                     [DEFAULT_TENANT, "Mu\u0308ller"])
    with Migrator(fresh_db) as m:
        m.apply()
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute("SELECT sku, name, description, version FROM catalog.product "
                            "ORDER BY sku").fetchall() == [
            ("C-1", "Caf\u00e9 noir", "Torr\u00e9fi\u00e9", 2), ("T-1", "Tea", None, 1)]
        assert conn.execute("SELECT name FROM sales.customer").fetchone()[0] == "M\u00fcller"
        with conn.transaction():
            conn.execute("SELECT api.set_context(%s)", [DEFAULT_TENANT])
            assert [r[0] for r in conn.execute(
                "SELECT sku FROM api.search_products('caf\u00e9')").fetchall()] == ["C-1"]
