"""Roles, ownership and row security: read from the catalogue, then tried as each role.

tests/sql/test_tenant_isolation.sql covers what stockdb_app reaches inside a
transaction; these tests cover what needs its own connections (the importer,
the relay, maintenance) or a tool (pg_dump).
"""

from __future__ import annotations

import re
from pathlib import Path

import psycopg
import pytest
import xlsxwriter
from helpers import DEFAULT_TENANT, OUR_SCHEMAS, ownership_breaks
from psycopg.conninfo import make_conninfo

from stockdb import PROJECT_ROOT
from stockdb.migrate import run_sql_file
from stockdb.schema import schema_dump
from stockdb.xlsx_import import run_import

ROLES = {
    # role: may bypass row security
    "stockdb_owner": False,
    "stockdb_app": False,
    "stockdb_analyst": False,
    "stockdb_importer": False,
    "stockdb_maintenance": True,
    "stockdb_relay": False,
    "stockdb_rls_exempt": True,
}
# Tables with tenant_id that row security leaves alone, and why.
UNPOLICED = {
    "audit.outbox",  # the relay's queue for every tenant
    # Written for every tenant at once by partition maintenance, as the ledger's
    # owner (on whom row security is forced); no application role reaches it.
    "inventory.ledger_carry",
    # COPY FROM refuses a table with row security; the importer only inserts.
    *(
        f"staging.{kind}_row"
        for kind in (
            "category",
            "product",
            "supplier",
            "customer",
            "opening_stock",
            "purchase_order",
            "cycle_count",
            "price",
            "location",
        )
    ),
}


def as_role(url: str, role: str) -> str:
    """The same database, with the session started as `role` (the test user is a superuser)."""
    return make_conninfo(url, options=f"-c role={role}")


def row_security_breaks(conn: psycopg.Connection) -> list[str]:
    rows = conn.execute(
        """SELECT c.oid::regclass::text, c.relrowsecurity, c.relforcerowsecurity,
                  (SELECT pg_get_expr(p.polqual, p.polrelid) FROM pg_policy AS p
                   WHERE p.polrelid = c.oid AND p.polname = 'tenant_isolation'),
                  (SELECT count(*) FROM pg_policy AS p WHERE p.polrelid = c.oid AND p.polpermissive)
           FROM pg_class AS c
           JOIN pg_attribute AS a ON a.attrelid = c.oid AND a.attname = 'tenant_id'
           WHERE c.relnamespace::regnamespace::text = ANY (%s)
             AND c.relkind IN ('r', 'p') AND NOT c.relispartition
           ORDER BY 1""",
        [OUR_SCHEMAS],
    ).fetchall()
    breaks = []
    for name, enabled, forced, qual, policies in rows:
        if name in UNPOLICED:
            continue
        if not (enabled and forced):
            breaks.append(f"{name}: row security enabled={enabled} forced={forced}")
        if qual is None or "stockdb.tenant_id" not in qual or "tenant_id =" not in qual:
            breaks.append(f"{name}: no tenant_isolation policy on tenant_id")
        if policies != 1:
            breaks.append(
                f"{name}: {policies} permissive policies (another would widen tenant_isolation)"
            )
    return breaks


def test_every_object_has_its_owner_and_no_definer_runs_as_a_superuser(conn):
    assert ownership_breaks(conn) == []
    definers_of_superusers = conn.execute(
        """SELECT p.oid::regprocedure::text FROM pg_proc AS p
           JOIN pg_roles AS r ON r.oid = p.proowner
           WHERE p.prosecdef AND r.rolsuper
             AND NOT EXISTS (SELECT 1 FROM pg_depend AS d
                             WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
                               AND d.deptype = 'e')"""
    ).fetchall()
    assert definers_of_superusers == []


def test_roles_are_groups_and_only_two_bypass_row_security(conn):
    rows = dict(
        (name, (login, superuser, bypass))
        for name, login, superuser, bypass in conn.execute(
            "SELECT rolname, rolcanlogin, rolsuper, rolbypassrls FROM pg_roles "
            "WHERE rolname LIKE 'stockdb\\_%'"
        ).fetchall()
    )
    assert {name: rows.get(name) for name in ROLES} == {
        name: (False, False, bypass) for name, bypass in ROLES.items()
    }


def test_every_tenant_table_has_forced_row_security_and_one_policy(conn):
    assert row_security_breaks(conn) == []
    assert conn.execute("SELECT count(*) FROM pg_policy").fetchone()[0] > 25


