"""The ops routines the README has operators call by hand, each argument in turn
NULL or odd (test_api_odd_arguments.ODD) in an otherwise sound call: it succeeds
or refuses with a documented SQLSTATE, a DETAIL and a HINT, as an api function
does. Found this way: five purges given an older_than reaching before the first
timestamp ended in a bare 22008 "timestamp out of range"."""

from __future__ import annotations

import itertools
import re

import psycopg
from test_api_odd_arguments import ODD, unclear

from stockdb import DEFAULT_TENANT, PROJECT_ROOT

_codes = itertools.count(1)
# Sound values for the arguments that have no default.
SOUND = {
    "code": lambda routine: "sweep-target" if routine == "set_tenant_active"
    else f"sweep-{next(_codes)}",
    "name": lambda _routine: "Sweep Co",
    "admin_email": lambda _routine: "sweep@example.com",
    "active": lambda _routine: True,
    "keep_months": lambda _routine: None,
    "tenant_id": lambda _routine: DEFAULT_TENANT,
}


def routines(conn) -> list[tuple[str, str, list[str], list[str], int]]:
    """(name, kind, argument names, types, how many have defaults) of each ops
    routine with arguments that the README names."""
    named = sorted(set(re.findall(r"\bops\.([a-z_]+)\(", (PROJECT_ROOT / "README.md").read_text())))
    return conn.execute(
        # The arguments come first in proargnames, then a RETURNS TABLE's columns.
        "SELECT p.proname, p.prokind, p.proargnames[1:p.pronargs],"
        " array(SELECT format_type(t, NULL) FROM unnest(p.proargtypes) AS t), p.pronargdefaults"
        " FROM pg_proc AS p WHERE p.pronamespace = 'ops'::regnamespace"
        " AND p.proname = ANY(%s) AND p.pronargs > 0 ORDER BY 1", [named]).fetchall()


def test_no_argument_gets_a_bare_error_from_any_ops_routine_an_operator_calls(fresh_db):
    bare, calls = [], 0
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("SELECT ops.create_tenant('sweep-target', 'Sweep Target', 'st@example.com')")
        found = routines(conn)
        assert {r[0] for r in found} >= {"create_tenant", "purge_outbox", "refresh_reports",
                                         "set_ledger_retention", "expire_reservations"}
        for name, kind, names, types, defaults in found:
            required = len(names) - defaults
            for position, type_ in enumerate(types):
                for value in [None, *ODD.get(type_, [])]:
                    args = {n: SOUND[n](name) for n in names[:required]}
                    args[names[position]] = value
                    given = ", ".join(f"{n} => %s::{t}" for n, t in zip(names, types, strict=True)
                                      if n in args)
                    statement = f"{'CALL' if kind == 'p' else 'SELECT'} ops.{name}({given})"
                    calls += 1
                    try:
                        conn.execute(statement, list(args.values()))
                    except psycopg.Error as exc:
                        if unclear(exc):
                            bare.append(f"ops.{name}({names[position]} => {str(value)[:30]!r}):"
                                        f" {exc.sqlstate} {exc.diag.message_primary}")
    assert calls > 100
    assert bare == []
