"""What the routes share: the store, the limits, and the session kept current with the store.

:class:`AppState` holds one open store and hands every request the session (:class:`csto.session.Csto`) of
the store's current revision (checked at most every ``record_refresh_seconds``); a write through this server
refreshes it at once. When the store cannot be read, the session is the shipped record alone and the
answers say so. Model, read and write work run in separate bounded pools (:mod:`csto.serve.pools`). :class:`CliJSON` encodes JSON as ``csto … --json`` does.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from csto.serve.limits import Limits
from csto.serve.pools import Check, Pool
from csto.serve.problems import Problem

if TYPE_CHECKING:
    from csto.session import Csto
    from csto.store.store import Store

T = TypeVar("T")
WEB = Path(__file__).parent / "web"


def jsonable(value: Any) -> Any:
    """Rows (anything with ``to_dict``) and lists of them as JSON-ready data."""
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if hasattr(value, "to_dict"):
        return value.to_dict()
    return value


class CliJSON(JSONResponse):
    """JSON encoded as ``csto … --json`` encodes it (UTF-8, dates and other objects as text). A non-finite
    number (NaN, infinity) is not JSON: rendering it raises ``ValueError`` (a 500 problem document), never
    a body that ``JSON.parse`` refuses."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, default=str, allow_nan=False).encode("utf-8")


class AppState:
    """What the routes share: the store, the limits, the session (refreshed when the store changes),
    the bounded worker pools (:mod:`csto.serve.pools`) and the per-client rate limit of expensive
    routes.

    When the store cannot be read (any :class:`~csto.store.errors.StoreUnavailable`), the session is
    the shipped record alone, with the reason in :attr:`csto.session.Csto.warnings`; responses built
    from it carry ``Csto-Store: unavailable`` (:meth:`mark`), and the store is tried again after
    ``store_retry_seconds``.
    """

    def __init__(self, store: Store | None, limits: Limits, record_dir: Path | None = None) -> None:
        from limits import parse
        from limits.storage import MemoryStorage
        from limits.strategies import MovingWindowRateLimiter

        from csto.record.load import record_dir as default_record_dir

        self.store = store
        self.limits = limits
        self.record_dir = record_dir if record_dir is not None else default_record_dir()
        self._session: Csto | None = None
        self._checked = -math.inf
        self._fresh_for = limits.record_refresh_seconds
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
        self.models = Pool("model", limits.max_concurrent_models, limits.model_queue)
        self.reads = Pool("read", limits.read_workers, 256)
        self.writes = Pool("write", limits.write_workers, 64)
        self._rate = parse(limits.model_rate)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def session(self) -> Csto:
        """The session of the store's current revision (the shipped record alone without a store, or
        with a warning when the store cannot be read). Blocking: call it from a worker thread; while
        another thread refreshes it, the last session is returned at once."""
        from csto.session import fallback_warning, session_from
        from csto.store.errors import StoreUnavailable

        current = self._session
        if current is not None and time.monotonic() - self._checked <= self._fresh_for:
            return current
        if not self._lock.acquire(blocking=current is None):
            assert current is not None
            return current
        try:
            if self._session is not current and self._session is not None:
                return self._session  # refreshed while this thread waited for the lock
            try:
                fresh = session_from(self.record_dir, self.store)
                self._fresh_for = self.limits.record_refresh_seconds
            except StoreUnavailable as exc:
                fresh = replace(
                    session_from(self.record_dir, None), warnings=(fallback_warning(exc),)
                )
                self._fresh_for = self.limits.store_retry_seconds
            self._session = fresh
            self._checked = time.monotonic()
            return fresh
        finally:
            self._lock.release()

    async def current(self) -> Csto:
        """:meth:`session` without blocking the event loop: the cached session when fresh, else
        refreshed in the ``reads`` pool."""
        current = self._session
        if current is not None and time.monotonic() - self._checked <= self._fresh_for:
            return current
        return await self.reads.run(
            lambda _check: self.session(), self.limits.request_seconds, "read"
        )

    def invalidate(self) -> None:
        self._checked = -math.inf

    @staticmethod
    def mark(response: Response, session: Csto) -> Response:
        """Say on ``response`` when ``session`` answers without the store (``Csto-Store: unavailable``)."""
        if session.warnings:
            response.headers["Csto-Store"] = "unavailable"
        return response

    async def cached(self, key: tuple[Any, ...], compute: Callable[[Csto], Any]) -> Response:
        """A JSON response for ``key`` on the current session, computed once per data hash and day (in
        the ``reads`` pool; a cached answer is served from the event loop)."""
        import datetime as dt

        session = await self.current()
        full = (session.data_hash, dt.date.today(), *key)
        body = self._cache.get(full)
        if body is None:

            def build(_check: Check) -> bytes:
                return bytes(CliJSON(jsonable(compute(session))).body)

            body = await self.reads.run(build, self.limits.request_seconds, "read")
            with self._lock:
                self._cache[full] = body
                while len(self._cache) > 512:
                    self._cache.popitem(last=False)
        return self.mark(Response(body, media_type="application/json"), session)

    def check_rate(self, request: Request) -> None:
        """Count an expensive request against its client's address; 429 past ``model_rate``."""
        client = request.client.host if request.client else "unknown"
        if self._limiter.hit(self._rate, "expensive", client):
            return
        reset = self._limiter.get_window_stats(self._rate, "expensive", client).reset_time
        wait = max(1, math.ceil(reset - time.time()))
        raise Problem(
            429,
            f"more than {self.limits.model_rate} expensive requests (simulate, assess, validate) "
            f"from {client}; try again in {wait} s",
            headers={"Retry-After": str(wait)},
        )

    async def run_model(
        self, fn: Callable[[Check], T], seconds: float | None = None, request: Request | None = None
    ) -> T:
        """Run the model computation ``fn(check)`` in the ``models`` pool within the time limit
        (503 past it, or when the pool and its queue are full); ``request`` is rate-limited first."""
        if request is not None:
            self.check_rate(request)
        limit = seconds if seconds is not None else self.limits.max_seconds
        return await self.models.run(fn, limit)

    def close(self) -> None:
        """Stop the pools (at shutdown)."""
        for pool in (self.models, self.reads, self.writes):
            pool.shutdown()
