"""The rules on codes, keys and emails read characters the same in every database
locale (0066): in C, which clusters made under a C locale (the embedded one
before it was made in C.UTF-8) give their databases, [[:graph:]] refused every
letter beyond ASCII, and in C.UTF-8, as the README tells a DBA to make a
database, it took a zero-width or no-break space for a visible character.
Search reads the database's locale still: in C.UTF-8 it folds every letter's
case, in C only ASCII's, and `stockdb check` warns of that."""

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


def migrated_in(databases, locale: str) -> Iterator[str]:
    """A database made in locale (whatever the cluster's default), migrated."""
    name = f"{databases.prefix}_{locale.lower().replace('.', '_').replace('-', '')}"
    databases.drop(name)
    databases._admin(sql.SQL(
        "CREATE DATABASE {} ENCODING 'UTF8' LOCALE {} TEMPLATE template0"
    ).format(sql.Identifier(name), sql.Literal(locale)))
    url = databases.url(name)
    try:
        with Migrator(url) as m:
            m.apply()
        yield url
    finally:
        databases.drop(name)


@pytest.fixture
def c_db(databases) -> Iterator[str]:
    """A database in C, as clusters made under a C locale (and the embedded one
    before C.UTF-8) make them."""
    yield from migrated_in(databases, "C")


@pytest.fixture
def utf8_db(databases) -> Iterator[str]:
    """A database in C.UTF-8, as the README tells a DBA to make one."""
    yield from migrated_in(databases, "C.UTF-8")


def verdicts(url: str) -> tuple[str, dict[str, tuple[str, ...]]]:
    """The database's LC_CTYPE, and what the api, the product table's CHECK and the
    import's cell check say of each value as a SKU, each in a transaction rolled back."""
    found: dict[str, tuple[str, ...]] = {}
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
                        raise psycopg.Rollback
                    seen.append("ok")
                except psycopg.Error as e:
                    seen.append(e.sqlstate)
            problem = conn.execute(
                "SELECT staging.cell_problem(%s, 'text', TRUE, 64, '^[[:graph:]]+$', NULL, 'x')",
                [value]).fetchone()[0]
            seen.append("ok" if problem is None else "refused")
            found[value] = tuple(seen)
        conn.rollback()
    return ctype, found


def test_codes_are_read_the_same_in_c_and_in_c_utf8(c_db, utf8_db):
    (c_ctype, in_c), (utf8_ctype, in_utf8) = verdicts(c_db), verdicts(utf8_db)
    assert (c_ctype, utf8_ctype) == ("C", "C.UTF-8")
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


def test_a_rollback_under_c_stops_at_codes_c_cannot_read_as_visible(c_db):
    """Rolled back, the CHECKs read the database's C locale again, which takes no
    letter beyond ASCII for a visible one: the rollback stops and counts them."""
    with psycopg.connect(c_db, autocommit=True) as conn, conn.transaction():
        conn.execute("SELECT api.set_context(%s)", [DEFAULT_TENANT])
        conn.execute("SELECT api.create_product('Café-1', 'Café')")
        conn.execute("SELECT api.create_customer('MÜLLER', 'Müller')")
    back_to_before(c_db, "0067_nfc_keys")
    with Migrator(c_db) as m, pytest.raises(MigrationError) as failed:
        m.rollback(steps=1)
    assert failed.value.sqlstate == "23514"
    assert "DETAIL: Found 1 catalog.product sku(s), 1 sales.customer code(s)." in str(failed.value)
    with psycopg.connect(c_db, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM catalog.product WHERE sku = 'Café-1'"
                            ).fetchone()[0] == 1


CATALOGUE = [("SCR-1", "Schrauben FÜR Holz"), ("NUT-1", "ÉCROU inox"), ("GR-1", "Größe M8 Mutter")]


def searched(url: str, queries: list[str]) -> dict[str, list[tuple[str, str]]]:
    """The catalogue above, then what api.search_products finds for each query:
    (sku, matched_by) each."""
    with psycopg.connect(url) as conn:
        with conn.transaction():
            conn.execute("SELECT api.set_context(%s)", [DEFAULT_TENANT])
            for sku, name in CATALOGUE:
                conn.execute("SELECT api.create_product(%s, %s)", [sku, name])
        found = {}
        for query in queries:
            with conn.transaction():
                conn.execute("SELECT api.set_context(%s)", [DEFAULT_TENANT])
                found[query] = conn.execute(
                    "SELECT sku, matched_by FROM api.search_products(%s, 10)", [query]).fetchall()
        words = conn.execute("SELECT array_agg(DISTINCT word ORDER BY word) "
                             "FROM catalog.search_word WHERE tenant_id = %s",
                             [DEFAULT_TENANT]).fetchone()[0]
        health = conn.execute("SELECT status FROM ops.check_health() "
                              "WHERE check_name = 'text_locale'").fetchone()[0]
    return {"found": found, "words": words, "health": health}


QUERIES = ["für", "écrou", "größe", "écrous"]


def test_search_folds_every_letters_case_in_c_utf8(utf8_db):
    got = searched(utf8_db, QUERIES)
    assert got["found"] == {"für": [("SCR-1", "text")], "écrou": [("NUT-1", "text")],
                            "größe": [("GR-1", "text")], "écrous": [("NUT-1", "typo")]}
    assert {"für", "größe", "écrou", "schrauben"} <= set(got["words"])
    assert got["health"] == "ok"


def test_search_in_c_folds_ascii_only_and_stockdb_check_says_so(c_db):
    """What a database in C still does (left as it is: the fix is the database's
    locale, which the embedded cluster now has): FÜR and ÉCROU keep their case, so
    the lower-case queries miss them, and words split at every other letter."""
    got = searched(c_db, QUERIES)
    assert got["found"] == {"für": [], "écrou": [], "größe": [("GR-1", "text")], "écrous": []}
    assert "écrou" not in got["words"] and "gr" not in got["words"]
    assert got["health"] == "warning"
