"""Imports plan their lookups from statistics that describe the tables as they are.

Right after a bulk load autovacuum has not yet analysed the table, and
statistics taken while it was empty still describe it as empty. Planned from
them, a products source joined every staging row with every product: an
upsert of 100,000 products ran for more than 5 minutes. staging.finish_batch
now analyses such tables first. And where the planner cannot know a count
(how many words a product's text holds), the plan an import needs is pinned.
"""

from __future__ import annotations

import re
import threading

import psycopg
from helpers import DEFAULT_TENANT

TENANT = DEFAULT_TENANT
ROWS = 3000


def nested_plans(conn: psycopg.Connection, query: str, params: list | dict,
                 analyze: bool = False) -> list[str]:
    """The plans of the statements `query` runs, those inside functions included;
    with `analyze`, what each node did ("never executed" for a node that did not run)."""
    plans: list[str] = []
    conn.add_notice_handler(lambda diag: plans.append(diag.message_primary or ""))
    conn.execute("LOAD 'auto_explain'")
    conn.execute("SET LOCAL auto_explain.log_min_duration = 0")
    conn.execute("SELECT set_config('auto_explain.log_analyze', %s, true)",
                 ["on" if analyze else "off"])
    conn.execute("SET LOCAL auto_explain.log_nested_statements = on")
    # Sent to this client as notices, and not to the server's log: logged
    # there, a run of this file wrote 204 MB to the test cluster's log, one
    # plan and its context for each of an import's foreign key checks.
    conn.execute("SET LOCAL auto_explain.log_level = notice")
    conn.execute(query, params)
    return [p for p in plans if "plan:" in p]


def bulk_products(conn: psycopg.Connection) -> None:
    """ROWS products SKU-1 … in one INSERT, as a bulk load makes them."""
    conn.execute(
        "INSERT INTO catalog.product (tenant_id, sku, name) "
        "SELECT %s, 'SKU-' || n, 'Product ' || n FROM generate_series(1, %s) AS n",
        [TENANT, ROWS],
    )


def products_and_a_location(conn: psycopg.Connection) -> None:
    """The bulk-loaded products, and location A1 of warehouse W, for opening stock."""
    bulk_products(conn)
    conn.execute(
        "INSERT INTO warehouse.warehouse (tenant_id, code, name) VALUES (%s, 'W', 'W')", [TENANT])
    conn.execute(
        "INSERT INTO warehouse.location (tenant_id, warehouse_id, code) "
        "SELECT tenant_id, id, 'A1' FROM warehouse.warehouse WHERE code = 'W'")


def open_batch(conn: psycopg.Connection, kind: str, columns: list[str], mode: str = "insert",
               checksum: str = "0" * 64):
    """A batch of `kind` opened in conn's open transaction, under the tenant's context,
    as the CLI opens one before its COPY."""
    conn.execute("SELECT api.set_context(%s)", [TENANT])
    return conn.execute(
        "SELECT batch_id FROM staging.begin_batch(%s, %s, %s, 'Sheet1', %s, %s)",
        [kind, f"{kind}.xlsx", checksum, columns, mode],
    ).fetchone()[0]


def finish_logging_plans(conn: psycopg.Connection, batch, counted: str, relation: str,
                         analyze: bool = False):
    """Finishes the batch in conn's transaction: the plans it ran (see nested_plans),
    its status and its `counted` column (inserted or updated), and the planner's row
    estimate for `relation` afterwards."""
    plans = nested_plans(conn, "SELECT staging.finish_batch(%s)", [batch], analyze)
    outcome = conn.execute(
        f"SELECT status, {counted} FROM staging.import_batch WHERE id = %s", [batch]
    ).fetchone()
    estimate = conn.execute(
        "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [relation]
    ).fetchone()[0]
    return plans, outcome, estimate


def product_lookups(plan: str) -> list[str]:
    """The index conditions of every index scan on catalog.product in a plan."""
    return re.findall(
        r"Index (?:Only )?Scan using \w+ on product \w+.*\n\s+Index Cond: (.*)", plan
    )


