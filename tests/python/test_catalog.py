"""Rules every function of the project is held to, read from the catalog.

Because they query the catalog, functions added by later work are held to
them without anyone listing them here. Each rule is also shown to catch a
function that breaks it.
"""

from __future__ import annotations

import psycopg
import pytest

# Functions that belong to an extension (pgTAP, pg_partman, …) are not ours to check.
OUR_FUNCTIONS = """
    SELECT p.oid, p.oid::regprocedure::text AS name, l.lanname,
           (SELECT t.tgrelid FROM pg_trigger AS t WHERE t.tgfoid = p.oid LIMIT 1) AS trigger_rel
    FROM pg_proc AS p
    JOIN pg_namespace AS n ON n.oid = p.pronamespace
    JOIN pg_language AS l ON l.oid = p.prolang
    WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'public', 'partman', 'cron',
                            'pg_toast')
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
           obj_description(p.oid, 'pg_proc') IS NOT NULL
    FROM pg_proc AS p
    WHERE p.pronamespace = 'api'::regnamespace
    ORDER BY 1
"""


def body_errors(conn: psycopg.Connection) -> list[str]:
    """Each function body validated as if check_function_bodies were on, then plpgsql_check."""
    problems = []
    conn.execute("SET check_function_bodies = on")
    for oid, name, language, trigger_rel in conn.execute(OUR_FUNCTIONS).fetchall():
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
            """SELECT lineno, message FROM plpgsql_check_function_tb(%s, %s)
               WHERE level = 'error'""",
            [oid, trigger_rel or 0],
        ).fetchall()
        problems += [f"{name} line {line}: {message}" for line, message in rows]
    return problems


def api_rule_breaks(conn: psycopg.Connection) -> list[str]:
    breaks = []
    for name, definer, search_path, comment in conn.execute(API_RULES).fetchall():
        if not definer:
            breaks.append(f"{name} is not SECURITY DEFINER")
        if not search_path:
            breaks.append(f"{name} lacks SET search_path = pg_catalog, pg_temp")
        if not comment:
            breaks.append(f"{name} has no COMMENT ON FUNCTION")
    return breaks


def test_every_function_body_is_valid(conn):
    assert conn.execute(OUR_FUNCTIONS).fetchall(), "no project function found to check"
    assert body_errors(conn) == []


def test_every_api_function_is_definer_with_fixed_search_path_and_comment(conn):
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
    ],
)
def test_body_check_catches_a_broken_function(conn, ddl, expected):
    conn.execute("SET check_function_bodies = off")
    conn.execute(ddl)
    assert expected in body_errors(conn)


def test_api_rules_catch_a_careless_function(conn):
    conn.execute("CREATE FUNCTION api.careless() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$")
    assert api_rule_breaks(conn) == [
        "api.careless() is not SECURITY DEFINER",
        "api.careless() lacks SET search_path = pg_catalog, pg_temp",
        "api.careless() has no COMMENT ON FUNCTION",
    ]
