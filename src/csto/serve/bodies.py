"""Request bodies as JSON or YAML: size-limited (by the app's middleware), alias-free, parsed safely."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from starlette.requests import Request

from csto.serve.problems import Problem

if TYPE_CHECKING:
    from csto.crisis import Crisis
    from csto.record.record import Record

Kind = Literal["json", "yaml"]
YAML_TYPES = ("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain")


async def read_text(request: Request) -> tuple[str, Kind]:
    """The body as text and its kind, from the Content-Type (JSON when none is given)."""
    ctype = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if ctype in ("application/json", "") or ctype.endswith("+json"):
        kind: Kind = "json"
    elif ctype in YAML_TYPES:
        kind = "yaml"
    else:
        raise Problem(415, f"send the body as application/json or application/yaml, not {ctype}")
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(422, f"body: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if not text.strip():
        raise Problem(422, "body: empty; send a JSON or YAML document")
    return text, kind


def _no_aliases(text: str) -> None:
    import yaml

    try:
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise Problem(422, "body: YAML anchors and aliases (*name) are not accepted")
    except yaml.YAMLError as exc:
        raise Problem(422, f"body: not valid YAML: {_yaml_message(exc)}") from None


def _yaml_message(exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None)
    what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"line {mark.line + 1}: {what}" if mark is not None else str(what)


def parse(text: str, kind: Kind) -> Any:
    """Parse a JSON or YAML document; 422 with the reason if it is not one."""
    try:
        if kind == "json":
            return json.loads(text, parse_constant=_no_constant)
        _no_aliases(text)
        import yaml

        return yaml.safe_load(text)
    except Problem:
        raise
    except json.JSONDecodeError as exc:
        raise Problem(422, f"body: not valid JSON: {exc.msg} (line {exc.lineno})") from None
    except RecursionError:
        raise Problem(422, "body: nested too deeply") from None
    except Exception as exc:
        raise Problem(422, f"body: not valid YAML: {_yaml_message(exc)}") from None


def _no_constant(name: str) -> Any:
    raise Problem(422, f"body: {name} is not a JSON number")


async def read_document(request: Request) -> Any:
    text, kind = await read_text(request)
    return parse(text, kind)


def scenario_crisis(text: str, kind: Kind, record: Record) -> Crisis:
    """A scenario body read exactly as ``csto assess FILE.yaml`` reads a file (same messages)."""
    from csto.crisis import load_scenario
    from csto.errors import DataFileError

    if kind == "json":
        parse(text, "json")  # a clear JSON error first; JSON is then read as YAML, which it is
    _no_aliases(text)
    with tempfile.TemporaryDirectory(prefix="csto-scenario-") as tmp:
        path = Path(tmp) / "scenario.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            return load_scenario(path, record)
        except DataFileError as exc:
            message = str(exc).replace(str(path), "scenario")
            raise Problem(422, message, file="scenario", line=exc.line) from None
        except RecursionError:
            raise Problem(422, "scenario: nested too deeply") from None


EXAMPLE_SCENARIO = {
    "id": "clash",
    "title": "A border clash",
    "date": "2024-05-01",
    "victim": "ARM",
    "adversary": "AZE",
    "requested": "military_assistance",
    "requester": "ARM",
}
"""A scenario the server accepts, given in the schema as its example (fuzzers start from it)."""


def scenario_schemas() -> dict[str, Any]:
    """The JSON schemas of a scenario (``Crisis``) and its parts, for the OpenAPI components."""
    from csto.crisis import Crisis

    schema = Crisis.model_json_schema(ref_template="#/components/schemas/{model}")
    parts: dict[str, Any] = schema.pop("$defs", {})
    return {**parts, "Crisis": {**schema, "examples": [EXAMPLE_SCENARIO]}}


def scenario_body() -> dict[str, Any]:
    """The OpenAPI request body of a scenario: the scenario file's mapping (the ``Crisis`` schema), as
    JSON or YAML."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {"$ref": "#/components/schemas/Crisis"},
                    "example": EXAMPLE_SCENARIO,
                },
                "application/yaml": {"schema": {"type": "string"}},
            },
        }
    }
