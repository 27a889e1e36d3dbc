"""What the routes share: the store, the limits, and the session kept current with the store.

:class:`AppState` holds one open store and hands every request the session (:class:`csto.session.Csto`) of
the store's current revision (checked at most every ``record_refresh_seconds``); a write through this server
refreshes it at once. :class:`CliJSON` encodes JSON as ``csto … --json`` does.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from starlette.responses import JSONResponse, Response

from csto.serve.limits import Limits
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
    """JSON encoded as ``csto … --json`` encodes it (UTF-8, dates and other objects as text)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, default=str).encode("utf-8")


class AppState:
    """What the routes share: the store, the limits, the session (refreshed when the store changes)."""

    def __init__(self, store: Store | None, limits: Limits, record_dir: Path | None = None) -> None:
        from csto.record.load import record_dir as default_record_dir

        self.store = store
        self.limits = limits
        self.record_dir = record_dir if record_dir is not None else default_record_dir()
        self._session: Csto | None = None
        self._checked = -math.inf
        self._lock = threading.Lock()
        self._cache: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
        self.models = threading.BoundedSemaphore(limits.max_concurrent_models)

    def session(self) -> Csto:
        """The session of the store's current revision (the shipped record alone without a store)."""
        from csto.session import session_from

        now = time.monotonic()
        current = self._session
        if current is None or now - self._checked > self.limits.record_refresh_seconds:
            with self._lock:
                current = session_from(self.record_dir, self.store)
                self._session = current
                self._checked = now
        return current

    def invalidate(self) -> None:
        self._checked = -math.inf

    def cached(self, key: tuple[Any, ...], compute: Callable[[Csto], Any]) -> Response:
        """A JSON response for ``key`` on the current session, computed once per data hash and day."""
        import datetime as dt

        session = self.session()
        full = (session.data_hash, dt.date.today(), *key)
        body = self._cache.get(full)
        if body is None:
            body = bytes(CliJSON(jsonable(compute(session))).body)
            with self._lock:
                self._cache[full] = body
                while len(self._cache) > 512:
                    self._cache.popitem(last=False)
        return Response(body, media_type="application/json")

    def guarded(self, fn: Callable[[], T]) -> T:
        """Run a model computation holding one of the limited slots (runs in a worker thread)."""
        if not self.models.acquire(timeout=self.limits.max_seconds):
            raise Problem(503, "the server is busy with other computations; try again shortly")
        try:
            return fn()
        finally:
            self.models.release()

    async def run_model(self, fn: Callable[[], T], seconds: float | None = None) -> T:
        """Run ``fn`` in a thread within the time limit (503 past it; the slot stays taken until done)."""
        import anyio

        limit = seconds if seconds is not None else self.limits.max_seconds
        try:
            with anyio.fail_after(limit):
                return await anyio.to_thread.run_sync(self.guarded, fn, abandon_on_cancel=True)
        except TimeoutError:
            raise Problem(
                503,
                f"the computation took longer than the limit of {limit:g} s; ask for fewer draws",
            ) from None
