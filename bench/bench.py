#!/usr/bin/env python3
"""make bench: Podium against DuckDB and polars on the same generated months, in one run.

    python3 bench/bench.py [--quick] [--runs N] [--sizes 50000x1000000,200000x1000000,200000x10000000] [--baseline NAME=BINARY ...]

Data sets come from ../shared/bench/gen_data.py (cached in $BENCH_DIR, default /tmp/podium-bench);
the peers from ../shared/bench/peers, installed with pip into a virtual environment in $BENCH_DIR.
Podium runs the full data path: every CSV file and index.html (per-person, team and director pages
off), with every validation rule; payouts.xlsx, like the pages, is timed in runs of its own.
Runs alternate between tools; medians are printed with ratios.
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
    # issue 16's data path is every rule, every CSV file and index.html: payouts.xlsx is timed on
    # its own (plan-xlsx.toml), as the pages are
    assert "[output]\n" in plan and "xlsx" not in plan
    with open(os.path.join(path, "plan-xlsx.toml"), "w", encoding="utf-8") as f:
        f.write(plan)
    plan = plan.replace("[output]\n", "[output]\nxlsx = false\n")
    with open(os.path.join(path, "plan.toml"), "w", encoding="utf-8") as f:
        f.write(plan)
    # the same plan with every page on, for the pages target
    with open(os.path.join(path, "plan-pages.toml"), "w", encoding="utf-8") as f:
        f.write(plan.replace("statements = false", "statements = true").replace("group_pages = false", "group_pages = true"))
    return path


def stages(stderr):
    """(stage, seconds, peak MiB) of every timed line of `podium run --verbose`, in order."""
    out = []
    for line in stderr.splitlines():
        text = line.strip()
        if not text.startswith("podium:") or " in " not in text or " s" not in text.split(" in ")[-1]:
            continue
        body = text[len("podium:"):].strip()
        name, _, rest = body.rpartition(" in ")
        try:
            seconds = float(rest.split(" s")[0])
        except ValueError:
            continue
        peak = None
        if "peak " in rest:
            try:
                peak = int(rest.split("peak ")[1].split(" MiB")[0])
            except ValueError:
                pass
        out.append((name, seconds, peak))
    return out


def print_profile(name, lines, wall):
    """Where the time of one Podium run went, stage by stage (the lines of --verbose)."""
    print(f"  where the time goes ({name}, the median run; sub-stages indented; peak RSS after each):")
    for stage, seconds, peak in lines:
        indent = "    " if stage.startswith(("read and checked", "computed")) else ""
        share = f"{100 * seconds / wall:5.1f}%" if wall else ""
        print(f"    {indent + stage:<44}{seconds:>7.2f} s {share:>7}{'' if peak is None else f'{peak:>7} MiB'}")
    if wall:
        top = sum(seconds for stage, seconds, _ in lines if not stage.startswith(("read and checked", "computed")))
        print(f"    {'the rest (start, plan, templates, exit)':<44}{wall - top:>7.2f} s {100 * (wall - top) / wall:>6.1f}%")


def stage_seconds(stderr, prefix):
    """Seconds of a stage from `podium run --verbose` (e.g. "read and checked sales.csv in 0.36 s")."""
    for line in stderr.splitlines():
        line = line.strip()
        if line.startswith("podium:") and prefix in line and " in " in line:
            try:
                return float(line.split(" in ")[1].split(" s")[0])
            except ValueError:
                pass
    return None


LAST_STDERR = [""]


def timed(cmd):
    """Wall seconds, CPU seconds and peak RSS (MiB) of one run, via GNU time."""
    tf = os.path.join(BENCH_DIR, ".time")
    start = time.perf_counter_ns()
    r = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", tf] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = (time.perf_counter_ns() - start) / 1e9
    if r.returncode != 0:
        sys.exit(f"{cmd[0]} failed ({r.returncode}): {r.stderr.decode()[-2000:]}")
    LAST_STDERR[0] = r.stderr.decode(errors="replace")
    u, s, m = open(tf).read().split()[-3:]
    return wall, float(u) + float(s), int(m) / 1024


def publish_under_load(gen, size, runs, baselines):
    """The publish stage (flush + swap) of a month with every page on, quiet and while another
    process writes 2 GB to the same file system: {binary: (quiet s, loaded s)}, medians."""
    agents, sales = size
    data = dataset(gen, agents, sales)
    load = os.path.join(BENCH_DIR, ".load")
    binaries = [("podium", PODIUM)] + list(baselines)
    found = {name: ([], []) for name, _ in binaries}
    print(f"publish runs ({agents // 1000}k agents, every page on, quiet and under a 2 GB write, {runs} runs) ...", flush=True)
    for _ in range(runs):
        for name, binary in binaries:
            for loaded in (False, True):
                # a fresh output folder: the stage then times the flush and the swap, not the removal
                # of the previous run's 50,000 files
                shutil.rmtree(os.path.join(BENCH_DIR, "out", f"publish-{name}"), ignore_errors=True)
                subprocess.run(["sync"])
                writer = None
                if loaded:
                    # 2 GB of dirty pages on the same file system, as another program's backup would make
                    writer = subprocess.Popen(["dd", "if=/dev/zero", f"of={load}", "bs=1M", "count=2048", "status=none"])
                    time.sleep(1.0)
                timed([binary, "run", "--input", data, "--plan", os.path.join(data, "plan-pages.toml"), "--period", "2026-10",
                       "--output", os.path.join(BENCH_DIR, "out", f"publish-{name}"), "--keep-going", "--verbose"])
                if writer:
                    writer.wait()
                    os.remove(load)
                seconds = stage_seconds(LAST_STDERR[0], "published in")
                if seconds is not None:
                    found[name][1 if loaded else 0].append(seconds)
    return {name: (statistics.median(q), statistics.median(l)) for name, (q, l) in found.items() if q and l}


def workbook_cost(gen, size, runs):
    """What payouts.xlsx adds: the render stage of the same month with and without it (medians),
    and the size of its sheet XML."""
    agents, sales = size
    data = dataset(gen, agents, sales)
    print(f"payouts.xlsx runs ({agents // 1000}k agents, with and without the workbook, {runs} runs) ...", flush=True)
    found = {True: [], False: []}
    folder = os.path.join(BENCH_DIR, "out", "podium-xlsx")
    for _ in range(runs):
        for on in (True, False):
            timed([PODIUM, "run", "--input", data, "--plan", os.path.join(data, "plan-xlsx.toml" if on else "plan.toml"),
                   "--period", "2026-10", "--output", folder, "--keep-going", "--verbose"])
            found[on].append(stage_seconds(LAST_STDERR[0], "rendered"))
            if on:
                import zipfile
                with zipfile.ZipFile(os.path.join(folder, "2026-10", "payouts.xlsx")) as z:
                    sheet_mb = z.getinfo("xl/worksheets/sheet1.xml").file_size / 1e6
    return agents, statistics.median(found[True]), statistics.median(found[False]), sheet_mb


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="2k agents / 40k sales only")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default="50000x1000000,200000x1000000,200000x10000000")
    ap.add_argument("--no-pages", action="store_true", help="skip the pages runs (about 30 s each at 50k agents)")
    ap.add_argument("--baseline", action="append", default=[], metavar="NAME=BINARY",
                    help="another podium binary run beside this one, alternating (e.g. the main an issue started from)")
    ap.add_argument("--publish-only", action="store_true", help="only the publish stage, quiet and under a 2 GB write")
    args = ap.parse_args()
    baselines = [b.partition("=")[::2] for b in args.baseline]
    gen = need_shared()
    os.makedirs(BENCH_DIR, exist_ok=True)
    py = venv_python()
    sizes = [(2000, 40000)] if args.quick else [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]
    if args.publish_only:
        for name, (quiet, loaded) in publish_under_load(gen, sizes[0], args.runs, baselines).items():
            print(f"publish stage ({name}, every page on): {quiet:.2f} s quiet, {loaded:.2f} s under a 2 GB write")
        return
    peers = os.path.join(SHARED, "bench", "peers")
    rows = []
    summary = []
    for agents, sales in sizes:
        data = dataset(gen, agents, sales)
        out = os.path.join(BENCH_DIR, "out")
        sales_mb = os.path.getsize(os.path.join(data, "sales.csv")) / 1e6
        tools = {
            "podium": [PODIUM, "run", "--input", data, "--period", "2026-10", "--output", os.path.join(out, "podium"), "--keep-going", "--verbose"],
            "duckdb": [py, os.path.join(peers, "duckdb_pipeline.py"), data, os.path.join(out, "duckdb")],
            "polars": [py, os.path.join(peers, "polars_pipeline.py"), data, os.path.join(out, "polars")],
        }
        for name, binary in baselines:
            tools[name] = [binary, "run", "--input", data, "--period", "2026-10", "--output", os.path.join(out, name), "--keep-going", "--verbose"]
        results = {t: [] for t in tools}
        sales_stage = []
        logs = []
        for _ in range(args.runs):
            for t, cmd in tools.items():  # alternate tools within each round
                results[t].append(timed(cmd))
                if t == "podium":
                    sales_stage.append(stage_seconds(LAST_STDERR[0], "read and checked sales.csv"))
                    logs.append(LAST_STDERR[0])
        stage = statistics.median([x for x in sales_stage if x]) if any(sales_stage) else None
        med = {t: tuple(statistics.median(x[i] for x in v) for i in range(3)) for t, v in results.items()}
        # the stage lines of the run whose wall time is the median
        order = sorted(range(len(logs)), key=lambda k: results["podium"][k][0])
        median_run = order[len(order) // 2]
        summary.append((agents, sales, sales_mb, stage, stages(logs[median_run]), results["podium"][median_run][0]))
        for t in tools:
            w, c, m = med[t]
            rows.append((f"{agents // 1000}k/{sales // 1000}k", t, w, c, m,
                         w / med["duckdb"][0], w / med["polars"][0], m / med["duckdb"][2], sales_mb / w))
        summary[-1] += (med["podium"], med["duckdb"])
    pages = None
    pages_profile = None
    if not args.no_pages and not args.quick:
        agents, sales = sizes[0]
        data = dataset(gen, agents, sales)
        print(f"pages runs ({agents // 1000}k agents, every page on, {args.runs} runs, median) ...", flush=True)
        renders = []
        for _ in range(args.runs):
            timed([PODIUM, "run", "--input", data, "--plan", os.path.join(data, "plan-pages.toml"), "--period", "2026-10",
                   "--output", os.path.join(BENCH_DIR, "out", "podium-pages"), "--keep-going", "--verbose"])
            renders.append((stage_seconds(LAST_STDERR[0], "rendered"), stages(LAST_STDERR[0])))
        renders.sort(key=lambda r: r[0] or 0)
        render, pages_profile = renders[len(renders) // 2]
        print("  render stage of each run: " + ", ".join(f"{r[0]:.2f} s" for r in renders if r[0]), flush=True)
        folder = os.path.join(BENCH_DIR, "out", "podium-pages", "2026-10")
        count = sum(1 for sub in ("teams", "directors", "statements") if os.path.isdir(os.path.join(folder, sub))
                    for _ in os.listdir(os.path.join(folder, sub)))
        pages = (count, render)
    workbook = None
    if not args.quick:
        workbook = workbook_cost(gen, max(sizes), args.runs)
    publish = None
    if not args.no_pages and not args.quick:
        publish = publish_under_load(gen, sizes[0], args.runs, baselines)
    print()
    print(f"{'data':<12}{'tool':<8}{'wall s':>8}{'cpu s':>8}{'RSS MiB':>9}{'÷duckdb':>9}{'÷polars':>9}{'RSS÷duckdb':>11}{'sales MB/s':>11}")
    for r in rows:
        print(f"{r[0]:<12}{r[1]:<8}{r[2]:>8.2f}{r[3]:>8.2f}{r[4]:>9.0f}{r[5]:>9.2f}{r[6]:>9.2f}{r[7]:>11.2f}{r[8]:>11.0f}")
    for name, _ in baselines:
        for r in rows:
            if r[1] == name:
                mine = next(x for x in rows if x[0] == r[0] and x[1] == "podium")
                print(f"{r[0]}: podium ÷ {name}: wall {mine[2] / r[2]:.2f}, peak RSS {mine[4] / r[4]:.2f}")
    print(f"\nmachine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d')}; medians of {args.runs} runs; podium = full data path (every CSV + index.html, every rule; payouts.xlsx timed apart)")
    print("\nissue 16 targets (\"Ahead of every peer\"):")
    def verdict(ok):
        return "met" if ok else "MISSED"
    missed = []
    for agents, sales, sales_mb, stage, profile, wall, pod, duck in summary:
        name = f"{agents // 1000}k/{sales // 1000}k"
        ok = pod[0] <= 1.0 * duck[0]
        print(f"  {name}: data path {pod[0]:.2f} s = {pod[0] / duck[0]:.2f} x DuckDB (target <= 1.0; next 0.5): {verdict(ok)}")
        if not ok:
            missed.append((name, profile, wall, f"data path: needs <= {duck[0]:.2f} s, {pod[0] - duck[0]:.2f} s less than now"))
        ok = pod[2] <= 1.0 * duck[2]
        big = (agents, sales) == tuple(summary[-1][:2]) and len(summary) > 1
        print(f"  {name}: peak RSS {pod[2]:.0f} MiB = {pod[2] / duck[2]:.2f} x DuckDB (target <= 1.0 at 10M): {verdict(ok)}")
        if not ok and big:
            missed.append((name, profile, wall, f"peak RSS: needs <= {duck[2]:.0f} MiB, {pod[2] - duck[2]:.0f} MiB less than now"))
        if stage:
            ok = sales_mb / stage >= 800
            print(f"  {name}: sales.csv read + checked + summed in {stage:.2f} s = {sales_mb / stage:.0f} MB/s (target >= 800): {verdict(ok)}")
            if not ok:
                missed.append((name, profile, wall, f"sales.csv: needs <= {sales_mb / 800:.2f} s for {sales_mb:.0f} MB, now {stage:.2f} s"))
    # flat in sales rows: the same roster with fewer and with more sales rows (e.g. --sizes 200000x1000000,200000x10000000)
    same = [(a, b) for a in summary for b in summary if a[0] == b[0] and a[1] < b[1]]
    for small_run, big_run in same:
        small, big = small_run[6], big_run[6]
        ok = big[2] <= 1.25 * small[2]
        print(f"  peak RSS {big_run[0] // 1000}k/{big_run[1] // 1000}k ÷ {small_run[0] // 1000}k/{small_run[1] // 1000}k = "
              f"{big[2] / small[2]:.2f} (target <= 1.25): {verdict(ok)}")
        if not ok:
            missed.append((f"{big_run[0] // 1000}k/{big_run[1] // 1000}k", big_run[4], big_run[5],
                           f"growth: needs <= {1.25 * small[2]:.0f} MiB (1.25 x the smaller run's {small[2]:.0f} MiB)"))
    if not same:
        print("  peak RSS flat in sales rows: not measured (needs two sizes with the same roster, e.g. --sizes 200000x1000000,200000x10000000)")
    if pages and pages[1]:
        ok = pages[0] / pages[1] >= 10000
        print(f"  pages: {pages[0]} team, director and statement pages (+ CSV files and index) rendered in {pages[1]:.2f} s = "
              f"{pages[0] / pages[1]:.0f} pages/s (target >= 10,000): {verdict(ok)}")
        if not ok:
            missed.append(("pages", pages_profile, None, f"pages: needs <= {pages[0] / 10000:.2f} s of rendering, now {pages[1]:.2f} s"))
    if workbook:
        agents, with_xlsx, without, sheet_mb = workbook
        print(f"  payouts.xlsx (outside the data path above): {agents // 1000}k rows add {with_xlsx - without:.2f} s of rendering "
              f"({with_xlsx:.2f} s with, {without:.2f} s without; a {sheet_mb:.0f} MB sheet deflated by libxlsxwriter at zlib's "
              f"default level; docs/performance.md \"payouts.xlsx\")")
    if publish:
        for name, (quiet, loaded) in publish.items():
            print(f"  publish stage ({name}, every page on): {quiet:.2f} s on a quiet disk, {loaded:.2f} s while another "
                  f"process writes 2 GB to the same file system (x {loaded / quiet if quiet else 0:.1f})")
    if missed:
        # for each missed target: the stage profile of the run that missed it, and what is needed
        print("\nmissed targets: what is needed, and where the time and memory go (function-level profiles: docs/performance.md)")
        shown = set()
        for name, profile, wall, need in missed:
            print(f"  {need}")
            if profile and name not in shown:
                shown.add(name)
                print_profile(name, profile, wall)


if __name__ == "__main__":
    main()
