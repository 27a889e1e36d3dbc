"""Reading YAML data files while keeping line numbers, so a bad file can say "file:line: what is wrong"."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml

from csto.errors import DataFileError, InputTooDeep, NotTextError

MAX_DEPTH = 64
"""How deeply lists and mappings may nest in a YAML file (the record's files need 5 levels)."""

try:  # the C parser is much faster; fall back to pure Python where libyaml is missing
    _Base: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Base = yaml.SafeLoader


class LineDict(dict[str, Any]):
    """A mapping that remembers the line of itself and of each of its keys (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class _LineLoader(_Base):  # type: ignore[misc, valid-type]
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineDict:
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool):
                raise DataFileError(
                    str(getattr(node.start_mark, "name", "?")),
                    key_node.start_mark.line + 1,
                    "a mapping key must be a plain value",
                )
            if key in mapping:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            mapping[str(key)] = self.construct_object(value_node, deep=True)
            mapping.key_lines[str(key)] = key_node.start_mark.line + 1
        return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    lambda loader, node: loader.construct_mapping(node),
)
# Dates stay text: the record parses them itself, keeping their precision (PyYAML would turn
# 2022-01-06 into a datetime.date and lose nothing, but "2006" into an int and "2024-08-31?" into str).
_LineLoader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda loader, node: loader.construct_scalar(node),
)


def read_yaml(path: Path, text: str | None = None, *, aliases: bool = True) -> Any:
    """Parse a YAML file, read with the bounds of :func:`csto.files.read_input`; syntax errors become
    :class:`DataFileError` with the line, text that is not UTF-8 :class:`~csto.errors.NotTextError`, and
    nesting deeper than :data:`MAX_DEPTH` :class:`~csto.errors.InputTooDeep`. Without ``aliases`` (a
    user's input: a scenario, a claims document), an alias (``*name``) is refused: a few lines of them
    can expand to billions of items."""
    from csto.files import read_input

    if text is None:
        raw = read_input(path)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise NotTextError(
                str(path), None, f"not UTF-8 text ({exc.reason} at byte {exc.start})"
            ) from None
    try:
        if not aliases:
            _no_aliases(path, text)
        data = yaml.load(text, Loader=_LineLoader)
    except RecursionError:
        raise InputTooDeep(
            str(path), None, f"nested too deeply (at most {MAX_DEPTH} levels)"
        ) from None
    except yaml.MarkedYAMLError as exc:
        # an unterminated scalar is reported at the end of the file; its opening line is more useful
        context = exc.context or ""
        scanning = "quoted scalar" in context or "flow" in context
        mark = (exc.context_mark if scanning else None) or exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise DataFileError(str(path), line, f"YAML syntax: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise DataFileError(str(path), None, f"YAML syntax: {exc}") from None
    if _depth(data) > MAX_DEPTH:
        raise InputTooDeep(str(path), None, f"nested too deeply (at most {MAX_DEPTH} levels)")
    return data


def _no_aliases(path: Path, text: str) -> None:
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent):
            line = event.start_mark.line + 1 if event.start_mark is not None else None
            raise DataFileError(str(path), line, "YAML aliases (*name) are not accepted here")


def _depth(data: Any) -> float:
    """How deeply lists and mappings nest in ``data`` (a scalar: 0; a structure that contains itself,
    through a YAML alias: infinity), without recursion and visiting a shared part once."""
    heights: dict[int, float] = {}
    open_: set[int] = set()
    todo: list[tuple[Any, bool]] = [(data, False)]
    while todo:
        item, done = todo.pop()
        if not isinstance(item, dict | list) or (id(item) in heights and not done):
            continue
        children = [
            c
            for c in (item.values() if isinstance(item, dict) else item)
            if isinstance(c, dict | list)
        ]
        if done:
            open_.discard(id(item))
            heights[id(item)] = 1 + max((heights[id(c)] for c in children), default=0)
            continue
        if id(item) in open_:
            return math.inf
        open_.add(id(item))
        todo.append((item, True))
        for child in children:
            if id(child) in open_:
                return math.inf
            todo.append((child, False))
    return heights.get(id(data), 0)


def line_of(item: Any, loc: tuple[int | str, ...] = ()) -> int | None:
    """The best line for a location inside a parsed item (as pydantic's error ``loc``)."""
    best = item.line if isinstance(item, LineDict) else None
    node = item
    for part in loc:
        if isinstance(node, LineDict) and isinstance(part, str):
            if part in node.key_lines:
                best = node.key_lines[part]
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            if isinstance(node, LineDict):
                best = node.line
        else:
            break
    return best
