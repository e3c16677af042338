"""Migration 0030: the NaN stock levels and capacities the api stored before
it refused them are replaced, then the tables refuse NaN themselves."""

from __future__ import annotations

from pathlib import Path

import psycopg
from helpers import DEFAULT_TENANT

from stockdb import PROJECT_ROOT
from stockdb.migrate import Migrator


def test_stored_nan_levels_and_capacities_are_replaced_then_refused(fresh_db):
    later = sorted(p.name for p in Path(PROJECT_ROOT, "migrations").glob("*.rollback.sql"))
    steps = len(later) - later.index("0030_no_nan_levels.rollback.sql")
    with Migrator(fresh_db) as m:
        assert m.rollback(steps=steps).rolled_back[-1] == "0030_no_nan_levels"
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
