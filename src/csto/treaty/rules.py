"""Loading ``rules.yaml`` (the provisions as data) and checking it against the record.

The file is validated like the record's data files: a bad item raises
:class:`~csto.errors.DataFileError` naming the file, the line and what is wrong. Beyond the schema it is
checked against the record: every provision, claim, body and instrument it names must exist, every condition
must be in the vocabulary (:mod:`csto.treaty.conditions`) with arguments it accepts. The shapes themselves
are in :mod:`csto.treaty.rulebook`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from csto.errors import DataFileError
from csto.record.record import Record
from csto.treaty.rulebook import Procedure, Rule, RuleBook, TreatyDef

__all__ = ["RuleBook", "load_rules", "parse_rules", "rules_path"]


def rules_path(root: Path | None = None) -> Path:
    """``rules.yaml`` of the record directory ``root`` (default: the shipped record's)."""
    from csto.record.load import record_dir

    return (root if root is not None else record_dir()) / "rules.yaml"


_BOOKS: dict[tuple[str, str, str], RuleBook] = {}


def load_rules(record: Record, path: Path | str | None = None) -> RuleBook:
    """Load ``path`` (default: the shipped ``rules.yaml``) and check it against ``record``.

    Cached by the file's path and bytes and the record's data hash, never by object identity. Raises
    :class:`~csto.errors.DataFileError` (file, line, what) for a bad file.
    """
    target = Path(path) if path is not None else rules_path()
    try:
        digest = hashlib.sha256(target.read_bytes()).hexdigest()
    except OSError as exc:
        raise DataFileError(str(target), None, f"cannot read the rules: {exc.strerror}") from None
    key = (str(target), digest, record.data_hash)
    hit = _BOOKS.get(key)
    if hit is not None:
        return hit
    book = parse_rules(target, record)
    if len(_BOOKS) > 8:
        _BOOKS.clear()
    _BOOKS[key] = book
    return book


def parse_rules(path: Path, record: Record, text: str | None = None) -> RuleBook:
    """Parse ``path`` (or ``text`` as if it were that file) and check it against ``record``."""
    from csto.record.load import parse_items
    from csto.record.yamlio import LineDict, read_yaml

    raw = read_yaml(path, text)
    if not isinstance(raw, LineDict):
        raise DataFileError(
            str(path), 1, "rules must be a mapping with treaties, procedures, rules"
        )
    unknown = set(raw) - {"treaties", "procedures", "rules"}
    if unknown:
        key = sorted(unknown)[0]
        raise DataFileError(
            str(path),
            raw.key_lines.get(key),
            f"unknown section {key!r} (expected treaties, procedures, rules)",
        )
    sections: dict[str, list[tuple[Any, Any, int | None]]] = {}
    for name, model in (("treaties", TreatyDef), ("procedures", Procedure), ("rules", Rule)):
        items = raw.get(name)
        if items is None:
            raise DataFileError(str(path), raw.line, f"missing section {name!r}")
        parsed = parse_items(path, model, items)
        sections[name] = [
            (obj, item, line) for (obj, line), item in zip(parsed, items, strict=True)
        ]
    book = RuleBook(
        treaties={t.id: t for t, _, _ in sections["treaties"]},
        procedures={p.id: p for p, _, _ in sections["procedures"]},
        rules=[r for r, _, _ in sections["rules"]],
        path=str(path),
        hash=hashlib.sha256(
            text.encode("utf-8") if text is not None else path.read_bytes()
        ).hexdigest(),
    )
    from csto.treaty.check import check_rules

    check_rules(book, record, path, sections)
    return book
