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


class StoreUnavailable(StoreError):
    """The store cannot be used: the base of every fault of the store, its file or its database.

    Each subclass is one kind of fault with its own exit status on the CLI (``exit_code``, 20–26) and
    its own HTTP status (``status``); ``fault`` names the kind in the API's problem document. The message
    is one line with the driver's short message, never the SQL statement or its parameters. A read
    (:func:`csto.open`) answers from the shipped record with a warning when it meets one of these.
    """

    status = 503
    exit_code = 21
    fault = "unavailable"


class StoreConfigError(StoreUnavailable):
    """The store is named wrongly: a malformed or unsupported database URL, a data directory that is a
    file, a store file that is a directory, no such database or role."""

    status = 500
    exit_code = 20
    fault = "config"


class StoreUnreachable(StoreUnavailable):
    """The database server cannot be reached (refused, unknown host, stopped, connection lost)."""

    status = 503
    exit_code = 21
    fault = "unreachable"


class StoreCorrupt(StoreUnavailable):
    """The store file is not a SQLite database, or the database reports corrupt data."""

    status = 500
    exit_code = 22
    fault = "corrupt"


class StoreReadOnly(StoreUnavailable):
    """The store (its file, folder or database) cannot be written: read-only or not permitted."""

    status = 503
    exit_code = 23
    fault = "read-only"


class StoreBusy(StoreUnavailable):
    """Another writer held the store's lock past the lock timeout
    (:data:`csto.store.engine.LOCK_TIMEOUT`, 60 s); nothing was written, try again."""

    status = 503
    exit_code = 24
    fault = "busy"


class StoreFull(StoreUnavailable):
    """The disk (or the database's volume) is full; the write was rolled back whole."""

    status = 507
    exit_code = 25
    fault = "full"


class StoreIOError(StoreUnavailable):
    """The operating system failed to read or write the store's file (a disk I/O error, a file-size or
    quota limit); the write was rolled back whole."""

    status = 503
    exit_code = 26
    fault = "io"
