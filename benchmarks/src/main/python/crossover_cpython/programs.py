"""The notes' programs, each as a benchmark of the same shape (see ``measure``).

Each function states the question, the claim or crossover IDs it serves (its name's JVM counterpart
serves the same IDs through ``@Serves``), and checks its own results: sums, counts and order.
"""

import multiprocessing
import queue
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.dummy import Pool as ThreadPool
from multiprocessing.pool import Pool

from . import delay
from .measure import WrongResult, benchmark


def cpu_task(arg):
    """``n`` steps of a linear congruential generator from ``seed``: pure Python, CPU-bound."""
    n, seed = arg
    x = seed
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
    return x


SEEDS = 16


def cpu_args(count, n):
    return [(n, i % SEEDS) for i in range(count)]


def cpu_expected(args):
    by_seed = {}
    for a in args:
        if a not in by_seed:
            by_seed[a] = cpu_task(a)
    return [by_seed[a] for a in args]


def check_list(what, got, expected):
    if len(got) != len(expected):
        raise WrongResult(f"{what}: {len(got)} results for {len(expected)} tasks")
    for i, (g, e) in enumerate(zip(got, expected)):
        if g != e:
            raise WrongResult(f"{what}: task {i} returned {g}, expected {e}")


def close_pool(pool):
    """close then join, as the notes require; terminate only when join hangs."""
    pool.close()
    pool.join()


# --- C4, C8, X1: threads against processes on CPU-bound work ---------------------------------------

CPU_BATCH = 16


@benchmark("cpython.CpuBound.singleThread", "thrpt", "ops/s", ["C4"], {"taskIterations": ["10000"]})
def cpu_single(p, counters, cores):
    """Tasks per second on the calling thread: the floor threads and processes are compared with."""
    args = cpu_args(CPU_BATCH, int(p["taskIterations"]))
    expected = cpu_expected(args)

    def op():
        check_list("singleThread", [cpu_task(a) for a in args], expected)
        return len(args)

    yield op


@benchmark("cpython.CpuBound.threads", "thrpt", "ops/s", ["C4", "C8", "X1"],
           {"workers": ["1", "cores", "2*cores"], "taskIterations": ["10000"]})
def cpu_threads(p, counters, cores):
    """Tasks per second through ``ThreadPoolExecutor(workers).map``: with the GIL, one thread runs at a time."""
    args = cpu_args(CPU_BATCH, int(p["taskIterations"]))
    expected = cpu_expected(args)
    with ThreadPoolExecutor(int(p["workers"])) as ex:
        def op():
            check_list("threads", list(ex.map(cpu_task, args)), expected)
            return len(args)

        yield op


@benchmark("cpython.CpuBound.processes", "thrpt", "ops/s", ["C4", "C8", "X1"],
           {"workers": ["1", "cores", "2*cores"], "taskIterations": ["10000"]})
def cpu_processes(p, counters, cores):
    """Tasks per second through ``Pool(workers).map``: one interpreter, one GIL per process."""
    args = cpu_args(CPU_BATCH, int(p["taskIterations"]))
    expected = cpu_expected(args)
    pool = Pool(int(p["workers"]))
    try:
        def op():
            check_list("processes", pool.map(cpu_task, args), expected)
            return len(args)

        yield op
    finally:
        close_pool(pool)


# --- C12, X5: Pool.map and imap against chunksize; X2: against task size --------------------------

MAP_TASKS = 2048
TRIVIAL = 10


@benchmark("cpython.PoolMap.map", "thrpt", "ops/s", ["C12", "X5"],
           {"chunksize": ["1", "4", "16", "64", "256"]}, smoke={"chunksize": "16"})
def pool_map(p, counters, cores):
    """Trivial tasks per second through ``Pool(cores).map(f, tasks, chunksize)``: the per-message cost."""
    args = cpu_args(MAP_TASKS, TRIVIAL)
    expected = cpu_expected(args)
    chunk = int(p["chunksize"])
    pool = Pool(cores)
    try:
        def op():
            check_list("map", pool.map(cpu_task, args, chunk), expected)
            return len(args)

        yield op
    finally:
        close_pool(pool)


@benchmark("cpython.PoolMap.imap", "thrpt", "ops/s", ["C12", "X5"],
           {"chunksize": ["1", "4", "16", "64", "256"]}, smoke={"chunksize": "16"})
