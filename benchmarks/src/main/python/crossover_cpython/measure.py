"""The measurement loop every program shares, the fork driver and the JMH-format JSON.

A benchmark is a generator function: what comes before its ``yield`` is the trial's setup, the value it
yields is the operation (a callable), what follows the ``yield`` is the teardown (run also when an
iteration failed). The operation does some work, checks its result (raising ``WrongResult`` when it is
wrong) and returns either the number of operations it did, or ``(operations, measured_seconds)`` when
the figure is a measured interval (a wake-up, a timer's lateness) rather than the wall time of the call.
It may add to ``counters`` (a dict passed to the generator) to report secondary metrics per operation.

Each configuration runs in ``forks`` fresh interpreter processes (``python -m crossover_cpython fork``),
each doing warm-up iterations, then measured iterations of a set time, as JMH does.
"""

import json
import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field

from . import FORMAT


class WrongResult(AssertionError):
    """A program computed a wrong sum, count or order: its figure must not be reported."""


@dataclass(frozen=True)
class Bench:
    """One benchmark: its JMH-style name, mode, unit, the claims it serves and its parameters."""

    name: str
    mode: str  # "thrpt" (ops per second) or "avgt" (time per op)
    unit: str  # "ops/s", "us/op" or "ms/op"
    claims: tuple
    params: dict  # name -> list of values as strings; symbolic "cores", "2*cores" allowed
    fn: object = field(compare=False, repr=False)
    smoke: dict = field(default_factory=dict)  # name -> the one value smoke runs (else the first)
    doc: str = ""


REGISTRY = {}


def benchmark(name, mode, unit, claims, params=None, smoke=None):
    """Registers a generator function as a benchmark."""

    def register(fn):
        if name in REGISTRY:
            raise ValueError(f"benchmark {name} registered twice")
        REGISTRY[name] = Bench(name, mode, unit, tuple(claims), dict(params or {}), fn, dict(smoke or {}),
                               (fn.__doc__ or "").strip().split("\n")[0])
        return fn

    return register


@dataclass(frozen=True)
class Preset:
    """Forks and iterations of a run, as the harness's presets define them."""

    name: str
    forks: int
    warmup_iterations: int
    warmup_seconds: float
    iterations: int
    iteration_seconds: float
    every_value: bool


PRESETS = {
    "smoke": Preset("smoke", 1, 1, 0.1, 1, 0.2, False),
    "quick": Preset("quick", 3, 1, 0.1, 2, 0.2, True),
    "full": Preset("full", 3, 1, 0.5, 2, 0.5, True),
}