def test_a_new_tenant_table_is_caught_then_covered_by_the_policies_file(conn):
    conn.execute(
        "CREATE TABLE catalog.careless (tenant_id uuid NOT NULL, id uuid NOT NULL, "
        "PRIMARY KEY (tenant_id, id))"
    )
    assert row_security_breaks(conn) == [
        "catalog.careless: row security enabled=False forced=False",
        "catalog.careless: no tenant_isolation policy on tenant_id",
        "catalog.careless: 0 permissive policies (another would widen tenant_isolation)",
    ]
    conn.execute("ALTER TABLE catalog.careless OWNER TO stockdb_owner")
    run_sql_file(conn, PROJECT_ROOT / "sql" / "policies" / "tenant_isolation.sql")
    assert row_security_breaks(conn) == []


# What pg_dump says stockdb_app holds: exactly these shapes, nothing else.
APP_GRANTS = [
    re.compile(r"GRANT USAGE ON SCHEMA (api|report) TO stockdb_app;"),
    re.compile(r"GRANT ALL ON FUNCTION (api|report)\.\w+\(.*\) TO stockdb_app;"),
    re.compile(r"GRANT SELECT ON TABLE report\.\w+ TO stockdb_app;"),
]


def test_pg_dump_shows_the_app_role_holding_only_the_api_and_the_reports(fresh_db):
    # pg_dump writes EXECUTE as GRANT ALL ON FUNCTION.
    dump = schema_dump(fresh_db)
    # Privilege statements only: function bodies name the role too.
    lines = [
        line
        for line in dump.splitlines()
        if "stockdb_app" in line and line.startswith(("GRANT", "REVOKE", "ALTER DEFAULT"))
    ]
    assert [line for line in lines if not any(p.fullmatch(line) for p in APP_GRANTS)] == []
    with psycopg.connect(fresh_db) as conn:
        functions, reports = conn.execute(
            "SELECT (SELECT count(*) FROM pg_proc "
            "WHERE pronamespace IN ('api'::regnamespace, 'report'::regnamespace)), "
            "(SELECT count(*) FROM pg_class WHERE relnamespace = 'report'::regnamespace "
            "AND relkind IN ('r', 'v', 'm'))"
        ).fetchone()
    assert sum(1 for line in lines if " ON FUNCTION " in line) == functions
    assert sum(1 for line in lines if " ON TABLE " in line) == reports
    # Nothing of ours is left to PUBLIC but the enum types every caller passes.
    public = [
        line
        for line in dump.splitlines()
        if re.match(r"GRANT .* TO PUBLIC;", line)
        and any(f" {s}." in line or f"SCHEMA {s} " in line for s in OUR_SCHEMAS)
    ]
    assert public == []


def _refused(url: str, query: str) -> str:
    with psycopg.connect(url) as conn, pytest.raises(psycopg.Error) as caught:
        conn.execute(query)
    return caught.value.sqlstate


def _two_tenants(url: str) -> None:
    """Stock in two tenants, with a reservation already past expires_at in each."""
    with psycopg.connect(url) as conn:
        other = conn.execute(
            "INSERT INTO auth.tenant (code, name) VALUES ('beta', 'Beta') RETURNING id"
        ).fetchone()[0]
        for tenant in (DEFAULT_TENANT, other):
            conn.execute("SELECT api.set_context(%s)", [tenant])
            wh = conn.execute("SELECT api.create_warehouse('W', 'Main')").fetchone()[0]
            loc = conn.execute("SELECT api.create_location(%s, 'A1')", [wh]).fetchone()[0]
            product = conn.execute("SELECT api.create_product('P', 'Product P')").fetchone()[0]
            conn.execute("SELECT api.receive_stock('in', %s, %s, 10)", [product, loc])
            conn.execute(
                "SELECT api.reserve_stock('res', %s, %s, 4)",
                [product, wh],
            )
        # Overdue without waiting: api.reserve_stock refuses a past expires_at.
        conn.execute(
            "UPDATE inventory.reservation SET created_at = now() - interval '2 minutes', "
            "expires_at = now() - interval '1 minute'"
        )
        conn.commit()


