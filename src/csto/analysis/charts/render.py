"""Rendering a chart: its Vega-Lite spec, SVG, PNG, one self-contained HTML page, and saving to a file.

Everything runs offline: ``vl-convert-python`` renders SVG and PNG in its embedded Vega engine and ships
the Vega, Vega-Lite and Vega-Embed JavaScript that HTML output inlines (:func:`javascript_bundle`).
A chart is an Altair chart or its spec as a dict (the report keeps specs).
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from csto.errors import CstoError

if TYPE_CHECKING:
    import altair as alt

    ChartLike: TypeAlias = alt.TopLevelMixin | dict[str, Any]


def spec(chart: ChartLike) -> dict[str, Any]:
    """The chart's Vega-Lite spec as a dict, without the ``$schema`` address; a dict passes through."""
    if isinstance(chart, dict):
        return chart
    out: dict[str, Any] = chart.to_dict()
    out.pop("$schema", None)
    return out


def vegalite_version() -> str:
    """The Vega-Lite version (major.minor) to render with: Altair's, when vl-convert has it, else
    vl-convert's newest."""
    import altair as alt
    import vl_convert as vlc

    wanted = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    versions = vlc.get_vegalite_versions()
    return wanted if wanted in versions else versions[-1]


_SVG_ID = re.compile(r'(id="|url\(#)((?:clip|gradient_)\d+)')


def _stable_ids(svg: str) -> str:
    """Vega numbers clip paths and gradients with a counter that runs across charts: renumber from 0."""
    names: dict[str, str] = {}

    def rename(m: re.Match[str]) -> str:
        old = m.group(2)
        if old not in names:
            names[old] = f"{'clip' if old.startswith('clip') else 'gradient_'}{len(names)}"
        return m.group(1) + names[old]

    return _SVG_ID.sub(rename, svg)


def to_svg(chart: ChartLike) -> str:
    """The chart (or its spec) as SVG text; clip-path and gradient ids renumbered from 0, so the same chart
    always gives the same bytes."""
    import vl_convert as vlc

    return _stable_ids(str(vlc.vegalite_to_svg(spec(chart), vl_version=vegalite_version())))


def svg_to_png(svg: str, scale: float = 2.0) -> bytes:
    """SVG text rasterised to PNG bytes at ``scale`` device pixels per SVG pixel."""
    import vl_convert as vlc

    return bytes(vlc.svg_to_png(svg, scale=scale))


def to_png(chart: ChartLike, scale: float = 2.0) -> bytes:
    """The chart as PNG bytes, rasterised from :func:`to_svg` (so the two files always agree)."""
    return svg_to_png(to_svg(chart), scale)


@functools.lru_cache(maxsize=1)
def javascript_bundle() -> str:
    """Vega, Vega-Lite and Vega-Embed as one script (from vl-convert; defines ``window.vegaEmbed``).

    Bundling takes about a second, so the result is kept in :mod:`csto.cache` (kind ``vega-bundle``),
    keyed by the three libraries' versions.
    """
    import vl_convert as vlc

    from csto import cache

    version = vegalite_version()
    key = f"{vlc.get_vega_version()}-{version}-{vlc.get_vega_embed_version()}"
    hit = cache.load("vega-bundle", key)
    if isinstance(hit, str):
        return hit
    # the stub marks ``snippet`` as required; omitted, the bundle defines the globals (an empty one is empty)
    bundle = str(vlc.javascript_bundle(vl_version=version))  # type: ignore[call-arg]
    cache.store("vega-bundle", key, bundle)
    return bundle


def embed_script(specs: Mapping[str, dict[str, Any]]) -> str:
    """JavaScript that draws each spec of ``specs`` (element id → Vega-Lite spec) into the element with
    that id, with tooltips and no action links, and marks it ``data-rendered="true"`` when drawn."""
    payload = json.dumps(specs, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
    return (
        f"(function(){{var specs={payload};"
        "Object.keys(specs).forEach(function(id){"
        "var el=document.getElementById(id);if(!el){return;}"
        "vegaEmbed(el,specs[id],{actions:false,renderer:'svg'}).then(function(r){"
        "el.setAttribute('data-rendered','true');}).catch(function(e){"
        "el.textContent='This chart could not be drawn: '+e;});});})();"
    )


def to_html(chart: ChartLike, title: str = "csto chart") -> str:
    """One self-contained HTML page holding the chart (every script inlined; nothing is fetched)."""
    description = html.escape(str(spec(chart).get("description", title)))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:system-ui,sans-serif;margin:1rem}"
        ".fig{overflow-x:auto}</style></head><body>"
        f'<main><div class="fig" id="fig" role="img" aria-label="{description}" tabindex="0"></div></main>'
        f"<script>{javascript_bundle()}</script>"
        f"<script>{embed_script({'fig': spec(chart)})}</script>"
        "</body></html>\n"
    )


