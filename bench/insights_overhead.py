#!/usr/bin/env python3
"""Measures what the insights cost: `coroner build` with `[build] insights = true` against the same
binary with `insights = false`, on the same generated corpus, alternating the two.

Usage: python3 bench/insights_overhead.py [--count 10000] [--pairs 7] [--baseline PATH] [--out DIR]

The corpus comes from ../shared/bench/gen_corpus.py (--format plain, seed 42) and is shared with
compare_hugo.py. Two site roots under bench/work/ read it: insights-on-N and insights-off-N, whose
book.toml differ only in the switch. Each measurement is one whole process under GNU time (wall,
user and system CPU, peak RSS); one warm-up run of each comes first. Prints the medians and the
median of the per-pair ratios. With --baseline, a third binary (e.g. built from main) runs in
each round too, on a root without the switch, to show that the shared code did not get slower.
--out writes the sites somewhere else than bench/work (e.g. /dev/shm, to keep a busy disk out
of the figures).
"""
import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GEN = REPO.parent / "shared" / "bench" / "gen_corpus.py"
WORK = REPO / "bench" / "work"
CORONER = REPO / "target" / "release" / "coroner"


def run_timed(cmd, perf):
    """Runs cmd under GNU time (and `perf stat` when asked); returns (wall s, user+sys CPU s,
    peak RSS MiB, user-space instructions or None)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t, \
            tempfile.NamedTemporaryFile("r", suffix=".perf") as p:
        inner = ["perf", "stat", "-x", ",", "-e", "instructions:u", "-o", p.name] + cmd if perf else cmd
        full = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", t.name] + inner
        subprocess.run(full, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall, user, system, rss_kb = t.read().split()[-4:]
        instructions = None
        for line in p.read().splitlines():
            if "instructions" in line and line.split(",")[0].isdigit():
                instructions = int(line.split(",")[0])
        return float(wall), float(user) + float(system), int(rss_kb) / 1024.0, instructions


def site_roots(n):
    """The corpus, and the two roots that build it with insights on and off."""
    content = WORK / f"plain-{n}" / "content"
    if not content.exists():
        subprocess.run([sys.executable, str(GEN), "--count", str(n), "--seed", "42",
                        "--out", str(content), "--format", "plain"], check=True, stdout=subprocess.DEVNULL)
    roots = {}
    # `base` has no switch at all, for a baseline binary that predates it.
    for name, switch in (("on", "insights = true\n"), ("off", "insights = false\n"), ("base", "")):
        root = WORK / f"insights-{name}-{n}"
        root.mkdir(parents=True, exist_ok=True)
        (root / "book.toml").write_text(
            '[site]\ntitle = "Benchmark archive"\nbase_url = "https://bench.test/"\n\n'
            f'[build]\ncontent_dir = "{content}"\n{switch}')
        roots[name] = root
    return roots


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--pairs", type=int, default=7)
    ap.add_argument("--baseline", help="another coroner binary (e.g. built from main), run without the switch")
    ap.add_argument("--out", type=Path, default=WORK, help="where the built sites go")
    ap.add_argument("--perf", action="store_true",
                    help="also count user-space instructions with perf stat: unlike time, they "
                         "barely move when other processes share the machine")
    a = ap.parse_args()
    roots = site_roots(a.count)
    cmds = {name: [str(CORONER), "build", "--root", str(roots[name]), "--output", str(a.out / f"out-insights-{name}")]
            for name in ("on", "off")}
    if a.baseline:
        cmds["baseline"] = [a.baseline, "build", "--root", str(roots["base"]),
                            "--output", str(a.out / "out-insights-baseline")]
    for cmd in cmds.values():  # warm-up: page cache, first output directory
        run_timed(cmd, a.perf)
    runs = {name: [] for name in cmds}
    for i in range(a.pairs):
        for name, cmd in cmds.items():
            runs[name].append(run_timed(cmd, a.perf))
        print(f"round {i + 1}: " + ", ".join(f"{n} {r[-1][0]:.2f}s wall {r[-1][1]:.2f}s cpu"
                                             for n, r in runs.items()), flush=True)
    # perf stat says "<not supported>" where the machine hides its counters (many VMs).
    counted = a.perf and all(x[3] is not None for r in runs.values() for x in r)
    print(f"\n{a.count} incidents, {a.pairs} rounds (medians)")
    print("| build | wall | CPU (user+sys) | peak RSS | instructions (user) |\n|---|---|---|---|---|")
    for name, r in runs.items():
        ins = f"{statistics.median(x[3] for x in r) / 1e9:.2f} G" if counted else "-"
        print(f"| {name} | {statistics.median(x[0] for x in r):.2f} s | "
              f"{statistics.median(x[1] for x in r):.2f} s | {statistics.median(x[2] for x in r):.0f} MiB | {ins} |")
    for other in [n for n in runs if n != "on"]:
        for k, what in ((0, "wall"), (1, "CPU"), (3, "instructions"))[: 3 if counted else 2]:
            ratios = [on[k] / off[k] for on, off in zip(runs["on"], runs[other])]
            print(f"on/{other} {what}: median ratio {statistics.median(ratios):.3f} "
                  f"(min {min(ratios):.3f}, max {max(ratios):.3f})")


if __name__ == "__main__":
    main()
