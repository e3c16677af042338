"""Rules that must hold between concurrent sessions, not only within one."""

from __future__ import annotations

import threading
import time

import psycopg
from helpers import DEFAULT_TENANT


def make_category(conn, name, parent=None):
    return conn.execute(
        "INSERT INTO catalog.product_category (tenant_id, name, parent_id) VALUES (%s, %s, %s) "
        "RETURNING id",
        [DEFAULT_TENANT, name, parent],
    ).fetchone()[0]


def test_two_concurrent_moves_cannot_make_a_cycle(fresh_db):
    with psycopg.connect(fresh_db, autocommit=True) as setup:
        x = make_category(setup, "X")
        y = make_category(setup, "Y")

    move = "UPDATE catalog.product_category SET parent_id = %s WHERE id = %s"
    a = psycopg.connect(fresh_db)
    b = psycopg.connect(fresh_db)
    outcome: dict = {}
    try:
        a.execute(move, [y, x])

        def move_y_under_x() -> None:
            try:
                b.execute(move, [x, y])
                b.commit()
                outcome["b"] = "committed"
            except psycopg.Error as exc:
                b.rollback()
                outcome["b"] = exc.sqlstate

        worker = threading.Thread(target=move_y_under_x)
        worker.start()
        time.sleep(0.5)
        assert worker.is_alive(), "the second move did not wait for the first"
        a.commit()
        worker.join(timeout=30)
    finally:
        a.close()
        b.close()

    assert outcome["b"] == "23514", "the second move made a cycle"
    with psycopg.connect(fresh_db) as check:
        paths = dict(
            check.execute("SELECT name, path FROM catalog.product_category").fetchall()
        )
    assert paths["X"] == f"/{y}/{x}/"
    assert paths["Y"] == f"/{y}/"


def test_concurrent_lines_keep_the_order_total_exact(fresh_db, lines=40):
    with psycopg.connect(fresh_db, autocommit=True) as setup:
        cust = setup.execute(
            "INSERT INTO sales.customer (tenant_id, code, name) VALUES (%s, 'C', 'C') RETURNING id",
            [DEFAULT_TENANT],
        ).fetchone()[0]
        product = setup.execute(
            "INSERT INTO catalog.product (tenant_id, sku, name) VALUES (%s, 'P', 'P') RETURNING id",
            [DEFAULT_TENANT],
        ).fetchone()[0]
        order = setup.execute(
            "INSERT INTO sales.sales_order (tenant_id, number, customer_id, currency) "
            "VALUES (%s, 'SO-1', %s, 'EUR') RETURNING id",
            [DEFAULT_TENANT, cust],
        ).fetchone()[0]

    def add_lines(worker: int) -> None:
        with psycopg.connect(fresh_db, autocommit=True) as conn:
            for i in range(lines):
                conn.execute(
                    "INSERT INTO sales.sales_order_item "
                    "(tenant_id, sales_order_id, product_id, quantity, unit_price_minor) "
                    "VALUES (%s, %s, %s, 1, %s)",
                    [DEFAULT_TENANT, order, product, 100 * worker + i],
                )

    workers = [threading.Thread(target=add_lines, args=(w,)) for w in range(4)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(timeout=120)
    with psycopg.connect(fresh_db) as check:
        subtotal, total, lines_sum = check.execute(
            "SELECT so.subtotal_minor, so.total_minor, sum(i.line_total_minor) "
            "FROM sales.sales_order AS so "
            "JOIN sales.sales_order_item AS i ON i.sales_order_id = so.id "
            "GROUP BY so.tenant_id, so.id"
        ).fetchone()
    expected = sum(100 * w + i for w in range(4) for i in range(lines))
    assert subtotal == total == lines_sum == expected
