"""`make bench` at 1% of its sizes, run by `make bench-smoke`.

It runs tools/bench/bench.sh for real (its own database without demo data, as the
full run, the peer addon, the data generated with SQL, every part) and
checks what it wrote: every figure, the
checks of each part, and that the query counts of the read cases (2-6) are
those of the last full run committed in tools/bench/results: they must not depend
on the number of complaints.
"""

import json
import os
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = {"BENCH_REVIEWS": 100, "BENCH_COMPLAINTS": 10000, "BENCH_OVERDUE": 1000}
FIGURES = {
    "intake_on",
    "intake_off",
    "acknowledgements",
    "direct_complaints",
    "direct_tickets",
    "direct_tickets_team",
    "funnel_orm",
    "funnel_sql",
    "funnel_figures",
    "stages_orm",
    "kanban_orm",
    "progress_orm",
    "list_orm",
    "list_orm_index",
    "escalation_orm",
    "escalation_sql",
    "report_orm",
    "report_sql",
    "intake_loaded",
    "intake_loaded_balanced",
}
# Read cases whose number of queries must not depend on the data size.
CONSTANT_QUERIES = (
    "funnel_orm",
    "stages_orm",
    "kanban_orm",
    "progress_orm",
    "list_orm",
    "report_orm",
)


def last_full_run():
    """The newest committed result of a run at the full sizes."""
    for path in sorted((HERE / "results").glob("*.json"), reverse=True):
        result = json.loads(path.read_text())
        if (
            result["sizes"].get("complaints") == 1000000
            and "report_orm" in (result["figures"])
        ):
            return path.name, result
    return None, None


def test_bench_smoke(tmp_path):
    output = tmp_path / "smoke.json"
    env = dict(
        os.environ,
        **{key: str(value) for key, value in SIZES.items()},
        BENCH_RUNS="1",
        BENCH_READ_RUNS="1",
        BENCH_ESCALATION_RUNS="1",
        BENCH_DB=f"cc_bench_smoke_{os.getpid()}",
        BENCH_OUTPUT=str(output),
    )
    run = subprocess.run(
        ["bash", str(HERE / "bench.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-6000:]
    result = json.loads(output.read_text())

    assert FIGURES <= set(result["figures"]), FIGURES - set(result["figures"])
    assert result["intake"]["checks"]["complaints"] == 30
    assert result["intake"]["checks"]["with_owner"] == 30
    assert result["funnel"]["funnel_matches_sql"]
    assert result["funnel"]["funnel_figures_match_sql"]
    assert result["funnel"]["stages_match_sql"]
    assert result["escalation"]["checks"]["level_1"] == 1000
    assert result["report"]["matches_sql"]
    for name in ("automation_overhead_on_vs_off", "escalation_orm_vs_sql_update"):
        assert result["ratios"][name] > 0
    for figure in result["figures"].values():
        assert figure["rss_peak_mb"] > 0

    name, full = last_full_run()
    assert full, "no full run in bench/results to compare the query counts with"
    counts = {
        key: (result["figures"][key]["queries"], full["figures"][key]["queries"])
        for key in CONSTANT_QUERIES
    }
    assert all(smoke == big for smoke, big in counts.values()), (name, counts)


if __name__ == "__main__":
    # `make bench-smoke` runs this file as a script: under pytest, the
    # repository's root __init__.py (the addon) would be collected as a
    # package and imported outside Odoo.
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        test_bench_smoke(Path(directory))
    print("[bench-smoke] ok")
