"""Reading YAML data files while keeping line numbers, so a bad file can say "file:line: what is wrong"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from csto.errors import DataFileError

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


def read_yaml(path: Path, text: str | None = None) -> Any:
    """Parse a YAML file; syntax errors become :class:`DataFileError` with the line."""
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise DataFileError(str(path), None, f"cannot read: {exc.strerror}") from None
        except UnicodeDecodeError as exc:
            raise DataFileError(str(path), None, f"not UTF-8 text ({exc.reason})") from None
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        # an unterminated scalar is reported at the end of the file; its opening line is more useful
        context = exc.context or ""
        scanning = "quoted scalar" in context or "flow" in context
        mark = (exc.context_mark if scanning else None) or exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise DataFileError(str(path), line, f"YAML syntax: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise DataFileError(str(path), None, f"YAML syntax: {exc}") from None


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
