"""stockdb demo --small end to end: the report's figures against SQL on the demo database."""

from __future__ import annotations

import json

import openpyxl
import psycopg
import pytest
from helpers import DEFAULT_TENANT, run_cli

from stockdb import demo
from stockdb.db import with_dbname

pytestmark = pytest.mark.slow


@pytest.mark.usefixtures("cluster_lock")
def test_demo_small_runs_end_to_end_and_its_report_matches_the_database(databases, tmp_path):
    admin = databases.url("postgres")
    done = run_cli("demo", "--small", "--seed", "7", "--json", "--output-dir", str(tmp_path),
                   env={"DATABASE_URL": admin}, timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    url = with_dbname(admin, report["database"])
    ops = report["operations"]
    for what in ("sales orders shipped", "purchase receipts", "transfers", "cycle counts",
                 "count differences", "returns", "shipments delivered", "shipments delayed",
                 "batches held (recall)", "batch holds lifted",
                 "backorders (short lines split off)", "backorders shipped"):
        assert ops.get(what, 0) > 0, f"the simulation did no {what}"
    assert report["integrity_findings"] == 0

    with psycopg.connect(url) as conn:
        tenants = dict(conn.execute("SELECT code, id::text FROM auth.tenant").fetchall())
        assert set(tenants) == {"default", "northwind"}
        assert tenants["default"] == DEFAULT_TENANT
        products = conn.execute("SELECT count(*) FROM catalog.product").fetchone()[0]
        assert products == 200
        # A forecast for every product in every warehouse of its tenant, through the api.
        forecasts, pairs = conn.execute(
            "SELECT (SELECT count(*) FROM planning.demand_forecast), "
            "(SELECT count(*) FROM catalog.product AS p JOIN warehouse.warehouse AS w "
            "ON w.tenant_id = p.tenant_id)").fetchone()
        assert forecasts == pairs > 0
        ledger = conn.execute("SELECT count(*) FROM inventory.stock_movement").fetchone()[0]
        assert ledger == report["opening_stock_rows"] + report["movements"]
        assert conn.execute("SELECT count(*) FROM ops.balance_mismatches()").fetchone()[0] == 0
        for code, tenant_id in tenants.items():
            figures = report["tenants"][code]
            values = dict(conn.execute(
                "SELECT w.code, sum(round(i.on_hand * b.unit_cost_minor))::bigint "
                "FROM inventory.inventory AS i "
                "JOIN warehouse.location AS l ON l.id = i.location_id "
                "JOIN warehouse.warehouse AS w ON w.id = l.warehouse_id "
                "JOIN catalog.product_batch AS b ON b.id = i.batch_id "
                "WHERE i.tenant_id = %s AND i.on_hand > 0 AND b.unit_cost_minor IS NOT NULL "
                "GROUP BY 1", [tenant_id]).fetchall())
            assert {v["warehouse"]: v["value_minor"] for v in figures["stock_value"]} == values
            orders, shipped = conn.execute(
                "SELECT count(*), count(*) FILTER (WHERE status IN ('shipped', 'closed')) "
                "FROM sales.sales_order WHERE tenant_id = %s", [tenant_id]).fetchone()
            assert (figures["sales_orders"], figures["sales_orders_shipped"]) == (orders, shipped)
            assert figures["fulfilment_rate_percent"] == round(100 * shipped / orders, 1)
            for batch in figures["expiring_batches"]:
                on_hand = conn.execute(
                    "SELECT sum(i.on_hand) FROM inventory.inventory AS i "
                    "JOIN catalog.product_batch AS b ON b.id = i.batch_id "
                    "JOIN warehouse.location AS l ON l.id = i.location_id "
                    "JOIN warehouse.warehouse AS w ON w.id = l.warehouse_id "
                    "WHERE i.tenant_id = %s AND b.batch_number = %s AND w.code = %s",
                    [tenant_id, batch["batch"], batch["warehouse"]]).fetchone()[0]
                assert float(on_hand) == batch["on_hand"]
            # Which lines are low depends on how the concurrent workers interleaved, so
            # the list is checked against the balances: every line, and none missed.
            # Sellable: what allocation may take (no quarantine, location out of
            # use, held or expired lot), as the report counts it.
            low_now = conn.execute(
                "WITH s AS (SELECT p.sku, w.code, sum(i.available) AS available, "
                "sum(i.available) FILTER (WHERE l.active AND l.kind <> 'quarantine' "
                "AND b.held_at IS NULL AND (b.expiry_date IS NULL "
                "OR b.expiry_date >= (now() AT TIME ZONE w.timezone)::date)) AS sellable, "
                "p.reorder_point "
                "FROM inventory.inventory AS i "
                "JOIN catalog.product AS p ON p.id = i.product_id "
                "JOIN warehouse.location AS l ON l.id = i.location_id "
                "JOIN warehouse.warehouse AS w ON w.id = l.warehouse_id "
                "LEFT JOIN catalog.product_batch AS b ON b.id = i.batch_id "
                "WHERE i.tenant_id = %s AND i.deleted_at IS NULL AND p.active "
                "AND p.deleted_at IS NULL AND p.reorder_point > 0 AND w.active "
                "GROUP BY p.sku, w.code, p.reorder_point) "
                "SELECT sku, code, available::float, coalesce(sellable, 0)::float, "
                "reorder_point::float FROM s WHERE coalesce(sellable, 0) <= reorder_point "
                "ORDER BY coalesce(sellable, 0) - reorder_point, 1, 2", [tenant_id]).fetchall()
            assert [(v["sku"], v["warehouse"], v["available"], v["sellable"], v["reorder_point"])
                    for v in figures["low_stock"]] == low_now[:10]
            # "order 0" under the reorder point is explained by what is already on
            # order for that warehouse (every demo order names one).
            assert conn.execute(
                "SELECT count(*) FROM procurement.purchase_order "
                "WHERE tenant_id = %s AND warehouse_id IS NULL", [tenant_id]).fetchone()[0] == 0
            for low in figures["low_stock"]:
                on_order = conn.execute(
                    "SELECT coalesce(sum(i.quantity_ordered - i.quantity_received), 0) "
                    "FROM procurement.purchase_order_item AS i "
                    "JOIN procurement.purchase_order AS o ON o.id = i.purchase_order_id "
                    "JOIN warehouse.warehouse AS w ON w.id = o.warehouse_id "
                    "JOIN catalog.product AS p ON p.id = i.product_id "
                    "WHERE i.tenant_id = %s AND p.sku = %s AND w.code = %s "
                    "AND o.status IN ('ordered', 'partial')",
                    [tenant_id, low["sku"], low["warehouse"]]).fetchone()[0]
                assert float(on_order) == low["on_order"]
        delayed = conn.execute(
            "SELECT count(*) FROM logistics.shipment WHERE status = 'delayed'").fetchone()[0]
        assert delayed == ops["shipments delayed"]
    assert any(t["expiring_batches"] for t in report["tenants"].values())

    book = openpyxl.load_workbook(report["workbook"], read_only=True)
    assert book.sheetnames == ["Summary", "Stock value", "Low stock", "Expiring", "Stock by day"]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row[0]}
    assert summary["integrity findings"] == 0
    assert summary["movements posted"] == report["movements"]
    days = list(book["Stock by day"].iter_rows(values_only=True))
    assert len(days) == 31, "a header and one row per simulated day"

    png = (tmp_path / "demo-stock.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 20_000

    human = run_cli("demo", "--small", "--seed", "7", "--output-dir", str(tmp_path),
                    env={"DATABASE_URL": admin}, timeout=600)
    assert human.returncode == 0, human.stderr
    assert "integrity check: 0 finding(s)" in human.stdout
    assert "api.search_products('milk')" in human.stdout
    assert "stockdb_demo" in human.stdout


@pytest.mark.usefixtures("cluster_lock")
def test_an_output_directory_that_cannot_be_made_stops_the_demo_before_the_database(
        databases, tmp_path):
    """Made after the demo database was created and the tenants set up, it failed
    with a traceback; now it is the first step, and one line."""
    admin = databases.url("postgres")

    def demo_database() -> int | None:  # its oid: a new one if it was made again
        with psycopg.connect(admin) as conn:
            row = conn.execute(
                "SELECT oid FROM pg_database WHERE datname = 'stockdb_demo'").fetchone()
        return row and row[0]

    before = demo_database()
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    done = run_cli("demo", "--small", "--output-dir", str(blocker / "out"),
                   env={"DATABASE_URL": admin}, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [f"stockdb: {blocker / 'out'}: Not a directory"]
    assert demo_database() == before


@pytest.mark.usefixtures("cluster_lock")
def test_a_second_demo_while_one_runs_is_refused_and_drops_nothing(databases, tmp_path):
    """The second demo dropped stockdb_demo under the first one's workers, which failed with
    'terminating connection due to administrator command'."""
    admin = databases.url("postgres")
    with psycopg.connect(admin, autocommit=True) as running:
        running.execute("SELECT pg_advisory_lock(%s)", [demo.DEMO_LOCK])
        databases.drop(demo.DEMO_DB)
        running.execute(f"CREATE DATABASE {demo.DEMO_DB}")
        with psycopg.connect(with_dbname(admin, demo.DEMO_DB)) as inside:
            second = run_cli("demo", "--small", "--output-dir", str(tmp_path),
                             env={"DATABASE_URL": admin}, timeout=60)
            assert inside.execute("SELECT 1").fetchone() == (1,), "its database is still there"
    databases.drop(demo.DEMO_DB)
    assert second.returncode == 1
    assert second.stderr.strip().splitlines()[-1] == (
        "stockdb: another stockdb demo is running on this server, and a second one would drop "
        "stockdb_demo under it: wait for it to finish")


def test_the_demos_expiring_batches_line_up_and_say_day_for_one(capsys):
    """A batch number of 13 characters pushed its line out of the column, and a
    batch expiring tomorrow read '(1 days)'."""
    from stockdb.cli import _demo_human

    batches = [{"sku": "DEF-00088", "batch": "LOT-BER-88-1", "warehouse": "BER",
                "expiry_date": "2026-12-08", "days_to_expiry": 1, "on_hand": 13},
               {"sku": "DEF-00206", "batch": "LOT-BER-206-2", "warehouse": "BER",
                "expiry_date": "2026-12-09", "days_to_expiry": 2, "on_hand": 4}]
    _demo_human({"database": "stockdb_demo", "seconds": 1, "movements": 1,
                 "simulation_seconds": 1, "movements_per_second": 1, "operations": {},
                 "integrity_findings": 0, "workbook": "w.xlsx", "chart": "c.png",
                 "connect": "", "tenants": {"default": {
                     "stock_value": [], "sales_orders": 0, "sales_orders_shipped": 0,
                     "fulfilment_rate_percent": None, "low_stock": [],
                     "expiring_batches": batches}}})
    lines = [ln for ln in capsys.readouterr().out.splitlines() if "LOT-BER" in ln]
    assert [ln.index(" BER ") for ln in lines] == [28, 28]
    assert "(1 day) on hand 13" in lines[0] and "(2 days) on hand 4" in lines[1]
