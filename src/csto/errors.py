"""Errors that carry a message meant for the user (the CLI prints them without a traceback)."""

from __future__ import annotations


class CstoError(Exception):
    """Base class of every error whose message is meant for a person."""


class DateError(CstoError, ValueError):
    """A date that is malformed or impossible; the message says why."""


class UnknownNameError(CstoError, LookupError):
    """A name (state, case, source, …) that the record does not know; the message suggests matches."""

    def __init__(self, kind: str, name: str, suggestions: list[str]) -> None:
        self.kind = kind
        self.name = name
        self.suggestions = suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"Unknown {kind} {name!r}.{hint}")


class NotInRecordError(CstoError, LookupError):
    """A real state the record does not hold: it was never a member of the CST/CSTO.

    ``label`` names it with its codes (``Moldova (MDA, COW 359)``).
    """

    def __init__(self, label: str) -> None:
        self.label = label
        super().__init__(f"{label} is not a state of the record: never a member of the CST/CSTO")


class DataFileError(CstoError):
    """A data file that does not validate; the message names the file and the line."""

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
