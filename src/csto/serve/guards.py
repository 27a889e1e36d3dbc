"""What guards every request: a deadline, and no token in a URL (where logs, history and proxies keep it).

* :class:`Deadline` answers 503 to a request not answered within its deadline (``request_seconds``;
  ``max_validate_seconds`` for the validation), reading a slow body included; the handler is cancelled.
* :class:`NoTokensInUrls` refuses (400) a request whose query string carries a credential (a parameter
  named like one, or a value shaped like a csto token), before any route sees it.
* :class:`ScrubAccessLog` is a :mod:`logging` filter on uvicorn's access logger that hides such values
  in the logged path, so a refused token is not written to the log either.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import parse_qsl

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from csto.serve.limits import Limits
from csto.serve.problems import problem

CREDENTIAL_NAMES = frozenset(
    {"token", "access_token", "api_key", "apikey", "auth", "authorization", "bearer", "key"}
)
"""Query parameters that name a credential, compared without case."""
TOKEN_SHAPE = re.compile(r"csto_[A-Za-z0-9_-]{8,}")
"""A csto bearer token (``csto_`` and URL-safe base64; :mod:`csto.store.users`)."""
_PARAM = re.compile(r"(?P<name>[^?&=]+)=(?P<value>[^&#\s]*)")


def has_credential(query: str) -> bool:
    """Does the query string carry a credential?

    >>> has_credential("on=2008-01-01"), has_credential("token=x"), has_credential("q=csto_abcdefgh12")
    (False, True, True)
    """
    pairs = parse_qsl(query, keep_blank_values=True)
    return any(k.lower() in CREDENTIAL_NAMES or TOKEN_SHAPE.search(v) for k, v in pairs) or bool(
        TOKEN_SHAPE.search(query)
    )


def scrub(path: str) -> str:
    """``path`` with every credential in its query string replaced by ``***``.

    >>> scrub("/api/me?token=csto_abcdefgh12&on=2008-01-01")
    '/api/me?token=***&on=2008-01-01'
    """
    if "?" not in path:
        return TOKEN_SHAPE.sub("***", path)
    head, query = path.split("?", 1)

    def hide(m: re.Match[str]) -> str:
        name = m.group("name")
        if name.lower() in CREDENTIAL_NAMES or TOKEN_SHAPE.search(m.group("value")):
            return f"{name}=***"
        return m.group(0)

    return TOKEN_SHAPE.sub("***", head) + "?" + TOKEN_SHAPE.sub("***", _PARAM.sub(hide, query))


class ScrubAccessLog(logging.Filter):
    """Hide credentials in the path of uvicorn's access log lines (``args[2]`` of its message)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], scrub(args[2]), *args[3:])
        elif isinstance(record.msg, str):
            record.msg = scrub(record.msg)
        return True


def scrub_access_log() -> None:
    """Install :class:`ScrubAccessLog` on uvicorn's access logger (once)."""
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, ScrubAccessLog) for f in logger.filters):
        logger.addFilter(ScrubAccessLog())


class NoTokensInUrls:
    """Refuse, with 400, a request that carries a credential in its query string."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        query = scope.get("query_string", b"").decode("latin-1") if scope["type"] == "http" else ""
        if query and has_credential(query):
            refused = problem(
                400,
                "a token goes in the Authorization header, never in the URL (URLs are logged and "
                "kept in histories): this request was refused; replace the token if it was real",
            )
            await refused(scope, receive, send)
            return
        await self.app(scope, receive, send)


class Deadline:
    """Answer 503 to a request still unanswered after its deadline (and cancel its handler)."""

    def __init__(self, app: ASGIApp, limits: Limits) -> None:
        self.app = app
        self.limits = limits

    def seconds(self, path: str) -> float:
        """The deadline of a request for ``path``: the validation has its own, longer one."""
        if path.startswith("/api/validate"):
            return self.limits.max_validate_seconds + 1
        return self.limits.request_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        seconds = self.seconds(scope.get("path", ""))
        with anyio.move_on_after(seconds) as scope_:
            await self.app(scope, receive, tracking)
        if scope_.cancelled_caught and not started:
            late = problem(
                503,
                f"the request was not answered within its deadline of {seconds:g} s",
                headers={"Retry-After": "5"},
            )
            await late(scope, receive, send)