def test_an_upsert_right_after_a_bulk_load_finds_products_by_sku(conn):
    # Statistics taken while the table was empty, then a bulk load.
    conn.execute("VACUUM ANALYZE catalog.product")
    bulk_products(conn)
    conn.execute("SELECT pg_stat_force_next_flush()")
    with conn.transaction():
        batch = open_batch(conn, "products", ["sku", "name"], "upsert")
        conn.execute(
            "INSERT INTO staging.product_row (tenant_id, batch_id, row_number, sku, name) "
            "SELECT %s, %s, n + 1, 'SKU-' || n, 'Renamed ' || n FROM generate_series(1, %s) AS n",
            [TENANT, batch, ROWS],
        )
        plans, outcome, estimate = finish_logging_plans(
            conn, batch, "updated", "catalog.product_sku_live_key")
    assert outcome == ("applied", ROWS)
    assert estimate == ROWS
    sources = [p for p in plans if "FROM staging.product_row" in p]
    assert sources, "no plan of staging.product_source was logged"
    for plan in sources:
        # Either a hash join over all products or a probe by SKU, never a
        # scan of the tenant's products for every row.
        assert all("sku" in cond for cond in product_lookups(plan)), plan


def test_a_bulk_insert_hashes_its_vocabulary_instead_of_sorting_every_word(conn):
    # The planner guesses one word per product; a sort of every word of
    # 100,000 products cost 0.5 s more than hashing the few distinct ones.
    with conn.transaction():
        plans = nested_plans(
            conn,
            "INSERT INTO catalog.product (tenant_id, sku, name, description) "
            "SELECT %s, 'SKU-' || n, 'Product ' || n, 'Hex bolt, zinc plated' "
            "FROM generate_series(1, %s) AS n",
            [TENANT, ROWS],
        )
        words = conn.execute(
            "SELECT array_agg(word ORDER BY word) FROM catalog.search_word WHERE tenant_id = %s",
            [TENANT],
        ).fetchone()[0]
    vocabulary = [p for p in plans if "INSERT INTO catalog.search_word" in p]
    assert vocabulary, "no plan of the vocabulary trigger was logged"
    # Hashed, then only the distinct words sorted (into word order, so two
    # statements adding the same new words wait for each other in one order);
    # that sort is costed as disabled, which must not bring JIT in.
    plan = vocabulary[0]
    assert "HashAggregate" in plan and plan.count("Sort Key:") == 1, plan
    assert "Sort Key: words.tenant_id, words.word" in plan, plan
    assert "JIT:" not in plan, plan
    assert words == ["bolt", "hex", "plated", "product", "zinc"]


SIMILAR_PRODUCTS = (
    "INSERT INTO catalog.product (tenant_id, sku, name) "
    "SELECT %(t)s, 'R' || %(r)s || '-' || n, w || 'q' || d || ' ' || w || 'r' || d "
    "FROM generate_series(1, %(n)s) AS n, "
    "LATERAL (SELECT 'x' || translate(lpad(%(r)s::text, 2, '0'), '0123456789', 'abcdefghij'), "
    "translate(lpad(n::text, 5, '0'), '0123456789', 'abcdefghij')) AS s (w, d)"
)
"""ROWS products of round r in one INSERT, each with two words new to the vocabulary
and alike in most of their letters (xbaqaaaab, xbaraaaab, ...), as part numbers
spelt in letters are."""


def test_the_vocabulary_is_looked_up_by_its_key_when_the_trigram_index_seems_cheaper(conn):
    """Vacuumed while the vocabulary was small, then analysed after it grew (autovacuum
    analyses at 10 % of a table changed and vacuums inserts at 20 %), the trigram
    index's statistics priced an equality lookup in it below one in the primary key.
    Each new word then rechecked every word sharing its trigrams: a 3,000-product
    import ran 34 s instead of 0.6 s, and one in CI ran past 30 s."""
    conn.execute("ALTER TABLE catalog.search_word SET (autovacuum_enabled = false)")
    conn.execute(SIMILAR_PRODUCTS, {"t": TENANT, "r": 1, "n": ROWS})
    conn.execute("VACUUM catalog.search_word")
    for round_ in range(2, 7):
        conn.execute(SIMILAR_PRODUCTS, {"t": TENANT, "r": round_, "n": ROWS})
    conn.execute("ANALYZE catalog.search_word")
    conn.execute(SIMILAR_PRODUCTS, {"t": TENANT, "r": 7, "n": ROWS})
    try:
        with conn.transaction():
            conn.execute("SET LOCAL statement_timeout = '20s'")
            plans = nested_plans(conn, SIMILAR_PRODUCTS, {"t": TENANT, "r": 8, "n": ROWS})
    except psycopg.errors.QueryCanceled as e:
        raise AssertionError(f"{ROWS} products' words still looked up after 20 s: {e}") from e
    vocabulary = [p for p in plans if "INSERT INTO catalog.search_word" in p]
    assert vocabulary, "no plan of the vocabulary trigger was logged"
    assert "search_word_trgm_idx" not in vocabulary[0], vocabulary[0]


