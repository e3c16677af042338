"""The routines outside the api that a role calls: the ops ones the README has
operators call by hand, and those granted to the relay, the importer, the
application or the analyst in audit, staging and report. Each argument in turn
is NULL or odd (test_api_odd_arguments.ODD) in an otherwise sound call: it
succeeds or refuses with a documented SQLSTATE, a DETAIL and a HINT, as an api
function does. Found this way: five purges given an older_than reaching before
the first timestamp ended in a bare 22008 "timestamp out of range", and three
routines showed a NULL batch_size as nothing ("batch_size => .")."""

from __future__ import annotations

import itertools
import re

import psycopg
from test_api_odd_arguments import ODD, unclear

from stockdb import DEFAULT_TENANT, PROJECT_ROOT
from stockdb.workload import ADMIN

_codes = itertools.count(1)
# Sound values of the arguments without a default, by name, else by type.
SOUND = {
    "code": lambda routine: "sweep-target" if routine == "ops.set_tenant_active"
    else f"sweep-{next(_codes)}",
    "name": lambda _routine: "Sweep Co",
    "admin_email": lambda _routine: "sweep@example.com",
    # An export of locations takes a warehouse, so an odd one reaches its lookup.
    "kind": lambda routine: "locations" if routine == "staging.export_rows" else "products",
    "file_name": lambda _routine: "sweep.xlsx",
    "sheet_name": lambda _routine: "products",
    "columns": lambda _routine: ["sku", "name", "unit"],
    "value_list": lambda _routine: "unit",
}
SOUND_OF_TYPE = {"boolean": True, "integer": 1, "text": "sweep", "uuid[]": [],
                 "uuid": "00000000-0000-0000-0000-000000000000", "interval": "30 days"}
ODD_MORE = {"uuid[]": ["{}", "{NULL}", "{00000000-0000-0000-0000-000000000000}"]}
ROLES = ["stockdb_relay", "stockdb_importer", "stockdb_app", "stockdb_analyst"]


def routines(conn) -> list[tuple[str, str, list[str], list[str], int]]:
    """(schema.name, kind, argument names, types, how many have defaults) of each
    routine with arguments: ops ones the README names, and those in audit,
    staging and report that ROLES may execute."""
    named = sorted(set(re.findall(r"\bops\.([a-z_]+)\(", (PROJECT_ROOT / "README.md").read_text())))
    return conn.execute(
        # The arguments come first in proargnames, then a RETURNS TABLE's columns.
        "SELECT format('%%s.%%s', p.pronamespace::regnamespace, p.proname), p.prokind,"
        " p.proargnames[1:p.pronargs],"
        " array(SELECT format_type(t, NULL) FROM unnest(p.proargtypes) AS t), p.pronargdefaults"
        " FROM pg_proc AS p WHERE p.pronargs > 0"
        " AND ((p.pronamespace = 'ops'::regnamespace AND p.proname = ANY(%s))"
        "  OR (p.pronamespace::regnamespace::text IN ('audit', 'staging', 'report')"
        "      AND EXISTS (SELECT FROM aclexplode(p.proacl) AS a"
        "                  WHERE a.grantee::regrole::text = ANY(%s))))"
        " ORDER BY 1", [named, ROLES]).fetchall()


def sound(routine: str, name: str, type_: str):
    return SOUND[name](routine) if name in SOUND else SOUND_OF_TYPE[type_]


def test_no_argument_gets_a_bare_error_from_a_routine_a_role_calls(fresh_db):
    bare, calls = [], 0
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute("SELECT ops.create_tenant('sweep-target', 'Sweep Target', 'st@example.com')")
        found = routines(conn)
        assert {r[0] for r in found} >= {
            "ops.create_tenant", "ops.purge_outbox", "ops.refresh_reports", "audit.claim_outbox",
            "staging.begin_batch", "report.expiring_batches"}
        for routine, kind, names, types, defaults in found:
            required = len(names) - defaults
            for position, type_ in enumerate(types):
                for value in [None, *ODD.get(type_, []), *ODD_MORE.get(type_, [])]:
                    args = {n: sound(routine, n, t)
                            for n, t in zip(names[:required], types, strict=False)}
                    args[names[position]] = value
                    given = ", ".join(f"{n} => %s::{t}" for n, t in zip(names, types, strict=True)
                                      if n in args)
                    calls += 1
                    try:
                        if kind == "p":  # it commits: not inside a transaction block
                            conn.execute(f"CALL {routine}({given})", list(args.values()))
                            continue
                        with conn.transaction():
                            conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
                            conn.execute(f"SELECT {routine}({given})", list(args.values()))
                            raise psycopg.Rollback
                    except psycopg.Error as exc:
                        if unclear(exc):
                            bare.append(f"{routine}({names[position]} => {str(value)[:30]!r}):"
                                        f" {exc.sqlstate} {exc.diag.message_primary}")
    assert calls > 200
    assert bare == [], "\n".join(bare)
