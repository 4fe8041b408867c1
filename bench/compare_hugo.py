#!/usr/bin/env python3
"""Times `coroner build` against `hugo` on the same generated corpus, alternating the two.

Usage: python3 bench/compare_hugo.py [--sizes 1000,10000] [--pairs 5] [--scaling 1000,2500,5000,10000] [--out DIR] [--cold]
                                     [--baseline PATH] [--lean] [--no-cache] [--ci-cache]

By default both tools rebuild over their previous output, as an author does (coroner then
updates its previous build in place; Hugo overwrites its output). With --cold every run starts
with no output at all, as in a fresh CI checkout: each run writes into a directory of its own
that did not exist before, and all of them are removed only when every run is done. Removing a
site's ~21,000 files and folders just before a run would time ext4 rather than the tool: for a
few minutes after a deletion, ext4's inode allocator steps over each recently freed inode one
by one, and `perf record -a` showed that taking about 40 % of the samples of the next build.

With --baseline PATH (another coroner binary, e.g. a build of an earlier commit) that binary
runs in the same rounds as well, in turn with the other two, so a change is measured side by side
with both the build before it and Hugo, on one machine in one hour.

With --lean the same coroner binary also builds the corpus in the same rounds with inference and
the insights turned off (`[infer] enabled = false`, `[build] insights = false`), which is closer to
the work Hugo's minimal templates do. That shows what the gap is made of; the default build is the
one the target is measured on.

With --no-cache the same coroner binary also rebuilds the corpus in the same rounds with
`coroner build --no-cache`: every postmortem parsed and inferred again, as when the build cache
(`.<output>.coroner-cache`) is missing or stale. By default coroner rebuilds with its cache, which
after the warm-up holds every postmortem; with --cold every run starts without one.

With --cold --ci-cache the same coroner binary also builds from nothing in the same rounds,
but with the build cache of an earlier build of the same corpus copied beside each fresh output
just before the run (before the `sync`), into the output it was written for (the last run's
output and previous build are moved aside, not deleted), as the GitHub Pages workflow that `coroner init` writes
does when it restores the cache of an earlier run: no output and no previous build, every
postmortem unchanged.

Corpora come from ../shared/bench/gen_corpus.py (--format plain for coroner, --format hugo for
Hugo, both with seed 42). Each measurement is one whole process: wall time and peak RSS come from
GNU time. Prints medians, the median of per-pair ratios, and a scaling table for coroner.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"
WORK = REPO / "bench" / "work"
CORONER = REPO / "target" / "release" / "coroner"


COLD = False
# Another coroner binary timed in the same rounds (--baseline), or None.
BASELINE = None
# Whether coroner without inference and insights is timed in the same rounds (--lean).
LEAN = False
# Whether coroner without its build cache is timed in the same rounds (--no-cache).
NO_CACHE = False
# The fresh output directories of --cold runs, removed once every run is done.
COLD_OUTPUTS = []
# Whether coroner from nothing with a restored build cache is timed in the same rounds (--ci-cache).
CI_CACHE = False
# For an output directory named in a command, the build cache copied beside each fresh one.
SEEDED = {}


def fresh_output(cmd):
    """cmd with its output directory replaced by a new one that no run has written yet."""
    flag = "--output" if "--output" in cmd else "-d"
    at = cmd.index(flag) + 1
    if cmd[at] in SEEDED:
        # The build cache is only read by a build into the output it was written for (the
        # configuration, which names the output, is part of its key), so this run keeps the
        # output's name: the last run's output and previous build are moved aside, not deleted.
        out = Path(cmd[at])
        for d in [out, out.parent / f".{out.name}.coroner-previous"]:
            if d.exists():
                aside = d.parent / f"{d.name}-aside-{len(COLD_OUTPUTS)}"
                d.rename(aside)
                COLD_OUTPUTS.append(aside)
        shutil.copyfile(SEEDED[cmd[at]], out.parent / f".{out.name}.coroner-cache")
        subprocess.run(["sync"], check=True)
        return cmd
    out = Path(f"{cmd[at]}-cold-{len(COLD_OUTPUTS)}")
    for d in [out, out.parent / f".{out.name}.coroner-previous", out.parent / f".{out.name}.coroner-cache"]:
        remove(d)
        COLD_OUTPUTS.append(d)
    subprocess.run(["sync"], check=True)
    return cmd[:at] + [str(out)] + cmd[at + 1:]


def remove(path):
    """Removes a run's output directory, previous build or build cache, if there."""
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        path.unlink()


def remove_cold_outputs():
    for d in COLD_OUTPUTS:
        remove(d)


