"""The team's store over HTTP: propose claims, review them, manage users, read the audit log.

Every route here needs ``Authorization: Bearer TOKEN``: none or an unknown token → 401, a role too low →
403. Tokens are compared by their SHA-256 and never logged or echoed; a user's token is returned once, in
the answer to the request that creates the user.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.responses import Response

from csto.serve import schemas
from csto.serve.problems import PROBLEM, Problem
from csto.serve.state import CliJSON, jsonable
from csto.store.rows import AuditEntryRow, Me, NewUser, StoredClaim, StoredSource, UserRow
from csto.store.store import Store

if TYPE_CHECKING:
    from csto.serve.state import AppState

ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": schemas.ProblemDoc, "content": {PROBLEM: {}}, "description": text}
    for status, text in (
        (400, "Malformed request"),
        (401, "No bearer token, or a token that matches no user"),
        (403, "The user's role does not allow this"),
        (404, "No such claim"),
        (409, "Conflicts with what is stored (id taken, claim already reviewed)"),
        (413, "Request body too large"),
        (415, "Body neither JSON nor YAML"),
        (422, "Invalid input (the message names the field)"),
        (503, "No store, the store cannot be reached or is locked, or the server is busy"),
        (507, "The store's disk is full; nothing was written"),
    )
}


ClaimP = Annotated[str, Path(min_length=1, max_length=80, description="A team claim's id.")]

bearer = HTTPBearer(auto_error=False, description="A token from `csto users add`.")


def _store(request: Request) -> Store:
    store: Store | None = request.app.state.csto.store
    if store is None:
        raise Problem(503, "this server has no store: start it with csto serve")
    return store


def current_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> UserRow:
    """The user whose bearer token came with the request (401 without one)."""
    token = credentials.credentials if credentials is not None else None
    return _store(request).authenticate(token)


User = Annotated[UserRow, Depends(current_user)]


def ok(data: Any, status: int = 200) -> Response:
    """``data`` (a row, a list of rows, or plain data) as the CLI's ``--json`` prints it."""
    return CliJSON(jsonable(data), status_code=status)


def router(state: AppState) -> APIRouter:
    r = APIRouter(prefix="/api", tags=["store"], responses=ERRORS)

    def store() -> Store:
        if state.store is None:
            raise Problem(503, "this server has no store: start it with csto serve")
        return state.store

    def done(data: Any, status: int = 200) -> Response:
        state.invalidate()
        return ok(data, status)

    async def write(fn: Callable[[], Any]) -> Any:
        """Run a store transaction in the ``writes`` pool (it may wait up to the lock timeout)."""
        return await state.writes.run(lambda _check: fn(), state.limits.request_seconds, "write")

    async def read(fn: Callable[[], Any]) -> Any:
        """Run a store read in the ``reads`` pool."""
        return await state.reads.run(lambda _check: fn(), state.limits.request_seconds, "read")

    @r.get("/me", response_model=Me)
    async def me(who: User) -> Response:
        """The signed-in user: name and role."""
        return ok(Me.of(who))

    @r.get("/store/claims", response_model=list[StoredClaim])
    async def stored_claims(
        who: User,
        status: Annotated[str | None, Query(pattern="^(proposed|accepted|rejected)$")] = None,
    ) -> Response:
        """The team's claims with their review state (any signed-in user)."""
        return ok(await read(lambda: store().claims(status)))

    @r.get("/store/claims/{claim_id}", response_model=StoredClaim)
    async def stored_claim(who: User, claim_id: ClaimP) -> Response:
        """One team claim with its review state."""
        return ok(await read(lambda: store().claim(claim_id)))

    @r.get("/store/sources", response_model=list[StoredSource])
    async def stored_sources(who: User) -> Response:
        """The team's sources."""
        return ok(await read(lambda: store().sources()))

    @r.post(
        "/store/claims",
        status_code=201,
        response_model=list[StoredClaim],
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/ClaimsDocument"}},
                    "application/yaml": {"schema": {"type": "string"}},
                },
            }
        },
    )
    async def propose(request: Request, who: User) -> Response:
        """Propose claims (editors): the record's claim format, with new team sources, as JSON or YAML.

        Each claim needs a verbatim quote and cites a team source that has a title and a URL or a
        bibliographic reference. All claims of one request are stored together or not at all.
        """
        from csto.serve.bodies import read_document

        if not who.can("editor"):
            raise Problem(
                403, f"{who.name} is a {who.role}; proposing claims needs the editor role"
            )
        document = await read_document(request)
        from csto.record.load import load_record

        rows = await write(
            lambda: store().propose(document, by=who, record=load_record(state.record_dir))
        )
        return done(rows, 201)

    @r.post("/store/claims/{claim_id}/review", response_model=StoredClaim)
    async def review(who: User, claim_id: ClaimP, body: schemas.ReviewIn) -> Response:
        """Accept or reject a proposed claim with a reason (reviewers; not one's own claim). A review
        by the admin who created the author's account, or through an account the author created, is
        flagged in the audit log."""
        row = await write(
            lambda: store().review(claim_id, accept=body.accept, reason=body.reason, by=who)
        )
        return done(row)

    @r.post("/users", status_code=201, response_model=NewUser)
    async def add_user(who: User, body: schemas.UserIn) -> Response:
        """Create a user (admins). The answer holds the token: it is shown this once."""
        info, token = await write(lambda: store().add_user(body.name, body.role, by=who))
        return done(NewUser.of(info, token), 201)

    @r.get("/users", response_model=list[UserRow])
    async def users(who: User) -> Response:
        """Every user, without tokens (admins)."""
        if not who.can("admin"):
            raise Problem(403, f"{who.name} is a {who.role}; the user list is for admins")
        return ok(await read(lambda: store().users()))

    @r.get("/audit", response_model=list[AuditEntryRow])
    async def audit(
        who: User,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> Response:
        """The audit log, newest first: who did what, when (admins)."""
        return ok(await read(lambda: store().audit(limit, offset, by=who)))

    return r
