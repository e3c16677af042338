"""Rules every function of the project is held to, read from the catalog.

Because they query the catalog, functions added by later work are held to
them without anyone listing them here. Each rule is also shown to catch a
function that breaks it.
"""

from __future__ import annotations

import re

import psycopg
import pytest
from helpers import listed_errors

from stockdb import PROJECT_ROOT

# Functions that belong to an extension (pgTAP, pg_partman, …) are not ours to check.
OUR_FUNCTIONS = """
    SELECT p.oid, p.oid::regprocedure::text AS name, l.lanname,
           t.tgrelid AS trigger_rel, t.tgoldtable AS old_table, t.tgnewtable AS new_table
    FROM pg_proc AS p
    JOIN pg_namespace AS n ON n.oid = p.pronamespace
    JOIN pg_language AS l ON l.oid = p.prolang
    -- A function behind several triggers is checked as the one that names the
    -- most transition tables: its UPDATE branch may read the old rows too.
    LEFT JOIN LATERAL (
        SELECT t.tgrelid, t.tgoldtable, t.tgnewtable
        FROM pg_trigger AS t WHERE t.tgfoid = p.oid
        ORDER BY num_nonnulls(t.tgoldtable, t.tgnewtable) DESC, t.oid
        LIMIT 1
    ) AS t ON true
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'public', 'partman', 'cron',
                            'pg_toast', 'test_support')
      AND n.nspname NOT LIKE 'pg\\_temp%'
      AND NOT EXISTS (
          SELECT 1 FROM pg_depend AS d
          WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
      )
    ORDER BY 2
"""

API_RULES = """
    SELECT p.oid::regprocedure::text,
           p.prosecdef,
           coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false),
           coalesce('lock_timeout=5s' = ANY (p.proconfig), false),
           obj_description(p.oid, 'pg_proc') IS NOT NULL,
           -- Arguments of our own types: an application's role cannot name them,
           -- and a driver binding text or varchar finds no function (42883).
           ARRAY(SELECT format('%s of type %s', a.name, a.type::regtype)
                 FROM unnest(p.proargnames, p.proargtypes::oid[]) AS a (name, type)
                 JOIN pg_type AS t ON t.oid = a.type
                 WHERE t.typnamespace <> 'pg_catalog'::regnamespace)
    FROM pg_proc AS p
    WHERE p.pronamespace = 'api'::regnamespace
    ORDER BY 1
"""


def body_errors(conn: psycopg.Connection) -> list[str]:
    """Each function body validated as if check_function_bodies were on, then plpgsql_check."""
    problems = []
    conn.execute("SET check_function_bodies = on")
    for oid, name, language, trigger_rel, old_table, new_table in conn.execute(
        OUR_FUNCTIONS
    ).fetchall():
        validator = conn.execute(
            "SELECT lanvalidator::regproc::text FROM pg_language WHERE lanname = %s", [language]
        ).fetchone()[0]
        if validator != "-":
            try:
                with conn.transaction():
                    conn.execute(f"SELECT {validator}(%s)", [oid])
            except psycopg.Error as exc:
                problems.append(f"{name}: {exc.diag.message_primary}")
                continue
        if language != "plpgsql":
            continue
        rows = conn.execute(
            # Statement triggers read their transition tables by the names the trigger gives them.
            # A variable declared and never used is most often a FOR loop's,
            # which declares its own: the one in DECLARE is a second, unused.
            """SELECT lineno, message FROM plpgsql_check_function_tb(
                   %s, %s, oldtable => %s, newtable => %s)
               WHERE level = 'error' OR message LIKE 'unused variable %%'""",
            [oid, trigger_rel or 0, old_table, new_table],
        ).fetchall()
        problems += [f"{name} line {line}: {message}" for line, message in rows]
    return problems


def api_rule_breaks(conn: psycopg.Connection) -> list[str]:
    breaks = []
    for name, definer, search_path, lock_timeout, comment, own_types in conn.execute(
        API_RULES
    ).fetchall():
        if not definer:
            breaks.append(f"{name} is not SECURITY DEFINER")
        if not search_path:
            breaks.append(f"{name} lacks SET search_path = pg_catalog, pg_temp")
        if not lock_timeout:
            breaks.append(f"{name} lacks SET lock_timeout = '5s'")
        if not comment:
            breaks.append(f"{name} has no COMMENT ON FUNCTION")
        breaks += [f"{name} takes {arg}, which applications cannot bind" for arg in own_types]
    return breaks


