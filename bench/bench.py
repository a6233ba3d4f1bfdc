#!/usr/bin/env python3
"""make bench: Podium against DuckDB and polars on the same generated months, in one run.

    python3 bench/bench.py [--quick] [--runs N] [--sizes 50000x1000000,200000x10000000]

Data sets come from ../shared/bench/gen_data.py (cached in $BENCH_DIR, default /tmp/podium-bench);
the peers from ../shared/bench/peers, installed with pip into a virtual environment in $BENCH_DIR.
Podium runs the full data path: every CSV file and index.html (per-person, team and director pages
off), with every validation rule. Runs alternate between tools; medians are printed with ratios.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
BENCH_DIR = os.environ.get("BENCH_DIR", "/tmp/podium-bench")
PODIUM = os.path.join(ROOT, ".build", "release", "podium")


def need_shared():
    gen = os.path.join(SHARED, "bench", "gen_data.py")
    if not os.path.exists(gen):
        sys.exit(f"make bench needs {SHARED}/bench (the peers and the data generator); it is not part of a user's clone")
    return gen


def venv_python():
    venv = os.path.join(BENCH_DIR, "venv")
    py = os.path.join(venv, "bin", "python")
    if not os.path.exists(py):
        print(f"creating {venv} with duckdb and polars ...", flush=True)
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([py, "-m", "pip", "install", "-q", "duckdb", "polars"], check=True)
    return py


def dataset(gen, agents, sales):
    name = f"a{agents}_s{sales}_2026-10_seed42"
    path = os.path.join(BENCH_DIR, name)
    if not os.path.exists(os.path.join(path, ".complete")):
        print(f"generating {path} ...", flush=True)
        shutil.rmtree(path, ignore_errors=True)
        subprocess.run([sys.executable, gen, "--agents", str(agents), "--sales", str(sales), "--period", "2026-10",
                        "--seed", "42", "--out", path], check=True, stdout=subprocess.DEVNULL)
        open(os.path.join(path, ".complete"), "w").close()
    plan = open(os.path.join(ROOT, "templates", "sample-plan.toml"), encoding="utf-8").read()
    plan = plan.replace("statements = true", "statements = false").replace("group_pages = true", "group_pages = false")
    with open(os.path.join(path, "plan.toml"), "w", encoding="utf-8") as f:
        f.write(plan)
    return path


def timed(cmd):
    """Wall seconds, CPU seconds and peak RSS (MiB) of one run, via GNU time."""
    tf = os.path.join(BENCH_DIR, ".time")
    start = time.perf_counter_ns()
    r = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", tf] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = (time.perf_counter_ns() - start) / 1e9
    if r.returncode != 0:
        sys.exit(f"{cmd[0]} failed ({r.returncode}): {r.stderr.decode()[-2000:]}")
    u, s, m = open(tf).read().split()[-3:]
    return wall, float(u) + float(s), int(m) / 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="2k agents / 40k sales only")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="50000x1000000,200000x10000000")
    args = ap.parse_args()
    gen = need_shared()
    os.makedirs(BENCH_DIR, exist_ok=True)
    py = venv_python()
    sizes = [(2000, 40000)] if args.quick else [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]
    peers = os.path.join(SHARED, "bench", "peers")
    rows = []
    for agents, sales in sizes:
        data = dataset(gen, agents, sales)
        out = os.path.join(BENCH_DIR, "out")
        sales_mb = os.path.getsize(os.path.join(data, "sales.csv")) / 1e6
        tools = {
            "podium": [PODIUM, "run", "--input", data, "--period", "2026-10", "--output", os.path.join(out, "podium"), "--keep-going", "--quiet"],
            "duckdb": [py, os.path.join(peers, "duckdb_pipeline.py"), data, os.path.join(out, "duckdb")],
            "polars": [py, os.path.join(peers, "polars_pipeline.py"), data, os.path.join(out, "polars")],
        }
        results = {t: [] for t in tools}
        for _ in range(args.runs):
            for t, cmd in tools.items():  # alternate tools within each round
                results[t].append(timed(cmd))
        med = {t: tuple(statistics.median(x[i] for x in v) for i in range(3)) for t, v in results.items()}
        for t in tools:
            w, c, m = med[t]
            rows.append((f"{agents // 1000}k/{sales // 1000}k", t, w, c, m,
                         w / med["duckdb"][0], w / med["polars"][0], m / med["duckdb"][2], sales_mb / w))
    print()
    print(f"{'data':<12}{'tool':<8}{'wall s':>8}{'cpu s':>8}{'RSS MiB':>9}{'÷duckdb':>9}{'÷polars':>9}{'RSS÷duckdb':>11}{'sales MB/s':>11}")
    for r in rows:
        print(f"{r[0]:<12}{r[1]:<8}{r[2]:>8.2f}{r[3]:>8.2f}{r[4]:>9.0f}{r[5]:>9.2f}{r[6]:>9.2f}{r[7]:>11.2f}{r[8]:>11.0f}")
    print(f"\nmachine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}; medians of {args.runs} runs; podium = full data path (every CSV + index.html, every rule)")


if __name__ == "__main__":
    main()
