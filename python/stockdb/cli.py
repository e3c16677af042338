"""The stockdb command line: thin, it parses, connects, calls SQL and prints."""

from __future__ import annotations

import functools
import io
import json
import os
import re
import shlex
import signal
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

import click
import psycopg

from . import __version__
from .cluster import Cluster, pg_tool
from .db import alone, connect, database_url, tool_connection, with_session_options
from .errors import StockdbError
from .migrate import Migrator, require_schema


def _progress(message: str) -> None:
    click.echo(f"  {message}", err=True)


def _emit(data, as_json: bool, human) -> None:
    if as_json:
        click.echo(json.dumps(data, indent=2, default=str))
    else:
        human(data)


def _emit_with_list(data: dict, key: str, items) -> None:
    """What _emit prints as JSON for data with items as its last key, written as items come:
    the same document, without holding the list."""
    head = json.dumps({**data, key: []}, indent=2, default=str)
    assert head.endswith("[]\n}")
    click.echo(head[: -len("[]\n}")] + "[", nl=False)
    encoder = json.JSONEncoder(indent=2, default=str)
    separator, written = "\n", []
    for item in items:
        text = encoder.encode(item).replace("\n", "\n    ")
        written.append(f"{separator}    {text}")
        separator = ",\n"
        if len(written) == 1000:
            click.echo("".join(written), nl=False)
            written.clear()
    click.echo("".join(written) + ("\n  ]\n}" if separator == ",\n" else "]\n}"))


