"""Tests of the CPython module: the JSON a reader relies on, the statistics, presets, self-checks and cleanup.

Run from ``benchmarks/src/main/python``: ``python3 -m unittest discover -s tests`` (``mvn verify`` does).
"""

import json
import math
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, HERE)

from crossover_cpython import FORMAT, delay, measure, programs  # noqa: E402


def module(*args, timeout=300):
    env = dict(os.environ, PYTHONPATH=HERE)
    return subprocess.run([sys.executable, "-m", "crossover_cpython", *args], capture_output=True, text=True,
                          env=env, timeout=timeout)


class StatisticsTest(unittest.TestCase):

    def test_t_quantiles_match_tables(self):
        # two-sided 99.9% critical values, as JMH uses for its score error
        self.assertAlmostEqual(measure.t_quantile(0.9995, 1), 636.619, places=1)
        self.assertAlmostEqual(measure.t_quantile(0.9995, 8), 5.0413, places=3)
        self.assertAlmostEqual(measure.t_quantile(0.9995, 30), 3.6460, places=3)

    def test_error_is_nan_with_two_values_and_jmh_style_with_more(self):
        self.assertEqual(measure.metric([[1.0], [2.0]], "ops/s")["scoreError"], "NaN")
        m = measure.metric([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]], "ops/s")
        sd = math.sqrt(sum((x - 5) ** 2 for x in range(1, 10)) / 8)
        self.assertAlmostEqual(m["score"], 5.0)
        self.assertAlmostEqual(m["scoreError"], 5.0413 * sd / 3, places=3)
        self.assertEqual(m["rawData"], [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])


class PlanTest(unittest.TestCase):

    def test_symbolic_sizes_resolve_and_duplicates_run_once(self):
        b = measure.REGISTRY["cpython.CpuBound.threads"]
        one_core = measure.configurations(b, measure.PRESETS["quick"], 1)
        self.assertEqual([c["workers"] for c in one_core], ["1", "2"])
        four = measure.configurations(b, measure.PRESETS["quick"], 4)
        self.assertEqual([c["workers"] for c in four], ["1", "4", "8"])

    def test_smoke_runs_one_configuration_of_each(self):
        for b in measure.REGISTRY.values():
            self.assertEqual(len(measure.configurations(b, measure.PRESETS["smoke"], 2)), 1, b.name)
        self.assertEqual(measure.configurations(measure.REGISTRY["cpython.PoolMap.map"], measure.PRESETS["smoke"], 2),
                         [{"chunksize": "16"}])

    def test_quick_sweeps_crossover_programs_and_runs_one_value_of_the_rest_unless_their_claim_is_asked(self):
        quick, full = measure.PRESETS["quick"], measure.PRESETS["full"]
        lock = measure.REGISTRY["cpython.Lock.lock"]  # serves C3 only
        self.assertEqual(len(measure.configurations(lock, quick, 2)), 1)
        self.assertEqual(len(measure.configurations(lock, quick, 2, ["c3"])), 3)
        self.assertEqual(len(measure.configurations(lock, quick, 2, ["C15"])), 1)
        self.assertEqual(len(measure.configurations(lock, full, 2)), 3)
        pool_map = measure.REGISTRY["cpython.PoolMap.map"]  # serves X5
        self.assertEqual(len(measure.configurations(pool_map, quick, 2)), 5)

    def test_every_benchmark_names_claims_and_a_known_unit(self):
        for b in measure.REGISTRY.values():
            self.assertTrue(b.name.startswith("cpython.") and b.name.count(".") == 2, b.name)
            self.assertTrue(b.claims, b.name)
            self.assertIn(b.unit, measure.UNIT_SCALE, b.name)
            self.assertIn(b.mode, ("thrpt", "avgt"), b.name)


def bench_of(fn, mode="thrpt"):
    return measure.Bench("cpython.Test.case", mode, "ops/s" if mode == "thrpt" else "us/op", ("C0",), {}, fn)


class LoopTest(unittest.TestCase):

    def test_a_wrong_result_fails_the_fork_and_teardown_still_runs(self):
        torn = []

        def wrong(p, counters, cores):
            def op():
                raise measure.WrongResult("sum was 41, expected 42")
            try:
                yield op
            finally:
                torn.append(True)

        with self.assertRaises(measure.WrongResult):
            measure.run_fork(bench_of(wrong), {}, measure.PRESETS["smoke"], 1)
        self.assertEqual(torn, [True])

    def test_measured_intervals_give_time_per_operation(self):
        def fixed(p, counters, cores):
            yield lambda: (2, 0.001)  # two operations whose measured part took 1 ms in all

        rec = measure.run_fork(bench_of(fixed, "avgt"), {}, measure.PRESETS["smoke"], 1)
        self.assertEqual(len(rec["raw"]), 1)
        self.assertAlmostEqual(rec["raw"][0], 500.0)


