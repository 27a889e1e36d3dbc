"""Bounded pools of worker threads, one per kind of work, so that no kind can starve another.

The server keeps three (:class:`~csto.serve.state.AppState`): ``models`` (simulate, assess a scenario,
validate: seconds of CPU each), ``reads`` (record queries on a cache miss, refreshing the session) and
``writes`` (the store's transactions, which may wait up to the lock timeout). Each has ``workers``
threads and room for ``queue`` more requests waiting; past that a request is answered 503 at once
instead of queueing without bound. The event loop itself never runs model or database work, so a
cached read (the members route) answers while every model worker is busy.

A job has a deadline covering its wait and its run. Past it the request is answered 503: a job still
waiting is dropped, a running one is told to stop at its next checkpoint (the ``check`` callable it is
handed, which raises :class:`Cancelled`; :meth:`csto.session.Csto.simulate` calls it between its
stages), and its worker is busy until then, so the pool stays bounded.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from csto.serve.problems import Problem

T = TypeVar("T")

Check = Callable[[str], None]
"""Called by a job between its stages (with the stage's name); raises :class:`Cancelled` once the
request that asked for the job has given up."""


class Cancelled(Exception):
    """A job stopped at a checkpoint because its request passed its deadline."""


class Pool:
    """``workers`` threads named ``csto-{name}`` with at most ``queue`` jobs waiting.

    :meth:`run` answers 503 (a :class:`~csto.serve.problems.Problem` with ``Retry-After``) when the pool
    and its queue are full, or when the job's deadline passes.
    """

    def __init__(self, name: str, workers: int, queue: int) -> None:
        self.name = name
        self.workers = workers
        self.capacity = workers + queue
        self._executor: ThreadPoolExecutor | None = None
        self._pending = 0
        self._lock = threading.Lock()

    @property
    def pending(self) -> int:
        """Jobs running or waiting."""
        return self._pending

    def _release(self, _future: object) -> None:
        with self._lock:
            self._pending -= 1

    async def run(self, fn: Callable[[Check], T], seconds: float, what: str = "computation") -> T:
        """Run ``fn(check)`` on a worker within ``seconds`` (waiting included); 503 when the pool is
        full or the deadline passes."""
        with self._lock:
            if self._pending >= self.capacity:
                raise Problem(
                    503,
                    f"the server is busy: {self._pending} {self.name} jobs are running or waiting; "
                    "try again shortly",
                    headers={"Retry-After": "5"},
                )
            self._pending += 1
            if self._executor is None:
                self._executor = ThreadPoolExecutor(
                    self.workers, thread_name_prefix=f"csto-{self.name}"
                )
            executor = self._executor
        stop = threading.Event()

        def check(_stage: str = "") -> None:
            if stop.is_set():
                raise Cancelled(what)

        future = executor.submit(fn, check)
        future.add_done_callback(self._release)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), seconds)
        except TimeoutError:
            stop.set()
            future.cancel()
            raise Problem(
                503,
                f"the {what} took longer than the limit of {seconds:g} s"
                + ("; ask for fewer draws" if what == "computation" else ""),
                headers={"Retry-After": "5"},
            ) from None
        except asyncio.CancelledError:  # the client went away, or the request's deadline passed
            stop.set()
            future.cancel()
            raise

    def shutdown(self) -> None:
        """Drop the waiting jobs and let the threads end when their running jobs do (at the app's
        shutdown); a later :meth:`run` starts new threads."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
