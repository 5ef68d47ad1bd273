"""Times each benchmark script under `guide run` and under CPython, checks both print the
same thing, and reports min / median / p95 in ms and the GuideLang/CPython ratio.

Time is CPU time (user + system) of the child process, so a busy shared machine does not
skew the ratio; wall time is printed alongside.

Usage: python3 bench/language/compare.py [--guide PATH] [--iterations N]
"""
import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BENCHMARKS = ["loop", "calls", "values"]


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command):
    start, cpu_start = time.perf_counter(), cpu_seconds()
    result = subprocess.run(command, capture_output=True, text=True)
    wall, cpu = (time.perf_counter() - start) * 1000, (cpu_seconds() - cpu_start) * 1000
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    return cpu, wall, result.stdout.strip()


def measure(command, iterations):
    run(command)  # warm-up: page cache, first-run costs
    cpus, walls, output = [], [], None
    for _ in range(iterations):
        cpu, wall, output = run(command)
        cpus.append(cpu)
        walls.append(wall)
    cpus.sort()
    p95 = cpus[min(len(cpus) - 1, round(0.95 * (len(cpus) - 1)))]
    return {"min": cpus[0], "median": statistics.median(cpus), "p95": p95,
            "wall": statistics.median(walls), "output": output}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--guide", default=os.path.join(HERE, "..", "..", ".build", "release", "guide"))
    parser.add_argument("--iterations", type=int, default=5)
    args = parser.parse_args()
    commit = subprocess.run(["git", "-C", HERE, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    print(f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} cores; "
          f"python {platform.python_version()}; commit {commit}; 1 warm-up + {args.iterations} iterations; "
          f"single-threaded interpreters; CPU time per script run, ms")
    print(f"{'script':8} {'runner':8} {'min':>9} {'median':>9} {'p95':>9} {'wall':>9}   ratio (median CPU)")
    failed = False
    for name in BENCHMARKS:
        guide = measure([args.guide, "run", os.path.join(HERE, name + ".guide")], args.iterations)
        python = measure([sys.executable, os.path.join(HERE, name + ".py")], args.iterations)
        if guide["output"] != python["output"]:
            print(f"{name}: outputs differ: guide {guide['output']!r} python {python['output']!r}")
            failed = True
        ratio = guide["median"] / python["median"]
        for runner, r in (("guide", guide), ("python", python)):
            print(f"{name:8} {runner:8} {r['min']:9.1f} {r['median']:9.1f} {r['p95']:9.1f} {r['wall']:9.1f}"
                  + (f"   {ratio:.2f}x CPython" if runner == "guide" else ""))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