class JsonShapeTest(unittest.TestCase):

    def test_result_carries_what_the_harness_reads(self):
        b = measure.REGISTRY["cpython.CpuBound.threads"]
        forks = [{"raw": [10.0, 11.0], "secondary": {}}, {"raw": [12.0, 13.0], "secondary": {}}]
        r = measure.result(b, {"workers": "2", "taskIterations": "10000"}, measure.PRESETS["quick"], forks, 2)
        for key in ("benchmark", "mode", "params", "primaryMetric", "jvm", "jdkVersion", "vmName", "vmVersion",
                    "forks", "claims", "runtime", "measurementIterations", "warmupIterations"):
            self.assertIn(key, r)
        self.assertEqual(r["jmhVersion"], FORMAT)
        self.assertEqual(r["jvm"], sys.executable)
        self.assertEqual(r["jdkVersion"], "%d.%d.%d" % sys.version_info[:3])
        self.assertEqual(r["claims"], ["C4", "C8", "X1"])
        self.assertIn("gil", r["runtime"])
        pm = r["primaryMetric"]
        self.assertEqual(pm["rawData"], [[10.0, 11.0], [12.0, 13.0]])
        self.assertEqual(pm["scoreUnit"], "ops/s")
        self.assertAlmostEqual(pm["score"], 11.5)
        json.dumps(r, allow_nan=False)  # strict JSON: NaN only as JMH's "NaN" string


class EndToEndTest(unittest.TestCase):

    def test_smoke_run_of_two_programs_writes_checked_results(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "jmh-cpython.json")
            p = module("run", "--preset", "smoke", "--include", r"PriorityQueue\.|RoundTrip\.processPipe", "--out", out)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            with open(out) as fh:
                results = json.load(fh)
        by = {r["benchmark"]: r for r in results}
        self.assertEqual(set(by), {"cpython.PriorityQueue.equalPriorities", "cpython.PriorityQueue.withSequence",
                                   "cpython.RoundTrip.processPipe"})
        for r in results:
            self.assertEqual(len(r["primaryMetric"]["rawData"]), 1)
            self.assertGreater(r["primaryMetric"]["score"], 0)
        # (1, word) tuples compare their words: equal priorities do not come out in insertion order
        self.assertGreater(by["cpython.PriorityQueue.equalPriorities"]["secondaryMetrics"]["outOfInsertionOrder"]["score"], 0)
        self.assertEqual(by["cpython.PriorityQueue.withSequence"]["secondaryMetrics"]["outOfInsertionOrder"]["score"], 0)

    def test_include_matching_nothing_is_bad_input(self):
        p = module("run", "--preset", "smoke", "--include", "NoSuchProgram", "--out", os.devnull)
        self.assertEqual(p.returncode, 2)
        self.assertIn("NoSuchProgram", p.stderr)

    def test_list_gives_claims_and_configurations(self):
        p = module("list", "--preset", "smoke", "--cores", "2")
        self.assertEqual(p.returncode, 0, p.stderr)
        listed = {e["benchmark"]: e for e in json.loads(p.stdout)}
        self.assertEqual(listed["cpython.CpuBound.threads"]["configurations"], [{"workers": "1", "taskIterations": "10000"}])
        self.assertIn("X5", listed["cpython.PoolMap.map"]["claims"])


ORPHAN_CHECK = """
import os, subprocess, sys, time
import crossover_cpython.__main__ as m
if not m.become_subreaper():
    print("no-subreaper"); sys.exit(0)
def orphan(seconds):
    # the child starts a grandchild and ends at once, so the grandchild is adopted
    subprocess.run([sys.executable, "-c",
                    "import subprocess, sys; subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(%s)'])" % seconds],
                   check=True)
    return m.children()
adopted = orphan(0.3)
ended_by_itself = m.end_orphans(grace=5)
stuck = orphan(60)
t = time.monotonic()
killed = m.end_orphans(grace=0.3)
print(len(adopted), ended_by_itself, stuck == killed, len(killed), m.children(), round(time.monotonic() - t, 1))
"""


class OrphanTest(unittest.TestCase):

    def test_orphans_that_end_within_the_grace_are_reaped_and_the_rest_ended(self):
        env = dict(os.environ, PYTHONPATH=HERE)
        out = subprocess.run([sys.executable, "-c", ORPHAN_CHECK], capture_output=True, text=True, env=env,
                             timeout=60, check=True).stdout.strip()
        if out == "no-subreaper":
            self.skipTest("prctl(PR_SET_CHILD_SUBREAPER) is not available")
        adopted, ended_by_itself, same, killed, left, seconds = out.split(" ", 5)
        self.assertEqual("1", adopted, out)
        self.assertEqual("[]", ended_by_itself, out)
        self.assertEqual(("True", "1", "[]"), (same, killed, left), out)
        self.assertLess(float(seconds), 5, out)


class DelayServerTest(unittest.TestCase):

    def test_replies_carry_the_token_and_the_child_stops_on_close(self):
        server = delay.DelayServerChild()
        try:
            self.assertEqual(delay.request(server.port, 42, 1000), 42)
            self.assertEqual(delay.request(server.port, -7, 0), -7)
        finally:
            server.close()
        self.assertIsNotNone(server.process.poll())


class ProgramsTest(unittest.TestCase):

    def test_cpu_task_is_deterministic_and_distinct_by_seed(self):
        a = programs.cpu_expected(programs.cpu_args(32, 100))
        self.assertEqual(a[:16], a[16:])
        self.assertEqual(len(set(a[:16])), 16)

    def test_lock_semantics_of_the_notes_hold(self):
        programs.check_lock_semantics()


if __name__ == "__main__":
    unittest.main()