_URL = re.compile(r"(https?):(//)")


def _no_urls(script: str) -> str:
    r"""``script`` (JavaScript or JSON) with every ``http://`` and ``https://`` written ``http:\/\/``: the
    same text inside a JavaScript string, template, regular expression or JSON string (``\/`` is ``/``
    there), so no address appears to a scanner or is ever fetched."""
    return _URL.sub(lambda m: m.group(1) + r":\/\/", script)


def _inline_svg(svg: str) -> str:
    """SVG for inlining into HTML: the ``xmlns`` declarations dropped (HTML's parser puts ``<svg>`` in
    its namespace by itself)."""
    return re.sub(r'\s+xmlns(?::\w+)?="[^"]*"', "", svg)


def mimebundle(chart: ChartLike, **_options: Any) -> dict[str, str]:
    """The chart as a notebook MIME bundle that works offline: ``text/html`` holding the static SVG
    (:func:`to_svg`, shown even where the notebook runs no script) and, inlined, Vega, Vega-Lite and
    Vega-Embed (:func:`javascript_bundle`) with the spec, which replace it by the interactive chart with
    tooltips; and ``text/plain``, the chart's description. Nothing is fetched: the bundle holds no
    ``http(s)://`` address. Registered with Altair as the renderer ``csto``
    (:func:`use_offline_renderer`)."""
    import hashlib

    s = spec(chart)
    text = json.dumps(s, sort_keys=True, separators=(",", ":"))
    uid = "csto-" + hashlib.sha256(text.encode()).hexdigest()[:12]
    payload = _no_urls(text.replace("</", "<\\/"))
    embed = (
        f"(function(){{var el=document.getElementById('{uid}');if(!el||!window.vegaEmbed){{return;}}"
        f"var spec={payload};var target=document.createElement('div');"
        "vegaEmbed(target,spec,{actions:false,renderer:'svg'}).then(function(){"
        "el.replaceChildren(target);el.setAttribute('data-rendered','true');})"
        ".catch(function(){});})();"
    )
    html_text = (
        f'<div class="csto-chart" id="{uid}">{_inline_svg(to_svg(s))}</div>'
        f"<script>{_no_urls(javascript_bundle())}</script><script>{embed}</script>"
    )
    description = str(s.get("description", "a csto chart"))
    return {"text/html": html_text, "text/plain": f"<csto chart: {description}>"}


def use_offline_renderer() -> None:
    """Register :func:`mimebundle` with Altair as the renderer ``csto`` and make it the active one, unless
    the user chose another (Altair's ``default`` renderer loads nothing offline in some notebooks; the
    ``html`` one fetches Vega from a CDN). Every csto chart calls this when it is built, so charts show
    offline in Jupyter with no set-up; ``alt.renderers.enable("csto")`` does it for any Altair chart (the
    package also registers the renderer through Altair's entry point)."""
    import altair as alt

    if "csto" not in alt.renderers.names():
        alt.renderers.register("csto", mimebundle)
    if alt.renderers.active == "default":
        alt.renderers.enable("csto")


def save(chart: ChartLike, path: str | Path) -> Path:
    """Write the chart to ``path`` as PNG, SVG or HTML (by its suffix: ``.png``, ``.svg``, ``.html`` or
    ``.htm``), whole or not at all; return the path. Raises :class:`~csto.errors.CstoError` for another
    suffix or a file that cannot be written."""
    from csto.files import write_atomic

    path = Path(path)
    suffix = path.suffix.lower()
    content: bytes
    if suffix == ".png":
        content = to_png(chart)
    elif suffix == ".svg":
        content = to_svg(chart).encode("utf-8")
    elif suffix in (".html", ".htm"):
        content = to_html(chart, title=path.stem).encode("utf-8")
    else:
        raise CstoError(
            f"cannot save a chart as {suffix or 'a file without a suffix'}: use .png, .svg or .html"
        )
    write_atomic(path, content)
    return path
