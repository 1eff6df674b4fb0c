"""Benchmark: how long the GUI thread stalls while the real window runs a sync and a preview of 100,000 contacts.

The real `MainWindow` (Home, Conflicts and History tabs, its `SyncRunner` and worker QThread) on the
offscreen platform, configured against both simulators in a child process (benchmarks/sim_process.py)
like a real on-site account: Basic admin/secret, API key demo-key, the request ceilings raised to the
settings' maximum (1,000 requests per second, 8 in parallel), since loopback needs no politeness.

A probe on the GUI thread, a 10 ms precise QTimer whose slot is Python (as every slot of the window
is), notes each tick; a gap between ticks is how long the GUI thread could not answer. Measured:

  * idle: the window open, nothing running (the baseline, measured in the same run);
  * preview: Preview pressed on the Conflicts tab; a dry run with keep_details, shown in the conflict view;
  * sync: Sync now pressed on Home; a full sync that writes every difference.

For each run: the largest gap and the 99th percentile while the worker runs (from the button to the
worker's last signal), and separately the result's arrival (the window taking in run_finished: the
conflict view's model reset and table, Home, History), a one-off judged against the conflict view's
own target of <= 1 s. Target during a run: largest gap <= 50 ms.

    python benchmarks/bench_gui_stall.py [--contacts 100000] [--seed 1] [--idle 3] [--list-gaps MS]
                                         [--diagnose [MS]] [--profile-take-in] [--skip-sync]

--list-gaps MS lists every gap over MS ms with the run's phase at the time. --diagnose [MS] also says which
full collections of the cyclic GC overlapped it and where the threads were (a sampler thread: it adds some
load of its own, so its figures run a little high). --profile-take-in profiles the window's handling of each
run's outcome. The conflict view's own time ("shown in") is its model reset and summary line; the rest of
the preview's arrival is Home, History and the full collection the run owes (sync.memory).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from array import array
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # never the machine's own keyring
for _name in [n for n in os.environ if n.startswith("LEGALBASIS_SYNC_")]:
    del os.environ[_name]

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from sim_process import SimulatorProcess  # noqa: E402

from desktop_app.config import CRM_ONSITE  # noqa: E402
from desktop_app.secrets import EMARKETEER_API_KEY, SUPEROFFICE_PASSWORD, InMemorySecretStore  # noqa: E402
from desktop_app.store import Store  # noqa: E402
from desktop_app.sync.counted import decision_counts  # noqa: E402
from desktop_app.ui.shell.main_window import TAB_CONFLICTS, TAB_HOME, MainWindow, WindowContext  # noqa: E402

TICK_MS = 10
TARGET_MS = 50.0
TAKE_IN_TARGET_S = 1.0


class Probe(QObject):
    """A 10 ms timer on the GUI thread noting when each tick really ran."""

    def __init__(self) -> None:
        super().__init__()
        self.ticks = array("d")
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.ticks.append(time.perf_counter())

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def gaps(self, start: float, end: float) -> list[tuple[float, float]]:
        """(gap in ms, time the gap ended) for ticks within [start, end], the first gap measured from `start`."""
        out: list[tuple[float, float]] = []
        previous = start
        for t in self.ticks:
            if t < start:
                continue
            if t > end:
                # The gap that straddles `end` counts up to `end`: after it, the next stretch is measured.
                out.append(((end - previous) * 1000, end))
                break
            out.append(((t - previous) * 1000, t))
            previous = t
        return out


class Diagnosis:
    """--diagnose: full collections of the cyclic GC, and what the other threads were doing after a long GIL hold.

    A sampler thread sleeps 5 ms at a time; when it wakes much later than asked, some thread held the GIL
    (or the machine was busy) meanwhile, and the stacks it then sees say roughly where.
    """

    def __init__(self, threshold_ms: float = TARGET_MS) -> None:
        import gc

        self.threshold_ms = threshold_ms  # gaps longer than this are explained
        self.collections: list[tuple[float, float, int, str]] = []  # (start, seconds, generation, thread)
        self.late: list[tuple[float, float, str]] = []  # (woke at, late by, stacks)
        self.gui: list[tuple[float, str]] = []  # (time, the GUI thread's innermost Python frames) every 5 ms
        self._main = threading.main_thread().ident
        self._gc_started: dict[int, float] = {}
        self._stop = threading.Event()
        gc.callbacks.append(self._gc)
        self._thread = threading.Thread(target=self._sample, name="stall-sampler", daemon=True)
        self._thread.start()

    def _gc(self, phase: str, info: dict) -> None:
        ident = threading.get_ident()
        if phase == "start":
            self._gc_started[ident] = time.perf_counter()
        else:
            started = self._gc_started.pop(ident, None)
            if started is not None and (info["generation"] == 2 or time.perf_counter() - started > 0.003):
                self.collections.append(
                    (started, time.perf_counter() - started, info["generation"], threading.current_thread().name)
                )

    def _sample(self) -> None:
        import traceback

        me = threading.get_ident()
        while not self._stop.is_set():
            before = time.perf_counter()
            time.sleep(0.005)
            now = time.perf_counter()
            main = sys._current_frames().get(self._main)
            if main is not None:
                top = traceback.extract_stack(main)[-3:]
                self.gui.append(
                    (now, " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(top)))
                )
            if now - before > min(0.040, self.threshold_ms / 1000):
                names = {t.ident: t.name for t in threading.enumerate()}
                stacks = []
                for ident, frame in sys._current_frames().items():
                    if ident == me:
                        continue
                    top = traceback.extract_stack(frame)[-3:]
                    where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(top))
                    stacks.append(f"      [{names.get(ident, ident)}] {where}")
                self.late.append((now, now - before, "\n".join(stacks)))

    def explain(self, start: float, end: float) -> list[str]:
        lines = [
            f"      GC gen {gen} on {thread}: {seconds * 1000:.0f} ms"
            for t, seconds, gen, thread in self.collections
            if t < end and t + seconds > start
        ]
        for woke, late, stacks in self.late:
            if start <= woke <= end + 0.02:
                lines.append(f"      sampler {late * 1000:.0f} ms late; then:\n{stacks}")
        seen: dict[str, int] = {}
        for t, where in self.gui:
            if start <= t <= end:
                seen[where] = seen.get(where, 0) + 1
        for where, n in sorted(seen.items(), key=lambda item: -item[1])[:4]:
            lines.append(f"      GUI thread seen {n}x at {where}")
        return lines

    def stop(self) -> None:
        self._stop.set()


class WorkerTrace:
    """--trace-worker MS: from the planning phase on, the worker's own CPU time between two Python-level events
    (calls and returns, Python or C) on its thread; a stretch over MS ms is one C call or one deallocation that
    held the interpreter lock that long (CPU time of the thread, so waiting for the lock or a busy machine does
    not count). Slows the worker down; only for finding such stretches."""

    def __init__(self, threshold_ms: float) -> None:
        self.threshold = threshold_ms / 1000
        self.found: list[tuple[float, float, str, str]] = []  # (cpu seconds, wall time, before, after)
        self._last = 0.0
        self._before = ""

    @staticmethod
    def _where(frame, event: str, arg) -> str:
        name = getattr(arg, "__qualname__", None) if event.startswith("c_") else None
        here = f"{Path(frame.f_code.co_filename).name}:{frame.f_lineno} {frame.f_code.co_name}"
        return f"{event} {name + ' in ' if name else ''}{here}"

    def _profile(self, frame, event, arg) -> None:
        now = time.thread_time()
        if now - self._last > self.threshold:
            self.found.append((now - self._last, time.perf_counter(), self._before, self._where(frame, event, arg)))
        self._before = self._where(frame, event, arg) if event.startswith("c_") or event == "return" else ""
        self._last = time.thread_time()

    def progress(self, progress) -> None:  # on the worker's thread (direct connection)
        if progress.phase == "planning" and sys.getprofile() is None:
            self._last = time.thread_time()
            sys.setprofile(self._profile)
        elif progress.phase == "done":
            sys.setprofile(None)

    def report(self) -> None:
        print(
            f"worker stretches over {self.threshold * 1000:.0f} ms of its own CPU between two events: {len(self.found)}"
        )
        for cpu, _wall, before, after in self.found:
            print(f"    {cpu * 1000:6.1f} ms  after [{before}]  then [{after}]")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def figures(gaps: list[tuple[float, float]]) -> str:
    ms = [g for g, _ in gaps]
    if not ms:
        return "no ticks"
    over = sum(1 for g in ms if g > TARGET_MS)
    return (
        f"max gap {max(ms):6.1f} ms, p99 {percentile(ms, 99):5.1f} ms, median {statistics.median(ms):4.1f} ms, "
        f"{len(ms):,} ticks, {over} gaps > {TARGET_MS:.0f} ms"
    )


def wait(app: QApplication, seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


class RunWatch:
    """Times one run through the window: the worker's signals noted on the worker's thread (no queueing)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.phases: list[tuple[float, str]] = []  # (time, phase: message), from the worker's thread
        self.emitted_at: float | None = None  # the worker emitted run_finished (or run_failed)
        self.completed_at: float | None = None  # the window has taken the outcome in (run_completed)
        self.summary = None
        self.failure: str | None = None
        self.show_seconds: list[float] = []  # conflict view: show_summary / show_rows calls
        worker = window.runner.worker
        direct = Qt.ConnectionType.DirectConnection
        self._lock = threading.Lock()
        worker.progress.connect(self._progress, type=direct)
        worker.run_finished.connect(self._emitted, type=direct)
        worker.run_failed.connect(self._failed, type=direct)
        window.run_completed.connect(self._completed)
        view = window.conflict_view
        for name in ("show_summary", "show_rows"):
            if view is not None and hasattr(view, name):
                setattr(view, name, self._timed(getattr(view, name)))
        self._depth = 0

    def _timed(self, method):
        def timed(*args, **kwargs):
            self._depth += 1
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self.show_seconds.append(time.perf_counter() - started)

        return timed

    def _progress(self, progress) -> None:
        with self._lock:
            self.phases.append((time.perf_counter(), f"{progress.phase}: {progress.message}"))

    def _emitted(self, summary) -> None:
        self.emitted_at = time.perf_counter()
        # Figures only: holding the summary would keep the run's objects alive longer than the app does.
        self.summary = (summary.status.value, summary.matched, decision_counts(summary).changes)

    def _failed(self, message: str) -> None:
        self.emitted_at = time.perf_counter()
        self.failure = message

    def _completed(self, summary) -> None:
        self.completed_at = time.perf_counter()

    def reset(self) -> None:
        self.phases.clear()
        self.emitted_at = self.completed_at = self.summary = self.failure = None
        self.show_seconds.clear()

    def phase_at(self, t: float) -> str:
        current = "starting"
        for when, text in list(self.phases):
            if when > t:
                break
            current = text
        return current