def _statements(source: str) -> list[str]:
    """A PL/pgSQL body cut at its semicolons, comments dropped; quoted text stays whole."""
    statements, current, i = [], [], 0
    while i < len(source):
        if source.startswith("--", i):
            end = source.find("\n", i)
            i = len(source) if end < 0 else end
        elif source.startswith("/*", i):
            end = source.find("*/", i + 2)
            i = len(source) if end < 0 else end + 2
        elif source[i] == "'":
            end = i + 1
            while end < len(source) and (source[end] != "'" or source.startswith("''", end)):
                end += 2 if source.startswith("''", end) else 1
            current.append(source[i:end + 1])
            i = end + 1
        elif source[i] == ";":
            statements.append("".join(current))
            current, i = [], i + 1
        else:
            current.append(source[i])
            i += 1
    return statements + ["".join(current)]


RAISE_WITH_MESSAGE = re.compile(r"\bRAISE\s+EXCEPTION\s+'", re.IGNORECASE)
QUOTED = re.compile(r"'(?:[^']|'')*'")


def raises_without_fields(conn: psycopg.Connection) -> list[str]:
    """Each RAISE EXCEPTION with a message that does not give ERRCODE, DETAIL and HINT.

    A RAISE without a message (USING ERRCODE alone) is a signal the function
    catches itself, not an error a caller reads.
    """
    problems = []
    for oid, name, language, *_ in conn.execute(OUR_FUNCTIONS).fetchall():
        if language != "plpgsql":
            continue
        (source,) = conn.execute(
            "SELECT prosrc FROM pg_proc WHERE oid = %s::oid", [str(oid)]
        ).fetchone()
        for statement in _statements(source):
            found = RAISE_WITH_MESSAGE.search(statement)
            if not found:
                continue
            _, _, options = QUOTED.sub("''", statement[found.start():]).upper().partition("USING")
            lacking = [
                f for f in ("ERRCODE", "DETAIL", "HINT") if not re.search(rf"\b{f}\s*=", options)
            ]
            if lacking:
                message = QUOTED.search(statement, found.end() - 1).group(0)
                problems.append(f"{name}: {message} lacks {', '.join(lacking)}")
    return problems


def session_dependent_bodies(conn: psycopg.Connection) -> list[str]:
    """Each function body that reads otherwise in an application's session.

    A body is parsed in the session that calls it first. With
    standard_conforming_strings off (PGOPTIONS, ALTER ROLE ... SET) a backslash
    in an ordinary literal is an escape: '\\S' is 'S', '\\x9f' is a byte that
    is no UTF-8. The parser warns of each such literal, so each body is
    validated in such a session. And a character outside ASCII in a body's
    text, outside its comments, cannot be sent to a client whose encoding
    lacks it: the caller got 22P05 in place of the error raised.
    """
    functions = conn.execute(OUR_FUNCTIONS).fetchall()
    validators = dict(conn.execute("SELECT lanname, lanvalidator::regproc::text FROM pg_language"))
    problems, warnings = [], []

    def warned(diag: psycopg.errors.Diagnostic) -> None:
        warnings.append(diag.message_primary or "")

    conn.add_notice_handler(warned)
    conn.execute("SET check_function_bodies = on")
    conn.execute("SET standard_conforming_strings = off")
    conn.execute("SET escape_string_warning = on")
    try:
        for oid, name, language, *_ in functions:
            warnings.clear()
            if validators[language] != "-":
                try:
                    with conn.transaction():
                        conn.execute(f"SELECT {validators[language]}(%s)", [oid])
                except psycopg.Error as exc:
                    problems.append(f"{name}: {exc.diag.message_primary}")
            problems += [f"{name}: {w}" for w in sorted(set(warnings)) if "nonstandard use" in w]
            (source,) = conn.execute(
                "SELECT prosrc FROM pg_proc WHERE oid = %s::oid", [str(oid)]
            ).fetchone()
            beyond_ascii = sorted({c for c in "".join(_statements(source)) if ord(c) > 127})
            if beyond_ascii:
                problems.append(f"{name}: {''.join(beyond_ascii)} outside its comments")
    finally:
        conn.execute("RESET standard_conforming_strings")
        conn.remove_notice_handler(warned)
    return problems


def test_every_function_body_reads_the_same_in_any_session(conn):
    assert session_dependent_bodies(conn) == []


