"""The test harness every test stands on.

One migrated template database per run, and a fresh clone of it for each
test (`CREATE DATABASE … TEMPLATE`), on the embedded test cluster or, when
DATABASE_URL is set, on that server. pgTAP files in tests/sql/ each get their
own clone too, through pytest-pgtap's `pgtap_connection` fixture.

`make test` runs the files on three pytest-xdist workers (`--dist loadfile`):
each worker has its own template and clones (named by its pid), the
controller starts and stops the embedded cluster they share, and the few
tests that use something of the whole cluster (its cron database) take
`cluster_lock` around it.
"""

from __future__ import annotations

import fcntl
import hashlib
import itertools
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from pytest_pgtap.pgtap import Runner

from stockdb import PROJECT_ROOT
from stockdb.cluster import Cluster, database_ctype
from stockdb.db import with_dbname
from stockdb.migrate import Migrator, run_sql_file

SUPPORT_DIR = PROJECT_ROOT / "tests" / "support"
_names = itertools.count(1)
pytest_plugins = ["pytester"]


@pytest.fixture(autouse=True)
def _environment_kept() -> Iterator[None]:
    """The process's environment after a test as before it. stockdb's main(), run in
    the test's process, sets PGOPTIONS (statement_timeout=0 among its settings) and
    PGCLIENTENCODING, and drops PGDATESTYLE: that outlived the test, and a later
    test in the same worker expecting a database's statement_timeout got none."""
    saved = dict(os.environ)
    yield
    if os.environ != saved:
        os.environ.clear()
        os.environ.update(saved)


class Databases:
    """Creates and drops the databases of one test run."""

    def __init__(self, admin_url: str):
        self.admin_url = admin_url
        self.prefix = f"stockdb_test_{os.getpid()}"
        self.template = f"{self.prefix}_template"

    def url(self, dbname: str) -> str:
        return with_dbname(self.admin_url, dbname)

    def _admin(self, statement: sql.Composable) -> None:
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(statement)

    def create(self, template: str | None = None, name: str | None = None) -> str:
        name = name or f"{self.prefix}_{next(_names)}"
        stmt = sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(name), sql.Identifier(template or "template0")
        )
        self._admin(stmt)
        return name

    def drop(self, name: str) -> None:
        self._admin(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )

    def drop_leftovers(self) -> None:
        """Databases that runs of this harness, interrupted and now gone, left behind."""
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            names = conn.execute(
                "SELECT datname FROM pg_database WHERE datname ~ '^stockdb_test_[0-9]+_'"
            ).fetchall()
        for (name,) in names:
            if not _alive(int(name.split("_")[2])):
                self.drop(name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_STARTED_HERE = pytest.StashKey[bool]()


def _is_xdist_controller(config: pytest.Config) -> bool:
    return bool(getattr(config.option, "numprocesses", None)) and not hasattr(
        config, "workerinput"
    )


def _is_xdist_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config: pytest.Config) -> None:
    # Under xdist the controller starts the cluster before any worker exists,
    # so no two workers race to initdb, and only it stops the cluster, once
    # every worker is done with it.
    if _is_xdist_controller(config) and not os.environ.get("DATABASE_URL"):
        config.stash[_STARTED_HERE] = _start_test_cluster()


def _start_test_cluster() -> bool:
    """Starts the test cluster (True when it had to), made again first when it
    was made in another LC_CTYPE than initdb now gives (C, before C.UTF-8): the
    tests hold what a new cluster does."""
    cluster = Cluster.test()
    started = cluster.start()
    with psycopg.connect(cluster.url("postgres")) as conn:
        ctype = conn.execute("SELECT datctype FROM pg_database WHERE datname = 'template1'"
                             ).fetchone()[0]
    if ctype != database_ctype():
        cluster.destroy()
        started = cluster.start()
    return started


def pytest_unconfigure(config: pytest.Config) -> None:
    if config.stash.get(_STARTED_HERE, False) and not os.environ.get("STOCKDB_KEEP_TEST_CLUSTER"):
        Cluster.test().stop()


@pytest.fixture(scope="session")
def admin_url(pytestconfig: pytest.Config) -> Iterator[str]:
    url = os.environ.get("DATABASE_URL")
    if url:
        yield url
        return
    cluster = Cluster.test()
    worker = _is_xdist_worker(pytestconfig)
    # A worker finds the cluster the controller started, and leaves it be.
    started = cluster.start() if worker else _start_test_cluster()
    yield cluster.url("postgres")
    if started and not worker and not os.environ.get("STOCKDB_KEEP_TEST_CLUSTER"):
        cluster.stop()