def drive(
    app: QApplication,
    window: MainWindow,
    watch: RunWatch,
    probe: Probe,
    start,
    label: str,
    diagnosis: Diagnosis | None,
    list_gaps_ms: float | None = None,
    timeout_s: float = 600.0,
) -> dict:
    watch.reset()
    loop = QEventLoop()
    window.run_completed.connect(loop.quit)
    QTimer.singleShot(int(timeout_s * 1000), loop.quit)
    pressed = time.perf_counter()
    start()
    loop.exec()
    window.run_completed.disconnect(loop.quit)
    wait(app, 1.0)  # the repaint after the result, and a second of calm
    end_run = watch.emitted_at or time.perf_counter()
    done = watch.completed_at or time.perf_counter()
    during = probe.gaps(pressed, end_run)
    arrival = probe.gaps(end_run, done + 0.5)
    summary = watch.summary
    what = (
        f"{summary[0]}, {summary[1]:,} matched, {summary[2]:,} changes"
        if summary is not None
        else f"failed: {watch.failure}"
    )
    signals = len(watch.phases)
    print(
        f"{label}: worker {end_run - pressed:.1f} s ({what}); {signals} progress signals "
        f"({signals / max(end_run - pressed, 1e-9):.1f} a second)"
    )
    print(f"  during the run:      {figures(during)}")
    take_in = (done - end_run) if watch.completed_at else float("nan")
    print(
        f"  result arriving:     {figures(arrival)}; window took it in {take_in * 1000:.0f} ms after the worker's "
        "signal"
    )
    if watch.show_seconds:
        print(
            f"  conflict view shown in {watch.show_seconds[-1] * 1000:.0f} ms (model reset + summary line; "
            f"rows: {window.conflict_view.model.total_count:,})"
        )
    threshold = diagnosis.threshold_ms if diagnosis is not None else list_gaps_ms
    if threshold is not None:
        for gap, t in during + arrival:
            if gap > threshold:
                print(
                    f"    gap {gap:6.1f} ms ending at +{t - pressed:6.2f} s during '{watch.phase_at(t - gap / 1000)}'"
                )
                for line in diagnosis.explain(t - gap / 1000, t) if diagnosis is not None else ():
                    print(line)
    return {
        "during": during,
        "arrival": arrival,
        "take_in": take_in,
        "show": watch.show_seconds[-1] if watch.show_seconds else None,
    }