def open_count_batch(conn: psycopg.Connection, warehouse: str, rows: int, n: int):
    """A cycle-count batch of `rows` rows staged in conn's open transaction."""
    batch = open_batch(conn, "cycle_counts", ["sku", "warehouse", "location", "counted_quantity"],
                       checksum=f"{n:064x}")
    conn.execute(
        "INSERT INTO staging.cycle_count_row (tenant_id, batch_id, row_number, sku, warehouse, "
        "location, counted_quantity) "
        "SELECT %s, %s, r + 1, 'COUNT-' || r, %s, 'A1', '0' FROM generate_series(1, %s) AS r",
        [TENANT, batch, warehouse, rows])
    return batch


def test_a_batch_is_analysed_when_its_rows_pass_the_threshold_and_not_before(fresh_db):
    with psycopg.connect(fresh_db) as conn:
        open_count_batch(conn, "W1", 3, 1)
        small = conn.execute("SELECT staging.refresh_statistics('cycle_counts')").fetchone()[0]
        conn.rollback()
        open_count_batch(conn, "W1", 200, 2)
        large = conn.execute("SELECT staging.refresh_statistics('cycle_counts')").fetchone()[0]
        # Asked again in the same transaction, with nothing written since.
        again = conn.execute("SELECT staging.refresh_statistics('cycle_counts')").fetchone()[0]
        conn.rollback()
    assert "staging.cycle_count_row" not in small
    assert "staging.cycle_count_row" in large
    assert again == []


def test_small_imports_of_a_kind_run_side_by_side(fresh_db):
    """An ANALYZE holds its table until the import commits: two imports that both
    analysed their staging table ran one after the other."""
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        for code in ("W1", "W2"):
            conn.execute("INSERT INTO warehouse.warehouse (tenant_id, code, name) "
                         "VALUES (%s, %s, %s)", [TENANT, code, code])
    first = psycopg.connect(fresh_db)
    second = psycopg.connect(fresh_db)
    done: dict = {}
    try:
        batch = open_count_batch(first, "W1", 3, 1)
        first.execute("SELECT staging.finish_batch(%s)", [batch])

        def import_second() -> None:
            batch = open_count_batch(second, "W2", 3, 2)
            done["status"] = second.execute(
                "SELECT staging.finish_batch(%s)", [batch]).fetchone()[0]["status"]
            second.commit()

        worker = threading.Thread(target=import_second)
        worker.start()
        worker.join(timeout=5)
        waited = worker.is_alive()
        first.commit()
        worker.join(timeout=30)
    finally:
        first.close()
        second.close()
    assert not waited, "the second import waited for the first to commit"
    assert done["status"] == "rejected"  # no such SKUs: checked, and nothing to apply


def test_an_upsert_asks_whether_a_unit_is_in_use_only_of_the_units_it_changes(conn):
    """The lock on products whose unit changes named catalog.unit_in_use as a
    condition of its own, and the planner ran it on every product of the tenant
    (2.5 ms each): an upsert of 100,000 unchanged products spent 250 s there."""
    bulk_products(conn)
    conn.execute("ANALYZE catalog.product")
    with conn.transaction():
        conn.execute("SET LOCAL track_functions = 'all'")
        batch = open_batch(conn, "products", ["sku", "name", "unit"], "upsert")
        conn.execute(
            "INSERT INTO staging.product_row (tenant_id, batch_id, row_number, sku, name, unit) "
            "SELECT %s, %s, n + 1, 'SKU-' || n, 'Product ' || n, "
            "CASE WHEN n <= 2 THEN 'kg' ELSE 'ea' END FROM generate_series(1, %s) AS n",
            [TENANT, batch, ROWS],
        )
        conn.execute("SELECT staging.finish_batch(%s)", [batch])
        status, updated = conn.execute(
            "SELECT status, updated FROM staging.import_batch WHERE id = %s", [batch]
        ).fetchone()
        calls = conn.execute(
            "SELECT coalesce(sum(calls), 0) FROM pg_stat_xact_user_functions "
            "WHERE funcid = 'catalog.unit_in_use'::regproc"
        ).fetchone()[0]
    assert (status, updated) == ("applied", 2)
    # The check's lock and its rule, the apply (again once it holds the rows,
    # before the stock) and the unit trigger ask once each per changed unit.
    assert 0 < calls <= 4 * 2, f"catalog.unit_in_use ran {calls} times for 2 changed units"