def run_timed(cmd):
    """Runs cmd under GNU time; returns (wall seconds, peak RSS MiB)."""
    if COLD:
        cmd = fresh_output(cmd)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        full = ["/usr/bin/time", "-f", "%e %M", "-o", t.name] + cmd
        subprocess.run(full, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall, rss_kb = t.read().split()
        return float(wall), int(rss_kb) / 1024.0


def corpus(n, fmt):
    dest = WORK / f"{fmt}-{n}"
    if not dest.exists():
        target = dest / "content" if fmt == "plain" else dest
        subprocess.run([sys.executable, str(GEN), "--count", str(n), "--seed", "42",
                        "--out", str(target), "--format", fmt], check=True, stdout=subprocess.DEVNULL)
        if fmt == "plain":
            (dest / "book.toml").write_text('[site]\ntitle = "Benchmark archive"\nbase_url = "https://bench.test/"\n')
    return dest


def lean_site(n):
    """A site reading the plain corpus's postmortems with inference and the insights turned off."""
    plain = corpus(n, "plain")
    dest = WORK / f"lean-{n}"
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "book.toml").write_text(
        '[site]\ntitle = "Benchmark archive"\nbase_url = "https://bench.test/"\n\n'
        f'[build]\ncontent_dir = "../{plain.name}/content"\ninsights = false\n\n'
        '[infer]\nenabled = false\n')
    return dest


OUT = WORK


def coroner_cmd(n, binary=None, name="coroner", site=None):
    site = site or corpus(n, "plain")
    return [str(binary or CORONER), "build", "--root", str(site), "--output", str(OUT / f"out-{name}-{n}")]


def hugo_cmd(n):
    site = corpus(n, "hugo")
    return ["hugo", "--quiet", "-s", str(site), "-d", str(OUT / f"out-hugo-{n}")]