def pool_imap(p, counters, cores):
    """Trivial tasks per second through ``Pool(cores).imap``, consumed as it streams, in order."""
    args = cpu_args(MAP_TASKS, TRIVIAL)
    expected = cpu_expected(args)
    chunk = int(p["chunksize"])
    pool = Pool(cores)
    try:
        def op():
            check_list("imap", list(pool.imap(cpu_task, args, chunk)), expected)
            return len(args)

        yield op
    finally:
        close_pool(pool)


@benchmark("cpython.PoolMap.threadPool", "thrpt", "ops/s", ["C12", "X5"],
           {"chunksize": ["1", "16", "256"]}, smoke={"chunksize": "16"})
def thread_pool_map(p, counters, cores):
    """Trivial tasks per second through ``ThreadPool(cores).map``: the in-process counterpart of ``Pool.map``."""
    args = cpu_args(MAP_TASKS, TRIVIAL)
    expected = cpu_expected(args)
    chunk = int(p["chunksize"])
    pool = ThreadPool(cores)
    try:
        def op():
            check_list("threadPool map", pool.map(cpu_task, args, chunk), expected)
            return len(args)

        yield op
    finally:
        close_pool(pool)


def task_count(n):
    return max(CPU_BATCH, min(MAP_TASKS, 2_000_000 // max(n, 1)))


TASK_SIZES = ["10", "100", "1000", "10000", "100000"]


@benchmark("cpython.TaskSize.processes", "thrpt", "ops/s", ["X2", "C12"], {"taskIterations": TASK_SIZES},
           smoke={"taskIterations": "1000"})
def size_processes(p, counters, cores):
    """Tasks per second through ``Pool(cores).map`` (default chunksize) against the task's size."""
    n = int(p["taskIterations"])
    args = cpu_args(task_count(n), n)
    expected = cpu_expected(args)
    pool = Pool(cores)
    try:
        def op():
            check_list("processes", pool.map(cpu_task, args), expected)
            return len(args)

        yield op
    finally:
        close_pool(pool)


@benchmark("cpython.TaskSize.threads", "thrpt", "ops/s", ["X2", "C12"], {"taskIterations": TASK_SIZES},
           smoke={"taskIterations": "1000"})
def size_threads(p, counters, cores):
    """Tasks per second through ``ThreadPool(cores).map`` (default chunksize) against the task's size."""
    n = int(p["taskIterations"])
    args = cpu_args(task_count(n), n)
    expected = cpu_expected(args)
    pool = ThreadPool(cores)
    try:
        def op():
            check_list("threads", pool.map(cpu_task, args), expected)
            return len(args)

        yield op
    finally:
        close_pool(pool)


# --- C13, C4: a thread pool on blocking I/O against the delay server -----------------------------

def io_plan(p):
    workers = int(p["workers"])
    return workers, max(8, 2 * workers), int(p["delayMs"]) * 1000


@benchmark("cpython.BlockingIo.threadPool", "thrpt", "ops/s", ["C13", "C4"],
           {"workers": ["cores", "10", "100"], "delayMs": ["10"]})
def io_thread_pool(p, counters, cores):
    """Requests per second, each a new connection waiting ``delayMs``, through ``ThreadPool(workers).map``."""
    workers, count, micros = io_plan(p)
    port, server = delay.server_port()
    pool = ThreadPool(workers)
    next_token = [0]
    try:
        def op():
            tokens = list(range(next_token[0], next_token[0] + count))
            next_token[0] += count
            got = pool.map(lambda t: delay.request(port, t, micros), tokens)
            check_list("threadPool requests", got, tokens)
            return count

        yield op
    finally:
        close_pool(pool)
        if server:
            server.close()


@benchmark("cpython.BlockingIo.threadPoolExecutor", "thrpt", "ops/s", ["C13", "C4"],
           {"workers": ["cores", "10", "100"], "delayMs": ["10"]})
def io_executor(p, counters, cores):
    """Requests per second as above, through ``ThreadPoolExecutor(workers).map``."""
    workers, count, micros = io_plan(p)
    port, server = delay.server_port()
    next_token = [0]
    try:
        with ThreadPoolExecutor(workers) as ex:
            def op():
                tokens = list(range(next_token[0], next_token[0] + count))
                next_token[0] += count
                got = list(ex.map(lambda t: delay.request(port, t, micros), tokens))
                check_list("executor requests", got, tokens)
                return count

            yield op
    finally:
        if server:
            server.close()


# --- C6, C1, C2: round trips through a queue and a pipe, threads against processes ----------------

ROUND_TRIPS = 50


def _echo_queue(inbox, outbox):
    while True:
        m = inbox.get()
        if m is None:
            return
        outbox.put(m)


def _echo_pipe(conn):
    while True:
        m = conn.recv()
        if m is None:
            return
        conn.send(m)


def round_trips(send, recv):
    def op():
        for i in range(ROUND_TRIPS):
            send(i)
            got = recv()
            if got != i:
                raise WrongResult(f"round trip {i} came back as {got!r}")
        return ROUND_TRIPS

    return op


def stop_child(proc, send_stop):
    try:
        send_stop()
    finally:
        proc.join(5)
        if proc.is_alive():
            proc.terminate()
            proc.join()


@benchmark("cpython.RoundTrip.threadQueue", "avgt", "us/op", ["C6", "C1"])
def rt_thread_queue(p, counters, cores):
    """Microseconds per round trip between two threads over two ``queue.Queue``: the in-process floor."""
    inbox, outbox = queue.Queue(), queue.Queue()
    t = threading.Thread(target=_echo_queue, args=(inbox, outbox), daemon=True)
    t.start()
    try:
        yield round_trips(inbox.put, outbox.get)
    finally:
        inbox.put(None)
        t.join(5)


@benchmark("cpython.RoundTrip.processQueue", "avgt", "us/op", ["C6", "C1", "C2"])
def rt_process_queue(p, counters, cores):
    """Microseconds per round trip to a child process over two ``multiprocessing.Queue``."""
    inbox, outbox = multiprocessing.Queue(), multiprocessing.Queue()
    proc = multiprocessing.Process(target=_echo_queue, args=(inbox, outbox))
    proc.start()
    try:
        yield round_trips(inbox.put, outbox.get)
    finally:
        stop_child(proc, lambda: inbox.put(None))
        for q in (inbox, outbox):
            q.close()
            q.join_thread()


@benchmark("cpython.RoundTrip.processPipe", "avgt", "us/op", ["C6", "C1", "C2"])
def rt_process_pipe(p, counters, cores):
    """Microseconds per round trip to a child process over one duplex ``Pipe()``."""
    parent, child = multiprocessing.Pipe()
    proc = multiprocessing.Process(target=_echo_pipe, args=(child,))
    proc.start()
    child.close()
    try:
        yield round_trips(parent.send, parent.recv)
    finally:
        stop_child(proc, lambda: parent.send(None))
        parent.close()


STREAM = 200


def _sink_queue(inbox, outbox):
    count = size = 0
    while True:
        m = inbox.get()
        if m is None:
            return
        if isinstance(m, int):
            outbox.put((count, size))
            count = size = 0
        else:
            count += 1
            size += len(m)


def _sink_pipe(conn):
    count = size = 0
    while True:
        m = conn.recv()
        if m is None:
            return
        if isinstance(m, int):
            conn.send((count, size))
            count = size = 0
        else:
            count += 1
            size += len(m)


def stream_op(send, recv, payload):
    message = bytes(range(256)) * (payload // 256) + bytes(payload % 256)

    def op():
        for _ in range(STREAM):
            send(message)
        send(0)
        got = recv()
        if got != (STREAM, STREAM * payload):
            raise WrongResult(f"the sink counted {got}, expected {(STREAM, STREAM * payload)}")
        return STREAM

    return op


@benchmark("cpython.Throughput.queue", "thrpt", "ops/s", ["C1", "C2"], {"payload": ["8", "1024", "65536"]})
def tp_queue(p, counters, cores):
    """Messages per second of ``payload`` bytes to a child process through a ``multiprocessing.Queue``."""
    inbox, outbox = multiprocessing.Queue(), multiprocessing.Queue()
    proc = multiprocessing.Process(target=_sink_queue, args=(inbox, outbox))
    proc.start()
    try:
        yield stream_op(inbox.put, outbox.get, int(p["payload"]))
    finally:
        stop_child(proc, lambda: inbox.put(None))
        for q in (inbox, outbox):
            q.close()
            q.join_thread()


@benchmark("cpython.Throughput.pipe", "thrpt", "ops/s", ["C1", "C2"], {"payload": ["8", "1024", "65536"]})
def tp_pipe(p, counters, cores):
    """Messages per second of ``payload`` bytes to a child process through a ``Pipe()``."""
    parent, child = multiprocessing.Pipe()
    proc = multiprocessing.Process(target=_sink_pipe, args=(child,))
    proc.start()
    child.close()
    try:
        yield stream_op(parent.send, parent.recv, int(p["payload"]))
    finally:
        stop_child(proc, lambda: parent.send(None))
        parent.close()


# --- C7, C11, C3: Value and Array shared by processes, with and without a lock --------------------

INCREMENTS = 2000


def _shared_worker(conn, kind, shared, index):
    while True:
        n = conn.recv()
        if n is None:
            return
        if kind == "locked":
            for _ in range(n):
                with shared.get_lock():
                    shared.value += 1
        elif kind == "unlocked":
            for _ in range(n):
                shared.value += 1
        else:
            for _ in range(n):
                shared[index] += 1
        conn.send(n)


def shared_bench(kind, workers, counters):
    if kind == "locked":
        shared = multiprocessing.Value("i", 0)
    elif kind == "unlocked":
        shared = multiprocessing.Value("i", 0, lock=False)
    else:
        shared = multiprocessing.Array("i", workers, lock=False)
    links, procs = [], []
    try:
        for i in range(workers):
            parent, child = multiprocessing.Pipe()
            proc = multiprocessing.Process(target=_shared_worker, args=(child, kind, shared, i))
            proc.start()
            child.close()
            links.append(parent)
            procs.append(proc)

        def op():
            expected = workers * INCREMENTS
            if kind == "partitioned":
                for i in range(workers):
                    shared[i] = 0
            else:
                shared.value = 0
            for c in links:
                c.send(INCREMENTS)
            for c in links:
                if c.recv() != INCREMENTS:
                    raise WrongResult("a worker acknowledged another count")
            got = sum(shared[:]) if kind == "partitioned" else shared.value
            if kind == "unlocked":
                if not 0 < got <= expected:
                    raise WrongResult(f"an unlocked counter ended at {got}, outside (0, {expected}]")
                counters["lostUpdates"] = counters.get("lostUpdates", 0) + (expected - got)
            elif got != expected:
                raise WrongResult(f"{kind} counter ended at {got}, expected {expected}")
            return expected

        yield op
    finally:
        for c, proc in zip(links, procs):
            stop_child(proc, lambda c=c: c.send(None))
            c.close()


@benchmark("cpython.SharedState.valueLocked", "thrpt", "ops/s", ["C7", "C11", "C3"], {"workers": ["cores"]})
def shared_locked(p, counters, cores):
    """Increments per second of one ``Value('i')`` by ``workers`` processes under ``get_lock()``: exact."""
    yield from shared_bench("locked", int(p["workers"]), counters)


@benchmark("cpython.SharedState.valueUnlocked", "thrpt", "ops/s", ["C7", "C11", "C3"], {"workers": ["cores"]})
def shared_unlocked(p, counters, cores):
    """Increments per second of a lock-free ``Value``; secondary ``lostUpdates`` per increment counts the damage."""
    yield from shared_bench("unlocked", int(p["workers"]), counters)


@benchmark("cpython.SharedState.arrayPartitioned", "thrpt", "ops/s", ["C7", "C11"], {"workers": ["cores"]})
def shared_partitioned(p, counters, cores):
    """Increments per second, each process its own slot of an ``Array('i')``, summed at the end: no sharing."""
    yield from shared_bench("partitioned", int(p["workers"]), counters)


# --- C3, C15, C20: Lock, RLock, BoundedSemaphore under contention ---------------------------------

ACQUISITIONS = 2000


def check_lock_semantics():
    """The notes' semantics, checked before any figure is taken."""
    lock = threading.Lock()
    lock.acquire()
    if lock.acquire(timeout=0.01):
        raise WrongResult("threading.Lock taken twice by its holder did not block")
    lock.release()
    rlock = threading.RLock()
    with rlock:
        if not rlock.acquire(timeout=0.01):
            raise WrongResult("threading.RLock did not nest")
        rlock.release()
    sem = threading.BoundedSemaphore(5)
    for _ in range(5):
        sem.acquire()
    if sem.acquire(timeout=0.01):
        raise WrongResult("BoundedSemaphore(5) let a sixth holder in")
    for _ in range(5):
        sem.release()
    try:
        sem.release()
    except ValueError:
        pass
    else:
        raise WrongResult("BoundedSemaphore(5) accepted a release beyond its five")


def contended(threads, body):
    """``threads`` threads each running ``body(slot)``, released together by a barrier on every op."""
    start = threading.Barrier(threads + 1)
    end = threading.Barrier(threads + 1)
    stop = [False]
    slots = [0] * threads

    def run(i):
        while True:
            start.wait()
            if stop[0]:
                return
            slots[i] = body(i)
            end.wait()

    ts = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(threads)]
    for t in ts:
        t.start()

    def op():
        start.wait()
        end.wait()
        return list(slots)

    def close():
        stop[0] = True
        start.wait()
        for t in ts:
            t.join(5)

    return op, close


def lock_bench(p, make, nested=False):
    check_lock_semantics()
    threads = int(p["threads"])
    lock = make()
    counter = [0]

    def body(_):
        for _ in range(ACQUISITIONS):
            with lock:
                if nested:
                    with lock:
                        counter[0] += 1
                else:
                    counter[0] += 1
        return ACQUISITIONS

    run, close = contended(threads, body)
    try:
        def op():
            counter[0] = 0
            done = sum(run())
            if counter[0] != threads * ACQUISITIONS or done != counter[0]:
                raise WrongResult(f"the counter guarded by the lock reached {counter[0]}, expected {threads * ACQUISITIONS}")
            return done

        yield op
    finally:
        close()


LOCK_THREADS = {"threads": ["1", "cores", "2*cores"]}


@benchmark("cpython.Lock.lock", "thrpt", "ops/s", ["C3"], LOCK_THREADS)
def lock_plain(p, counters, cores):
    """Acquire/increment/release per second on one ``threading.Lock`` by ``threads`` threads."""
    yield from lock_bench(p, threading.Lock)


@benchmark("cpython.Lock.rlock", "thrpt", "ops/s", ["C3", "C15"], LOCK_THREADS)
def lock_rlock(p, counters, cores):
    """The same on a ``threading.RLock`` taken once."""
    yield from lock_bench(p, threading.RLock)


@benchmark("cpython.Lock.rlockReentry", "thrpt", "ops/s", ["C15"], LOCK_THREADS)
def lock_reentry(p, counters, cores):
    """The same with the ``RLock`` taken twice, nested: the cost of reentry."""
    yield from lock_bench(p, threading.RLock, nested=True)


@benchmark("cpython.Lock.processLock", "thrpt", "ops/s", ["C3"], LOCK_THREADS)
def lock_process(p, counters, cores):
    """The same on a ``multiprocessing.Lock`` (a POSIX semaphore), the notes' lock, among threads."""
    yield from lock_bench(p, multiprocessing.Lock)


@benchmark("cpython.Lock.boundedSemaphore", "thrpt", "ops/s", ["C20", "C16"], LOCK_THREADS)
def lock_semaphore(p, counters, cores):
    """Acquire/release per second of a ``BoundedSemaphore(5)``; the cap is checked on every acquisition."""
    check_lock_semantics()
    threads = int(p["threads"])
    sem = threading.BoundedSemaphore(5)
    inside = [0]
    peak = [0]
    guard = threading.Lock()

    def body(_):
        for _ in range(ACQUISITIONS):
            with sem:
                with guard:
                    inside[0] += 1
                    peak[0] = max(peak[0], inside[0])
                    inside[0] -= 1
        return ACQUISITIONS

    run, close = contended(threads, body)
    try:
        def op():
            done = sum(run())
            if done != threads * ACQUISITIONS or peak[0] > 5:
                raise WrongResult(f"{done} acquisitions (expected {threads * ACQUISITIONS}), peak {peak[0]} holders of 5")
            return done

        yield op
    finally:
        close()


# --- C17, C18: Event and Condition wake-up --------------------------------------------------------

WAKEUPS = 20


def wake_bench(arm, waiters):
    """``waiters`` threads block in ``arm``; each op fires and measures until the last waiter runs."""
    woke = queue.Queue()
    stop = [False]

    def run():
        while True:
            arm()
            if stop[0]:
                return
            woke.put(time.perf_counter())

    ts = [threading.Thread(target=run, daemon=True) for _ in range(waiters)]
    for t in ts:
        t.start()
    return ts, woke, stop


@benchmark("cpython.Wakeup.event", "avgt", "us/op", ["C18", "C17"], {"waiters": ["1", "4"]}, smoke={"waiters": "1"})
def wake_event(p, counters, cores):
    """Microseconds from ``Event.set()`` until the last of ``waiters`` threads runs (then ``clear()``)."""
    n = int(p["waiters"])
    ev = threading.Event()
    go = threading.Barrier(n + 1)

    def arm():
        go.wait()
        ev.wait()

    ts, woke, stop = wake_bench(arm, n)
    try:
        def op():
            total = 0.0
            for _ in range(WAKEUPS):
                go.wait()
                time.sleep(0.002)  # let the waiters block in ev.wait(); not part of the measured interval
                t0 = time.perf_counter()
                ev.set()
                last = max(woke.get(timeout=10) for _ in range(n))
                ev.clear()
                total += last - t0
            return WAKEUPS, total

        yield op
    finally:
        stop[0] = True
        go.wait()
        ev.set()
        for t in ts:
            t.join(5)


@benchmark("cpython.Wakeup.condition", "avgt", "us/op", ["C17"], {"waiters": ["1", "4"]}, smoke={"waiters": "1"})
def wake_condition(p, counters, cores):
    """Microseconds from ``notify_all()`` on a ``Condition`` until the last of ``waiters`` threads runs."""
    n = int(p["waiters"])
    cond = threading.Condition()
    state = {"round": 0, "waiting": 0, "stop": False}

    def arm():
        with cond:
            r = state["round"]
            state["waiting"] += 1
            cond.notify_all()
            cond.wait_for(lambda: state["round"] != r or state["stop"])

    ts, woke, stop = wake_bench(arm, n)
    try:
        def op():
            total = 0.0
            for _ in range(WAKEUPS):
                with cond:
                    cond.wait_for(lambda: state["waiting"] == n, timeout=10)
                    if state["waiting"] != n:
                        raise WrongResult(f"{state['waiting']} of {n} waiters reached the condition")
                    state["waiting"] = 0
                    t0 = time.perf_counter()
                    state["round"] += 1
                    cond.notify_all()
                last = max(woke.get(timeout=10) for _ in range(n))
                total += last - t0
            return WAKEUPS, total

        yield op
    finally:
        stop[0] = True
        with cond:
            state["stop"] = True
            cond.notify_all()
        for t in ts:
            t.join(5)


def _process_waiter(ev, done, conn):
    while True:
        ev.wait()
        t = time.perf_counter()  # CLOCK_MONOTONIC: comparable across processes on one machine
        ev.clear()
        conn.send(t)
        if done.is_set():
            return


@benchmark("cpython.Wakeup.processEvent", "avgt", "us/op", ["C18", "C6"])
def wake_process_event(p, counters, cores):
    """Microseconds from ``multiprocessing.Event.set()`` until a waiting child process runs."""
    ev, done = multiprocessing.Event(), multiprocessing.Event()
    parent, child = multiprocessing.Pipe()
    proc = multiprocessing.Process(target=_process_waiter, args=(ev, done, child))
    proc.start()
    child.close()
    try:
        def op():
            total = 0.0
            for _ in range(WAKEUPS):
                t0 = time.perf_counter()
                ev.set()
                if not parent.poll(10):
                    raise WrongResult("the child waiting on the Event did not wake within 10 s")
                t1 = parent.recv()
                if t1 < t0:
                    raise WrongResult("the child woke before the Event was set")
                total += t1 - t0
            return WAKEUPS, total

        yield op
    finally:
        def stop():
            done.set()
            ev.set()
        stop_child(proc, stop)
        parent.close()


# --- C19: Timer lateness ---------------------------------------------------------------------------

@benchmark("cpython.Timer.lateness", "avgt", "us/op", ["C19"], {"delayMs": ["1", "10"]})
def timer_lateness(p, counters, cores):
    """Microseconds a ``threading.Timer(delay, f)`` runs ``f`` after it was due."""
    d = int(p["delayMs"]) / 1000
    fired = []
    ran = threading.Event()

    def f():
        fired.append(time.perf_counter())
        ran.set()

    def op():
        fired.clear()
        ran.clear()
        t = threading.Timer(d, f)
        due = time.perf_counter() + d
        t.start()
        if not ran.wait(10):
            raise WrongResult("the Timer never ran")
        t.join()
        if len(fired) != 1 or fired[0] < due:
            raise WrongResult(f"the Timer ran {len(fired)} time(s), {(fired[0] - due) * 1e6 if fired else 0:.0f} us from due")
        return 1, fired[0] - due

    yield op


# --- C22, X6: starting a process by each start method, and a whole Pool ---------------------------

def _exit_with(code):
    sys.exit(code)


@benchmark("cpython.ProcessStart.process", "avgt", "ms/op", ["C22", "X6"],
           {"method": ["fork", "spawn", "forkserver"]})
def start_process(p, counters, cores):
    """Milliseconds for ``Process(target=f).start(); join()`` by start method; ``exitcode`` checked."""
    ctx = multiprocessing.get_context(p["method"])
    code = [0]

    def op():
        code[0] = code[0] % 100 + 1
        proc = ctx.Process(target=_exit_with, args=(code[0],))
        proc.start()
        proc.join(30)
        if proc.exitcode != code[0]:
            if proc.is_alive():
                proc.terminate()
                proc.join()
            raise WrongResult(f"the child ended with exitcode {proc.exitcode}, expected {code[0]}")
        proc.close()
        return 1

    yield op


@benchmark("cpython.ProcessStart.pool", "avgt", "ms/op", ["X6", "C12"], {"workers": ["2"]})
def start_pool(p, counters, cores):
    """Milliseconds for ``Pool(workers)``, ``map`` of 16 trivial tasks, ``close`` and ``join``."""
    args = cpu_args(CPU_BATCH, TRIVIAL)
    expected = cpu_expected(args)

    def op():
        pool = Pool(int(p["workers"]))
        try:
            check_list("pool", pool.map(cpu_task, args), expected)
        finally:
            close_pool(pool)
        return 1

    yield op


# --- C21: PriorityQueue among equal priorities ----------------------------------------------------

PQ_ITEMS = 1000


def words(n):
    """``n`` distinct words in an order unrelated to their sort order (a fixed shuffle)."""
    return [format((i * 2654435761) % 1000003, "06d") for i in range(n)]


@benchmark("cpython.PriorityQueue.equalPriorities", "thrpt", "ops/s", ["C21"])
def pq_equal(p, counters, cores):
    """Items per second through ``PriorityQueue`` as the notes put them, ``(1, word)``; secondary
    ``outOfInsertionOrder`` per item: the share that did not come out first in, first out."""
    items = [(1, w) for w in words(PQ_ITEMS)]
    expected = sorted(items)

    def op():
        q = queue.PriorityQueue()
        for it in items:
            q.put(it)
        out = [q.get() for _ in range(PQ_ITEMS)]
        if out != expected:
            raise WrongResult("PriorityQueue did not serve (priority, item) tuples in sorted order")
        counters["outOfInsertionOrder"] = counters.get("outOfInsertionOrder", 0) + sum(
            1 for a, b in zip(out, items) if a != b)
        return PQ_ITEMS

    yield op


@benchmark("cpython.PriorityQueue.withSequence", "thrpt", "ops/s", ["C21"])
def pq_sequence(p, counters, cores):
    """Items per second as ``(1, seq, word)``: the sequence number makes equal priorities first in, first out."""
    items = [(1, i, w) for i, w in enumerate(words(PQ_ITEMS))]

    def op():
        q = queue.PriorityQueue()
        for it in items:
            q.put(it)
        out = [q.get() for _ in range(PQ_ITEMS)]
        if out != items:
            raise WrongResult("PriorityQueue with sequence numbers broke first in, first out among equal priorities")
        counters["outOfInsertionOrder"] = counters.get("outOfInsertionOrder", 0)
        return PQ_ITEMS

    yield op