# What psql's \d+, \df+ and \dT+ show: with a character beyond ASCII in one, a
# client whose encoding lacks it got 22P05 in place of the whole listing.
DESCRIPTIONS_BEYOND_ASCII = r"""
    SELECT pg_describe_object(d.classoid, d.objoid, d.objsubid)
    FROM pg_description AS d
    WHERE d.description ~ '[^\x01-\x7f]'
      AND NOT EXISTS (
          SELECT 1 FROM pg_depend AS e
          WHERE e.classid = d.classoid AND e.objid = d.objoid AND e.deptype = 'e'
      )
    ORDER BY 1
"""


def test_every_description_is_ascii(conn):
    assert conn.execute(DESCRIPTIONS_BEYOND_ASCII).fetchall() == []
    # and the rule sees one that is not, on a ledger month as on any column
    conn.execute("COMMENT ON COLUMN inventory.stock_movement_default.reason IS 'Why … '")
    assert conn.execute(DESCRIPTIONS_BEYOND_ASCII).fetchall() == [
        ("column reason of table inventory.stock_movement_default",)]


def test_the_session_rule_catches_an_escape_and_a_character_beyond_ascii(conn):
    conn.execute("SET check_function_bodies = off")
    conn.execute("CREATE FUNCTION ops.words(value text) RETURNS boolean LANGUAGE sql"
                 " AS $$ SELECT value ~ '\\S' $$")
    conn.execute("CREATE FUNCTION ops.cut(value text) RETURNS text LANGUAGE plpgsql AS $$ BEGIN"
                 " -- a comment may say … (it is not sent)\n"
                 " RETURN left(value, 10) || '…'; END $$")
    conn.execute("CREATE FUNCTION ops.plain(value text) RETURNS text LANGUAGE plpgsql AS $$ BEGIN"
                 " RETURN replace(value, E'\\\\', '/'); END $$")
    made = ("ops.words", "ops.cut", "ops.plain")
    assert [p for p in session_dependent_bodies(conn) if p.split("(")[0] in made] == [
        "ops.cut(text): … outside its comments",
        "ops.words(text): nonstandard use of escape in a string literal",
    ]


def test_every_function_body_is_valid(conn):
    assert conn.execute(OUR_FUNCTIONS).fetchall(), "no project function found to check"
    assert body_errors(conn) == []


# Called before there is a user to gate: they are not in auth.api_permission.
UNGATED_API = {"api.set_context", "api.authenticate", "api.rotate_refresh_token"}


def test_every_api_function_is_gated_by_its_own_permission_row(conn):
    functions = dict(
        conn.execute(
            "SELECT p.oid::regproc::text, p.prosrc FROM pg_proc AS p "
            "WHERE p.pronamespace = 'api'::regnamespace"
        ).fetchall()
    )
    listed = {r[0] for r in conn.execute("SELECT function_name FROM auth.api_permission")}
    assert functions, "no api function found to check"
    gated = {name for name in functions if name not in UNGATED_API}
    assert sorted(gated - listed) == [], "api functions without a row in auth.api_permission"
    assert sorted(listed - set(functions)) == [], "rows naming no api function"
    calls_itself = {
        name
        for name in gated
        if f"PERFORM auth.require_permission(v_tenant_id, '{name}');" in functions[name]
    }
    assert sorted(gated - calls_itself) == [], "api functions that do not check their permission"


def test_every_error_raised_gives_its_sqlstate_detail_and_hint(conn):
    """DESIGN.md: an api error carries a SQLSTATE, a message, a DETAIL (the values
    involved) and a HINT (what the caller can do), wherever it is raised."""
    assert raises_without_fields(conn) == []


def test_the_error_fields_rule_catches_a_raise_without_detail(conn):
    conn.execute(
        "CREATE FUNCTION ops.terse(n int) RETURNS int LANGUAGE plpgsql AS $$ BEGIN"
        " IF n < 0 THEN RAISE EXCEPTION 'n must not be negative; got %', n"
        "   USING ERRCODE = '22023', HINT = 'Pass 0 or more.'; END IF;"
        " -- RAISE EXCEPTION 'in a comment' is no statement\n"
        " IF n = 0 THEN RAISE EXCEPTION USING ERRCODE = 'SD900'; END IF;"
        " RAISE EXCEPTION 'always' USING ERRCODE = '22023', DETAIL = 'HINT = in a detail.'; END $$"
    )
    assert [p for p in raises_without_fields(conn) if p.startswith("ops.terse")] == [
        "ops.terse(integer): 'n must not be negative; got %' lacks DETAIL",
        "ops.terse(integer): 'always' lacks HINT",
    ]


