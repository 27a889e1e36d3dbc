"""Errors that carry a message meant for the user (the CLI prints them without a traceback)."""

from __future__ import annotations


class CstoError(Exception):
    """Base class of every error whose message is meant for a person.

    ``exit_code`` is the CLI's exit status for it: 2 (bad input) unless a subclass says otherwise (the
    store's faults 20–26, the file system's 30–34; see ``docs/reference/cli.md``)."""

    exit_code = 2


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


class FileAccessError(CstoError):
    """A file or directory that cannot be read or written (the operating system's reason: no such file,
    permission denied, file name too long, no space left, …). ``path`` is the file."""

    exit_code = 30

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{shorten(path)}: {reason}")


class InputTooLarge(DataFileError):
    """An input file over the size limit, or a device or pipe (which may never end) given as one."""

    exit_code = 31


class InputTooDeep(DataFileError):
    """An input file nested more deeply than the parser or the checks can follow (lists or mappings
    hundreds of levels deep)."""

    exit_code = 32


class NotTextError(DataFileError):
    """An input file that is not UTF-8 text."""

    exit_code = 33


def shorten(text: str, limit: int = 200) -> str:
    """``text``, or its start and end around ``…`` with its length when longer than ``limit``."""
    if len(text) <= limit:
        return text
    half = limit // 2
    return f"{text[:half]}…{text[-half:]} ({len(text):,} characters)"
