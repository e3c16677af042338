"""The rules on codes, keys and emails read characters the same in every database
locale (0066): the test cluster's databases are in C, where [[:graph:]] refused
every letter beyond ASCII, and a DBA's may be in C.UTF-8, where it took a
zero-width or no-break space for a visible character."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from helpers import DEFAULT_TENANT, back_to_before
from psycopg import sql

from stockdb.migrate import MigrationError, Migrator

# (value, whether a code may be it)
CODES = [
    ("Café-1", True),
    ("MÜLLER", True),
    ("倉庫-1", True),
    ("ŁÓDŹ", True),
    ("A\u0301", True),  # a letter and its combining accent
    ("AB\u200bC", False),  # zero-width space
    ("AB\u00a0C", False),  # no-break space
    ("AB\u202eC", False),  # right-to-left override
    ("\ufeffABC", False),  # byte order mark
    ("AB\u3000C", False),  # ideographic space
    ("AB\u00adC", False),  # soft hyphen
    ("AB\u0085C", False),  # next line, a C1 control
]


@pytest.fixture
def utf8_db(databases) -> Iterator[str]:
    """A database in C.UTF-8, as the README tells a DBA to make one, migrated."""
    name = f"{databases.prefix}_c_utf8"
    databases.drop(name)
    databases._admin(sql.SQL(
        "CREATE DATABASE {} ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0"
    ).format(sql.Identifier(name)))
    url = databases.url(name)
    try:
        with Migrator(url) as m:
            m.apply()
        yield url
    finally:
        databases.drop(name)


def verdicts(url: str) -> dict[str, object]:
    """What the api, the import's cell check and the product table's CHECK say of
    each value as a SKU, each in a transaction rolled back."""
    found: dict[str, object] = {}
    with psycopg.connect(url) as conn:
        ctype = conn.execute("SELECT datctype FROM pg_database "
                             "WHERE datname = current_database()").fetchone()[0]
        for value, _ in CODES:
            seen = []
            for statement in (
                "SELECT api.create_product(%(v)s, 'Name')",
                "INSERT INTO catalog.product (tenant_id, sku, name) VALUES (%(t)s, %(v)s, 'Name')",
            ):
                try:
                    with conn.transaction():
                        conn.execute("SELECT api.set_context(%s)", [DEFAULT_TENANT])
                        conn.execute(statement, {"v": value, "t": DEFAULT_TENANT})
                        raise _Undo
                except _Undo:
                    seen.append("ok")
                except psycopg.Error as e:
                    seen.append(e.sqlstate)
            problem = conn.execute(
                "SELECT staging.cell_problem(%s, 'text', TRUE, 64, '^[[:graph:]]+$', NULL, 'x')",
                [value]).fetchone()[0]
            seen.append("ok" if problem is None else "refused")
            found[value] = tuple(seen)
        conn.rollback()
    found["ctype"] = ctype
    return found


class _Undo(Exception):
    pass


def test_codes_are_read_the_same_in_c_and_in_c_utf8(fresh_db, utf8_db):
    in_c, in_utf8 = verdicts(fresh_db), verdicts(utf8_db)
    assert (in_c.pop("ctype"), in_utf8.pop("ctype")) == ("C", "C.UTF-8")
    expected = {value: ("ok", "ok", "ok") if allowed else ("22023", "23514", "refused")
                for value, allowed in CODES}
    assert in_c == expected
    assert in_utf8 == expected


def test_codes_stored_under_c_utf8_that_are_not_visible_stop_the_migration(utf8_db):
    """C.UTF-8 read a no-break space as visible, so a SKU with one could be stored:
    0066 stops and counts it, and applies once the owner has corrected it."""
    back_to_before(utf8_db, "0066_unicode_text_rules")
    with psycopg.connect(utf8_db, autocommit=True) as conn:
        conn.execute("INSERT INTO catalog.product (tenant_id, sku, name) VALUES (%s, %s, 'x')",
                     [DEFAULT_TENANT, "NB\u00a0SP"])
    with Migrator(utf8_db) as m, pytest.raises(MigrationError) as failed:
        m.apply()
    assert failed.value.sqlstate == "23514"
    assert "DETAIL: Found 1 catalog.product sku(s)." in str(failed.value)
    with psycopg.connect(utf8_db, autocommit=True) as conn:
        conn.execute("UPDATE catalog.product SET sku = 'NB-SP' WHERE sku = %s", ["NB\u00a0SP"])
    with Migrator(utf8_db) as m:
        m.apply()
    with psycopg.connect(utf8_db, autocommit=True) as conn:
        assert conn.execute("SELECT convalidated FROM pg_constraint "
                            "WHERE conname = 'product_sku_check'").fetchone()[0]


def test_a_rollback_under_c_stops_at_codes_c_cannot_read_as_visible(fresh_db):
    """Rolled back, the CHECKs read the database's C locale again, which takes no
    letter beyond ASCII for a visible one: the rollback stops and counts them."""
    with psycopg.connect(fresh_db, autocommit=True) as conn, conn.transaction():
        conn.execute("SELECT api.set_context(%s)", [DEFAULT_TENANT])
        conn.execute("SELECT api.create_product('Café-1', 'Café')")
        conn.execute("SELECT api.create_customer('MÜLLER', 'Müller')")
    with Migrator(fresh_db) as m, pytest.raises(MigrationError) as failed:
        m.rollback(steps=1)
    assert failed.value.sqlstate == "23514"
    assert "DETAIL: Found 1 catalog.product sku(s), 1 sales.customer code(s)." in str(failed.value)
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM catalog.product WHERE sku = 'Café-1'"
                            ).fetchone()[0] == 1
