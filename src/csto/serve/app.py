"""The FastAPI application: JSON API under ``/api``, the web page at ``/``, docs at ``/docs``.

Routes are thin over the library: each calls the function the CLI calls, on the session
(:class:`csto.session.Csto`) that :class:`~csto.serve.state.AppState` keeps current with the store, and
returns the same JSON. No CORS headers are sent (the API is for same-origin pages and for scripts), and every
error is a problem document.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from csto.serve import api, model_routes, pages, problems, writes
from csto.serve.limits import Limits
from csto.serve.problems import problem
from csto.serve.state import WEB, AppState, CliJSON

if TYPE_CHECKING:
    from csto.store.store import Store


class BodyLimit:
    """Refuse request bodies larger than ``max_bytes`` with 413, whether sized or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        too_big = problem(413, f"the request body is larger than {self.max_bytes} bytes")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                await problem(400, "Content-Length is not a number")(scope, receive, send)
                return
            if size > self.max_bytes:
                await too_big(scope, receive, send)
                return
        received = 0
        started = False

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _TooLarge
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited, tracking)
        except _TooLarge:
            if not started:
                await too_big(scope, receive, send)


class _TooLarge(Exception):
    pass


class SecurityHeaders:
    """Conservative headers on every response: no sniffing, no framing, same-origin resources only."""

    HEADERS: ClassVar[list[tuple[bytes, bytes]]] = [
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
        (
            b"content-security-policy",
            b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            b"script-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
        ),
    ]

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def add(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.HEADERS]
            await send(message)

        await self.app(scope, receive, add)


def create_app(
    store: Store | None = None, limits: Limits | None = None, *, record_dir: Path | None = None
) -> FastAPI:
    """The application over ``store`` (None: read-only, the shipped record alone) and the record in
    ``record_dir`` (default: the shipped one, or ``$CSTO_RECORD_DIR``)."""
    from fastapi.staticfiles import StaticFiles

    from csto.version import __version__

    limits = limits or Limits()
    app = FastAPI(
        title="csto",
        version=__version__,
        description=(
            "The Collective Security Treaty Organization, computable: the sourced record as of a date, "
            "the treaty as rules, the model of how members decide, and a team's reviewed claims. "
            "JSON bodies match `csto … --json`; errors are application/problem+json."
        ),
        docs_url=None,
        redoc_url=None,
        default_response_class=CliJSON,
    )
    app.state.csto = AppState(store, limits, record_dir)
    problems.install(app)
    app.include_router(api.router(app.state.csto))
    app.include_router(model_routes.router(app.state.csto))
    app.include_router(writes.router(app.state.csto))
    app.include_router(pages.router(app.state.csto))
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    _docs(app)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=limits.max_body_bytes)
    return app


def _docs(app: FastAPI) -> None:
    """Swagger UI at ``/docs`` from the files the swagger-ui-bundle package ships (no CDN)."""
    import swagger_ui_bundle  # type: ignore[import-untyped]
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles
    from starlette.responses import HTMLResponse

    app.mount(
        "/docs-assets", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="docs-assets"
    )

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="csto API",
            swagger_js_url="/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger-ui.css",
            swagger_favicon_url="/docs-assets/favicon-32x32.png",
        )
