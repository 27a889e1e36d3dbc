"""Errors as ``application/problem+json`` (RFC 9457), with the CLI's messages."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from csto.errors import CstoError, DataFileError, DateError, UnknownNameError

PROBLEM = "application/problem+json"

TITLES = {
    400: "Bad request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Invalid input",
    429: "Too many requests",
    500: "Internal error",
    503: "Service unavailable",
    504: "Timed out",
    507: "Insufficient storage",
}


class Problem(Exception):
    """An error to answer with a problem document."""

    def __init__(
        self, status: int, detail: str, *, headers: dict[str, str] | None = None, **extra: Any
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.headers = headers
        self.extra = extra


def problem(
    status: int, detail: str, *, headers: dict[str, str] | None = None, **extra: Any
) -> Response:
    """A problem document (RFC 9457) with ``status``, ``detail`` and any ``extra`` members."""
    body = {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **extra,
    }
    headers = dict(headers or {})
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def status_of(exc: CstoError) -> int:
    from csto.store.errors import StoreError

    if isinstance(exc, StoreError):
        return exc.status
    if isinstance(exc, UnknownNameError):
        return 404
    return 422


def from_error(exc: CstoError) -> Response:
    """The problem document of an error meant for a person; a fault of the store names its kind
    (``fault``: ``unreachable``, ``busy``, ``full``, …) and, when it may pass, a ``Retry-After``."""
    from csto.store.errors import StoreUnavailable

    extra: dict[str, Any] = {}
    if isinstance(exc, StoreUnavailable):
        retry = {"Retry-After": "5"} if exc.status == 503 else None
        return problem(status_of(exc), str(exc), headers=retry, fault=exc.fault)
    if isinstance(exc, UnknownNameError):
        extra = {"kind": exc.kind, "name": exc.name, "suggestions": exc.suggestions}
    elif isinstance(exc, DataFileError):
        extra = {"file": exc.path, "line": exc.line}
    elif isinstance(exc, DateError):
        extra = {"kind": "date"}
    return problem(status_of(exc), str(exc), **extra)


def _validation_detail(exc: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    errors = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ())]
        errors.append({"field": ".".join(loc), "message": str(err.get("msg", ""))})
    first = errors[0] if errors else {"field": "", "message": "invalid request"}
    return f"{first['field']}: {first['message']}", errors


def install(app: FastAPI) -> None:
    """Answer every error, expected or not, with a problem document (never a bare 500 page)."""

    @app.exception_handler(Problem)
    async def _problem(_request: Request, exc: Problem) -> Response:
        return problem(exc.status, exc.detail, headers=exc.headers, **exc.extra)

    @app.exception_handler(CstoError)
    async def _csto(_request: Request, exc: CstoError) -> Response:
        return from_error(exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> Response:
        detail, errors = _validation_detail(exc)
        return problem(422, detail, errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 400 and "parsing the body" in str(exc.detail):
            return problem(422, "body: not valid JSON")
        return problem(exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> Response:  # pragma: no cover
        import logging

        logging.getLogger("csto.serve").exception("unexpected error")
        return problem(500, f"unexpected error: {type(exc).__name__}")
