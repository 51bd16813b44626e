"""Command line: ``run`` (every benchmark of a preset into one JMH-format JSON file), ``fork`` (one
fork of one configuration, run by ``run`` in a fresh interpreter), ``list``, ``delay-server``.

Exit status of ``run``: 0 every configuration measured, 2 bad input, 3 a configuration failed (its
message on stderr; the others are still written), as ``crossover run`` uses them.
"""

import argparse
import ctypes
import json
import multiprocessing
import os
import re
import signal
import sys
import threading
import time

from . import delay, measure, programs  # noqa: F401  (programs registers the benchmarks)

MIN_VERSION = (3, 10)
SHM = "/dev/shm"


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m crossover_cpython",
                                 description="The study notes' programs measured in CPython, as JMH-format JSON.")
    sub = ap.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="run a preset's benchmarks into one JSON file")
    r.add_argument("--preset", default="quick", choices=sorted(measure.PRESETS))
    r.add_argument("--out", required=True, help="the JMH-format JSON file to write")
    r.add_argument("--include", default=None, help="only benchmarks whose name matches this regular expression")
    r.add_argument("--cores", type=int, default=None, help="the CPU budget that 'cores' resolves to")
    r.add_argument("--claims", default="", help="claim IDs, comma-separated: quick runs every value of the programs serving them")
    f = sub.add_parser("fork", help="one fork of one configuration (run by 'run')")
    f.add_argument("--bench", required=True)
    f.add_argument("--params", required=True)
    f.add_argument("--preset", required=True, choices=sorted(measure.PRESETS))
    f.add_argument("--cores", type=int, required=True)
    ls = sub.add_parser("list", help="the benchmarks, their claims and parameters, as JSON")
    ls.add_argument("--preset", default=None, choices=sorted(measure.PRESETS))
    ls.add_argument("--cores", type=int, default=None)
    ls.add_argument("--claims", default="", help="as for run")
    sub.add_parser("delay-server", help="the delay protocol's server, until stdin closes")
    a = ap.parse_args(argv)

    if sys.version_info < MIN_VERSION:
        print(f"crossover_cpython: needs CPython 3.10 or newer; {sys.executable} is {sys.version.split()[0]}",
              file=sys.stderr)
        return 2
    if a.command == "fork":
        return fork(a)
    if a.command == "delay-server":
        delay.serve()
        return 0
    if a.command == "list":
        cores = a.cores or measure.budget_cores()
        out = []
        for b in measure.REGISTRY.values():
            e = {"benchmark": b.name, "mode": b.mode, "unit": b.unit, "claims": list(b.claims), "params": b.params,
                 "doc": b.doc}
            if a.preset:
                e["configurations"] = measure.configurations(b, measure.PRESETS[a.preset], cores, claim_ids(a.claims))
                e["estimateSeconds"] = measure.estimate_seconds(measure.PRESETS[a.preset], len(e["configurations"]))
            out.append(e)
        print(json.dumps(out, indent=1))
        return 0
    return run(a)


def claim_ids(text):
    """``"C3, x1"`` as ``["C3", "X1"]``."""
    return [c.strip().upper() for c in (text or "").split(",") if c.strip()]


def fork(a):
    bench = measure.REGISTRY.get(a.bench)
    if bench is None:
        print(f"crossover_cpython fork: unknown benchmark {a.bench}", file=sys.stderr)
        return 2
    record = measure.run_fork(bench, json.loads(a.params), measure.PRESETS[a.preset], a.cores)
    left = multiprocessing.active_children()
    if left:
        for p in left:
            p.terminate()
            p.join()
        print(f"crossover_cpython fork: {bench.name} left {len(left)} child process(es) running: {left}", file=sys.stderr)
        return 3
    threads = [t for t in threading.enumerate() if t is not threading.main_thread() and not t.daemon]
    if threads:
        print(f"crossover_cpython fork: {bench.name} left threads running: {threads}", file=sys.stderr)
        return 3
    print(json.dumps(record))
    return 0


