"""The FastAPI application: JSON API under ``/api``, the web page at ``/``, docs at ``/docs``.

Routes are thin over the library: each calls the function the CLI calls, on the session
(:class:`csto.session.Csto`) that :class:`~csto.serve.state.AppState` keeps current with the store, and
returns the same JSON. No CORS headers are sent (the API is for same-origin pages and for scripts), and every
error is a problem document.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from csto.serve import api, model_routes, pages, problems, writes
from csto.serve.guards import Deadline, NoTokensInUrls, scrub_access_log
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
    ``record_dir`` (default: the shipped one, or ``$CSTO_RECORD_DIR``).

    Every request has a deadline and may not carry a token in its URL (:mod:`csto.serve.guards`);
    model, read and write work run in separate bounded pools, and expensive routes are rate-limited per
    client (:class:`~csto.serve.state.AppState`). When the store cannot be read, the record routes and
    pages answer from the shipped record (``Csto-Store: unavailable``) and the store routes answer 503.
    """
    from contextlib import asynccontextmanager

    from fastapi.staticfiles import StaticFiles

    from csto.version import __version__

    limits = limits or Limits()
    state = AppState(store, limits, record_dir)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        scrub_access_log()  # again, after uvicorn has configured its loggers
        yield
        state.close()

    scrub_access_log()
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
        lifespan=lifespan,
    )
    app.state.csto = state
    problems.install(app)
    app.include_router(api.router(app.state.csto))
    app.include_router(model_routes.router(app.state.csto))
    app.include_router(writes.router(app.state.csto))
    app.include_router(pages.router(app.state.csto))
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    _docs(app)
    _schemas(app, state)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, max_bytes=limits.max_body_bytes)
    app.add_middleware(Deadline, limits=limits)
    app.add_middleware(NoTokensInUrls)
    return app


def _schemas(app: FastAPI, state: AppState) -> None:
    """Complete the OpenAPI document with what is known only from the data: the scenario's schema
    (the ``Crisis`` model and its parts) among the components, which the scenario bodies of
    ``POST /api/simulate`` and ``/api/assess`` refer to, and the values of the ``treaty`` (the rules'
    treaties) and ``model`` (the registered models) parameters."""
    from typing import Any

    from csto.behaviour.registry import MODELS
    from csto.serve.bodies import scenario_schemas

    plain = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            spec = plain()
            spec.setdefault("components", {}).setdefault("schemas", {}).update(scenario_schemas())
            enums = {"treaty": sorted(state.session().rules.treaties), "model": list(MODELS)}
            for path, operations in spec["paths"].items():
                for param in (p for op in operations.values() for p in op.get("parameters", [])):
                    if param["in"] == "query" and param["name"] in enums:
                        param["schema"]["enum"] = enums[param["name"]]
                    if path.startswith("/api/simulate") and param["name"] == "draws":
                        param["schema"].update(minimum=1, maximum=state.limits.max_draws)
            app.openapi_schema = spec
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


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
