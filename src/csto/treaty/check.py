"""Checks of a parsed rules file against the record: every id it names exists, every condition is known."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from csto.errors import DataFileError
from csto.record.record import Record
from csto.record.yamlio import LineDict, line_of

if TYPE_CHECKING:
    from csto.treaty.rulebook import RuleBook


def _last_line(node: Any) -> int:
    """The last line a parsed node (mapping or list) occupies, as far as the loader recorded lines."""
    best = node.line if isinstance(node, LineDict) else 0
    children = (
        list(node.values()) if isinstance(node, dict) else node if isinstance(node, list) else []
    )
    if isinstance(node, LineDict):
        best = max([best, *node.key_lines.values()])
    for child in children:
        best = max(best, _last_line(child))
    return best


def item_line(raw: Any, section: str, index: int) -> int | None:
    """The line of item ``index`` of list ``section`` in ``raw``; a bare string item has no line of its
    own, so it is counted from its neighbours (strings occupy one line each)."""
    items = raw.get(section) if isinstance(raw, dict) else None
    if not isinstance(items, list) or not 0 <= index < len(items):
        return line_of(raw, (section,))
    if isinstance(items[index], LineDict):
        return items[index].line
    for k in range(index + 1, len(items)):
        if isinstance(items[k], LineDict):
            return items[k].line - (k - index)
    for j in range(index - 1, -1, -1):
        if isinstance(items[j], LineDict):
            return _last_line(items[j]) + (index - j)
    key = raw.key_lines.get(section) if isinstance(raw, LineDict) else None
    return key + 1 + index if key is not None else None


def check_rules(
    book: RuleBook,
    record: Record,
    path: Path,
    sections: dict[str, list[tuple[Any, Any, int | None]]],
) -> None:
    """Raise :class:`DataFileError` (file, line, what) for the first reference that does not resolve."""
    from csto.treaty.conditions import VOCABULARY

    def fail(raw: Any, loc: tuple[str | int, ...], message: str) -> None:
        if len(loc) == 2 and loc[0] in ("trigger", "preconditions") and isinstance(loc[1], int):
            raise DataFileError(str(path), item_line(raw, str(loc[0]), loc[1]), message)
        raise DataFileError(str(path), line_of(raw, loc), message)

    def claims(raw: Any, ids: list[str], loc: tuple[str | int, ...]) -> None:
        for i, cid in enumerate(ids):
            if cid not in record.claims:
                fail(
                    raw,
                    (*loc, i),
                    f"unknown claim {cid!r}: every claim cited must be in the record",
                )

    for name, rows in sections.items():
        seen: dict[str, int | None] = {}
        for obj, raw, line in rows:
            if obj.id in seen:
                fail(
                    raw,
                    ("id",),
                    f"duplicate {name[:-1]} id {obj.id!r} (first at line {seen[obj.id]})",
                )
            seen[obj.id] = line

    for treaty, raw, _ in sections["treaties"]:
        if treaty.alliance not in record.alliances:
            fail(raw, ("alliance",), f"unknown alliance {treaty.alliance!r}")
        if treaty.instrument not in record.instruments:
            fail(raw, ("instrument",), f"unknown instrument {treaty.instrument!r}")
        for i, party in enumerate(treaty.cited_parties):
            if party.state not in record.states:
                fail(raw, ("cited_parties", i), f"unknown state {party.state!r}")
            claims(raw, party.claims, ("cited_parties", i, "claims"))

    for proc, raw, _ in sections["procedures"]:
        if proc.treaty not in book.treaties:
            fail(raw, ("treaty",), f"unknown treaty {proc.treaty!r}")
        if proc.body is not None and proc.body not in record.bodies:
            fail(raw, ("body",), f"unknown body {proc.body!r}; known: {', '.join(record.bodies)}")
        claims(raw, proc.claims, ("claims",))

    for rule, raw, _ in sections["rules"]:
        if rule.treaty not in book.treaties:
            fail(raw, ("treaty",), f"unknown treaty {rule.treaty!r}")
        provision = record.provisions.get(rule.provision)
        if provision is None:
            fail(raw, ("provision",), f"unknown provision {rule.provision!r} (see provisions.yaml)")
        elif provision.external != rule.external:
            fail(
                raw,
                ("external",),
                f"external is {rule.external} but provision {rule.provision} has external: "
                f"{provision.external}",
            )
        claims(raw, rule.claims, ("claims",))
        procedure = book.procedures.get(rule.decided_by)
        if procedure is None:
            fail(raw, ("decided_by",), f"unknown procedure {rule.decided_by!r}")
        elif procedure.treaty != rule.treaty:
            fail(raw, ("decided_by",), f"procedure {procedure.id} belongs to {procedure.treaty}")
        for section in ("trigger", "preconditions"):
            for i, spec in enumerate(getattr(rule, section)):
                cond = VOCABULARY.get(spec.name)
                if cond is None:
                    known = ", ".join(sorted(VOCABULARY))
                    fail(raw, (section, i), f"unknown condition {spec.name!r}; known: {known}")
                    continue
                extra = set(spec.args) - set(cond.params)
                if extra:
                    fail(
                        raw,
                        (section, i),
                        f"condition {spec.name} takes no argument {sorted(extra)[0]!r} "
                        f"(it takes: {', '.join(cond.params) or 'none'})",
                    )
                problem = cond.check(spec.args, record)
                if problem:
                    fail(raw, (section, i), f"condition {spec.name}: {problem}")