def test_every_api_function_is_definer_with_fixed_settings_and_comment(conn):
    assert conn.execute(API_RULES).fetchall(), "no api function found to check"
    assert api_rule_breaks(conn) == []


@pytest.mark.parametrize(
    ("ddl", "expected"),
    [
        (
            "CREATE FUNCTION ops.broken_sql() RETURNS int LANGUAGE sql AS $$ SELEC 1 $$",
            'ops.broken_sql(): syntax error at or near "SELEC"',
        ),
        (
            "CREATE FUNCTION ops.broken_plpgsql() RETURNS int LANGUAGE plpgsql AS $$"
            " BEGIN RETURN (SELECT count(*) FROM ops.no_such_table); END $$",
            'ops.broken_plpgsql() line 1: relation "ops.no_such_table" does not exist',
        ),
        (
            "CREATE FUNCTION ops.loop_twice() RETURNS int LANGUAGE plpgsql AS $$"
            " DECLARE v_i integer; v_sum integer := 0;"
            " BEGIN FOR v_i IN 1..3 LOOP v_sum := v_sum + v_i; END LOOP; RETURN v_sum; END $$",
            'ops.loop_twice() line 1: unused variable "v_i"',
        ),
    ],
)
def test_body_check_catches_a_broken_function(conn, ddl, expected):
    conn.execute("SET check_function_bodies = off")
    conn.execute(ddl)
    assert expected in body_errors(conn)


def test_api_rules_catch_a_careless_function(conn):
    conn.execute("CREATE FUNCTION api.careless(kind warehouse.location_kind) RETURNS int"
                 " LANGUAGE sql AS $$ SELECT 1 $$")
    assert api_rule_breaks(conn) == [
        "api.careless(warehouse.location_kind) is not SECURITY DEFINER",
        "api.careless(warehouse.location_kind) lacks SET search_path = pg_catalog, pg_temp",
        "api.careless(warehouse.location_kind) lacks SET lock_timeout = '5s'",
        "api.careless(warehouse.location_kind) has no COMMENT ON FUNCTION",
        "api.careless(warehouse.location_kind) takes kind of type warehouse.location_kind,"
        " which applications cannot bind",
    ]


# -- tables -------------------------------------------------------------------------

OUR_TABLES = """
    SELECT c.oid, c.oid::regclass::text AS name
    FROM pg_class AS c
    JOIN pg_namespace AS n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND n.nspname IN ('auth', 'catalog', 'warehouse', 'inventory', 'procurement', 'sales',
                        'logistics', 'planning', 'staging', 'audit', 'ops', 'report')
    ORDER BY 2
"""
# Shared by all tenants: the tenants themselves, units, and the bookkeeping.
GLOBAL_TABLES = {
    "auth.tenant",
    "catalog.unit",
    "ops.migration_file",
    "ops.repeatable_file",
    "ops.status_transition",
    "ops.report_refresh",
    "ops.report_change",
    "ops.maintenance_run",
    "ops.cron_job",
    "ops.integrity_check_result",
    "ops.backup",
    "ops.ledger_retention",
    "ops.detached_ledger_month",
    "inventory.ledger_time_zone",
    "auth.api_permission",
    # The relay reads it in id order across tenants; each row still names its tenant.
    "audit.outbox",
    # What can be imported: reference data, the same for every tenant.
    "staging.import_kind",
    "staging.import_column",
}
# Tenant tables keyed by what they are about rather than by an id of their own.
NATURAL_KEY_TABLES = {
    "audit.alert_state",  # one row per alert condition: tenant, type, subject
    "report.movement_daily",  # one row per tenant, day, product, warehouse, type
    "inventory.capacity_gate",  # one row per location with a capacity
    # Staged import rows: one per tenant, batch and row of the sheet.
    "staging.category_row",
    "staging.product_row",
    "staging.supplier_row",
    "staging.customer_row",
    "staging.opening_stock_row",
    "staging.purchase_order_row",
    "staging.cycle_count_row",
    "staging.price_row",
    "staging.location_row",
}


