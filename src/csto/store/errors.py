"""Errors of the store; each carries a message for a person and maps to one HTTP status."""

from __future__ import annotations

from csto.errors import CstoError


class StoreError(CstoError):
    """Base class of the store's errors."""

    status = 400


class InvalidInput(StoreError):
    """Input that cannot be stored as given (the message names the field at fault)."""

    status = 422


class NotAuthenticated(StoreError):
    """No token, or a token that matches no user."""

    status = 401


class PermissionDenied(StoreError):
    """A known user whose role does not allow the action."""

    status = 403


class NotFound(StoreError):
    """A claim, source or user the store does not hold."""

    status = 404


class Conflict(StoreError):
    """A write that clashes with what is stored (a taken id, a claim already reviewed)."""

    status = 409
