"""The library-wide classification pass's child process (issue 20): one spawned process of
our own, fed jobs through one pipe and answering through another.

In the GUI's process the pass held the GIL and grew the heap (110 ms late at idle, 206 MB at
100,000 documents). A `ProcessPoolExecutor` ran it first, but has no public way to end its
worker mid-job, which closing the window must do at once; owning the process makes `stop`
a plain `terminate`. Spawned, never forked (the GUI has Qt threads); it exits by itself if
the GUI dies (`exit_with_parent`), and as a daemon when the GUI exits without stopping it.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from reader.core.background import PassBatch
    from reader.core.context import CoreContext

T = TypeVar("T")
NICENESS = 5
"""The child yields the cores to the GUI and to the user's other work."""
JOIN_S = 5.0
"""How long `stop` waits for the terminated child to be gone."""


class ProcessGone(RuntimeError):
    """The child ended (killed, or it crashed) before answering a job."""


def _serve(parent: int, niceness: int, jobs: Connection, answers: Connection) -> None:
    """The child: run each job in turn and answer with its result or its error, until the
    parent sends None or goes."""
    from reader.core.orphan_guard import exit_with_parent

    exit_with_parent(parent)
    if niceness:
        with contextlib.suppress(OSError, AttributeError):
            os.nice(niceness)
    while True:
        try:
            job = jobs.recv()
        except EOFError:
            return
        if job is None:
            return
        number, work, args = job
        try:
            answer = (number, True, work(*args))
        except Exception as error:  # answered: the parent's future raises it
            answer = (number, False, error)
        try:
            answers.send(answer)
        except Exception as error:  # the answer would not pickle: say so instead
            answers.send((number, False, ProcessGone(f"{type(error).__name__}: {error}")))


class _Child:
    """One started process, its job pipe and the futures of the jobs it has not answered."""

    def __init__(self) -> None:
        import multiprocessing  # only when there is a pass to run: not at start-up

        context = multiprocessing.get_context("spawn")
        job_out, job_in = context.Pipe(duplex=False)
        answer_out, answer_in = context.Pipe(duplex=False)
        self.process: BaseProcess = context.Process(
            target=_serve, args=(os.getpid(), NICENESS, job_out, answer_in),
            name="reader-classification-pass", daemon=True,
        )
        self.process.start()
        job_out.close()  # the parent keeps its own ends only: the child's going is an EOF
        answer_in.close()
        self.jobs = job_in
        self.futures: dict[int, Future[Any]] = {}
        self.gone = False
        """Its answers ended (the child exited): a job sent now would wait for ever."""
        self.lock = threading.Lock()
        threading.Thread(
            target=self._receive, args=(answer_out,), name="pass-answers", daemon=True
        ).start()

    def _take(self, number: int | None = None) -> list[Future[Any]]:
        """The futures of this job (all when None), no longer waiting on an answer."""
        with self.lock:
            if number is None:
                taken, self.futures = list(self.futures.values()), {}
                return taken
            future = self.futures.pop(number, None)
            return [] if future is None else [future]

    def _receive(self, answers: Connection) -> None:
        """On its own thread: settle each job's future with its answer; once the child is
        gone, fail the jobs it had not answered (none when stopped: they were cancelled)."""
        with answers:
            while True:
                try:
                    number, ok, value = answers.recv()
                except Exception:  # gone (EOF, OSError), or an answer that cannot be unpickled:
                    break  # either way its jobs must not wait for ever
                for future in self._take(number):
                    if ok:
                        future.set_result(value)
                    else:
                        future.set_exception(value)
        with self.lock:
            self.gone = True
        for future in self._take():
            future.set_exception(ProcessGone("The classification pass's process ended."))

    def submit(self, number: int, work: Callable[..., T], args: tuple[Any, ...]) -> Future[T]:
        future: Future[T] = Future()
        with self.lock:
            if self.gone:
                raise ProcessGone("The classification pass's process ended.")
            self.futures[number] = future
        try:
            self.jobs.send((number, work, args))
        except Exception:
            self._take(number)
            raise
        return future

    def end(self, terminate: bool, wait: bool) -> None:
        """Stop taking jobs: at once (the jobs not answered are cancelled), or once the
        child has answered those it holds."""
        if terminate:
            for future in self._take():
                future.cancel()
            self.process.terminate()
        else:
            with contextlib.suppress(OSError, ValueError):
                self.jobs.send(None)
        self.jobs.close()
        if wait:
            self.process.join(JOIN_S)


class PassProcess:
    """The pass's jobs (`background.classify_batch`, `background.fill_line_keys`) run one
    after another in the child, started on the first job (a library with nothing to
    classify starts none); `stop` ends it at once, `finish` once it is idle."""

    def __init__(self, core: CoreContext) -> None:
        self.store = str(core.opened.path)
        self._child: _Child | None = None
        self._numbers = itertools.count()

    def submit(self, doc_ids: Sequence[int]) -> Future[PassBatch]:
        """Classify these documents (a batch of the pass)."""
        from reader.core.background import classify_batch

        return self.run(classify_batch, self.store, list(doc_ids))

    def submit_lines(self) -> Future[int]:
        """One batch of missing short-line keys, after the jobs before it."""
        from reader.core.background import fill_line_keys

        return self.run(fill_line_keys, self.store)

    def run(self, work: Callable[..., T], *args: Any) -> Future[T]:
        """Run `work(*args)` in the child (a module-level function and picklable values)."""
        number, child = next(self._numbers), self._child
        if child is not None and child.process.is_alive():
            try:
                return child.submit(number, work, args)
            except (OSError, ProcessGone):  # it died since the look
                pass
        if child is not None:  # killed from outside (the OOM killer): a new child goes on
            child.end(terminate=True, wait=False)
        self._child = _Child()
        return self._child.submit(number, work, args)

    def stop(self, wait: bool = True) -> None:
        """End the child now, mid-job if need be: SQLite rolls back what it was writing, the
        jobs not answered are cancelled, and what they had not done is found again on the
        next start."""
        child, self._child = self._child, None
        if child is not None:
            child.end(terminate=True, wait=wait)

    def finish(self) -> None:
        """The pass is done: the child exits once it has answered what it holds."""
        child, self._child = self._child, None
        if child is not None:
            child.end(terminate=False, wait=False)