def table_rule_breaks(conn: psycopg.Connection) -> list[str]:
    breaks = []
    for oid, name in conn.execute(OUR_TABLES).fetchall():
        if conn.execute("SELECT obj_description(%s, 'pg_class')", [oid]).fetchone()[0] is None:
            breaks.append(f"{name} has no COMMENT")
        if name in GLOBAL_TABLES:
            continue
        pk = conn.execute(
            """SELECT array_agg(a.attname::text ORDER BY k.ord)
               FROM pg_constraint AS con
               CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
               JOIN pg_attribute AS a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
               WHERE con.conrelid = %s AND con.contype = 'p'""",
            [oid],
        ).fetchone()[0]
        if name in NATURAL_KEY_TABLES and pk and pk[0] == "tenant_id":
            continue
        if not pk or pk[0] != "tenant_id" or pk[-1] != "id":
            breaks.append(f"{name} primary key is {pk}, not (tenant_id, …, id)")
    return breaks


FOREIGN_KEYS = """
    SELECT con.conname, con.conrelid::regclass::text, con.confrelid::regclass::text,
           (SELECT array_agg(a.attname::text ORDER BY k.ord)
              FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
              JOIN pg_attribute AS a ON a.attrelid = con.conrelid AND a.attnum = k.attnum),
           con.conrelid, con.conkey
    FROM pg_constraint AS con
    JOIN pg_class AS c ON c.oid = con.conrelid
    WHERE con.contype = 'f' AND NOT c.relispartition
      AND con.connamespace::regnamespace::text NOT IN ('partman', 'cron', 'public')
    ORDER BY 1
"""


# Foreign keys left without an index on purpose: their targets are never
# deleted, so no delete ever has to look for referencing rows.
UNINDEXED_FOREIGN_KEYS = {
    # Users are deactivated, never deleted.
    "stock_movement_created_by_fkey",
    "purchase_order_created_by_fkey",
    "sales_order_created_by_fkey",
    "reservation_created_by_fkey",
    "import_batch_created_by_fkey",
    # A batch with movements stays; the ledger is write-hot and append-only.
    "stock_movement_batch_fkey",
    # Units and import kinds are reference data.
    "product_unit_fkey",
    "import_batch_kind_fkey",
}


def foreign_key_breaks(conn: psycopg.Connection) -> list[str]:
    breaks = []
    for name, table, target, columns, relid, conkey in conn.execute(FOREIGN_KEYS).fetchall():
        if target not in GLOBAL_TABLES and columns[0] != "tenant_id":
            breaks.append(f"{table}.{name} does not lead with tenant_id")
        # An index whose leading columns are the key's, in any order, serves
        # the lookups a delete or key update of the target makes.
        indexed = conn.execute(
            """SELECT EXISTS (
                   SELECT 1 FROM pg_index AS i
                   WHERE i.indrelid = %s
                     AND (SELECT array_agg(x ORDER BY x)
                            FROM unnest((i.indkey::int2[])[0:%s - 1]) AS x)
                         = (SELECT array_agg(x ORDER BY x) FROM unnest(%s::int2[]) AS x))""",
            [relid, len(conkey), conkey],
        ).fetchone()[0]
        if not indexed and name not in UNINDEXED_FOREIGN_KEYS:
            breaks.append(f"{table}.{name} {columns} has no index")
    return breaks


def test_every_table_is_commented_and_keyed_by_tenant(conn):
    assert len(conn.execute(OUR_TABLES).fetchall()) > 20
    assert table_rule_breaks(conn) == []


def test_every_foreign_key_carries_the_tenant_and_has_an_index(conn):
    assert len(conn.execute(FOREIGN_KEYS).fetchall()) > 30
    assert foreign_key_breaks(conn) == []


def test_table_rules_catch_a_careless_table(conn):
    conn.execute("CREATE TABLE catalog.careless (id uuid PRIMARY KEY)")
    conn.execute(
        "CREATE TABLE catalog.careless_child (tenant_id uuid, id uuid, parent uuid, "
        "PRIMARY KEY (tenant_id, id), "
        "CONSTRAINT careless_child_parent_fkey "
        "FOREIGN KEY (parent) REFERENCES catalog.careless (id))"
    )
    assert table_rule_breaks(conn) == [
        "catalog.careless has no COMMENT",
        "catalog.careless primary key is ['id'], not (tenant_id, …, id)",
        "catalog.careless_child has no COMMENT",
    ]
    assert foreign_key_breaks(conn) == [
        "catalog.careless_child.careless_child_parent_fkey does not lead with tenant_id",
        "catalog.careless_child.careless_child_parent_fkey ['parent'] has no index",
    ]