def profile_take_in() -> None:
    """Wrap MainWindow._run_finished (before any window connects it) in cProfile and print each call's profile."""
    import cProfile
    import pstats

    original = MainWindow._run_finished

    def profiled(self, summary) -> None:
        profiler = cProfile.Profile()
        profiler.runcall(original, self, summary)
        print(f"--- profile of the window taking in run {summary.run_id} ---")
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(20)

    MainWindow._run_finished = profiled


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--idle", type=float, default=3.0, help="seconds of the idle baseline")
    parser.add_argument(
        "--diagnose",
        nargs="?",
        type=float,
        const=TARGET_MS,
        default=None,
        metavar="MS",
        help="explain every gap over MS (default 50) ms: the run's phase, full collections, stacks",
    )
    parser.add_argument(
        "--list-gaps",
        type=float,
        default=None,
        metavar="MS",
        help="list every gap over MS ms with the run's phase (no sampler thread: no extra load)",
    )
    parser.add_argument("--skip-sync", action="store_true", help="only the preview")
    parser.add_argument(
        "--trace-worker",
        type=float,
        default=None,
        metavar="MS",
        help="list each stretch over MS ms of the worker's own CPU inside one C call from planning on (slow)",
    )
    parser.add_argument("--screenshot", metavar="PNG", help="save the window (Conflicts tab) after the preview here")
    parser.add_argument(
        "--profile-take-in",
        action="store_true",
        help="profile the window's handling of each run's outcome (cProfile, top 20)",
    )
    parser.add_argument(
        "--switch-interval-ms",
        type=float,
        default=None,
        help="override sys.setswitchinterval for this run (experiments)",
    )
    args = parser.parse_args()
    if args.switch_interval_ms is not None:
        sys.setswitchinterval(args.switch_interval_ms / 1000)
    if args.profile_take_in:
        profile_take_in()

    app = QApplication.instance() or QApplication(["bench_gui_stall"])
    print(
        f"python {sys.version.split()[0]}, switch interval {sys.getswitchinterval() * 1000:.0f} ms, "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}, {os.cpu_count()} CPUs"
    )
    with SimulatorProcess(args.contacts, args.seed) as sims, tempfile.TemporaryDirectory() as tmp:
        info = sims.info
        print(
            f"simulators: {info['persons']:,} SuperOffice persons, {info['em_contacts']:,} eMarketeer contacts "
            f"(child process, loaded in {info['load_seconds']:.1f} s)"
        )
        data_dir = Path(tmp) / "data"
        data_dir.mkdir()
        with Store.open(data_dir) as store:
            store.save_settings(
                {
                    "crm": CRM_ONSITE,
                    "enabled": True,
                    "superoffice_url": info["so"],
                    "superoffice_user": "admin",
                    "superoffice_state_url": info["state"],
                    "emarketeer_url": info["em"],
                    "requests_per_second": 1000.0,
                    "max_concurrency": 8,
                    "request_timeout_seconds": 60.0,
                    # R23 would hold "Sync now" (a first full run of thousands of writes): the writes are what is measured.
                    "mass_change_brake": False,
                }
            )
        secrets = InMemorySecretStore({SUPEROFFICE_PASSWORD: "secret", EMARKETEER_API_KEY: "demo-key"})
        window = MainWindow(WindowContext(data_dir, secrets, {}), use_tray=False)
        # The scheduler stays on (its timer wakes every minute and reads the history, as in the app), but its
        # first run waits a day, as demo mode does: only the runs pressed here are measured.
        window.scheduler.not_before = window.clock() + timedelta(days=1)
        window.scheduler.rearm()
        window.resize(1280, 800)
        window.show()
        watch = RunWatch(window)
        probe = Probe()
        diagnosis = Diagnosis(args.diagnose) if args.diagnose is not None else None
        trace = WorkerTrace(args.trace_worker) if args.trace_worker is not None else None
        if trace is not None:
            window.runner.worker.progress.connect(trace.progress, type=Qt.ConnectionType.DirectConnection)
        probe.start()
        wait(app, 0.5)

        idle_from = time.perf_counter()
        wait(app, args.idle)
        idle = probe.gaps(idle_from, time.perf_counter())
        print(f"idle baseline ({args.idle:.0f} s): {figures(idle)}")

        window.tabs.setCurrentIndex(TAB_CONFLICTS)
        wait(app, 0.3)
        preview = drive(
            app,
            window,
            watch,
            probe,
            window.conflict_view.preview_button.click,
            "preview (Conflicts tab, dry run with details)",
            diagnosis,
            args.list_gaps,
        )
        results = [("preview", preview)]
        if args.screenshot:
            view = window.conflict_view
            if view.model.rowCount():
                view.table.selectRow(0)  # the detail pane explains the first row
            wait(app, 0.3)
            window.grab().save(args.screenshot)
            print(f"  window after the preview saved to {args.screenshot}")
        if not args.skip_sync:
            window.tabs.setCurrentIndex(TAB_HOME)
            wait(app, 0.3)
            sync = drive(
                app,
                window,
                watch,
                probe,
                window.home.sync_button.click,
                "full sync (Home tab)",
                diagnosis,
                args.list_gaps,
            )
            results.append(("sync", sync))
        probe.stop()
        if diagnosis is not None:
            diagnosis.stop()
        if trace is not None:
            trace.report()

        print("summary:")
        for name, r in results:
            worst = max((g for g, _ in r["during"]), default=float("nan"))
            print(
                f"  {name}: during the run max gap {worst:.1f} ms, p99 "
                f"{percentile([g for g, _ in r['during']], 99):.1f} ms -> target <= {TARGET_MS:.0f} ms: "
                f"{'MET' if worst <= TARGET_MS else 'MISSED'}"
            )
            arriving = max((g for g, _ in r["arrival"]), default=float("nan"))
            show = f", conflict view {r['show'] * 1000:.0f} ms" if r["show"] is not None else ""
            print(
                f"  {name}: result arriving: longest stall {arriving:.0f} ms (window took it in "
                f"{r['take_in'] * 1000:.0f} ms{show}) -> one-off target <= {TAKE_IN_TARGET_S:.0f} s: "
                f"{'MET' if arriving <= TAKE_IN_TARGET_S * 1000 else 'MISSED'}"
            )
        print(f"  idle: max gap {max(g for g, _ in idle):.1f} ms, p99 {percentile([g for g, _ in idle], 99):.1f} ms")
        print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        window.shutdown()
        window.hide()


if __name__ == "__main__":
    main()
