"""Regenerate schema/schema.sql from a database migrated from scratch (`make schema`)."""

from __future__ import annotations

import os

import psycopg
from psycopg import sql

from stockdb.cluster import Cluster
from stockdb.db import with_dbname
from stockdb.migrate import Migrator
from stockdb.schema import SNAPSHOT, schema_dump


def admin_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    cluster = Cluster.test()
    cluster.start()
    return cluster.url("postgres")


admin = admin_url()
name = f"stockdb_schema_{os.getpid()}"
with psycopg.connect(admin, autocommit=True) as conn:
    conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
try:
    url = with_dbname(admin, name)
    with Migrator(url) as m:
        m.apply()
    SNAPSHOT.parent.mkdir(exist_ok=True)
    SNAPSHOT.write_text(schema_dump(url, owners=False))
    print(f"wrote {SNAPSHOT}")
finally:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