def test_status_transitions_name_real_statuses(conn):
    enums = {
        "purchase_order": "procurement.po_status",
        "sales_order": "sales.order_status",
        "shipment": "logistics.shipment_status",
        "reservation": "inventory.reservation_status",
    }
    bad = []
    for document_type, enum in enums.items():
        labels = {r[0] for r in conn.execute(f"SELECT unnest(enum_range(NULL::{enum}))::text")}
        rows = conn.execute(
            "SELECT from_status, to_status FROM ops.status_transition WHERE document_type = %s",
            [document_type],
        ).fetchall()
        assert rows, f"no transitions for {document_type}"
        bad += [f"{document_type}: {r}" for r in rows if not set(r) <= labels]
    assert bad == []


def test_every_api_function_refuses_a_caller_without_context(conn):
    """Called with NULLs and no tenant set, each api function stops at 42501 first."""
    functions = conn.execute(
        """SELECT p.oid::regprocedure::text, p.proname, p.pronargs, p.prokind
           FROM pg_proc AS p
           WHERE p.pronamespace = 'api'::regnamespace AND p.proname <> 'set_context'
           ORDER BY 1"""
    ).fetchall()
    assert len(functions) >= 19
    wrong = []
    for signature, name, nargs, kind in functions:
        args = ", ".join(["NULL"] * nargs)
        call = "CALL" if kind == "p" else "SELECT * FROM"
        statement = f"{call} api.{name}({args})"
        try:
            with conn.transaction():
                conn.execute(statement)
            wrong.append(f"{signature}: no error")
        except psycopg.Error as exc:
            if exc.sqlstate != "42501":
                wrong.append(f"{signature}: {exc.sqlstate} {exc.diag.message_primary}")
    assert wrong == []


# An error a function's COMMENT lists that pgTAP cannot raise: 42501 is raised
# for every function by the test above, 40001 needs two sessions.
ERRORS_TESTED_ELSEWHERE = {
    ("count_stock", "40001"): "tests/python/test_stock_concurrency.py",
    ("count_stock_at", "40001"): "tests/python/test_stock_concurrency.py",
    ("ship_sales_order", "40001"): "tests/python/test_sales_order_line_concurrency.py",
    ("unreserve_sales_order", "40001"): "tests/python/test_sales_order_line_concurrency.py",
    ("cancel_sales_order", "40001"): "tests/python/test_sales_order_line_concurrency.py",
}
def pgtap_throws() -> list[tuple[str, set[str], set[str]]]:
    """Each pgTAP throws_ok: its file, the api functions it names, its SQLSTATEs."""
    throws = []
    for path in sorted((PROJECT_ROOT / "tests" / "sql").glob("*.sql")):
        text = path.read_text()
        for start in re.finditer(r"throws_ok\(", text):
            block = text[start.end():text.find("\n);", start.end())]
            throws.append((path.name, set(re.findall(r"api\.(\w+)\(", block)),
                           set(re.findall(r"'(SD\d{3}|[0-9]{2}[0-9A-Z]{3})'", block))))
    return throws


def pgtap_raised_errors() -> set[tuple[str, str]]:
    """(api function, SQLSTATE) of every pgTAP throws_ok that calls an api function."""
    return {(f, c) for _, functions, codes in pgtap_throws() for f in functions for c in codes}


def test_every_error_an_api_function_documents_has_a_pgtap_test(conn):
    """Each SQLSTATE after 'Errors:' in an api function's COMMENT is raised by a
    throws_ok that calls the function (42501 and a few others where noted)."""
    documented = listed_errors(conn)
    assert len(documented) >= 40
    tested = pgtap_raised_errors()
    untested = [
        f"api.{name}: {code}"
        for name, codes in sorted(documented.items())
        for code in sorted(codes - {"42501"})
        if (name, code) not in tested and (name, code) not in ERRORS_TESTED_ELSEWHERE
    ]
    assert untested == []


def test_every_error_pgtap_sees_an_api_function_raise_is_documented(conn):
    """The other way round: a throws_ok that calls one api function and expects
    one SQLSTATE finds it after 'Errors:' in that function's COMMENT."""
    documented = listed_errors(conn)
    undocumented = sorted({
        f"api.{name}: {code} ({path})"
        for path, functions, codes in pgtap_throws()
        if len(functions) == 1 and len(codes) == 1
        for name in functions
        for code in codes
        if name in documented and code not in documented[name]
    })
    assert undocumented == []
