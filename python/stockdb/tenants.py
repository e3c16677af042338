"""Tenants, as the operator manages them: ops.create_tenant and ops.set_tenant_active."""

from __future__ import annotations

from psycopg.rows import dict_row

from .db import connect


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
