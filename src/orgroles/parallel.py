"""A batch on several cores: worker processes that each load the compiled knowledge once, classify
chunks of rows, and hand back their answers already encoded for the output, in input order.

One process is the default for a handful of duties (a pool costs its start-up); `jobs_for` picks all
cores for a file of more than some tens of thousands of lines. Both paths run the same `encode`, so the
output is the same bytes whatever the number of workers. multiprocessing and concurrent.futures are
imported only when a pool is used: a one-duty run does not pay for them.
"""

from __future__ import annotations

import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from orgroles.engine import explainer

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

    from orgroles.engine import Explainer

# One row of a batch: the duty and the cells passed through beside it (None for plain lines).
Row = tuple[str, Any]
Item = TypeVar("Item")
# Turns one answer (engine.Explainer.as_dict) and its row's cells into what the writer writes. It runs in
# the workers, so it must be a module-level function (a pool finds it by name) and must not print.
Encode = Callable[[dict[str, Any], Any], Item]

# Rows per task: about 40 ms of work on one core, so the pipes carry few, large messages and a
# Ctrl-C waits at most that long for a worker to finish what it holds.
CHUNK = 2048
# Chunks sent ahead per worker: each has its next chunk waiting while the parent writes, and the rows
# and answers held at any time stay bounded (memory is flat however long the input is).
AHEAD = 2
# A regular file at least this large gets every core when --jobs is not given: some 20,000 duties of
# 50 bytes, where a pool of two (about 40 ms to import and fork) saves a third of 0.4 s; below a few
# thousand duties its start-up would cost more than it saves (benchmarks/bench_classify.py).
AUTO_BYTES = 1 << 20
# From a pipe the size is unknown: the first AUTO_LINES rows are classified here, and the pool is
# started only when more follow (so a few duties piped in never pay for it).
AUTO_LINES = 20_000