class _Given(click.Path):
    """A path that is not empty. Path('') is '.', the current directory, which nobody
    named: `import run products ''` was refused as `.: not a regular file`, and
    `backup prune --dir ''` (an unset variable) pruned STOCKDB_BACKUP_DIR or
    ./backups as if --dir were left out."""

    def __init__(self, needed: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.needed = needed

    def convert(self, value, param, ctx):
        if value == "":
            self.fail(f"is empty: {self.needed}", param, ctx)
        return super().convert(value, param, ctx)


WORKBOOK = _Given("give the .xlsx workbook to import", dir_okay=False, path_type=Path)


@click.group()
@click.version_option(__version__, prog_name="stockdb")
def cli() -> None:
    """stockdb: inventory whose rules live in PostgreSQL.

    Without DATABASE_URL every command uses the embedded cluster
    (`stockdb db start`), starting it when needed.
    """


# -- db ---------------------------------------------------------------------


@cli.group()
def db() -> None:
    """The embedded PostgreSQL cluster (used when DATABASE_URL is unset)."""


@db.command("start")
def db_start() -> None:
    """Initialise (first time) and start the embedded cluster."""
    cluster = Cluster.main()
    created, started = cluster.start_status()
    if created:
        click.echo(f"initialised a cluster in {cluster.data_dir}")
    click.echo(f"{'started' if started else 'already running'}: {_password_hidden(cluster.url())}")


def _password_hidden(url: str) -> str:
    """The URL as a terminal or a log may show it: its password written as ***
    (`db url` prints it whole). `db start` and `db status` printed it, so a CI log
    or a shared screen carried the cluster's password."""
    parts = urllib.parse.urlsplit(url)
    userinfo, at, host = parts.netloc.rpartition("@")
    if not at or ":" not in userinfo:
        return url
    return parts._replace(netloc=f"{userinfo.partition(':')[0]}:***@{host}").geturl()


@db.command("stop")
def db_stop() -> None:
    """Stop the embedded cluster (fast shutdown)."""
    cluster = Cluster.main()
    click.echo("stopped" if cluster.stop() else "not running")


@db.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def db_status(as_json: bool) -> None:
    """Say whether the embedded cluster runs, where, and its URL."""
    info = Cluster.main().status()

    def human(s: dict) -> None:
        if not s["initialised"]:
            click.echo("not initialised (run `stockdb db start`)")
            return
        state = f"running (pid {s['pid']})" if s["running"] else "stopped"
        click.echo(f"cluster:  {state}")
        click.echo(f"data:     {s['data_dir']} (owned by {s['os_user']})")
        click.echo(f"log:      {s['log_file']}")
        click.echo(f"port:     {s['port']}")
        if s["url"] is None:
            # A start stopped before it recorded the cluster, or a record deleted.
            click.echo("url:      not recorded (`stockdb db start` records it, new password)")
        else:
            click.echo(f"url:      {_password_hidden(s['url'])} (whole: stockdb db url)")

    _emit(info, as_json, human)
    sys.exit(0 if info["running"] else 3)


@db.command("url")
@click.argument("dbname", required=False)
def db_url(dbname: str | None) -> None:
    """Print the connection URL of the embedded cluster's main database (or DBNAME)."""
    click.echo(Cluster.main().url(dbname) if dbname else Cluster.main().url())


@db.command("psql")
@click.argument("dbname", required=False)
def db_psql(dbname: str | None) -> None:
    """psql on the embedded cluster's main database (or DBNAME). Its password goes to psql
    in the environment: `psql "$(stockdb db url)"` put it on psql's command line, which
    every user of the machine reads (ps) for as long as the session lasts."""
    cluster = Cluster.main()
    cluster.start()
    # In the operator's own environment, not the CLI's UTF8 and settings (main()).
    conninfo, env = tool_connection(cluster.url(dbname) if dbname else cluster.url(),
                                    OPERATOR_ENVIRONMENT or None)
    psql = pg_tool("psql")
    os.execve(psql, [psql, conninfo], env)  # noqa: S606 (psql takes this process's place)


@db.command("destroy")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def db_destroy(yes: bool) -> None:
    """Stop the embedded cluster and delete its data."""
    cluster = Cluster.main()
    if not yes and not click.confirm(f"delete {cluster.data_dir} and all its data?"):
        raise StockdbError("not confirmed; nothing deleted (use --yes to skip the question)")
    click.echo("destroyed" if cluster.destroy() else "nothing to destroy")


def schema_url() -> str:
    """database_url(), of a database with this stockdb's migrations (require_schema):
    every command that reads or writes what they make starts here. Asked once a
    process (an option's callback and the command both ask)."""
    url = database_url()
    if url not in _SCHEMA_CHECKED:
        warning = require_schema(url)
        if warning:
            click.echo(f"stockdb: warning: {warning}", err=True)
        _SCHEMA_CHECKED.add(url)
    return url


_SCHEMA_CHECKED: set[str] = set()


# -- migrate ------------------------------------------------------------------


@cli.group(invoke_without_command=True)
@click.option("--dry-run", is_flag=True, help="Apply in a transaction, report, roll back.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def migrate(ctx: click.Context, dry_run: bool, as_json: bool) -> None:
    """Apply pending migrations, then changed repeatable SQL files."""
    if ctx.invoked_subcommand is not None:
        return
    with Migrator(database_url(), progress=None if as_json else _progress) as m:
        plan = m.apply(dry_run=dry_run)

    def human(p: dict) -> None:
        verb = "would apply" if dry_run else "applied"
        if not p["migrations"] and not p["repeatables"]:
            click.echo("nothing to do: the database is up to date")
            return
        click.echo(f"{verb} {len(p['migrations'])} migration(s), "
                   f"{len(p['repeatables'])} repeatable file(s)")
        for warning in p["warnings"]:
            click.echo(f"warning: {warning}")
        if dry_run:
            click.echo("dry run: everything was rolled back")

    _emit({**plan.as_dict(), "dry_run": dry_run}, as_json, human)


@migrate.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def migrate_status(as_json: bool) -> None:
    """List migrations and repeatable files, applied or pending."""
    with Migrator(database_url()) as m:
        status = m.status()

    def human(s: dict) -> None:
        for mig in s["migrations"]:
            click.echo(f"{mig['state']:<10} {mig['id']}")
        for unknown in s["unknown_applied"]:
            click.echo(f"applied, not in this checkout: {unknown}")
        pending = [r for r in s["repeatables"] if r["state"] != "current"]
        click.echo(f"{len(s['repeatables'])} repeatable file(s), {len(pending)} to apply")
        for r in pending:
            gone = f" ({', '.join(r['dropped'])} gone)" if r.get("dropped") else ""
            click.echo(f"{r['state']:<10} {r['path']}{gone}")

    _emit(status, as_json, human)


@migrate.command("rollback")
@click.option("--steps", type=int, default=1, show_default=True,
              help="How many applied migrations to roll back; 0 means all.")
@click.option("--dry-run", is_flag=True, help="Roll back in a transaction, report, undo.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def migrate_rollback(steps: int, dry_run: bool, yes: bool, as_json: bool) -> None:
    """Roll back the last applied migrations with their rollback files.

    A rollback drops what the migrations made, with its data: it asks first
    (on a terminal; elsewhere it needs --yes), unless it is a --dry-run.
    """
    def confirm(ids: list[str]) -> bool:
        if not sys.stdin.isatty():
            return False
        return click.confirm(f"roll back {', '.join(ids)} and drop what they made, "
                             f"with its data?", err=True)

    with Migrator(database_url(), progress=None if as_json else _progress) as m:
        plan = m.rollback(steps=steps, dry_run=dry_run,
                          confirm=None if yes or dry_run else confirm)

    def human(p: dict) -> None:
        if not p["rolled_back"]:
            click.echo("nothing to roll back")
            return
        verb = "would roll back" if dry_run else "rolled back"
        click.echo(f"{verb}: {', '.join(p['rolled_back'])}")

    _emit({**plan.as_dict(), "dry_run": dry_run}, as_json, human)


# -- demo ---------------------------------------------------------------------

@cli.command()
@click.option("--small", is_flag=True, help="200 products and lighter days: a quick run.")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Seed of everything random, for a repeatable run.")
@click.option("--workers", type=click.IntRange(1, 32), default=4, show_default=True,
              help="Concurrent workers during the simulated days.")
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Where demo-report.xlsx, demo-stock.png and the "
                                      "generated XLSX inputs go.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def demo(small: bool, seed: int, workers: int, output_dir: Path, as_json: bool) -> None:
    """A company on realistic data, 30 simulated days through the api, then a report.

    Creates (or replaces) the database stockdb_demo, on the embedded cluster or
    the server DATABASE_URL names, and leaves it there to explore.
    """
    from . import demo as d

    started = time.monotonic()
    report = d.run_demo(database_url(), small=small, seed=seed, workers=workers,
                        out_dir=output_dir, progress=_progress)
    report["seconds"] = round(time.monotonic() - started, 1)
    _emit(report, as_json, _demo_human)


def _demo_human(r: dict) -> None:
    echo = click.echo
    echo(f"\nstockdb demo: {r['database']} after 30 simulated days ({r['seconds']} s)")
    echo(f"  movements posted: {r['movements']:,} in {r['simulation_seconds']} s "
         f"({r['movements_per_second']:,}/s with every rule checked by the database)")
    echo("  operations: " + ", ".join(f"{k} {v:,}" for k, v in r["operations"].items()))
    echo(f"  integrity check: {r['integrity_findings']} finding(s)")
    for code, t in r["tenants"].items():
        echo(f"\ntenant {code}")
        echo("  stock value per warehouse")
        for v in t["stock_value"]:
            echo(f"    {v['warehouse']:<6} {v['value_minor'] / 100:>14,.2f} {v['currency']}")
        rate = t["fulfilment_rate_percent"]
        echo(f"  sales orders: {t['sales_orders']:,}, shipped {t['sales_orders_shipped']:,} "
             f"(fulfilment rate {rate if rate is not None else '-'} %)")
        echo("  lowest sellable stock against the reorder point, with what to order")
        for s in t["low_stock"][:5]:
            echo(f"    {s['sku']:<10} {s['warehouse']:<5} sellable {s['sellable']:>7g} "
                 f"reorder point {s['reorder_point']:>5g}  on order {s['on_order']:>6g}  "
                 f"order {s['suggested_quantity']:>6g} "
                 f"from {s['supplier'] or '-'}")
        echo("  batches expiring within 30 days")
        shown = t["expiring_batches"][:5]
        width = max((len(b["batch"]) for b in shown), default=0)
        for b in shown:
            days = b["days_to_expiry"]
            echo(f"    {b['sku']:<10} {b['batch']:<{width}} {b['warehouse']:<5} {b['expiry_date']} "
                 f"({days} day{'' if days == 1 else 's'}) on hand {b['on_hand']:g}")
        if not t["expiring_batches"]:
            echo("    none")
    echo(f"\nwritten: {r['workbook']} and {r['chart']}")
    echo("\nexplore it:")
    if os.environ.get("DATABASE_URL"):
        echo(f"  psql \"{r['connect']}\"")
    else:
        echo(f"  .venv/bin/stockdb db psql {r['database']}")
    # The context lasts one transaction, so each example is one.
    ctx = "BEGIN; SELECT api.set_context('00000000-0000-7000-8000-000000000001');"
    echo(f"  {ctx} SELECT warehouse_code, round(sum(value_minor) / 100.0, 2) AS eur "
         "FROM report.stock_valuation GROUP BY 1; COMMIT;")
    echo(f"  {ctx} SELECT sku, name, matched_by FROM api.search_products('milk'); "
         "COMMIT;")
    echo(f"  {ctx} SELECT * FROM api.stock_level((SELECT product_id FROM report.products "
         "WHERE sku = 'DEF-00001')); COMMIT;")



# -- bench ----------------------------------------------------------------------


@cli.group()
def bench() -> None:
    """Benchmarks (pgbench on the same cluster, against its simple-update)."""


# The advisory lock a running benchmark holds on the server (db.alone).
BENCH_LOCK = 7_401_562_880_042


def _one_bench_at_a_time(command: Callable) -> Callable:
    """A second benchmark would drop the first one's database, or share the
    machine with it and measure neither."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        with alone(database_url(), BENCH_LOCK, "another stockdb bench is running on this "
                   "server, and figures taken beside it would measure neither: wait for it"):
            return command(*args, **kwargs)

    return run


@bench.command("movements")
@click.option("--seconds", type=click.IntRange(1, 3600), default=30, show_default=True,
              help="Length of each pgbench run.")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Where to write the JSON report [default: bench/results/<date>-movements.json].")
@click.option("--hot-clients", type=click.IntRange(1, 90), multiple=True, metavar="N",
              help="Run reserve+fulfil on the hot SKU at N clients too (repeatable), to see how "
                   "its rate depends on the number of connections.")
@click.option("--hot-pool", type=click.IntRange(1, 32), multiple=True, metavar="N",
              help="Run reserve+fulfil on the hot SKU from 32 threads of the bench's own process "
                   "too, on a connection each and through a psycopg-pool of N (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_one_bench_at_a_time
def bench_movements(seconds: int, output: str | None, hot_clients: tuple[int, ...],
                    hot_pool: tuple[int, ...], as_json: bool) -> None:
    """record_movement and reserve+fulfil, as ratios to pgbench simple-update."""
    from . import bench as bench_module

    result = bench_module.run_movements(database_url(), seconds, progress=_progress,
                                        hot_clients=hot_clients, hot_pools=hot_pool)
    path = bench_module.save(result, output)

    def human(r: dict) -> None:
        header = ("workload", "clients", "tps", "p50 ms", "p95 ms", "failed")
        click.echo("{:<34}{:>8}{:>10}{:>9}{:>9}{:>8}".format(*header))
        for row in r["results"]:
            click.echo(f"{row['label']:<34}{row['clients']:>8}{row['tps']:>10.1f}"
                       f"{row['latency_ms_p50']:>9.2f}{row['latency_ms_p95']:>9.2f}{row['failed']:>8}")
        click.echo(f"record_movement / simple-update: {r['record_movement_vs_simple_update']:.2f}")
        click.echo(f"ledger row alone / simple-update: {r['ledger_row_vs_simple_update']:.2f}"
                   f" (record_movement reaches {r['record_movement_vs_ledger_row']:.2f} of it)")
        click.echo(f"record_movement writes alone / simple-update: "
                   f"{r['bare_writes_vs_simple_update']:.2f}"
                   f" (record_movement reaches {r['record_movement_vs_bare_writes']:.2f} of it)")
        click.echo(f"reserve+fulfil / simple-update:  {r['reserve_fulfil_vs_simple_update']:.2f}"
                   f" (and {r['reserve_fulfil_vs_ledger_rows']:.2f} of its ledger rows alone)")
        mix = next(row for row in r["results"] if row.get("scripts"))
        each = ", ".join(f"{x['script']} {x['tps']:.1f} tps, p95 {x['latency_ms_p95']:.2f} ms"
                         for x in mix["scripts"])
        click.echo(f"receive, reserve+fulfil mix / simple-update: "
                   f"{r['mix_vs_simple_update']:.2f} ({each})")
        click.echo(f"balance mismatches afterwards:   {r['balance_mismatches_after']}")
        hot = next(row for row in r["results"] if row["label"] == bench_module.HOT_LABEL)
        click.echo(f"{hot['label']}, mean ms per statement:")
        for statement in hot["statements"]:
            click.echo(f"  {statement['latency_ms']:>9.3f}  {statement['command'][:64]}")
        if len(r["reserve_fulfil_by_clients"]) > 1:
            click.echo("reserve+fulfil (hot SKU) by clients:")
            for run in r["reserve_fulfil_by_clients"]:
                click.echo(f"  {run['clients']:>3} clients {run['tps']:>8.1f}/s  "
                           f"p95 {run['latency_ms_p95']:.2f} ms  failed {run['failed']}")
        if r["reserve_fulfil_pooled"]:
            click.echo("reserve+fulfil (hot SKU) from threads of one process:")
            for run in r["reserve_fulfil_pooled"]:
                how = "pool of" if run["pooled"] else "own   "
                click.echo(f"  {run['threads']:>3} threads, {how} {run['connections']:>3} "
                           f"connections {run['tps']:>8.1f}/s  p95 {run['latency_ms_p95']:.2f} ms  "
                           f"failed {run['failed']}")
        click.echo(f"written to {path}")

    _emit(result, as_json, human)


@bench.command("reports")
@click.option("--products", type=click.IntRange(100), default=1_000_000, show_default=True,
              help="How many products to generate.")
@click.option("--movements", type=click.IntRange(100), default=10_000_000, show_default=True,
              help="How many ledger rows to generate (at least one per product).")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Where to write the JSON report [default: bench/results/<date>-reports.json].")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_one_bench_at_a_time
def bench_reports(products: int, movements: int, output: str | None, as_json: bool) -> None:
    """search_products, stock_level and report queries on a generated catalogue."""
    from . import bench as bench_module
    from . import bench_reports

    if movements < products:
        raise StockdbError("--movements must be at least --products (one receipt each)")
    result = bench_reports.run_reports(database_url(), products, movements, progress=_progress)
    path = bench_module.save(result, output)

    def human(r: dict) -> None:
        gen = r["generation"]["timings"]
        click.echo(f"generated {r['products']:,} products, {r['ledger_rows']:,} ledger rows, "
                   f"{r['balance_rows']:,} balances in {gen['total_s']} s ({r['database_size']})")
        click.echo("  " + ", ".join(f"{k} {v}" for k, v in gen.items()))
        click.echo(f"balance mismatches: {r['generation']['balance_mismatches']}")
        refresh = r["refresh"]
        click.echo(f"first report refresh {refresh['first_refresh_s']} s; "
                   f"after no change {refresh['refresh_after_no_change_ms']} ms")
        for name in ("search_products", "stock_level"):
            m = r[name]
            click.echo(f"{name:<18} p50 {m['p50_ms']:>8.2f} ms  p99 {m['p99_ms']:>8.2f} ms  "
                       f"({m['runs']} calls)")
        for query, ms in r["search_products"]["median_ms_by_query"].items():
            click.echo(f"  search {query!r:<26} {ms:>8.2f} ms")
        for label, m in r["reports"].items():
            click.echo(f"  {label:<52} {m['median_ms']:>8.2f} ms (max {m['max_ms']:.2f})")
        click.echo(f"written to {path}")

    _emit(result, as_json, human)


@bench.command("backup")
@click.option("--products", type=click.IntRange(100), default=210_000, show_default=True,
              help="Products to generate (the default makes a database of about 1 GB).")
@click.option("--movements", type=click.IntRange(100), default=2_100_000, show_default=True,
              help="Ledger rows to generate (at least one per product).")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Where to write the JSON report [default: bench/results/<date>-backup.json].")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_one_bench_at_a_time
def bench_backup(products: int, movements: int, output: str | None, as_json: bool) -> None:
    """backup create + verify against pg_dump + pg_restore of the same database."""
    from . import bench as bench_module
    from . import bench_backup as bb

    if movements < products:
        raise StockdbError("--movements must be at least --products (one receipt each)")
    result = bb.run_backup_bench(database_url(), products, movements, progress=_progress)
    path = bench_module.save(result, output)

    def human(r: dict) -> None:
        base, ours = r["baseline"], r["stockdb"]
        click.echo(f"database {r['database_size']} ({r['products']:,} products, "
                   f"{r['ledger_rows']:,} ledger rows), -j {r['jobs']}")
        click.echo(f"pg_dump + pg_restore        {base['total_s']:>8.2f} s "
                   f"(dump {base['pg_dump_s']}, restore {base['pg_restore_s']})")
        click.echo(f"backup create + verify      {ours['total_s']:>8.2f} s "
                   f"(create {ours['create_s']}, verify {ours['verify_s']}), "
                   f"verified: {ours['verified']}")
        click.echo(f"ratio {r['ratio_to_baseline']} (target at most {r['target_ratio']})")
        click.echo(f"written to {path}")

    _emit(result, as_json, human)
    if not result["stockdb"]["verified"]:
        raise StockdbError(f"the benchmark's backup failed verification: "
                           f"{result['stockdb']['problems'][0]}")


@bench.command("import")
@click.option("--rows", type=click.IntRange(10, 1_048_575), default=100_000, show_default=True,
              help="Rows in each generated sheet (products, opening stock).")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Where to write the JSON report [default: bench/results/<date>-import.json].")
@click.option("--floor-parts", is_flag=True,
              help="Also time the products floor without each of its parts in turn (audit "
                   "and search-word triggers, foreign keys, indexes, search vector): what each "
                   "costs.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_one_bench_at_a_time
def bench_import(rows: int, output: str | None, floor_parts: bool, as_json: bool) -> None:
    """`stockdb import run` on generated sheets, against calamine + COPY."""
    from . import bench as bench_module
    from . import bench_import as bi

    result = bi.run_import_bench(database_url(), rows, progress=_progress,
                                 floor_parts=floor_parts)
    path = bench_module.save(result, output)

    def human(r: dict) -> None:
        click.echo(f"{r['rows']:,} rows per sheet; written in {r['generate_seconds']} s "
                   f"({r['file_mib']})")
        header = ("sheet", "baseline s", "import s", "ratio", "rows/s", "CLI peak RSS MiB")
        click.echo("{:<15}{:>11}{:>10}{:>7}{:>9}{:>18}".format(*header))
        for kind in ("products", "opening_stock"):
            k = r[kind]
            click.echo(f"{kind:<15}{k['baseline_seconds']:>11}{k['import_seconds']:>10}"
                       f"{k['ratio_to_baseline']:>7}{k['rows_per_second']:>9}"
                       f"{k['cli_peak_rss_mib']:>18}")
        for kind in ("products", "opening_stock"):
            # Each phase against the baseline: which of them alone passes the target.
            click.echo(f"{kind} by phase: " + ", ".join(
                f"{name} {sec:.2f} s ({r[kind]['phase_ratio_to_baseline'][name]}x)"
                for name, sec in r[kind]["phase_seconds"].items()))
        p = r["products"]
        click.echo(f"catalog.product alone took the products in {p['table_floor_seconds']} s "
                   f"({p['table_floor_ratio_to_baseline']}x the baseline; the import's floor)")
        for name, seconds in p.get("table_floor_parts_seconds", {}).items():
            click.echo(f"  {name:<26}{seconds:>7.2f} s")
        click.echo(f"ledger rows {r['ledger_rows']:,}; balance mismatches afterwards: "
                   f"{r['balance_mismatches_after']}")
        click.echo(f"written to {path}")

    _emit(result, as_json, human)


@bench.command("all")
@click.option("--quick", is_flag=True,
              help="Small sizes and short runs (a few minutes) instead of the real ones.")
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where <date>.json and <date>.png go [default: bench/results].")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_one_bench_at_a_time
def bench_all(quick: bool, output_dir: Path | None, as_json: bool) -> None:
    """Every benchmark in one go: one JSON, one chart of each figure against its target."""
    from . import bench_all as ba

    result = ba.run_all(database_url(), quick, progress=_progress)
    data, chart = ba.save(result, output_dir)

    def human(r: dict) -> None:
        click.echo(f"{'figure':<48}{'value':>12}{'target':>12}  met")
        for f in r["figures"]:
            sign = ">=" if f["higher_is_better"] else "<="
            click.echo(f"{f['name']:<48}{f['value']:>12g}{sign:>4}{f['target']:>8g}  "
                       f"{'yes' if f['met'] else 'no'}")
        click.echo(f"soak clean: {'yes' if r['soak_clean'] else 'no'}")
        click.echo(f"written to {data} and {chart}")

    _emit(result, as_json, human)


@bench.command("soak")
@click.option("--minutes", type=click.FloatRange(0.1, 24 * 60), default=10, show_default=True,
              help="How long the load runs.")
@click.option("--clients", type=click.IntRange(1, 90), default=32, show_default=True,
              help="Concurrent workers, each with its own connection.")
@click.option("--check-every", type=click.FloatRange(1), default=60, show_default=True,
              help="Seconds between integrity checks during the run.")
@click.option("--seed", type=int, default=1, show_default=True, help="Seed of the workload.")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Where to write the JSON report [default: bench/results/<date>-soak.json].")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@_one_bench_at_a_time
def bench_soak(minutes: float, clients: int, check_every: float, seed: int,
               output: str | None, as_json: bool) -> None:
    """A long randomized run of mixed api calls; exits 1 unless it ends clean."""
    from . import bench as bench_module
    from . import bench_soak as bs

    result = bs.run_soak(database_url(), minutes, clients, check_every, seed,
                         progress=_progress)
    path = bench_module.save(result, output)

    def human(r: dict) -> None:
        header = ("operation", "calls", "committed", "SD001", "55P03", "unexpected",
                  "p50 ms", "p95 ms")
        click.echo("{:<14}{:>9}{:>11}{:>8}{:>8}{:>12}{:>9}{:>9}".format(*header))
        for op, o in r["by_operation"].items():
            click.echo(f"{op:<14}{o['calls']:>9}{o['committed']:>11}{o['SD001']:>8}"
                       f"{o['55P03']:>8}{o['unexpected']:>12}{o['p50_ms'] or '-':>9}"
                       f"{o['p95_ms'] or '-':>9}")
        click.echo(f"{r['calls']:,} calls in {r['minutes']:g} min at {r['clients']} clients "
                   f"({r['calls_per_second']:,}/s)")
        for key in bs.MUST_BE_ZERO:
            click.echo(f"{key.replace('_', ' '):<36}{r[key]}")
        for example in r["unexpected_examples"]:
            click.echo(f"  {example}")
        click.echo(f"written to {path}")

    _emit(result, as_json, human)
    problems = bs.failures(result)
    if problems:
        raise StockdbError(f"the soak did not end clean: {', '.join(problems)}")


# -- maintenance ----------------------------------------------------------------


@cli.group()
def maintenance() -> None:
    """The scheduled maintenance jobs, by hand (pg_cron runs the same ones)."""


@maintenance.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def maintenance_list(as_json: bool) -> None:
    """The jobs, their schedules and what each runs."""
    from . import maintenance as m

    jobs = m.list_jobs(schema_url())

    def human(rows: list[dict]) -> None:
        for j in rows:
            state = "" if j["enabled"] else "  (disabled)"
            click.echo(f"{j['job_name']:<26}{j['schedule']:<15}{j['command']}{state}")
            click.echo(f"{'':<26}{j['description']}")

    _emit(jobs, as_json, human)


@maintenance.command("run")
@click.argument("job")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def maintenance_run(job: str, as_json: bool) -> None:
    """Run JOB now (see `stockdb maintenance list`); exits 1 if the run failed."""
    from . import maintenance as m

    result = m.run(schema_url(), job)

    def human(r: dict) -> None:
        for notice in r["notices"]:
            click.echo(f"  {notice}", err=True)
        click.echo(f"{r['job_name']}: {r['status']} in {r['seconds']:.3f} s "
                   f"{json.dumps(r['detail'], default=str)}")

    _emit(result, as_json, human)
    if result["status"] == "failed":
        raise StockdbError(f"{job} failed: {result['detail'].get('error')}")


@maintenance.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def maintenance_status(as_json: bool) -> None:
    """Each job's last run: when, how long, how it ended (and pg_cron's record)."""
    from . import maintenance as m

    jobs = m.status(schema_url())

    def human(rows: list[dict]) -> None:
        header = ("job", "schedule", "last run", "ms", "result")
        click.echo("{:<26}{:<15}{:<27}{:>10}  {}".format(*header))
        for j in rows:
            started = j["started_at"]
            when = started.isoformat(sep=" ", timespec="seconds") if started else "never"
            ms = "" if j["duration_ms"] is None else str(j["duration_ms"])
            result = j["status"] or ""
            if j["detail"]:
                result += " " + json.dumps(j["detail"], default=str)
            click.echo(f"{j['job_name']:<26}{j['schedule']:<15}{when:<27}{ms:>10}  {result}")
            cron = j["pg_cron_last_run"]
            if cron:
                click.echo(f"{'':<26}pg_cron: {cron['status']} at {cron['start_time']} "
                           f"{cron['message'] or ''}")
        verdict = m.backup_verdict(schema_url())
        if verdict is not None:
            click.echo(m.describe_backup_verdict(verdict))

    _emit(jobs, as_json, human)


@maintenance.command("retention")
# Bounded as the setting's integer, so a larger number is a usage error, not
# the server's bare 22003; ops.set_ledger_retention holds it to 4 to 1200.
@click.option("--keep-months", type=click.IntRange(max=2_147_483_647), metavar="N",
              help="Keep N whole months before the current one attached (4 to 1200).")
@click.option("--keep-all", is_flag=True, help="Keep every month attached (the default).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def maintenance_retention(keep_months: int | None, keep_all: bool, as_json: bool) -> None:
    """Show or set how much of the ledger stays attached, and list its detached months.
    Partition maintenance detaches older months at its next run."""
    from . import maintenance as m

    if keep_months is not None and keep_all:
        raise click.UsageError("give --keep-months N or --keep-all, not both")
    change = keep_months is not None or keep_all
    result = m.retention(schema_url(), keep_months, change=change)

    def human(r: dict) -> None:
        if r["keep_months"] is None:
            click.echo("the ledger keeps every month attached")
        else:
            click.echo(f"the ledger keeps {r['keep_months']} whole months before the current one;"
                       " partition maintenance detaches older ones")
        for d in r["detached"]:
            # The table's name says its month; the range is in the JSON.
            dropped = ", dropped since" if d["dropped"] else ""
            click.echo(f"  {d['table']:<36}{d['rows']:>12} rows  detached {d['detached_at'][:10]}"
                       f"{dropped}")

    _emit(result, as_json, human)


# -- tenants ----------------------------------------------------------------


@cli.group()
def tenant() -> None:
    """Tenants (companies) on the database: create, list, suspend, reactivate."""


@tenant.command("create")
@click.argument("code")
@click.argument("name")
@click.option("--admin-email", default="admin@localhost", show_default=True,
              help="The first admin's email (the user has no password yet).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def tenant_create(code: str, name: str, admin_email: str, as_json: bool) -> None:
    """Create tenant CODE (lower case, digits, - and _) called NAME, with its first admin."""
    from . import tenants

    result = tenants.create(schema_url(), code, name, admin_email)

    def human(r: dict) -> None:
        click.echo(f"tenant {r['code']} ({_one_line(r['name'])}): {r['tenant_id']}")
        click.echo(f"  admin {r['admin_email']}: {r['admin_user_id']}, no password yet; as system "
                   "work, api.set_context(tenant_id, NULL) then api.set_password(user_id, …)")

    _emit(result, as_json, human)


@tenant.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def tenant_list(as_json: bool) -> None:
    """Every tenant: id, code, name, whether active, its active users and admins."""
    from . import tenants

    rows = tenants.list_tenants(schema_url())

    def human(rs: list[dict]) -> None:
        for r in rs:
            state = "active" if r["active"] else "inactive"
            click.echo(f"{r['code']:<20}{state:<10}{r['active_users']:>5} users "
                       f"{r['active_admins']:>3} admins  {r['tenant_id']}  {_one_line(r['name'])}")

    _emit(rows, as_json, human)


def _tenant_set_active(code: str, active: bool, as_json: bool) -> None:
    from . import tenants

    result = tenants.set_active(schema_url(), code, active)
    _emit(result, as_json, lambda r: click.echo(
        f"tenant {r['code']} is {'active' if r['active'] else 'inactive'}"))


@tenant.command("deactivate")
@click.argument("code")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def tenant_deactivate(code: str, as_json: bool) -> None:
    """Suspend tenant CODE: its calls fail at api.set_context (42501); its data stays."""
    _tenant_set_active(code, False, as_json)


@tenant.command("activate")
@click.argument("code")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def tenant_activate(code: str, as_json: bool) -> None:
    """Reactivate tenant CODE."""
    _tenant_set_active(code, True, as_json)


@cli.group()
def user() -> None:
    """A tenant's users, as the operator reaches them (system work: no user in the context)."""


USER_TENANT = click.option("--tenant", default="default", show_default=True,
                           help="The tenant's code or id.")


@user.command("list")
@USER_TENANT
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def user_list(tenant: str, as_json: bool) -> None:
    """The tenant's users: email, role, whether active, last login, id."""
    from . import tenants

    rows = tenants.list_users(schema_url(), tenant)

    def human(rs: list[dict]) -> None:
        for r in rs:
            state = "active" if r["active"] else "inactive"
            login = str(r["last_login_at"])[:16] if r["last_login_at"] else "never"
            click.echo(f"{_one_line(r['email']):<32}{r['role']:<16}{state:<10}"
                       f"last login {login:<17}"
                       f"{r['user_id']}")

    _emit(rows, as_json, human)


@user.command("set-password")
@click.argument("email")
@USER_TENANT
@click.option("--password-stdin", is_flag=True,
              help="Read the password from the first line of standard input, not a prompt.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def user_set_password(email: str, tenant: str, password_stdin: bool, as_json: bool) -> None:
    """Set EMAIL's password (12 characters to 72 bytes, stored as bcrypt); it also lifts a
    login lock. A new tenant's first admin has none until this."""
    from . import tenants

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif not sys.stdin.isatty():
        raise StockdbError("no terminal to ask for the password on: pass it with --password-stdin")
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    result = tenants.set_password(schema_url(), tenant, email, password)
    _emit(result, as_json, lambda r: click.echo(f"password set for {r['email']}"))


# -- check ------------------------------------------------------------------


@cli.command()
@click.option("--skip-integrity", is_flag=True,
              help="Judge the last integrity check instead of running ops.check_integrity() "
                   "now (it reads every balance and the whole ledger).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def check(skip_integrity: bool, as_json: bool) -> None:
    """Check the install: schema, extensions, jobs, integrity, partitions, indexes, WAL
    archive, backups, outbox. Exits 1 when a check failed (warnings do not)."""
    from .health import run_checks

    report = run_checks(database_url(), run_integrity=not skip_integrity,
                        progress=None if as_json else _progress)

    def human(r: dict) -> None:
        for c in r["checks"]:
            click.echo(f"{c['status']:<8} {c['check_name']:<18} {c['detail']}")
            if c["status"] != "ok" and c["hint"]:
                click.echo(f"{'':<27} hint: {c['hint']}")
        n = r["counts"]
        click.echo(f"checks: {n['ok']} ok, {n['warning']} warning(s), {n['failed']} failed")

    _emit(report, as_json, human)
    if not report["ok"]:
        failed = ", ".join(c["check_name"] for c in report["checks"] if c["status"] == "failed")
        raise StockdbError(f"check failed: {failed}")


# -- import -----------------------------------------------------------------

def _tenant_code_or_id(_ctx: click.Context, _param: click.Parameter,
                       value: str | None) -> str | None:
    """--tenant as the tenant and user commands take it, a code or an id: a
    code here was a bare 22P02 (invalid input syntax for type uuid)."""
    if value is None:
        return None
    from . import tenants

    return tenants.tenant_id(schema_url(), value)


TENANT_OPTION = click.option(
    "--tenant", "tenant_id", envvar="STOCKDB_TENANT_ID", default=None,
    callback=_tenant_code_or_id,
    help="The tenant's code or id (default: STOCKDB_TENANT_ID, else the single-company "
         "default tenant).",
)


class _ImportGroup(click.Group):
    """`stockdb import FILE [OPTIONS]`, the importer's form in DESIGN.md, is `stockdb import
    run KIND FILE [OPTIONS]` with the kind FILE's name or sheet gives."""

    def resolve_command(self, ctx: click.Context, args: list[str]):
        # A file has a suffix or exists; anything else is a mistyped command.
        if (args and args[0] not in self.commands and not args[0].startswith("-")
                and (Path(args[0]).suffix or Path(args[0]).exists())):
            return "by-name", self.commands["by-name"], args
        return super().resolve_command(ctx, args)


@cli.group("import", cls=_ImportGroup)
def import_() -> None:
    """XLSX import: templates, staged and validated imports, past batches.

    `stockdb import FILE [OPTIONS]` is `stockdb import run KIND FILE [OPTIONS]`
    with the kind FILE's name (products.xlsx) or its one sheet named after a
    kind gives.
    """


@import_.command("template")
@click.argument("kind")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Where to write the .xlsx template.")
@click.option("--with-data", is_flag=True,
              help="Fill it with the tenant's current rows of KIND, to edit and import back "
                   "with --mode upsert (cycle_counts: a count sheet to fill in).")
@click.option("--warehouse", metavar="CODE", default=None,
              help="With --with-data, only this warehouse's rows (locations, cycle_counts).")
@click.option("--tenant", "tenant_id", envvar="STOCKDB_TENANT_ID", default=None,
              callback=_tenant_code_or_id,
              help="The tenant's code or id, for --with-data (default: STOCKDB_TENANT_ID, "
                   "else the single-company default tenant).")
def import_template(kind: str, output: Path, with_data: bool, warehouse: str | None,
                    tenant_id: str | None) -> None:
    """Write an XLSX template for KIND (see `stockdb import kinds`)."""
    from . import xlsx_import as xi

    if warehouse is not None and not with_data:
        raise click.UsageError("--warehouse narrows --with-data; give both or neither")
    if output.suffix.lower() != ".xlsx":
        # An XLSX workbook named .csv opened in a spreadsheet program as text.
        raise click.UsageError("-o takes a file ending in .xlsx: the template is an XLSX workbook")
    url = schema_url()
    with connect(url) as conn:
        k = xi.require_kind(xi.load_kinds(conn), kind)
    try:
        data = xi.export_rows(url, k, tenant_id, warehouse) if with_data else None
        rows = xi.write_template(k, output, data)
    except OSError as exc:
        raise StockdbError(f"cannot write {output}: {exc.strerror or exc}") from None
    place = f" in warehouse {warehouse}" if warehouse is not None else ""
    filled = f", {rows:,} row(s) of the tenant's data{place}" if with_data else ""
    click.echo(f"wrote {output}: {len(k.columns)} columns for {k.kind}{filled} "
               "(notes on the second sheet)")


@import_.command("kinds")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def import_kinds(as_json: bool) -> None:
    """What can be imported, with each kind's columns."""
    from . import xlsx_import as xi

    with connect(schema_url()) as conn:
        kinds = xi.load_kinds(conn)
    data = [{"kind": k.kind, "description": k.description, "modes": k.modes,
             "columns": [{"name": c.name, "type": c.data_type, "required": c.required}
                         for c in k.columns]} for k in kinds.values()]

    def human(rows: list[dict]) -> None:
        for k in rows:
            click.echo(f"{k['kind']:<17}{k['description']}")
            cols = ", ".join(c["name"] + ("*" if c["required"] else "") for c in k["columns"])
            click.echo(f"{'':<17}columns: {cols}   (* required; modes: {', '.join(k['modes'])})")

    _emit(data, as_json, human)


def _import_run_options(command):
    """The options of `import run`, which `import FILE` takes too."""
    for option in reversed([
        click.option("--sheet", default=None,
                     help="Sheet to read, in any case (default: one named KIND, else the first)."),
        click.option("--dry-run", is_flag=True, help="Validate and count, apply nothing."),
        click.option("--mode", type=click.Choice(["insert", "upsert"]), default=None,
                     help="insert: new rows only (default); upsert: also update changed rows."),
        click.option("--report", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="Where to write the error report (default: FILE with .errors.xlsx)."),
        # A uuid checked here: any other text was a bare 22P02 from api.set_context.
        click.option("--user", "user_id", envvar="STOCKDB_USER_ID", default=None,
                     type=click.UUID, callback=lambda _c, _p, v: None if v is None else str(v),
                     help="App user's id recorded on the batch (default: STOCKDB_USER_ID)."),
        TENANT_OPTION,
        click.option("--json", "as_json", is_flag=True, help="Print JSON."),
    ]):
        command = option(command)
    return command


@import_.command("by-name", hidden=True)
@click.argument("file", type=WORKBOOK)
@_import_run_options
@click.pass_context
def import_by_name(ctx: click.Context, file: Path, **options) -> None:
    """Import FILE as the kind its name or sheet gives (`stockdb import FILE`)."""
    from . import xlsx_import as xi

    with connect(schema_url()) as conn:
        kind = xi.infer_kind(xi.load_kinds(conn), file)
    if not options["as_json"]:
        click.echo(f"importing {file.name} as {kind}", err=True)
    ctx.invoke(import_run, kind=kind, file=file, **options)


@import_.command("run")
@click.argument("kind")
@click.argument("file", type=WORKBOOK)
@_import_run_options
def import_run(kind: str, file: Path, sheet: str | None, dry_run: bool, mode: str | None,
               report: Path | None, user_id: str | None, tenant_id: str | None,
               as_json: bool) -> None:
    """Import FILE as KIND: stage, validate in SQL, apply all or nothing."""
    from . import xlsx_import as xi

    url = schema_url()
    show = not as_json and sys.stderr.isatty()
    with click.progressbar(length=0, label=f"staging {file.name}", file=sys.stderr,
                           hidden=not show) as bar:
        def tick(n: int) -> None:
            bar.length = (bar.length or 0) + n
            bar.update(n)

        # Staging is done when the server's first phase starts: the bar's line
        # ends there, and each phase gets a line with the seconds it took,
        # which for a large sheet is most of the import.
        started: list[float] = []

        def end_phase() -> None:
            if started:
                click.echo(f" {time.monotonic() - started.pop():.1f} s", err=True)

        def phase(text: str) -> None:
            if not started and not bar.hidden:
                bar.render_finish()
                bar.hidden = True
            end_phase()
            click.echo(f"{text} …", err=True, nl=False)
            started.append(time.monotonic())

        try:
            result = xi.run_import(url, kind, file, sheet_name=sheet, mode=mode,
                                   dry_run=dry_run, tenant_id=tenant_id, user_id=user_id,
                                   report_path=report, progress=tick,
                                   phase=phase if show else None)
        finally:
            end_phase()
    batch = result.batch
    data = {**batch, "status": result.status,
            "report": str(result.report) if result.report else None,
            "report_error": result.report_error}

    def holds(b: dict) -> str:
        """Where the rows of b were applied before (b's duplicate_of_batch)."""
        first = b["duplicate_of_batch"]
        return (f"sheet {b['sheet_name']!r} of {file.name} holds the rows of sheet "
                f"{first['sheet_name']!r} of {first['file_name']}, imported as {b['kind']} "
                f"in batch {first['id']} at {first['applied_at']}")

    def human(b: dict) -> None:
        if result.status == "duplicate" and b.get("duplicate_of_batch"):
            click.echo(f"{holds(b)}; nothing changed (batch {b['id']})")
            return
        if result.status == "duplicate":
            click.echo(f"sheet {b['sheet_name']!r} of {file.name} was already imported as "
                       f"{b['kind']} in batch {b['id']} at {b['applied_at']}; nothing changed")
            return
        counts = (f"{b['row_count']} rows: {b['inserted']} inserted, {b['updated']} updated, "
                  f"{b['unchanged']} unchanged")
        if result.status == "applied":
            click.echo(f"applied batch {b['id']}: {counts}")
        elif result.status == "validated" and b.get("duplicate_of_batch"):
            click.echo(f"dry run of batch {b['id']}, nothing applied; {holds(b)}, so a run would "
                       "change nothing")
        elif result.status == "validated":
            click.echo(f"dry run of batch {b['id']}, nothing applied; it would give {counts}")

    _emit(data, as_json, human)
    if result.status == "rejected":
        where = (f"report: {result.report}" if result.report else
                 f"no report ({result.report_error}; name another with --report)")
        raise StockdbError(f"rejected: {batch['error_count']} error(s) in {batch['row_count']} "
                           f"rows, nothing applied; {where}")
    if result.status == "failed":
        failure = batch["failure"] or {}
        raise StockdbError(f"failed, nothing applied: {failure.get('message')} "
                           f"[{failure.get('sqlstate')}]"
                           + (f" ({failure['detail']})" if failure.get("detail") else "")
                           + (f" {failure['hint']}" if failure.get("hint") else ""))


# What _one_line writes as escapes: the characters ops.printable escapes in messages
# (controls, those that reorder text, and those that show nothing where they stand).
UNSHOWN = re.compile(r"[\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e"
                     r"\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff0-\ufffb"
                     r"\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e00ff]")


def _one_line(text: str | None) -> str:
    """A name as one line of a table: a control character (a newline in a file
    name broke the row in two; an escape sequence in a product name, which any
    user of the tenant can give, recoloured or retitled the reader's terminal)
    written as its escape, \\n or \\x1b; so is a control that reorders text
    (a right-to-left override turned the rest of the row around), \\u202e; so is
    each character that shows nothing where it stands, such as the zero-width
    space (\\u200b), the soft hyphen or a tag character (\\U000e0041)."""
    return UNSHOWN.sub(lambda m: m.group().encode("unicode_escape").decode(), str(text))


@import_.command("list")
@click.option("--limit", type=click.IntRange(1, 10000), default=20, show_default=True)
@TENANT_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def import_list(limit: int, tenant_id: str | None, as_json: bool) -> None:
    """Past import batches, newest first."""
    from . import xlsx_import as xi

    batches = xi.list_batches(schema_url(), tenant_id, limit)

    def human(rows: list[dict]) -> None:
        click.echo(f"{'batch':<38}{'kind':<17}{'status':<11}{'rows':>8}{'errors':>8}"
                   f"{'ins':>8}{'upd':>8}{'same':>8}  started  file [sheet]")
        for b in rows:
            click.echo(f"{str(b['id']):<38}{b['kind']:<17}{b['status']:<11}{b['row_count']:>8}"
                       f"{b['error_count']:>8}{b['inserted']:>8}{b['updated']:>8}{b['unchanged']:>8}"
                       f"  {b['started_at']:%Y-%m-%d %H:%M}  {_one_line(b['file_name'])}"
                       f" [{_one_line(b['sheet_name'])}]")

    _emit(batches, as_json, human)


@import_.command("show")
@click.argument("batch")
@TENANT_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def import_show(batch: str, tenant_id: str | None, as_json: bool) -> None:
    """One batch (id or a unique prefix of it) with its errors."""
    from . import xlsx_import as xi

    with xi.shown_batch(schema_url(), tenant_id, batch) as (b, errors):
        if as_json:
            _emit_with_list(b, "errors", errors)
            return
        for key in ("id", "kind", "status", "file_name", "sheet_name", "file_checksum", "mode",
                    "dry_run", "row_count", "error_count", "inserted", "updated", "unchanged",
                    "database_role", "created_by", "started_at", "staged_at", "validated_at",
                    "checked_at", "finished_at"):
            value = _one_line(b[key]) if key in ("file_name", "sheet_name") else b[key]
            click.echo(f"{key + ':':<15}{value}")
        phases = xi.phase_seconds(b)
        if phases:
            click.echo(f"{'phases:':<15}"
                       + ", ".join(f"{name} {sec:.1f} s" for name, sec in phases.items()))
        if b["failure"]:
            click.echo(f"{'failure:':<15}{json.dumps(b['failure'])}")
        if b["duplicate_of"]:
            click.echo(f"{'duplicate_of:':<15}{b['duplicate_of']} "
                       "(the applied batch of the same rows)")
        for e in errors:
            where = f"row {e['row_number']}" if e["row_number"] else "file"
            click.echo(f"  {where} {e['column_name'] or ''}: {e['reason']}"
                       + (f" ({e['value']!r})" if e["value"] is not None else ""))



# -- report -----------------------------------------------------------------


@cli.group()
def report() -> None:
    """A tenant's reports (the report views): on the terminal, as JSON, or to XLSX or CSV."""


@report.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def report_list(as_json: bool) -> None:
    """The reports this role may read, with what each holds."""
    from . import reports

    rows = reports.list_reports(schema_url())

    def human(rs: list[dict]) -> None:
        width = max((len(r["report"]) for r in rs), default=0) + 2
        for r in rs:
            first = r["description"].split(". ")[0].rstrip(".")
            click.echo(f"{r['report']:<{width}}{first}")

    _emit(rows, as_json, human)


TERMINAL_ROWS = 50


@report.command("show")
@click.argument("name")
@TENANT_OPTION
@click.option("--filter", "filters", multiple=True, metavar="COLUMN=VALUE",
              help="Only rows whose COLUMN equals VALUE, compared as the column's type "
                   "(also !=, <, <=, >, >=); repeatable, all must hold.")
@click.option("--null", "nulls", multiple=True, metavar="COLUMN",
              help="Only rows where COLUMN is empty (NULL); repeatable.")
@click.option("--not-null", "not_nulls", multiple=True, metavar="COLUMN",
              help="Only rows where COLUMN is not empty (NULL); repeatable.")
@click.option("--order-by", multiple=True, metavar="COLUMN",
              help="Sort by COLUMN (-COLUMN: descending); repeatable.")
@click.option("--limit", type=click.IntRange(1, 2_147_483_647), default=None,
              help=f"At most this many rows (on the terminal: {TERMINAL_ROWS} unless given).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the rows to this .xlsx or .csv file instead.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def report_show(name: str, tenant_id: str | None, filters: tuple[str, ...],
                nulls: tuple[str, ...], not_nulls: tuple[str, ...],
                order_by: tuple[str, ...], limit: int | None, output: Path | None,
                as_json: bool) -> None:
    """Report NAME (stock_on_hand, or report.stock_on_hand) of the tenant, read in one snapshot."""
    from . import reports

    writers = {".xlsx": reports.write_xlsx, ".csv": reports.write_csv}
    if output is not None and output.suffix.lower() not in writers:
        raise click.UsageError("-o takes a file ending in .xlsx or .csv")
    wanted = reports.parse_filters(filters) + reports.null_filters(nulls, not_nulls)
    url = schema_url()

    if output is not None:
        write = writers[output.suffix.lower()]

        def to_file(reading: reports.Reading) -> dict:
            def progress(n: int) -> None:
                if not as_json:
                    _progress(f"{n:,} rows read")

            rows = write(reading, output, progress)
            return {"report": f"report.{reading.report.name}", "tenant_id": reading.tenant_id,
                    "output": str(output), "rows": rows}

        result = reports.read(url, name, tenant_id, wanted, order_by, limit, then=to_file)
        _emit(result, as_json, lambda r: click.echo(
            f"wrote {r['output']}: {r['rows']:,} row(s) of {r['report']}"))
        return

    if as_json:
        def to_json(reading: reports.Reading) -> None:
            names = [c for c, _ in reading.report.columns]
            _emit_with_list(
                {"report": f"report.{reading.report.name}", "tenant_id": reading.tenant_id},
                "rows",
                ({n: reports.plain(v) for n, v in zip(names, row, strict=True)}
                 for row in reading.rows),
            )

        reports.read(url, name, tenant_id, wanted, order_by, limit, then=to_json)
        return

    shown = limit or TERMINAL_ROWS

    def to_terminal(reading: reports.Reading) -> None:
        # Every row is the tenant's the reading named: a column of one uuid, 36
        # characters wide, left out here (the files and --json keep it).
        kept = [i for i, (c, _) in enumerate(reading.report.columns) if c != "tenant_id"]
        names = [reading.report.columns[i][0] for i in kept]
        rows = [[_one_line(reports.cell_text(row[i])) for i in kept] for row in reading.rows]
        more = len(rows) > shown
        rows = rows[:shown]
        widths = [min(40, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)]

        def line(values: list[str]) -> str:
            pairs = zip(values, widths, strict=True)
            cut = [(v if len(v) <= w else v[: w - 1] + "…").ljust(w) for v, w in pairs]
            return "  ".join(cut).rstrip()

        click.echo(line(names))
        click.echo("  ".join("-" * w for w in widths))
        for r in rows:
            click.echo(line(r))
        tail = "; more with --limit N, or all of them with -o FILE" if more else ""
        click.echo(f"({len(rows)} row(s){tail})")

    # One more than shown, to tell whether there are more.
    reports.read(url, name, tenant_id, wanted, order_by, shown + 1, then=to_terminal)


# -- backup ---------------------------------------------------------------------

DIR_OPTION = click.option(
    "--dir", "directory", default=None,
    type=_Given("give a directory, or leave --dir out for STOCKDB_BACKUP_DIR or ./backups",
                file_okay=False),
    help="Backup directory (default: STOCKDB_BACKUP_DIR, else ./backups).",
)


@cli.group()
def backup() -> None:
    """Backups: pg_dump with a manifest, verified by restoring it; base backups and
    point-in-time recovery from the WAL archive."""


@backup.command("create")
@DIR_OPTION
@click.option("--label", default=None, help="A word to add to the backup's id.")
@click.option("--lock-wait-seconds", type=click.IntRange(1, 3600), default=60, show_default=True,
              help="Give up when a table stays locked this long (nothing is kept).")
@click.option("--mongo", is_flag=True, help="Also mongodump MONGODB_URL into the backup.")
@click.option("--json", "as_json", is_flag=True, help="Print the manifest as JSON.")
def backup_create(directory: str | None, label: str | None, lock_wait_seconds: int, mongo: bool,
                  as_json: bool) -> None:
    """Dump the database (pg_dump -Fd) with a manifest of row counts and checksums."""
    from . import backup as b

    where = b.backup_dir(directory)  # a bad one is refused before the database is reached
    manifest = b.create(database_url(), where, label=label, progress=_progress,
                        lock_wait_seconds=lock_wait_seconds, mongo=mongo)

    def human(m: dict) -> None:
        rows = sum(t["rows"] for t in m["tables"].values())
        click.echo(f"backup {m['id']}: {len(m['tables'])} tables, {rows} rows, "
                   f"{m['size_bytes'] / 1048576:.1f} MiB, schema {m['schema_version']}")
        if m["pending_migrations"]:
            click.echo(f"  pending migrations not in it: {', '.join(m['pending_migrations'])}")
        click.echo(f"  {m['path']}")
        click.echo(f"  not verified yet: stockdb backup verify {m['id']}")

    _emit(manifest, as_json, human)


@backup.command("base")
@DIR_OPTION
@click.option("--label", default=None, help="A word to add to the backup's id.")
@click.option("--json", "as_json", is_flag=True, help="Print the manifest as JSON.")
def backup_base(directory: str | None, label: str | None, as_json: bool) -> None:
    """pg_basebackup of the whole cluster: the start of point-in-time recovery."""
    from . import backup as b

    where = b.backup_dir(directory)  # a bad one is refused before the database is reached
    manifest = b.create_base(database_url(), where, label=label, progress=_progress)
    _emit(manifest, as_json, lambda m: click.echo(
        f"base backup {m['id']}: {m['size_bytes'] / 1048576:.1f} MiB\n  {m['path']}"))


@backup.command("verify")
@click.argument("backup_id")
@DIR_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def backup_verify(backup_id: str, directory: str | None, as_json: bool) -> None:
    """Restore BACKUP_ID into a scratch database and compare it with its manifest
    (a base backup: pg_verifybackup, then a copy started and its integrity checked)."""
    from . import backup as b

    where = b.backup_dir(directory)  # a bad one is refused before the database is reached
    result = b.verify(database_url(), where, backup_id, progress=_progress)

    def human(r: dict) -> None:
        if r["ok"] and r["kind"] == "base":
            checked = sorted(r.get("integrity_by_database") or {})
            integrity = (f"integrity check clean in {', '.join(checked)}" if checked
                         else "no database with the stockdb schema to check")
            click.echo(f"base backup {backup_id} verified: pg_verifybackup found every file "
                       f"and the WAL as recorded, a copy of it started, {integrity} "
                       f"({r['seconds']} s)")
        elif r["ok"]:
            click.echo(f"backup {backup_id} verified: {r['tables']} tables and {r['rows']} rows "
                       f"restored as recorded, integrity check clean ({r['seconds']} s)")
        for problem in r["problems"]:
            click.echo(f"  {problem}", err=True)

    _emit(result, as_json, human)
    if not result["ok"]:
        raise StockdbError(f"backup {backup_id} failed verification: {result['problems'][0]}")


@backup.command("list")
@DIR_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def backup_list(directory: str | None, as_json: bool) -> None:
    """The backups in the directory, newest first."""
    from . import backup as b

    rows = b.list_backups(b.backup_dir(directory))

    def human(items: list[dict]) -> None:
        if not items:
            where = b.backup_dir(directory)
            click.echo(f"no backups in {where}" if where.is_dir()
                       else f"no backup directory {where} (no backup was made there)")
        for r in items:
            size = f"{r['size_bytes'] / 1048576:.1f} MiB"
            # Which are base backups: `backup recover` takes only those.
            kind = r.get("kind") or "?"
            # And whose, when several databases back up into one directory.
            database = f"  {r['database']}" if r.get("database") else ""
            click.echo(f"{r['id']:<40}{kind:<6}{r['created_at'] or '':<27}{size:>10}  "
                       f"{r['status']:<14}{database}".rstrip())

    _emit(rows, as_json, human)


@backup.command("prune")
@DIR_OPTION
# At most 100 years: a cutoff before year 1 ended the prune in an OverflowError.
@click.option("--keep-days", type=click.IntRange(1, 36500), default=30, show_default=True,
              help="Delete backups older than this many days (at most 36500).")
@click.option("--keep-min", type=click.IntRange(1), default=7, show_default=True,
              help="Keep at least this many of the newest dumps, and as many of the newest "
                   "base backups, however old.")
@click.option("--wal-archive", envvar="STOCKDB_WAL_ARCHIVE", default=None,
              type=_Given("give the archive, or leave --wal-archive out to leave it alone",
                          file_okay=False),
              help="Also delete the archived WAL older than the oldest kept base backup "
                   "(default: STOCKDB_WAL_ARCHIVE, else the archive is left alone).")
@click.option("--dry-run", is_flag=True, help="Say what would go, delete nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def backup_prune(directory: str | None, keep_days: int, keep_min: int, wal_archive: str | None,
                 dry_run: bool, as_json: bool) -> None:
    """Delete old backups; the newest verified dump and base backup are never deleted."""
    from . import backup as b

    result = b.prune(b.backup_dir(directory), keep_days, keep_min, dry_run=dry_run,
                     wal_archive=Path(wal_archive).absolute() if wal_archive else None)

    def human(r: dict) -> None:
        verb = "would delete" if dry_run else "deleted"
        for backup_id in r["deleted"]:
            click.echo(f"{verb} {backup_id}")
        for backup_id in r["unfinished"]:
            click.echo(f"{verb} the unfinished {backup_id} (its backup died before it ended)")
        for backup_id in r["half_deleted"]:
            click.echo(f"{verb} the rest of {backup_id} (a prune was stopped while it deleted it)")
        click.echo(f"{len(r['deleted'])} {verb}, {len(r['kept'])} kept")
        archive = r.get("wal_archive")
        if archive is None:
            return
        if archive["keep_from"] is None:
            click.echo(f"WAL archive {archive['directory']}: left as it is, no base backup is kept")
            return
        gone = "would be deleted" if dry_run else "deleted"
        click.echo(f"WAL archive {archive['directory']}: {len(archive['deleted'])} segment(s) "
                   f"{gone}, kept from {archive['keep_from']} (where base backup "
                   f"{archive['base_backup']}, the oldest kept, starts)")

    _emit(result, as_json, human)


@backup.command("recover")
@click.argument("backup_id")
@DIR_OPTION
@click.option("--pgdata", required=True, help="The new data directory (absent or empty).",
              type=_Given("give the new data directory", file_okay=False))
@click.option("--wal-archive", envvar="STOCKDB_WAL_ARCHIVE", required=True,
              type=_Given("give the WAL archive to replay", file_okay=False),
              help="The WAL archive to replay (default: STOCKDB_WAL_ARCHIVE).")
@click.option("--to", "target", default=None, metavar="MOMENT",
              help="Stop at this moment, ISO 8601 with its offset (2026-11-23T14:05:00+00:00); "
                   "default: the end of the archive.")
@click.option("--port", type=click.IntRange(1, 65535), default=None,
              help="The port the recovered server listens on (default: the backed-up one's).")
@click.option("--start", is_flag=True, help="Start it; wait until it has replayed and promoted.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def backup_recover(backup_id: str, directory: str | None, pgdata: str, wal_archive: str,
                   target: str | None, port: int | None, start: bool, as_json: bool) -> None:
    """Make a data directory from base backup BACKUP_ID that replays the WAL
    archive to a moment (point-in-time recovery), then promotes."""
    from datetime import datetime

    from . import backup as b

    moment = None
    if target is not None:
        try:
            moment = datetime.fromisoformat(target)
        except ValueError:
            raise StockdbError(f"--to {target!r} is not an ISO 8601 moment "
                               "(such as 2026-11-23T14:05:00+00:00)") from None
        if moment.tzinfo is None:
            raise StockdbError(f"--to {target!r} has no offset: give one, such as +00:00, "
                               "so the moment does not depend on a time zone setting")
    result = b.recover(b.backup_dir(directory), backup_id, Path(pgdata).absolute(),
                       Path(wal_archive).absolute(), target_time=moment, port=port, start=start,
                       progress=_progress)

    def human(r: dict) -> None:
        if r["promoted"]:
            click.echo(f"recovered base backup {r['id']} into {r['pgdata']}, replayed to "
                       f"{r['target_time']}; it runs"
                       + (f" on port {r['port']}" if r["port"] else "")
                       + f" (log: {r['log']})")
            if r["last_transaction_at"]:
                click.echo(f"  last transaction replayed: {r['last_transaction_at']}")
            moved = ", ".join(r["outbox_positions_moved"]) or "none has an outbox"
            click.echo(f"  outbox positions moved on past what MongoDB may hold: {moved}")
            return
        start_command = r["start_command"]
        if r["run_as"]:
            start_command = f"su {r['run_as']} -c {shlex.quote(start_command)}"
        click.echo(f"prepared {r['pgdata']} from base backup {r['id']} to replay "
                   f"{r['wal_archive']} to {r['target_time']}; start it with:")
        click.echo(f"  {start_command}")
        click.echo("then, once it has promoted and before a relay delivers from it, move the "
                   "outbox positions on past what MongoDB may hold, in each stockdb database:")
        click.echo(f"  {r['move_outbox_sql']}")

    _emit(result, as_json, human)


@backup.command("restore")
@click.argument("backup_id")
@DIR_OPTION
@click.option("--target-db", required=True, help="The database to restore into.")
@click.option("--force", is_flag=True, help="Replace target-db if it exists (after the restore "
              "succeeded; its sessions are ended).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def backup_restore(backup_id: str, directory: str | None, target_db: str, force: bool,
                   as_json: bool) -> None:
    """Restore BACKUP_ID into a new database, then give it the name --target-db."""
    from . import backup as b

    where = b.backup_dir(directory)  # a bad one is refused before the database is reached
    result = b.restore(database_url(), where, backup_id, target_db, force=force,
                       progress=_progress)

    def human(r: dict) -> None:
        click.echo(f"restored {r['id']} into {r['target_db']}"
                   + (" (the old database was replaced)" if r["replaced"] else "")
                   + f", schema {r['schema_version']}")
        if r["pending_migrations"]:
            pending = r["pending_migrations"]
            click.echo(f"warning: {r['target_db']} lacks {len(pending)} migration(s) of this "
                       f"stockdb ({pending[0]}{', …' if len(pending) > 1 else ''}): run "
                       "stockdb migrate against it")
        if r["unknown_migrations"]:
            unknown = r["unknown_migrations"]
            click.echo(f"warning: {r['target_db']} was migrated by a newer stockdb: "
                       f"{len(unknown)} migration(s) this one does not have ({unknown[0]}"
                       f"{', …' if len(unknown) > 1 else ''}); run that stockdb's commands "
                       "against it")
        if r["scheduler_stopped"]:
            click.echo(f"warning: pg_cron's scheduler is not running in {r['target_db']} (a "
                       "restore over its database ends it), so no job starts until PostgreSQL "
                       "restarts (the embedded cluster: stockdb db stop, then stockdb db start)")

    _emit(result, as_json, human)


# -- mongo and relay ----------------------------------------------------------


@cli.group()
def mongo() -> None:
    """The MongoDB side: audit_logs and alerts (MONGODB_URL says where)."""


@mongo.command("setup")
@click.option("--audit-ttl-days", type=int, default=180, show_default=True,
              envvar="STOCKDB_AUDIT_TTL_DAYS", help="Keep audit_logs this long (TTL on createdAt).")
@click.option("--alert-ttl-days", type=int, default=90, show_default=True,
              envvar="STOCKDB_ALERT_TTL_DAYS", help="Keep alerts this long (TTL on createdAt).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def mongo_setup(audit_ttl_days: int, alert_ttl_days: int, as_json: bool) -> None:
    """Create or bring up to date the collections, TTL indexes and validators.

    Idempotent: a second run changes nothing and says so. A different TTL is
    changed in place (collMod), without rebuilding the index.
    """
    from . import mongo as m

    specs = m.collection_specs(audit_ttl_days, alert_ttl_days)
    changes = m.setup(m.connect(), specs)

    def human(lines: list[str]) -> None:
        for line in lines:
            click.echo(line)
        if not lines:
            click.echo("MongoDB is already set up: nothing changed")

    _emit({"changes": changes}, as_json, lambda d: human(d["changes"]))


@mongo.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def mongo_status(as_json: bool) -> None:
    """The collections as MongoDB has them: TTL, indexes, validator, documents."""
    from pymongo.errors import PyMongoError

    from . import mongo as m

    try:
        rows = m.describe(m.connect(), m.collection_specs())
    except PyMongoError as exc:
        raise StockdbError(f"MongoDB: {m.short_error(exc)}") from None

    def human(items: list[dict]) -> None:
        for r in items:
            if not r["exists"]:
                click.echo(f"{r['collection']:<12}missing: run `stockdb mongo setup`")
                continue
            ttl = ("none" if r["ttl_seconds"] is None
                   else f"{r['ttl_seconds'] // 86400} days from {r['ttl_field']}")
            valid = "current" if r["validator_current"] else "differs (run setup)"
            missing = (f", missing indexes {', '.join(r['missing_indexes'])} (run setup)"
                       if r["missing_indexes"] else "")
            missing += (f", stale TTL index {', '.join(r['stale_ttl_indexes'])} (run setup)"
                        if r["stale_ttl_indexes"] else "")
            click.echo(f"{r['collection']:<12}{r['documents']} documents, TTL {ttl}, "
                       f"validator {valid}, indexes {', '.join(r['indexes'])}{missing}")

    _emit(rows, as_json, human)


@cli.group(invoke_without_command=True)
@click.option("--once", is_flag=True, help="Deliver what is waiting, then exit.")
@click.option("--batch", type=click.IntRange(1, 10000), default=500, show_default=True,
              help="Rows per MongoDB write and PostgreSQL transaction.")
@click.option("--poll-seconds", type=click.FloatRange(0.1, 3600), default=1.0, show_default=True,
              help="Pause between looks at an empty outbox.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (with --once).")
@click.pass_context
def relay(ctx: click.Context, once: bool, batch: int, poll_seconds: float, as_json: bool) -> None:
    """Move audit.outbox rows to MongoDB, each exactly once.

    Runs until SIGTERM, SIGHUP or Ctrl-C (the batch in hand is finished first); with
    --once it exits after the backlog, non-zero if MongoDB failed. Several
    relays may run at once.
    """
    if ctx.invoked_subcommand is not None:
        return
    from . import mongo as m
    from .relay import SOCKET_TIMEOUT_MS, Relay

    database = m.connect(socket_timeout_ms=SOCKET_TIMEOUT_MS)
    with Relay(schema_url(), database, batch_size=batch) as r:
        if once:
            delivered = r.run_until_empty(None if as_json else _progress)
            pending, parked = r.pending(), r.parked()
            _emit({"delivered": delivered, "pending": pending, "parked": parked}, as_json,
                  lambda d: click.echo(
                      f"delivered {d['delivered']}; {d['pending']} waiting"
                      + (f"; {d['parked']} parked (stockdb relay status)" if d["parked"] else "")))
            return
        r.stop_on_signals()
        click.echo(f"relay: delivering to MongoDB database {database.name!r} "
                   f"(batch {batch}); SIGTERM stops it", err=True)
        delivered = r.run_forever(_progress, poll_seconds=poll_seconds)
        click.echo(f"relay stopped: delivered {delivered}", err=True)


@relay.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def relay_status(as_json: bool) -> None:
    """The outbox backlog per collection: how many rows wait, since when, what failed."""
    from .relay import status

    rows = status(schema_url())

    def human(items: list[dict]) -> None:
        for r in items:
            line = f"{r['collection']:<12}{r['pending']} waiting"
            if r["pending"]:
                line += f", oldest {str(r['age']).split('.')[0]} old"
            if r["failing"]:
                line += f", {r['failing']} failed at least once"
            line += f"; {r['delivered']} delivered and kept"
            if r["parked"]:
                line += f"; {r['parked']} parked"
            click.echo(line)
            if r["last_error"]:
                click.echo(f"{'':<12}last error: {r['last_error']}")
            if r["parked"]:
                click.echo(f"{'':<12}parked, refused by MongoDB: {r['last_parked_error']} "
                           "(stockdb relay parked lists them: mend it, then stockdb relay "
                           "retry-parked, or give up on one with discard-parked)")

    _emit(rows, as_json, human)


@relay.command("parked")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def relay_parked(as_json: bool) -> None:
    """The rows MongoDB refused, oldest first: id, collection, when, the error."""
    from .relay import parked

    def human(rows: list[dict]) -> None:
        if not rows:
            click.echo("no parked row")
        for r in rows:
            click.echo(f"{r['id']}  {r['collection']:<12}{r['kind']:<10}parked "
                       f"{r['parked_at']:%Y-%m-%d %H:%M:%S%z}, {r['document_bytes']} bytes")
            click.echo(f"{'':<38}{r['last_error']}")

    _emit(parked(schema_url()), as_json, human)


@relay.command("retry-parked")
@click.option("--id", "ids", multiple=True, metavar="ID",
              help="Only this parked row (repeatable; stockdb relay parked lists them).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def relay_retry_parked(ids: tuple[str, ...], as_json: bool) -> None:
    """Put the rows MongoDB refused back in the queue (after mending what it refused:
    a validator, say), all of them or those named; the next relay sends them again."""
    from .relay import retry_parked

    count = retry_parked(schema_url(), list(ids) or None)
    _emit({"unparked": count}, as_json,
          lambda d: click.echo(f"{d['unparked']} parked row(s) back in the queue"))


@relay.command("discard-parked")
@click.option("--id", "ids", multiple=True, required=True, metavar="ID",
              help="A parked row to give up on (repeatable; stockdb relay parked lists them).")
@click.option("--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="File the discarded documents are written to, one JSON object a line.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def relay_discard_parked(ids: tuple[str, ...], output: Path, as_json: bool) -> None:
    """Take parked rows MongoDB will never take (a document past its size limit, say)
    out of the outbox, their documents kept in --output; the warning of stockdb check
    goes with them."""
    from .relay import discard_parked

    count = discard_parked(schema_url(), list(ids), output)
    _emit({"discarded": count, "output": str(output)}, as_json,
          lambda d: click.echo(f"{d['discarded']} parked row(s) discarded; "
                               f"their documents are in {d['output']}"))


# -- entry point --------------------------------------------------------------


def _wants_json(argv: list[str]) -> bool:
    """Whether the command line asked for --json (before any `--`)."""
    options = argv[: argv.index("--")] if "--" in argv else argv
    return "--json" in options


def _escaped_lines(text: str) -> str:
    """An error's text as the terminal shows it: its lines kept as they are (a
    failed migration's, a deadlock's DETAIL), each escaped as a table's names
    are, so an escape sequence in a value the error quotes (a product name, a
    code) reaches the terminal as \\x1b, not as a command to it."""
    return "\n".join(_one_line(line) for line in str(text).split("\n"))


def _fail(message: str, exit_code: int, as_json: bool, **fields) -> None:
    """An expected failure on stderr: `stockdb: message` with its DETAIL and HINT lines,
    or, under --json, one JSON object a script can read (error, and the fields given)."""
    if as_json:
        given = {k: v for k, v in fields.items() if v is not None}
        click.echo(json.dumps({"error": message, **given}, default=str), err=True)
    else:
        lines = [f"stockdb: {_escaped_lines(message)}"
                 + (f" [{fields['sqlstate']}]" if fields.get("sqlstate") else "")]
        if fields.get("detail"):
            lines.append(f"  DETAIL: {_escaped_lines(fields['detail'])}")
        if fields.get("hint"):
            lines.append(f"  HINT: {_escaped_lines(fields['hint'])}")
        click.echo("\n".join(lines), err=True)
    sys.exit(exit_code)


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the command is, as Ctrl-C is: killed outright
    (`timeout`, a systemd stop, a closed terminal), a backup verify or restore left
    its scratch database behind, a whole copy of the database each time."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _raise_terminated(signum: int, frame) -> None:
    # Raised in a finaliser (a Popen's __del__ as subprocess.run returns), the
    # exception is printed as 'Exception ignored' and lost: a restore stopped so
    # went on to its end and exited 0 (clean-clone CI cc181). The signal comes
    # again a moment later, out of it.
    while frame is not None:
        if frame.f_code.co_name == "__del__":
            again = threading.Timer(0.05, os.kill, (os.getpid(), signum))
            again.daemon = True  # a command that ends first is not held up by it
            again.start()
            return
        frame = frame.f_back
    raise Terminated(signum)


# The environment main() found, before it set the CLI's own session settings.
OPERATOR_ENVIRONMENT: dict[str, str] = {}


def main() -> None:
    as_json = _wants_json(sys.argv[1:])
    OPERATOR_ENVIRONMENT.update(os.environ)
    # Every connection, and pg_dump's, talks UTF8: the CLI's text is Unicode.
    # A LATIN1 from a legacy shell or a database's client_encoding setting made
    # a name LATIN1 cannot hold a Python traceback, and pg_dump refuse the
    # database. The startup packet's setting wins over the database's.
    os.environ["PGCLIENTENCODING"] = "UTF8"
    # And reads dates, times and literals as it writes them (db.SESSION_OPTIONS).
    os.environ["PGOPTIONS"] = with_session_options(os.environ.get("PGOPTIONS", ""))
    # libpq sends PGDATESTYLE apart from the options, and the server applies it
    # after them: with 'SQL, DMY' there every listing holding a date ended in a
    # traceback, as before SESSION_OPTIONS.
    os.environ.pop("PGDATESTYLE", None)
    # A terminal whose encoding cannot show a name (a latin-1 locale, ☕ or
    # 日本) gets it escaped, \u2615, where printing it raised a traceback.
    # None when started with stdout closed (a cron line's >&-), which click's
    # echo skips.
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")
    # The relay puts its own in place: it finishes the batch in hand. One the
    # command was started ignoring (nohup ignores SIGHUP) stays ignored.
    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _raise_terminated)
    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.Abort as exc:
        # click makes a KeyboardInterrupt, and so a Terminated, an Abort.
        if isinstance(exc.__context__, Terminated):
            _fail(f"stopped by {exc.__context__}", 128 + exc.__context__.signum, as_json)
        # Ctrl-C exits 130, as a shell reports SIGINT, where it was 1 like any
        # error; an end of input at a prompt (Ctrl-D) stays an abort.
        if isinstance(exc.__context__, KeyboardInterrupt):
            _fail("interrupted", 130, as_json)
        _fail("aborted", 1, as_json)
    except click.ClickException as exc:
        if as_json:
            _fail(exc.format_message(), exc.exit_code, as_json)
        exc.show()
        sys.exit(exc.exit_code)
    except StockdbError as exc:
        # A failed migration's message names its file, line and SQLSTATE; JSON has them apart.
        apart = {k: getattr(exc, k, None) for k in ("sqlstate", "path", "line")} if as_json else {}
        _fail(str(exc), exc.exit_code, as_json, **apart)
    except psycopg.Error as exc:
        diag = exc.diag
        # A lost connection has no diagnostics, and libpq's text runs over lines.
        first = (diag.message_primary or str(exc)).strip().splitlines() or [type(exc).__name__]
        hint = diag.message_hint
        if diag.sqlstate == "25006" and not hint:
            # The server's "cannot execute INSERT in a read-only transaction" says
            # what, not why: nothing of the command was written either way.
            hint = ("transactions here start read-only: default_transaction_read_only is on"
                    " (for the database or the role, or in PGOPTIONS), or the server is a"
                    " standby; the command needs a read-write primary")
        _fail(first[0], 1, as_json, sqlstate=diag.sqlstate, detail=diag.message_detail,
              hint=hint)
    except OSError as exc:
        # A file or directory the command could not read or write.
        where = f"{exc.filename}: " if exc.filename else ""
        _fail(f"{where}{exc.strerror or exc}", 1, as_json)
    except Terminated as exc:
        _fail(f"stopped by {exc}", 128 + exc.signum, as_json)
    except KeyboardInterrupt:
        _fail("interrupted", 130, as_json)
    sys.exit(code if isinstance(code, int) else 0)
