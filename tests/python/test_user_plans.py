"""A user is found by email through the index, under row security.

api.authenticate, api.create_user and api.update_user compared
lower(u.email) with the address asked for. lower is not marked leakproof, and
under row security (forced on auth.app_user; the functions run as
stockdb_owner) PostgreSQL uses no such condition in an index: app_user_email_key
(tenant_id, lower(email)) went unused, and each call read every user of the
tenant. With 100,000 users the lookup alone took 32 ms.
"""

from __future__ import annotations

import psycopg
import pytest
from helpers import DEFAULT_TENANT

from stockdb.workload import ADMIN

USERS = 5_000


# The custom plans a connection makes for its first calls, and the generic one
# a pooled connection keeps.
@pytest.mark.parametrize("plans", ["force_custom_plan", "force_generic_plan"])
def test_a_user_is_found_by_email_through_the_index(fresh_db, plans):
    with psycopg.connect(fresh_db, autocommit=True) as conn:
        conn.execute(f"SET plan_cache_mode = {plans}")
        def users_read(sql: str, *args):
            """The call's result and the rows of auth.app_user it read."""
            with conn.transaction():
                conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
                before = conn.execute(
                    "SELECT test_support.rows_read('auth.app_user')").fetchone()[0]
                result = conn.execute(sql, list(args)).fetchone()[0]
                return result, conn.execute(
                    "SELECT test_support.rows_read('auth.app_user')").fetchone()[0] - before

        conn.execute(
            "INSERT INTO auth.app_user (tenant_id, email, role) "
            "SELECT %s, 'User.' || n || '@Example.com', 'sales' FROM generate_series(1, %s) AS n",
            [DEFAULT_TENANT, USERS])
        conn.execute("ANALYZE auth.app_user")
        with conn.transaction():
            conn.execute("SELECT api.set_context(%s, %s)", [DEFAULT_TENANT, ADMIN])
            ann = conn.execute("SELECT api.create_user('ann@example.com', 'sales', "
                               "'a password of ann''s')").fetchone()[0]

        read = {}
        # Another case of the address: the same user, and the right password.
        found, read["authenticate"] = users_read(
            "SELECT api.authenticate('Ann@Example.COM', 'a password of ann''s')")
        assert found == ann
        found, read["authenticate unknown"] = users_read(
            "SELECT api.authenticate('nobody@example.com', 'a password of ann''s')")
        assert found is None
        bob, read["create_user"] = users_read("SELECT api.create_user('bob@example.com', 'sales')")
        assert bob is not None
        # An address used in another case is refused.
        with pytest.raises(psycopg.errors.UniqueViolation, match="user.3@example.com exists"):
            users_read("SELECT api.create_user('user.3@example.com', 'sales')")
        _, read["update_user"] = users_read(
            "SELECT api.update_user(%s, 1, email => 'Bob@Example.org')", bob)
        with pytest.raises(psycopg.errors.UniqueViolation, match="USER.4@EXAMPLE.COM exists"):
            users_read("SELECT api.update_user(%s, 2, email => 'USER.4@EXAMPLE.COM')", bob)
        # Other fields than the email change without looking for anyone else.
        _, read["update_user name"] = users_read(
            "SELECT api.update_user(%s, 2, display_name => 'Bob')", bob)
        emails = conn.execute(
            "SELECT email FROM auth.app_user WHERE id IN (%s, %s) ORDER BY email",
            [ann, bob]).fetchall()
    assert emails == [("Bob@Example.org",), ("ann@example.com",)], emails
    assert all(n < 20 for n in read.values()), f"rows of auth.app_user read: {read}"