def budget_cores():
    """The cores this process may run on (its CPU affinity), as the harness's CPU budget reads a cpuset."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def resolve(value, cores):
    """A param value with ``cores`` and ``k*cores`` replaced by numbers; other values unchanged."""
    v = value.strip()
    if v == "cores":
        return str(cores)
    if v.endswith("*cores") and v[:-len("*cores")].isdigit():
        return str(int(v[:-len("*cores")]) * cores)
    return v


def every_value(bench, preset, claims=()):
    """Whether ``preset`` runs every value of the benchmark's params: ``full`` always; ``quick`` for a
    program serving a crossover (X*) or one of ``claims`` (the run's ``--claims``), like the harness's
    sweeps; otherwise one value each, like the harness's regression-gating set."""
    if not preset.every_value:
        return False
    if preset.name != "quick":
        return True
    wanted = {c.strip().upper() for c in claims}
    return any(c.startswith("X") or c in wanted for c in bench.claims)


def configurations(bench, preset, cores, claims=()):
    """Every parameter combination a preset runs, symbols resolved and duplicates dropped, in order."""
    names = list(bench.params)
    combos = [{}]
    every = every_value(bench, preset, claims)
    for n in names:
        values = bench.params[n] if every else [bench.smoke.get(n, bench.params[n][0])]
        combos = [dict(c, **{n: v}) for c in combos for v in values]
    out, seen = [], set()
    for c in combos:
        r = {k: resolve(v, cores) for k, v in c.items()}
        key = tuple(sorted(r.items()))
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


FORK_OVERHEAD_SECONDS = 0.4
"""Interpreter start, imports and a typical setup per fork: what the plan's estimate adds to the iterations
(a quick run on 2 cores spent 1.0 s a fork, 0.7 s of it in iterations)."""


def estimate_seconds(preset, configs):
    """Roughly how long ``configs`` configurations take in ``preset``."""
    per_fork = FORK_OVERHEAD_SECONDS + preset.warmup_iterations * preset.warmup_seconds \
        + preset.iterations * preset.iteration_seconds
    return configs * preset.forks * per_fork


def iteration(op, seconds, counters):
    """Runs ``op`` until ``seconds`` have passed; returns (operations, seconds the figure is about)."""
    ops = 0
    measured = 0.0
    explicit = False
    start = time.perf_counter()
    deadline = start + seconds
    while True:
        r = op()
        if isinstance(r, tuple):
            n, m = r
            measured += m
            explicit = True
        else:
            n = r
        if not isinstance(n, int) or n <= 0:
            raise WrongResult(f"an operation reported {n!r} operations; it must report a positive count")
        ops += n
        now = time.perf_counter()
        if now >= deadline:
            break
    return ops, (measured if explicit else now - start)


UNIT_SCALE = {"ops/s": 1.0, "us/op": 1e6, "ms/op": 1e3, "ns/op": 1e9}


def score(bench, ops, seconds):
    """The iteration's figure in the benchmark's unit."""
    if bench.mode == "thrpt":
        return ops / seconds
    return seconds / ops * UNIT_SCALE[bench.unit]


def run_fork(bench, params, preset, cores):
    """One fork: setup, warm-up, measured iterations, teardown; returns the fork's record."""
    counters = {}
    gen = bench.fn(params, counters, cores)
    op = next(gen)
    raw, secondary = [], {}
    try:
        for _ in range(preset.warmup_iterations):
            iteration(op, preset.warmup_seconds, counters)
        for _ in range(preset.iterations):
            counters.clear()
            ops, seconds = iteration(op, preset.iteration_seconds, counters)
            raw.append(score(bench, ops, seconds))
            for k, v in counters.items():
                secondary.setdefault(k, []).append(v / ops)
    finally:
        try:
            next(gen)
        except StopIteration:
            pass
        else:
            raise RuntimeError(f"{bench.name}: a benchmark yields exactly once")
    return {"raw": raw, "secondary": secondary}


def t_quantile(p, df):
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom (bisection on its CDF)."""
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < p:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def t_cdf(t, df):
    x = df / (df + t * t)
    tail = 0.5 * incomplete_beta(df / 2, 0.5, x)
    return 1 - tail if t >= 0 else tail


def incomplete_beta(a, b, x):
    """The regularized incomplete beta function I_x(a, b), by its continued fraction (Lentz)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    front = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log(1 - x))
    if x > (a + 1) / (a + b + 2):
        return 1 - incomplete_beta(b, a, 1 - x)
    tiny = 1e-300
    c, d = 1.0, 1 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny)
    f = d
    for m in range(1, 500):
        for step in (0, 1):
            if step == 0:
                num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            else:
                num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + num * d
            d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + num / c
            c = c if abs(c) > tiny else tiny
            f *= c * d
        if abs(c * d - 1) < 1e-14:
            break
    return front * f / a


def metric(values_per_fork, unit):
    """A JMH metric object: score, JMH's 99.9% error (NaN with two values or fewer), rawData per fork."""
    flat = [v for fork in values_per_fork for v in fork]
    n = len(flat)
    mean = sum(flat) / n if n else float("nan")
    if n > 2:
        sd = math.sqrt(sum((v - mean) ** 2 for v in flat) / (n - 1))
        err = t_quantile(1 - 0.001 / 2, n - 1) * sd / math.sqrt(n)
    else:
        err = float("nan")
    ordered = sorted(flat)

    def pct(q):
        if not ordered:
            return float("nan")
        i = min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))
        return ordered[i]

    return {
        "score": number(mean),
        "scoreError": number(err),
        "scoreConfidence": [number(mean - err), number(mean + err)],
        "scorePercentiles": {k: number(pct(float(k))) for k in ("0.0", "50.0", "90.0", "95.0", "99.0", "99.9", "100.0")},
        "scoreUnit": unit,
        "rawData": [list(f) for f in values_per_fork],
    }