def test_whether_stock_has_moved_is_asked_of_the_balances_by_an_index(conn):
    """catalog.stock_has_moved asked for a product's balances, retired ones
    included, and every index on (tenant_id, product_id) of inventory.inventory
    keeps live rows only: each question read the whole table. At 2,000,000
    balances that was 100-230 ms a product, and an upsert of 100,000 products
    changing 80,000 units ran for over 15 minutes before it was stopped."""
    products_and_a_location(conn)
    with conn.transaction():  # balances as a bulk load leaves them, without their ledger
        conn.execute("SET LOCAL session_replication_role = replica")
        conn.execute(
            "INSERT INTO inventory.inventory (tenant_id, product_id, location_id, on_hand) "
            "SELECT p.tenant_id, p.id, l.id, 1 FROM catalog.product AS p "
            "CROSS JOIN warehouse.location AS l WHERE p.sku <> 'SKU-1'")
    conn.execute("ANALYZE inventory.inventory")
    ids = dict(conn.execute(
        "SELECT sku, id FROM catalog.product WHERE sku IN ('SKU-1', 'SKU-2')").fetchall())
    for sku, moved in (("SKU-2", True), ("SKU-1", False)):
        with conn.transaction():
            plans = nested_plans(conn, "SELECT catalog.stock_has_moved(%s, %s) AS moved",
                                 [TENANT, ids[sku]])
            answer = conn.execute("SELECT catalog.stock_has_moved(%s, %s)",
                                  [TENANT, ids[sku]]).fetchone()[0]
        assert answer is moved
        asked = [p for p in plans if "inventory.inventory" in p]
        assert asked, "no plan of stock_has_moved's balances was logged"
        for plan in asked:
            assert "Seq Scan on inventory" not in plan, plan
    # A retired balance counts as moved stock too (inventory_retired_idx finds it).
    with conn.transaction():
        conn.execute("SET LOCAL session_replication_role = replica")
        conn.execute("UPDATE inventory.inventory SET deleted_at = now(), on_hand = 0 "
                     "WHERE product_id = %s", [ids["SKU-2"]])
    assert conn.execute("SELECT catalog.stock_has_moved(%s, %s)",
                        [TENANT, ids["SKU-2"]]).fetchone()[0] is True


def test_opening_stock_plans_its_alerts_from_the_batches_it_created(conn):
    """An opening-stock import creates its batches, then posts movements whose
    alert trigger looks each one up. Planned for the few batches an empty
    table is guessed to hold, it scanned every batch of the tenant for each
    row (500 s for 100,000 rows instead of 11 s); the import now analyses the
    batches once it has made them."""
    conn.execute("VACUUM ANALYZE catalog.product, catalog.product_batch")
    products_and_a_location(conn)
    conn.execute("SELECT pg_stat_force_next_flush()")
    with conn.transaction():
        batch = open_batch(conn, "opening_stock", ["sku", "warehouse", "location", "quantity",
                                                   "batch_number", "expiry_date"])
        conn.execute(
            "INSERT INTO staging.opening_stock_row (tenant_id, batch_id, row_number, sku, "
            "warehouse, location, quantity, batch_number, expiry_date) "
            "SELECT %s, %s, n + 1, 'SKU-' || n, 'W', 'A1', '5', 'LOT-' || n, '2031-01-01' "
            "FROM generate_series(1, %s) AS n",
            [TENANT, batch, ROWS],
        )
        plans, outcome, estimate = finish_logging_plans(
            conn, batch, "inserted", "catalog.product_batch")
    assert outcome == ("applied", ROWS)
    assert estimate == ROWS
    expiring = [p for p in plans if "'batch_expiring'" in p]
    assert expiring, "no plan of the batch alert judgement was logged"
    for plan in expiring:
        lookups = re.findall(
            r"Index (?:Only )?Scan using \w+ on product_batch \w+.*\n\s+Index Cond: (.*)", plan)
        # By the batch's key (or a hash join over all of them), never every
        # batch of the tenant for each row.
        assert all("id = " in cond for cond in lookups), plan