def become_subreaper():
    """Makes this process adopt the orphans of its forks (Linux prctl), so none can outlive the run unseen."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def children():
    """This process's direct children (after the forks' own ended: only orphans it adopted)."""
    pids = []
    try:
        for tid in os.listdir(f"/proc/{os.getpid()}/task"):
            with open(f"/proc/{os.getpid()}/task/{tid}/children") as fh:
                pids += [int(x) for x in fh.read().split()]
    except OSError:
        pass
    return pids


ORPHAN_GRACE_S = 2.0
"""How long adopted orphans may take to end by themselves. A fork's multiprocessing helpers (the
resource tracker, the forkserver) outlive it by design and exit once they read end-of-file on the pipe
it held, a few milliseconds after it ends."""


def reap_ended(pids):
    """Reaps those of ``pids`` that have ended (zombies); returns the ones still running."""
    running = []
    for pid in pids:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue
        if done == 0:
            running.append(pid)
    return running


def end_orphans(grace=ORPHAN_GRACE_S):
    """Reaps adopted orphans that end within ``grace`` seconds, then ends and reaps the rest; returns the
    pids of those it had to end."""
    deadline = time.monotonic() + grace
    left = reap_ended(children())
    while left and time.monotonic() < deadline:
        time.sleep(0.02)
        left = reap_ended(children())
    for pid in left:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
    return left


def shm_entries():
    """What multiprocessing puts in /dev/shm: SharedMemory segments (psm_*) and named semaphores (sem.mp-*).
    Other programs' files there are not ours to judge."""
    try:
        return {n for n in os.listdir(SHM) if n.startswith(("psm_", "sem.mp-"))}
    except OSError:
        return set()


def run(a):
    preset = measure.PRESETS[a.preset]
    cores = a.cores or measure.budget_cores()
    try:
        pattern = re.compile(a.include) if a.include else None
    except re.error as e:
        print(f"crossover_cpython run: --include {a.include!r} is not a regular expression: {e}", file=sys.stderr)
        return 2
    benches = [b for b in measure.REGISTRY.values() if pattern is None or pattern.search(b.name)]
    if not benches:
        print(f"crossover_cpython run: --include {a.include!r} matches no benchmark; names look like "
              f"{next(iter(measure.REGISTRY))}", file=sys.stderr)
        return 2
    plan = [(b, p) for b in benches for p in measure.configurations(b, preset, cores, claim_ids(a.claims))]
    reaper = become_subreaper()
    results, failures = [], []
    rt = measure.runtime()
    print(f"crossover_cpython: {rt['implementation']} {rt['version']} ({rt['executable']}, GIL "
          f"{'enabled' if rt['gil'] else 'disabled'}), preset {preset.name}, {len(plan)} configurations, "
          f"{preset.forks} fork(s) each, cores = {cores}", flush=True)
    started = time.monotonic()
    for i, (b, params) in enumerate(plan, 1):
        shm_before = shm_entries()
        try:
            res = measure.run_configuration(b, params, preset, cores, sys.stderr)
            results.append(res)
            m = res["primaryMetric"]
            print(f"  [{i}/{len(plan)}] {b.name} {params}: {fmt(m['score'])} ± {fmt(m['scoreError'])} {b.unit}",
                  flush=True)
        except (RuntimeError, OSError) as e:
            failures.append(str(e))
            print(f"  [{i}/{len(plan)}] {b.name} {params}: FAILED: {e}", flush=True)
        orphans = end_orphans() if reaper else []
        if orphans:
            failures.append(f"{b.name} {params}: left {len(orphans)} process(es) running {ORPHAN_GRACE_S:g} s after it ended; "
                            f"now ended: {orphans}")
        new_shm = sorted(shm_entries() - shm_before)
        if new_shm:
            failures.append(f"{b.name} {params}: left shared-memory entries in {SHM}: {new_shm}")
    tmp = a.out + ".tmp"
    with open(tmp, "w") as fh:
        json.dump(results, fh, indent=1)
    os.replace(tmp, a.out)
    print(f"crossover_cpython: {len(results)} results in {time.monotonic() - started:.0f} s into {a.out}"
          + (f"; {len(failures)} failure(s)" if failures else ""), flush=True)
    for f in failures:
        print("crossover_cpython: FAILED " + f, file=sys.stderr)
    return 3 if failures else 0


def fmt(x):
    if isinstance(x, str):
        return x
    return f"{x:.4g}"


if __name__ == "__main__":
    sys.exit(main())