def all_cores() -> int:
    """The cores this process may run on (its CPU affinity where the platform tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def jobs_for(requested: int | None, size: int | None) -> int | None:
    """The number of workers for `--jobs` as given (0: all cores) and the input's size in bytes.

    None means "decide as the rows come" (a pipe, without --jobs): see AUTO_LINES.
    """
    if requested is not None:
        return all_cores() if requested == 0 else requested
    if size is None:
        return None
    return all_cores() if size >= AUTO_BYTES else 1


class Settings(Generic[Item]):
    """What every worker needs to answer like the parent: the knowledge folder, --top, --lang, the encoder."""

    __slots__ = ("data", "encode", "lang", "latin_lang", "top")

    def __init__(
        self,
        encode: Encode[Item],
        data: Path | None = None,
        top: int = 3,
        lang: str | None = None,
        latin_lang: str | None = None,
    ) -> None:
        self.encode = encode
        self.data = data
        self.top = top
        self.lang = lang
        self.latin_lang = latin_lang  # without --lang: the language of a duty in Latin script (the locale's)


def _answers_here(rows: Iterable[Row], settings: Settings[Item], ex: Explainer) -> Iterator[Item]:
    run, as_dict, encode, top, lang = ex.run, ex.as_dict, settings.encode, settings.top, settings.lang
    latin = settings.latin_lang
    if latin is None:
        return (encode(as_dict(run(text), top, lang), cells) for text, cells in rows)  # type: ignore[arg-type]
    # a duty in Latin script (SEO, KOL) decides no language: it is answered in the locale's
    ran = ((run(text), cells) for text, cells in rows)
    return (encode(as_dict(r, top, latin if r.lang == "en" else None), cells) for r, cells in ran)  # type: ignore[arg-type]


@contextmanager
def answers(
    rows: Iterable[Row],
    settings: Settings[Item],
    jobs: int | None,
) -> Iterator[Iterator[Item]]:
    """The encoded answers to `rows`, in order, from `jobs` workers (1: this process; None: decide by the
    input's length, see AUTO_LINES). On leaving the block, for whatever reason (the end, Ctrl-C, an
    error, a closed pipe), the workers are stopped."""
    ex = explainer(settings.data)
    if jobs == 1:
        yield _answers_here(rows, settings, ex)
        return
    pool = _Pool(settings, jobs or all_cores())
    try:
        if jobs is None:
            yield _switching(iter(rows), settings, ex, pool)
        else:
            yield pool.answers(iter(rows))
    finally:
        pool.stop()


def _switching(rows: Iterator[Row], settings: Settings[Item], ex: Explainer, pool: _Pool[Item]) -> Iterator[Item]:
    """The first AUTO_LINES rows answered here, the rest (when there is more) by the pool."""
    yield from _answers_here(islice(rows, AUTO_LINES), settings, ex)
    try:
        first = next(rows)
    except StopIteration:
        return
    yield from pool.answers(_prepend(first, rows))


def _prepend(first: Row, rest: Iterator[Row]) -> Iterator[Row]:
    yield first
    yield from rest


class _Pool(Generic[Item]):
    """Worker processes fed chunks of rows, at most AHEAD chunks per worker in flight, read back in order."""

    def __init__(self, settings: Settings[Item], jobs: int) -> None:
        self.settings = settings
        self.jobs = jobs
        self.executor: ProcessPoolExecutor | None = None

    def _start(self) -> ProcessPoolExecutor:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # fork on Linux: a worker starts in milliseconds with the knowledge already loaded (the initializer
        # then finds it); elsewhere the platform's way (spawn), where the initializer loads it.
        context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
        return ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_start_worker, initargs=(self.settings,))

    def answers(self, rows: Iterator[Row]) -> Iterator[Item]:
        pending: deque[Future[list[Item]]] = deque()
        reading = _Chunks(rows)
        while True:
            # keep every worker busy: the next chunks are on their way while this one is written
            while not reading.finished and len(pending) < self.jobs * AHEAD:
                chunk = reading.next()
                if chunk:
                    pending.append(self._submit(chunk))
            if not pending:
                break
            yield from pending.popleft().result()
        if reading.failure is not None:
            raise reading.failure

    def _submit(self, chunk: list[Row]) -> Future[list[Item]]:
        if self.executor is None:
            # the workers are forked by the first submit: with Ctrl-C held back meanwhile, none can be
            # interrupted before its initializer has told it to leave Ctrl-C to the parent
            with _interrupts_held():
                self.executor = self._start()
                return self.executor.submit(_answer_chunk, chunk)
        return self.executor.submit(_answer_chunk, chunk)

    def stop(self) -> None:
        """Cancel what is queued and let the workers finish the chunk they hold (they ignore Ctrl-C)."""
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None


class _Chunks:
    """Rows read CHUNK at a time, here in the parent, so that a bad line is named exactly as in one
    process; the rows before it are still answered, and then its error is raised."""

    def __init__(self, rows: Iterator[Row]) -> None:
        self.rows = rows
        self.finished = False
        self.failure: Exception | None = None

    def next(self) -> list[Row]:
        chunk: list[Row] = []
        try:
            chunk.extend(islice(self.rows, CHUNK))  # on an error, the rows read before it stay in `chunk`
        except Exception as exc:
            self.failure = exc
        self.finished = self.failure is not None or len(chunk) < CHUNK
        return chunk


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """SIGINT blocked (a pending one is delivered on leaving): children started here inherit the block."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


# -- in the worker processes ---------------------------------------------------------------------------

_worker: tuple[Explainer, Settings[Any]] | None = None


def _start_worker(settings: Settings[Any]) -> None:
    """A worker's one-time set-up: Ctrl-C is the parent's to handle (it stops us; no traceback from
    here), and the compiled knowledge is loaded once (with fork it is already in memory)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_the_parent()
    global _worker
    _worker = (explainer(settings.data), settings)


def _exit_with_the_parent() -> None:
    """Leave when the parent is gone (killed, say): the workers hold the task pipe's other end themselves,
    so they would otherwise wait on it for ever."""
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="orgroles-parent-watch", daemon=True).start()


def _answer_chunk(chunk: list[Row]) -> list[Any]:
    assert _worker is not None, "the pool's initializer sets the worker up"
    ex, settings = _worker
    return list(_answers_here(chunk, settings, ex))
