"""`stockdb bench all`: every benchmark in one go, one JSON and one chart.

Each figure is put against its baseline or target the way its issue states
it: record_movement against pgbench's simple-update on the same cluster, the
importer against calamine + COPY, backup + verify against pg_dump +
pg_restore, and the rest against their stated targets. The chart shows each
as the share of its target reached (1.0 = met), so one glance says where
stockdb stands.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path

from . import PROJECT_ROOT, bench_backup, bench_import, bench_reports, bench_soak
from . import bench as movements_bench

# (products, ledger rows) for the reports and backup benches; steps of each run.
FULL = {
    "seconds": 30,
    "import_rows": 100_000,
    "reports": (1_000_000, 10_000_000),
    "backup": (210_000, 2_100_000),
    "soak_minutes": 10.0,
}
QUICK = {
    "seconds": 5,
    "import_rows": 5_000,
    "reports": (20_000, 100_000),
    "backup": (5_000, 20_000),
    "soak_minutes": 0.5,
}


def _figure(
    name: str, value: float, target: float, higher_is_better: bool, unit: str, against: str
) -> dict:
    share = value / target if higher_is_better else (target / value if value else 0.0)
    return {
        "name": name,
        "value": value,
        "target": target,
        "unit": unit,
        "against": against,
        "higher_is_better": higher_is_better,
        "share_of_target": round(share, 3),
        "met": share >= 1.0,
    }


def figures(results: dict) -> list[dict]:
    m, i, r, b = (results[k] for k in ("movements", "import", "reports", "backup"))
    hot = next(x for x in m["results"] if x["label"] == "reserve+fulfil (hot SKU)")
    rm = next(x for x in m["results"] if x["label"] == "record_movement")
    slowest = max(v["median_ms"] for v in r["reports"].values())
    return [
        _figure(
            "record_movement tps / simple-update tps",
            m["record_movement_vs_simple_update"],
            0.60,
            True,
            "ratio",
            "pgbench -N on the same cluster",
        ),
        _figure("record_movement p95", rm["latency_ms_p95"], 10.0, False, "ms", "target"),
        _figure(
            "reserve+fulfil on one SKU, 32 clients", hot["tps"], 500.0, True, "per s", "target"
        ),
        _figure(
            "import products / calamine + COPY",
            i["products"]["ratio_to_baseline"],
            3.0,
            False,
            "ratio",
            "python-calamine read + COPY",
        ),
        _figure(
            "import opening stock / calamine + COPY",
            i["opening_stock"]["ratio_to_baseline"],
            3.0,
            False,
            "ratio",
            "python-calamine read + COPY",
        ),
        _figure("search_products p99", r["search_products"]["p99_ms"], 50.0, False, "ms", "target"),
        _figure("stock_level p99", r["stock_level"]["p99_ms"], 5.0, False, "ms", "target"),
        _figure("slowest report query (median)", slowest, 100.0, False, "ms", "target"),
        _figure(
            "backup create + verify / pg_dump + pg_restore",
            b["ratio_to_baseline"],
            1.5,
            False,
            "ratio",
            "pg_dump -Fd + pg_restore, same -j",
        ),
    ]


def run_all(admin_url: str, quick: bool, progress: Callable[[str], None]) -> dict:
    size = QUICK if quick else FULL
    results: dict = {}
    progress("== movements")
    results["movements"] = movements_bench.run_movements(admin_url, size["seconds"], progress)
    progress("== import")
    results["import"] = bench_import.run_import_bench(admin_url, size["import_rows"], progress)
    progress("== reports")
    results["reports"] = bench_reports.run_reports(admin_url, *size["reports"], progress=progress)
    progress("== backup")
    results["backup"] = bench_backup.run_backup_bench(admin_url, *size["backup"], progress=progress)
    progress("== soak")
    results["soak"] = bench_soak.run_soak(
        admin_url, size["soak_minutes"], 32, max(10.0, size["soak_minutes"] * 6), 1, progress
    )
    return {
        "benchmark": "all",
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "quick": quick,
        "cpu_count": os.cpu_count(),
        "figures": figures(results),
        "soak_clean": not bench_soak.failures(results["soak"]),
        "results": results,
    }


def save(result: dict, output_dir: Path | None = None) -> tuple[Path, Path]:
    folder = output_dir or PROJECT_ROOT / "bench" / "results"
    folder.mkdir(parents=True, exist_ok=True)
    stem = dt.date.today().isoformat() + ("-quick" if result["quick"] else "")
    data, chart = folder / f"{stem}.json", folder / f"{stem}.png"
    data.write_text(json.dumps(result, indent=2, default=str) + "\n")
    write_chart(result, chart)
    return data, chart


def write_chart(result: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    figs = result["figures"]
    fig, ax = plt.subplots(figsize=(10, 0.55 * len(figs) + 1.6), dpi=110)
    shares = [min(f["share_of_target"], 2.0) for f in figs]
    colours = ["#2e7d32" if f["met"] else "#ef6c00" for f in figs]
    rows = range(len(figs))[::-1]
    ax.barh(list(rows), shares, color=colours)
    ax.axvline(1.0, color="black", linewidth=1)
    for y, f in zip(rows, figs, strict=True):
        sign = "≥" if f["higher_is_better"] else "≤"
        ax.text(
            0.02,
            y,
            f"{f['name']}: {f['value']:g} {f['unit']} (target {sign} {f['target']:g})",
            va="center",
            fontsize=8,
            color="white" if f["share_of_target"] > 0.9 else "black",
        )
    ax.set_yticks([])
    ax.set_xlim(0, 2.0)
    ax.set_xlabel("share of target reached (1.0 = met; bars stop at 2)")
    quick = " (quick sizes)" if result["quick"] else ""
    ax.set_title(f"stockdb benchmarks {result['at'][:10]}{quick}: green met, orange not")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