def test_opening_stock_posts_its_movements_planned_for_the_rows_it_has(conn):
    """The movements of an opening-stock batch took their idempotency keys from the
    claim's RETURNING, joined on the key: the planner guessed 100,000 x 100,000 / 200
    rows for that join (50 million), so it sorted both lists to disk to merge them and
    the statement's cost set off JIT compilation, 0.4 s of a 100,000-row import. The
    plan of the posting statement now expects as many movements as the sheet has rows."""
    products_and_a_location(conn)
    with conn.transaction():
        batch = open_batch(conn, "opening_stock", ["sku", "warehouse", "location", "quantity"])
        conn.execute(
            "INSERT INTO staging.opening_stock_row (tenant_id, batch_id, row_number, sku, "
            "warehouse, location, quantity) "
            "SELECT %s, %s, n + 1, 'SKU-' || n, 'W', 'A1', '5' FROM generate_series(1, %s) AS n",
            [TENANT, batch, ROWS],
        )
        plans, outcome, _ = finish_logging_plans(conn, batch, "inserted", "catalog.product")
        posted = conn.execute(
            "SELECT count(*) FROM inventory.stock_movement AS m "
            "JOIN inventory.movement_request AS r "
            "ON r.tenant_id = m.tenant_id AND r.idempotency_key = m.idempotency_key "
            "WHERE m.reference_id = %s", [batch]).fetchone()[0]
    assert outcome == ("applied", ROWS)
    # Every movement's key is claimed, once.
    assert posted == ROWS
    posting = [p for p in plans if "Insert on stock_movement" in p]
    assert len(posting) == 1, plans
    # The rows the insert is planned to take.
    estimate = re.search(r'Subquery Scan on "\*SELECT\*"  \(cost=\S+ rows=(\d+)', posting[0])
    assert estimate, posting[0]
    assert int(estimate.group(1)) == ROWS, posting[0]


def test_a_products_batch_finds_its_categories_by_hash_not_by_sorting_every_row(conn):
    """catalog.category_paths is a function, so the planner has no statistics of its
    rows: at its default guess of 1,000 it expected each staging row to match five
    paths, and a 1,048,575-row batch sorted every row by its category path (110 MB
    on disk) to merge them, 2 to 3 s of its 11 s check."""
    conn.execute("INSERT INTO catalog.product_category (tenant_id, name) VALUES (%s, 'Tools')",
                 [TENANT])
    with conn.transaction():
        batch = open_batch(conn, "products", ["sku", "name", "category"])
        conn.execute(
            "INSERT INTO staging.product_row "
            "(tenant_id, batch_id, row_number, sku, name, category) "
            "SELECT %s, %s, n + 1, 'SKU-' || n, 'Product ' || n, "
            "CASE WHEN n %% 2 = 0 THEN 'Tools' END FROM generate_series(1, %s) AS n",
            [TENANT, batch, ROWS],
        )
        plans, outcome, _ = finish_logging_plans(
            conn, batch, "inserted", "catalog.product_sku_live_key")
    assert outcome == ("applied", ROWS)
    sources = [p for p in plans if "FROM staging.product_row" in p and "paths AS" in p]
    assert sources, "no plan of staging.product_source was logged"
    for plan in sources:
        assert "Function Scan on category_paths" in plan, plan
        assert "Merge" not in plan and "Sort Key" not in plan, plan


def test_a_products_sheet_without_a_category_column_is_not_read_for_categories(conn):
    """Whether to lock the categories was asked of every row of the batch, and a sheet
    without the column has none to name: a million-row batch spent 0.9 s finding that."""
    with conn.transaction():
        batch = open_batch(conn, "products", ["sku", "name"])
        conn.execute(
            "INSERT INTO staging.product_row (tenant_id, batch_id, row_number, sku, name) "
            "SELECT %s, %s, n + 1, 'SKU-' || n, 'Product ' || n FROM generate_series(1, %s) AS n",
            [TENANT, batch, ROWS],
        )
        plans, outcome, _ = finish_logging_plans(
            conn, batch, "inserted", "catalog.product_sku_live_key", analyze=True)
    assert outcome == ("applied", ROWS)
    asked = [p for p in plans if "category IS NOT NULL" in p]
    assert len(asked) == 1, plans
    scans = re.findall(r"Scan\b.* on product_row \w+ (.*)", asked[0])
    assert scans and all(s.endswith("(never executed)") for s in scans), asked[0]

