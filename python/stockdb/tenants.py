"""Tenants and their users, as the operator manages them: ops.create_tenant,
ops.set_tenant_active, and api.list_users / api.set_password as system work."""

from __future__ import annotations

import uuid

import psycopg
from psycopg.rows import dict_row

from .db import connect
from .errors import StockdbError


def create(url: str, code: str, name: str, admin_email: str) -> dict:
    """Creates the tenant and its first admin; the ids of both."""
    with connect(url) as conn:
        row = conn.execute(
            "SELECT tenant_id, admin_user_id FROM ops.create_tenant(%s, %s, %s)",
            [code, name, admin_email],
        ).fetchone()
    return {"tenant_id": str(row[0]), "code": code, "name": name.strip(),
            "admin_user_id": str(row[1]), "admin_email": admin_email}


def set_active(url: str, code: str, active: bool) -> dict:
    with connect(url) as conn:
        row = conn.execute("SELECT ops.set_tenant_active(%s, %s)", [code, active]).fetchone()
    tenant_id = row[0]
    return {"tenant_id": str(tenant_id), "code": code, "active": active}


def list_tenants(url: str) -> list[dict]:
    """Every tenant with its users and admins (active ones), oldest first."""
    with connect(url, row_factory=dict_row) as conn:
        rows = conn.execute(
            """SELECT t.id::text AS tenant_id, t.code, t.name, t.active, t.created_at,
                      count(u.id) FILTER (WHERE u.active) AS active_users,
                      count(u.id) FILTER (WHERE u.active AND u.role = 'admin') AS active_admins
               FROM auth.tenant AS t
               LEFT JOIN auth.app_user AS u ON u.tenant_id = t.id
               GROUP BY t.id ORDER BY t.created_at, t.code"""
        ).fetchall()
    return rows


def _tenant_id(conn, tenant: str) -> str:
    """The id of the tenant named by code or id."""
    row = conn.execute(
        "SELECT id::text FROM auth.tenant WHERE code = %s OR id::text = lower(%s)", [tenant, tenant]
    ).fetchone()
    if row is None:
        raise StockdbError(f"no tenant {tenant!r}: see stockdb tenant list")
    return row[0]


def tenant_id(url: str, tenant: str) -> str:
    """The id of the tenant named by code or id; an id is taken as given (the
    call it is used in refuses one that names no tenant, as api.set_context does),
    so a login that may not read auth.tenant, the analyst's, can still give one."""
    try:
        return str(uuid.UUID(tenant))
    except ValueError:
        pass
    with connect(url) as conn:
        try:
            return _tenant_id(conn, tenant)
        except psycopg.errors.InsufficientPrivilege:
            raise StockdbError(
                f"--tenant {tenant!r}: this login may not look a tenant up by its code; "
                "give the tenant's id (stockdb tenant list shows it)"
            ) from None


def list_users(url: str, tenant: str) -> list[dict]:
    """The tenant's users, read as system work through api.list_users."""
    with connect(url) as conn:
        conn.execute("SELECT api.set_context(%s, NULL)", [_tenant_id(conn, tenant)])
        return conn.cursor(row_factory=dict_row).execute(
            "SELECT user_id::text, email, display_name, role::text, active, "
            "supplier_id::text, last_login_at, locked_until, version FROM api.list_users()"
        ).fetchall()


def set_password(url: str, tenant: str, email: str, password: str) -> dict:
    """Sets a user's password as system work (api.set_password), which also lifts a lock."""
    with connect(url) as conn:
        tenant_id = _tenant_id(conn, tenant)
        conn.execute("SELECT api.set_context(%s, NULL)", [tenant_id])
        row = conn.execute(
            # In NFC, as emails are stored (migration 0067), as api.authenticate reads one.
            "SELECT user_id FROM api.list_users() "
            "WHERE lower(email) = lower(pg_catalog.normalize(%s, 'NFC'))", [email]
        ).fetchone()
        if row is None:
            raise StockdbError(f"no user {email} in tenant {tenant}: see stockdb user list")
        conn.execute("SELECT api.set_password(%s, %s)", [row[0], password])
    return {"tenant_id": tenant_id, "email": email, "user_id": str(row[0])}