def test_analyst_reads_reports_and_nothing_else(fresh_db):
    _two_tenants(fresh_db)
    url = as_role(fresh_db, "stockdb_analyst")
    with psycopg.connect(url) as conn:
        # An analyst names the tenant the way an application does.
        conn.execute("SELECT set_config('stockdb.tenant_id', %s, true)", [DEFAULT_TENANT])
        rows = conn.execute("SELECT tenant_id, on_hand FROM report.stock_on_hand").fetchall()
    assert [(str(t), on_hand) for t, on_hand in rows] == [(DEFAULT_TENANT, 10)]
    assert _refused(url, "SELECT * FROM catalog.product") == "42501"
    assert _refused(url, "SELECT * FROM ops.slow_movers") == "42501"
    assert _refused(url, "SELECT api.set_context(gen_random_uuid())") == "42501"


def test_maintenance_works_across_tenants_as_its_role(fresh_db):
    _two_tenants(fresh_db)
    url = as_role(fresh_db, "stockdb_maintenance")
    with psycopg.connect(url, autocommit=True) as conn:
        assert conn.execute("SELECT current_user").fetchone()[0] == "stockdb_maintenance"
        conn.execute("CALL ops.expire_reservations()")
        conn.execute("CALL ops.refresh_reports()")
        conn.execute("CALL ops.check_integrity()")
        released = conn.execute(
            "SELECT count(*) FROM inventory.reservation WHERE status = 'expired'"
        ).fetchone()[0]
        summarised = conn.execute(
            "SELECT count(DISTINCT tenant_id) FROM ops.inventory_turnover"
        ).fetchone()[0]
        runs = conn.execute(
            "SELECT job_name, status FROM ops.maintenance_run ORDER BY id"
        ).fetchall()
    assert released == 2
    assert summarised == 2
    assert [status for _, status in runs] == ["ok", "ok", "ok"], runs
    # An application cannot run them.
    assert _refused(as_role(fresh_db, "stockdb_app"), "CALL ops.expire_reservations()") == "42501"


def test_every_maintenance_job_and_the_health_check_run_as_the_maintenance_role(fresh_db):
    url = as_role(fresh_db, "stockdb_maintenance")
    with psycopg.connect(url, autocommit=True) as conn:
        jobs = conn.execute(
            "SELECT job_name, command FROM ops.cron_job ORDER BY job_name").fetchall()
        for _, command in jobs:
            conn.execute(command)
        runs = conn.execute(
            "SELECT job_name, status, detail FROM ops.maintenance_run ORDER BY id"
        ).fetchall()
        health = dict(conn.execute(
            "SELECT check_name, status FROM ops.check_health()").fetchall())
    # partition-maintenance attaches partitions, which only the ledger's owner may.
    assert [(job, status) for job, status, _ in runs] == [(job, "ok") for job, _ in jobs], runs
    assert "failed" not in health.values(), health


def test_importer_imports_and_reads_no_table_of_the_business(fresh_db, tmp_path: Path):
    path = tmp_path / "products.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("products")
    rows = [["SKU", "Name", "Unit"], ["BOLT-1", "Bolt", "ea"], ["NUT-1", "Nut", "ea"]]
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    url = as_role(fresh_db, "stockdb_importer")
    result = run_import(url, "products", path)
    assert result.status == "applied", result
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s)", [DEFAULT_TENANT])
        assert conn.execute("SELECT count(*) FROM catalog.product").fetchone()[0] == 2
    assert _refused(url, "SELECT * FROM catalog.product") == "42501"
    assert _refused(url, "SELECT api.stock_level(gen_random_uuid())") == "42501"


def test_relay_role_reads_and_marks_the_outbox_only(fresh_db):
    mongomock_ng = pytest.importorskip("mongomock_ng")
    from stockdb.relay import Relay

    _two_tenants(fresh_db)
    url = as_role(fresh_db, "stockdb_relay")
    database = mongomock_ng.MongoClient(tz_aware=True)["stockdb"]
    relay = Relay(url, database)
    try:
        relay.run_until_empty()
    finally:
        relay.close()
    with psycopg.connect(fresh_db) as conn:
        waiting, delivered = conn.execute(
            "SELECT count(*) FILTER (WHERE delivered_at IS NULL), "
            "count(*) FILTER (WHERE delivered_at IS NOT NULL) FROM audit.outbox"
        ).fetchone()
    assert (waiting, delivered > 0) == (0, True)
    documents = sum(database[name].count_documents({}) for name in ("audit_logs", "alerts"))
    assert documents == delivered
    assert _refused(url, "SELECT * FROM catalog.product") == "42501"
    assert _refused(url, "DELETE FROM audit.outbox") == "42501"
