"""The benches run end to end (smoke runs: figures come from the real ones)."""

from __future__ import annotations

import json

import psycopg
import pytest
from helpers import run_cli

from stockdb import bench, cli
from stockdb.errors import StockdbError


def test_bench_movements_smoke_run(databases, tmp_path):
    written = tmp_path / "movements.json"
    result = run_cli(
        "bench", "movements", "--seconds", "1", "--hot-clients", "2", "--hot-clients", "32",
        "--hot-pool", "2", "--json", "--output", str(written),
        env={"DATABASE_URL": databases.url("postgres")}, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    labels = [r["label"] for r in report["results"]]
    assert labels == ["simple-update", "record_movement", "ledger row alone",
                      "reserve+fulfil (hot SKU)", "reserve+fulfil ledger rows alone",
                      "record_movement writes alone", "receive, reserve+fulfil mix"]
    assert all(r["tps"] > 0 and r["failed"] == 0 for r in report["results"])
    # The mix's two scripts, each with its own rate, latency and statements.
    mix = report["results"][6]["scripts"]
    assert [x["script"] for x in mix] == ["mix_receive.sql", "mix_reserve_fulfil.sql"]
    assert all(x["tps"] > 0 and x["transactions"] > 0 and x["latency_ms_p95"] > 0 for x in mix)
    assert sum(x["transactions"] for x in mix) == report["results"][6]["transactions"]
    assert [s["command"].split("(")[0] for s in mix[1]["statements"]][-3:] == [
        "SELECT api.reserve_stock", "SELECT api.fulfil_reservation", "END;"]
    assert 0 < report["mix_vs_simple_update"]
    assert report["balance_mismatches_after"] == 0
    assert 0 < report["record_movement_vs_simple_update"]
    assert 0 < report["ledger_row_vs_simple_update"]
    assert 0 < report["bare_writes_vs_simple_update"]
    assert json.loads(written.read_text()) == report
    hot = report["results"][3]["statements"]
    assert [s["command"].split("(")[0] for s in hot] == [
        "BEGIN;", "SELECT api.set_context", "SELECT api.reserve_stock",
        "SELECT api.fulfil_reservation", "END;"]
    assert all(s["latency_ms"] > 0 and s["failures"] == 0 for s in hot)
    # 32 is the main run's count, so asking for it again adds no run.
    by_clients = report["reserve_fulfil_by_clients"]
    assert [run["clients"] for run in by_clients] == [2, 32]
    assert by_clients[1]["tps"] == report["results"][3]["tps"]
    assert all(run["tps"] > 0 and run["failed"] == 0 for run in by_clients)
    # From the bench's own threads: a connection each first, then the pool asked for;
    # the books were checked after them too.
    pooled = report["reserve_fulfil_pooled"]
    assert [(run["threads"], run["connections"], run["pooled"]) for run in pooled] == [
        (32, 32, False), (32, 2, True)]
    assert all(run["transactions"] > 0 and run["failed"] == 0 for run in pooled)


def test_bench_reports_smoke_run(databases, tmp_path):
    written = tmp_path / "reports.json"
    result = run_cli(
        "bench", "reports", "--products", "300", "--movements", "900", "--json",
        "--output", str(written), env={"DATABASE_URL": databases.url("postgres")}, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["products"], report["ledger_rows"]) == (300, 900)
    assert report["generation"]["balance_mismatches"] == 0
    assert report["search_products"]["runs"] > 0 and report["stock_level"]["runs"] == 2000
    assert "reorder_suggestions (first 100)" in report["reports"]
    found = report["search_products"]["rows_by_query"]
    assert found["red widget"] > 0 and found["widgte"] > 0 and found["no such thing"] == 0
    assert json.loads(written.read_text()) == report


def test_bench_import_smoke_run(databases, template_db, tmp_path):
    written = tmp_path / "import.json"
    result = run_cli(
        "bench", "import", "--rows", "300", "--floor-parts", "--json", "--output", str(written),
        env={"DATABASE_URL": databases.url("postgres")}, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    for kind in ("products", "opening_stock"):
        k = report[kind]
        assert (k["status"], k["inserted"]) == ("applied", 300), k
        assert k["baseline_seconds"] > 0 and k["cli_peak_rss_mib"] > 0
        # Where the import's time went: the CLI's own, then each phase the
        # batch recorded, adding up to the whole command.
        assert list(k["phase_seconds"]) == ["cli", "staging", "validating", "checking", "applying"]
        assert all(v > 0 for v in k["phase_seconds"].values()), k["phase_seconds"]
        assert abs(sum(k["phase_seconds"].values()) - k["import_seconds"]) < 0.05
    assert report["ledger_rows"] == 300 and report["balance_mismatches_after"] == 0
    # The table's floor is measured and rolled back: the import still inserted all 300.
    assert report["products"]["table_floor_seconds"] > 0
    # Each part's cost is the difference of two runs, so they add up to the floor.
    parts = report["products"]["table_floor_parts_seconds"]
    assert list(parts) == [
        "audit trigger", "search-word trigger", "foreign keys", "search GIN index",
        "other secondary indexes", "generated search vector", "bare table",
    ]
    assert parts["bare table"] > 0
    assert abs(sum(parts.values()) - report["products"]["table_floor_seconds"]) < 0.05
    # What the parts took away came back with each rollback: the bench's
    # products table has what a freshly migrated one has.
    def shape(url: str) -> tuple:
        with psycopg.connect(url) as conn:
            return conn.execute(
                "SELECT (SELECT array_agg(conname ORDER BY conname) FROM pg_constraint"
                "        WHERE conrelid = 'catalog.product'::regclass),"
                "       (SELECT array_agg(indexrelid::regclass::text ORDER BY 1) FROM pg_index"
                "        WHERE indrelid = 'catalog.product'::regclass),"
                "       (SELECT array_agg(tgname || ':' || tgenabled::text ORDER BY tgname)"
                "        FROM pg_trigger"
                "        WHERE tgrelid = 'catalog.product'::regclass AND NOT tgisinternal),"
                "       (SELECT array_agg(attname ORDER BY attnum) FROM pg_attribute"
                "        WHERE attrelid = 'catalog.product'::regclass AND attnum > 0"
                "        AND NOT attisdropped)"
            ).fetchone()

    bench_shape = shape(databases.url("stockdb_bench_import"))
    assert bench_shape == shape(databases.url(template_db)), bench_shape
    assert "search" in bench_shape[3] and any("search" in i for i in bench_shape[1])
    assert json.loads(written.read_text()) == report


def test_bench_backup_smoke_run(databases, tmp_path):
    written = tmp_path / "backup.json"
    result = run_cli(
        "bench", "backup", "--products", "200", "--movements", "400", "--json",
        "--output", str(written), env={"DATABASE_URL": databases.url("postgres")}, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["stockdb"]["verified"] is True and report["stockdb"]["problems"] == []
    assert report["baseline"]["total_s"] > 0 and report["ratio_to_baseline"] > 0
    assert json.loads(written.read_text()) == report


def test_bench_soak_smoke_run(databases, tmp_path):
    written = tmp_path / "soak.json"
    result = run_cli(
        "bench", "soak", "--minutes", "0.1", "--clients", "4", "--check-every", "2", "--json",
        "--output", str(written), env={"DATABASE_URL": databases.url("postgres")}, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["calls"] > 0 and len(report["integrity_checks"]) >= 2
    assert {"reserve", "fulfil", "transfer", "so_ship", "po_receive", "count_import"} <= set(
        report["by_operation"])
    assert report["integrity_findings"] == report["deadlocks"] == report["unexpected_errors"] == 0
    assert json.loads(written.read_text()) == report


def test_bench_all_puts_every_figure_against_its_target_and_charts_it(tmp_path):
    """bench all's assembly, on the latest saved result of each bench (each has a smoke run)."""
    from stockdb import PROJECT_ROOT, bench_all

    saved = PROJECT_ROOT / "bench" / "results"
    results = {
        kind: json.loads(sorted(saved.glob(f"*-{kind}.json"))[-1].read_text())
        for kind in ("movements", "import", "reports", "backup", "soak")
    }
    figures = bench_all.figures(results)
    by_name = {f["name"]: f for f in figures}
    ratio = by_name["record_movement tps / simple-update tps"]
    assert ratio["value"] == results["movements"]["record_movement_vs_simple_update"]
    assert ratio["met"] == (ratio["value"] >= 0.6)
    backup = by_name["backup create + verify / pg_dump + pg_restore"]
    assert backup["share_of_target"] == round(1.5 / backup["value"], 3)
    assert len(figures) == 9
    result = {"benchmark": "all", "at": "2026-12-01T00:00:00+00:00", "quick": True,
              "figures": figures, "soak_clean": True, "results": results}
    data, chart = bench_all.save(result, tmp_path)
    assert json.loads(data.read_text())["figures"] == figures
    png = chart.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000


@pytest.mark.parametrize("command", ["movements", "reports", "backup", "import", "all", "soak"])
def test_a_bench_while_another_runs_is_refused_at_once(databases, command):
    """Two of one kind dropped each other's database; any two shared the machine and their
    figures measured neither."""
    admin = databases.url("postgres")
    with psycopg.connect(admin, autocommit=True) as running:
        running.execute("SELECT pg_advisory_lock(%s)", [cli.BENCH_LOCK])
        refused = run_cli("bench", command, env={"DATABASE_URL": admin}, timeout=60)
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "stockdb: another stockdb bench is running on this server, and figures taken beside "
        "it would measure neither: wait for it")


def test_a_pgbench_that_fails_is_quoted_by_the_line_that_says_why(databases, tmp_path):
    """The message showed a Python list of pgbench's last line, its closing
    "['pgbench: error: Run was aborted; the above results are incomplete.']",
    rather than the client's error above it."""
    script = tmp_path / "fails.sql"
    script.write_text("SELECT 1 / 0;\n")
    with pytest.raises(StockdbError) as caught:
        bench._pgbench(databases.url("postgres"), ["-f", str(script)], 1, 1, "division")
    said = str(caught.value)
    assert said.startswith("pgbench (division) failed: pgbench: error: client 0 "), said
    assert said.endswith("ERROR:  division by zero"), said