@pytest.fixture
def cluster_lock(admin_url: str) -> Iterator[None]:
    """Held for the test: one test at a time, across workers, may use what the
    whole test cluster shares (the cron database, which such a test drops and
    makes again; the demo's database, and a demo refuses to start while another
    runs: under pytest-xdist's default distribution, pytest -n 2
    tests/python/test_demo.py, two workers ran the demos at once and 2 of 4
    tests failed on that refusal)."""
    server = hashlib.sha256(admin_url.encode()).hexdigest()[:12]
    with open(Path(tempfile.gettempdir()) / f"stockdb-tests-{server}.lock", "a") as lock:
        # Released when the file closes, however the test ends.
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@pytest.fixture(scope="session")
def databases(admin_url: str) -> Databases:
    dbs = Databases(admin_url)
    if not os.environ.get("DATABASE_URL"):  # never on a server other runs may share
        dbs.drop_leftovers()
    return dbs


def install_test_support(url: str) -> None:
    """pgTAP, plpgsql_check and the test_support schema: test databases only."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pgtap SCHEMA public")
        conn.execute("CREATE EXTENSION IF NOT EXISTS plpgsql_check SCHEMA public")
        for path in sorted(SUPPORT_DIR.glob("*.sql")):
            run_sql_file(conn, path)


@pytest.fixture(scope="session")
def template_db(databases: Databases) -> Iterator[str]:
    name = databases.create(name=databases.template)
    url = databases.url(name)
    with Migrator(url) as m:
        m.apply()
    install_test_support(url)
    yield name
    databases.drop(name)


@pytest.fixture
def fresh_db(databases: Databases, template_db: str) -> Iterator[str]:
    """URL of a new database cloned from the migrated template."""
    name = databases.create(template=template_db)
    yield databases.url(name)
    databases.drop(name)


@pytest.fixture
def cron_db(databases: Databases, template_db: str, cluster_lock: None) -> Iterator[str]:
    """URL of the database pg_cron runs jobs in, made anew from the migrated
    template, with pg_cron installed and the jobs of ops.cron_job scheduled."""
    if os.environ.get("DATABASE_URL"):
        pytest.skip("the cron database of a shared server is not ours to recreate")
    with psycopg.connect(databases.admin_url) as c:
        name = c.execute("SHOW cron.database_name").fetchone()[0]
    databases.drop(name)
    databases.create(template=template_db, name=name)
    try:
        with psycopg.connect(databases.url(name), autocommit=True) as c:
            c.execute("CREATE EXTENSION pg_cron")
            c.execute("SELECT ops.schedule_jobs()")
        yield databases.url(name)
    finally:
        databases.drop(name)


@pytest.fixture
def empty_db(databases: Databases) -> Iterator[str]:
    """URL of a new database with nothing of stockdb in it."""
    name = databases.create()
    yield databases.url(name)
    databases.drop(name)


@pytest.fixture
def conn(fresh_db: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(fresh_db, autocommit=True) as c:
        yield c


# pytest-pgtap runs every tests/sql/test*.sql file through these two fixtures;
# overriding them gives each file a database of its own.
@pytest.fixture
def pgtap_connection(fresh_db: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(fresh_db) as c:
        yield c


@pytest.fixture
def _pgtap_runner(pgtap_connection: psycopg.Connection) -> Runner:
    return Runner(pgtap_connection)


@pytest.fixture(scope="module")
def fuzz_db(databases: Databases, template_db: str) -> Iterator[str]:
    """A database the fuzz tests' sequences share, each in its own warehouses and products."""
    name = databases.create(template=template_db)
    yield databases.url(name)
    databases.drop(name)


@pytest.fixture
def fixed_draws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The fuzz tests draw the same examples in any order of test files (with
    tests.python.helpers.fuzz_settings' derandomize). Hypothesis also draws
    constants it finds in the modules this process has loaded so far, so the
    draws depended on which test files the worker had run before. Without
    STOCKDB_FUZZ_RANDOM those are left out, and the cache of them emptied both
    ways so no other test's draws change either."""
    if os.environ.get("STOCKDB_FUZZ_RANDOM"):
        yield
        return
    from hypothesis.internal.conjecture import providers

    monkeypatch.setattr(providers, "_get_local_constants", providers.Constants)
    providers.CONSTANTS_CACHE.cache.clear()
    yield
    providers.CONSTANTS_CACHE.cache.clear()