def compare(n, pairs):
    cmds = {"coroner": coroner_cmd(n), "hugo": hugo_cmd(n)}
    if BASELINE:
        cmds["baseline"] = coroner_cmd(n, BASELINE, "baseline")
    if LEAN:
        cmds["lean"] = coroner_cmd(n, name="lean", site=lean_site(n))
    if NO_CACHE:
        cmds["nocache"] = coroner_cmd(n, name="nocache") + ["--no-cache"]
    if CI_CACHE:
        cmds["cicache"] = coroner_cmd(n, name="cicache")
        # An untimed build writes the cache every cicache run starts with, into the same output.
        out = Path(cmds["cicache"][-1])
        subprocess.run(cmds["cicache"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seed = OUT / f"seed-cache-{n}"
        shutil.copyfile(out.parent / f".{out.name}.coroner-cache", seed)
        SEEDED[str(out)] = seed
        COLD_OUTPUTS.extend([seed, out, out.parent / f".{out.name}.coroner-previous",
                             out.parent / f".{out.name}.coroner-cache"])
    runs = {name: [] for name in cmds}
    names = list(cmds)
    for name in cmds:  # warm-up: page cache, first output directory
        run_timed(cmds[name])
    for i in range(pairs):
        # Each round starts with the next tool, so none always runs first.
        order = names[i % len(names):] + names[:i % len(names)]
        for name in order:
            runs[name].append(run_timed(cmds[name]))
    ratios = [h[0] / c[0] for c, h in zip(runs["coroner"], runs["hugo"])]
    mem = [h[1] / c[1] for c, h in zip(runs["coroner"], runs["hugo"])]
    row = {
        "n": n,
        "coroner_wall": statistics.median(r[0] for r in runs["coroner"]),
        "hugo_wall": statistics.median(r[0] for r in runs["hugo"]),
        "coroner_rss": max(r[1] for r in runs["coroner"]),
        "hugo_rss": max(r[1] for r in runs["hugo"]),
        "speedup": statistics.median(ratios),
        "mem_ratio": statistics.median(mem),
        "pairs": pairs,
    }
    for name in ("baseline", "lean", "nocache", "cicache"):
        if name in runs:
            row[f"{name}_wall"] = statistics.median(r[0] for r in runs[name])
            row[f"{name}_rss"] = max(r[1] for r in runs[name])
            row[f"{name}_speedup"] = statistics.median(
                h[0] / x[0] for x, h in zip(runs[name], runs["hugo"]))
    if BASELINE:
        row["vs_baseline"] = statistics.median(
            c[0] / b[0] for c, b in zip(runs["coroner"], runs["baseline"]))
    return row


def print_table(caption, header, lines):
    """A Markdown table of the same rounds, after a blank line and its caption."""
    print()
    print(caption)
    print()
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for line in lines:
        print("| " + " | ".join(line) + " |", flush=True)


def scaling(sizes, reps):
    rows = []
    for n in sizes:
        cmd = coroner_cmd(n)
        run_timed(cmd)
        walls = [run_timed(cmd)[0] for _ in range(reps)]
        med = statistics.median(walls)
        rows.append((n, med, med / n * 1e6))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--pairs", type=int, default=5)
    ap.add_argument("--scaling", default="1000,2500,5000,10000")
    ap.add_argument("--scaling-reps", type=int, default=5)
    ap.add_argument("--out", default=str(WORK),
                    help="where both tools write their sites (e.g. /dev/shm/bench to leave a busy disk out)")
    ap.add_argument("--cold", action="store_true",
                    help="start every run with no output directory (and no previous coroner build)")
    ap.add_argument("--baseline", help="another coroner binary to time in the same rounds")
    ap.add_argument("--lean", action="store_true",
                    help="also time coroner with inference and the insights turned off, in the same rounds")
    ap.add_argument("--no-cache", action="store_true",
                    help="also time coroner without its build cache (--no-cache), in the same rounds")
    ap.add_argument("--ci-cache", action="store_true",
                    help="with --cold, also time coroner from nothing with a restored build cache, in the same rounds")
    args = ap.parse_args()
    global OUT, COLD, BASELINE, LEAN, NO_CACHE, CI_CACHE
    OUT = Path(args.out)
    COLD = args.cold
    BASELINE = Path(args.baseline).resolve() if args.baseline else None
    LEAN = args.lean
    NO_CACHE = args.no_cache
    CI_CACHE = args.ci_cache
    if CI_CACHE and not COLD:
        sys.exit("--ci-cache times builds from nothing: use it with --cold")
    OUT.mkdir(parents=True, exist_ok=True)
    if shutil.which("hugo") is None:
        sys.exit("hugo is not installed: apt-get install -y hugo")
    if not Path("/usr/bin/time").exists():
        sys.exit("GNU time is not installed: apt-get install -y time")
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    WORK.mkdir(parents=True, exist_ok=True)
    try:
        print("| incidents | pairs | coroner wall (median) | Hugo wall (median) | Hugo/coroner (median of pairs) | coroner peak RSS | Hugo peak RSS | Hugo/coroner memory |")
        print("|---|---|---|---|---|---|---|---|")
        rows = []
        for n in [int(s) for s in args.sizes.split(",") if s]:
            r = compare(n, args.pairs)
            rows.append(r)
            print(f"| {n:,} | {r['pairs']} | {r['coroner_wall']:.2f} s | {r['hugo_wall']:.2f} s | {r['speedup']:.1f}x "
                  f"| {r['coroner_rss']:.0f} MiB | {r['hugo_rss']:.0f} MiB | {r['mem_ratio']:.1f}x |", flush=True)
        if BASELINE and rows:
            print_table(
                f"Baseline {BASELINE}, in the same rounds:",
                ["incidents", "baseline wall (median)", "Hugo/baseline (median of rounds)",
                 "baseline peak RSS", "coroner/baseline wall (median of rounds)"],
                [[f"{r['n']:,}", f"{r['baseline_wall']:.2f} s", f"{r['baseline_speedup']:.1f}x",
                  f"{r['baseline_rss']:.0f} MiB", f"{r['vs_baseline']:.3f}"] for r in rows])
        # The other builds timed in the same rounds, one table each: (timed, key, caption, label).
        others = [
            (LEAN, "lean", "coroner with `[infer] enabled = false` and `[build] insights = false`, in the same rounds:", "lean"),
            (NO_CACHE, "nocache", "coroner with `--no-cache`, in the same rounds:", "no-cache"),
            (CI_CACHE, "cicache", "coroner from nothing with a restored build cache, in the same rounds:", "restored-cache"),
        ]
        for timed, key, caption, label in others:
            if timed and rows:
                print_table(
                    caption,
                    ["incidents", f"{label} wall (median)", f"Hugo/{label} (median of rounds)", f"{label} peak RSS"],
                    [[f"{r['n']:,}", f"{r[key + '_wall']:.2f} s", f"{r[key + '_speedup']:.1f}x",
                      f"{r[key + '_rss']:.0f} MiB"] for r in rows])
        print()
        print("| incidents | coroner wall (median) | per incident |")
        print("|---|---|---|")
        for n, med, per in scaling([int(s) for s in args.scaling.split(",") if s], args.scaling_reps):
            print(f"| {n:,} | {med:.2f} s | {per:.0f} µs |", flush=True)
    finally:
        # Also after a failed run: the fresh directories are the script's own.
        remove_cold_outputs()


if __name__ == "__main__":
    main()