def number(x):
    """JMH writes a missing figure as the string "NaN"."""
    return "NaN" if isinstance(x, float) and math.isnan(x) else x


def runtime():
    """The interpreter: path, version and whether the GIL is on (``sys._is_gil_enabled`` from 3.13)."""
    probe = getattr(sys, "_is_gil_enabled", None)
    gil = bool(probe()) if probe is not None else True
    version = ".".join(str(p) for p in sys.version_info[:3])
    return {"implementation": sys.implementation.name, "executable": sys.executable, "version": version,
            "gil": gil, "freeThreadedBuild": probe is not None and not gil}


def result(bench, params, preset, forks, cores):
    """One JMH-format result entry from the forks' records."""
    rt = runtime()
    secondary = {}
    for name in sorted({k for f in forks for k in f["secondary"]}):
        secondary[name] = metric([f["secondary"].get(name, []) for f in forks], "#/op")
    return {
        "jmhVersion": FORMAT,
        "benchmark": bench.name,
        "mode": bench.mode,
        "threads": 1,
        "forks": len(forks),
        "jvm": rt["executable"],
        "jvmArgs": [],
        "jdkVersion": rt["version"],
        "vmName": "CPython" if rt["implementation"] == "cpython" else rt["implementation"],
        "vmVersion": rt["version"] + (" (GIL enabled)" if rt["gil"] else " (GIL disabled, free-threaded)"),
        "warmupIterations": preset.warmup_iterations,
        "warmupTime": f"{preset.warmup_seconds} s",
        "warmupBatchSize": 1,
        "measurementIterations": preset.iterations,
        "measurementTime": f"{preset.iteration_seconds} s",
        "measurementBatchSize": 1,
        "params": dict(params),
        "primaryMetric": metric([f["raw"] for f in forks], bench.unit),
        "secondaryMetrics": secondary,
        "claims": list(bench.claims),
        "runtime": dict(rt, cores=cores),
    }


def fork_command(python, bench, params, preset, cores):
    return [python, "-m", "crossover_cpython", "fork", "--bench", bench.name, "--params", json.dumps(params),
            "--preset", preset.name, "--cores", str(cores)]


FORK_TIMEOUT_SECONDS = 120


def run_configuration(bench, params, preset, cores, log):
    """Runs every fork of one configuration in a fresh interpreter; raises with the fork's stderr on failure."""
    forks = []
    env = dict(os.environ)
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = here + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    for i in range(preset.forks):
        cmd = fork_command(sys.executable, bench, params, preset, cores)
        try:
            p = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=FORK_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired as e:
            raise RuntimeError(f"{bench.name} {params}: fork {i + 1} took more than {FORK_TIMEOUT_SECONDS} s; "
                               f"stderr: {e.stderr!r}") from e
        if p.stderr.strip():
            log.write(p.stderr)
        if p.returncode != 0:
            raise RuntimeError(f"{bench.name} {params}: fork {i + 1} exited {p.returncode}: "
                               f"{p.stderr.strip().splitlines()[-1] if p.stderr.strip() else 'no message'}")
        leaked = [line for line in p.stderr.splitlines() if "resource_tracker" in line or "leaked" in line]
        if leaked:
            raise RuntimeError(f"{bench.name} {params}: fork {i + 1} leaked resources: {leaked[0]}")
        last = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else ""
        try:
            forks.append(json.loads(last))
        except json.JSONDecodeError as e:
            raise RuntimeError(f"{bench.name} {params}: fork {i + 1} printed no result line (stdout ended {last!r})") from e
    return result(bench, params, preset, forks, cores)
