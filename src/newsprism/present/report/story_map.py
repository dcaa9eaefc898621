"""The story map: an inline SVG of the world's countries (`world`), zoomed to the story's
resolved places, one marker per place sized by how often the story names it, each linked to
the sentences that name it (listed under the map, cited).

`story_map` builds the plain view (projected coordinates, path data, markers); `map_html`
lays it out and `map_markdown` lists the places. The projection is equirectangular, its
x axis shrunk by the cosine of the view's middle latitude so that shapes keep their look near
it. No tile server, no request: the shapes ship with newsprism.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from newsprism.model import Analysis, Entity, Span, Story
from newsprism.present.report.cite import CitedLine, Citer, SourceRef
from newsprism.present.report.text import one_line
from newsprism.present.report.world import Country, world_countries

WIDTH = 640.0
MIN_SPAN = 12.0  # degrees of latitude shown at the least (one place, or places close by)
PADDING = 0.25  # of the places' extent, on each side
SENTENCES_PER_PLACE = 3
LABELLED = 8  # the most-named places get a label on the map


@dataclass(frozen=True)
class MapMarker:
    anchor: str  # id of the place's item in the list under the map
    name: str
    detail: str  # "Tadmur, SY"
    mentions: int
    x: float
    y: float
    radius: float
    labelled: bool
    sentences: tuple[CitedLine, ...]
    lat: float | None = None
    lon: float | None = None
    feature: str = ""  # GeoNames feature code: PPL, ADM1, PCLI ...


@dataclass(frozen=True)
class StoryMap:
    width: float
    height: float
    countries: tuple[tuple[str, str, bool], ...]  # (name, SVG path data, holds a marker)
    markers: tuple[MapMarker, ...]
    bounds: tuple[float, float, float, float]  # west, south, east, north shown


def story_map(
    analysis: Analysis, story: Story, sentences_of: dict[str, Sequence[Span]], citer: Citer
) -> StoryMap | None:
    """The map of `story`'s resolved places, or None when it has none: zoomed to its towns
    (its countries when it names no town) within CORE_KM of the most named or named half as
    often; `sentences_of`
    gives each member article's sentence spans."""
    members = set(story.article_ids)
    places = [
        (e, [m for m in e.mentions if m.article_id in members])
        for e in analysis.entities
        if e.place is not None and e.place.lat is not None and e.place.lon is not None
    ]
    places = [(e, spans) for e, spans in places if spans]
    if not story.id or not places:
        return None
    located = same_places(places)
    towns = [p for p in located if not p.country_wide] or located
    core = [
        p
        for p in towns
        if km(p.lat, p.lon, towns[0].lat, towns[0].lon) <= CORE_KM
        or 2 * len(p.spans) >= len(towns[0].spans)
    ]
    bounds = view_bounds([(p.lon, p.lat) for p in core])
    project, height = projection(bounds)
    shown = [c for c in world_countries() if overlaps(c.bbox, bounds)]
    markers = []
    labels: list[tuple[float, float, float, float]] = []
    for number, place in enumerate(located, start=1):
        x, y = project(place.lon, place.lat)
        radius = round(min(18.0, 3.5 + 2.5 * math.sqrt(len(place.spans))), 1)
        inside = 0 <= x <= WIDTH and 0 <= y <= height
        box = (x + radius + 2, y - 8, x + radius + 8 + 7 * len(place.name), y + 6)
        free = inside and not any(intersects(box, other) for other in labels)
        if free and len(labels) < LABELLED:
            labels.append(box)
        markers.append(
            MapMarker(
                anchor=f"p{number}",
                name=place.name,
                detail=place.detail + ("" if inside else "; off this map"),
                mentions=len(place.spans),
                x=round(x, 1),
                y=round(y, 1),
                radius=radius,
                labelled=free and box in labels,
                sentences=sentences_naming(place.spans, sentences_of, citer),
                lat=place.lat,
                lon=place.lon,
                feature=place.feature,
            )
        )
    countries = tuple(
        (c.name, path_data(c, project), any(c.contains(p.lon, p.lat) for p in located))
        for c in shown
    )
    return StoryMap(WIDTH, round(height, 1), countries, tuple(markers), bounds)


CORE_KM = 1500.0  # the map is zoomed to the towns within this of the most-named town
# (and any named half as often as it)
COUNTRY_WIDE = frozenset({"PCLI", "PCLD", "PCLS", "PCLF", "PCL", "TERR"})


@dataclass(frozen=True)
class Located:
    name: str  # the entities' names joined: "Russia / Russian"
    detail: str
    lat: float
    lon: float
    spans: tuple[Span, ...]
    country_wide: bool = False  # a country: its marker is its centre, not where things happen
    feature: str = ""


def same_places(places: Sequence[tuple[Entity, Sequence[Span]]]) -> list[Located]:
    """One item per GeoNames entry (Russia and "Russian" are one marker), most named first."""
    groups: dict[object, list[tuple[Entity, Sequence[Span]]]] = {}
    for entity, spans in places:
        place = entity.place
        assert place is not None
        groups.setdefault(place.geonameid or entity.id, []).append((entity, spans))
    located = []
    for group in groups.values():
        group.sort(key=lambda g: -len(g[1]))
        first = group[0][0]
        assert first.place is not None and first.place.lat is not None
        assert first.place.lon is not None
        located.append(
            Located(
                name=" / ".join(dict.fromkeys(one_line(e.name) for e, _ in group)),
                detail=place_detail(first),
                lat=first.place.lat,
                lon=first.place.lon,
                spans=tuple(s for _, spans in group for s in spans),
                country_wide=first.place.feature in COUNTRY_WIDE,
                feature=first.place.feature or "",
            )
        )
    located.sort(key=lambda p: (-len(p.spans), p.name))
    return located


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def intersects(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return not (a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1])


def place_detail(entity: Entity) -> str:
    """The gazetteer's name when it differs, and the country code ("Tadmur, SY")."""
    place = entity.place
    assert place is not None
    parts = [p for p in (place.name if place.name != entity.name else None, place.country) if p]
    return ", ".join(parts)


def view_bounds(points: Sequence[tuple[float, float]]) -> tuple[float, float, float, float]:
    """West, south, east, north around `points`, padded, at least MIN_SPAN high and wide."""
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_x = max((east - west) * PADDING, (MIN_SPAN - (east - west)) / 2, 0.0)
    pad_y = max((north - south) * PADDING, (MIN_SPAN - (north - south)) / 2, 0.0)
    return (
        max(-180.0, west - pad_x),
        max(-85.0, south - pad_y),
        min(180.0, east + pad_x),
        min(85.0, north + pad_y),
    )


def projection(
    bounds: tuple[float, float, float, float],
) -> tuple[Callable[[float, float], tuple[float, float]], float]:
    """(lon, lat) -> (x, y) in a WIDTH-wide picture of `bounds`, and the picture's height
    (between 0.45 and 0.9 of the width: the bounds grow to fit)."""
    west, south, east, north = bounds
    shrink = math.cos(math.radians((south + north) / 2))
    span_x, span_y = (east - west) * shrink, north - south
    ratio = min(max(span_y / span_x, 0.45), 0.9)
    if span_y / span_x < ratio:  # too wide: show more latitude
        extra = (span_x * ratio - span_y) / 2
        south, north, span_y = south - extra, north + extra, span_x * ratio
    else:  # too tall: show more longitude
        extra = (span_y / ratio - span_x) / 2
        west, span_x = west - extra / shrink, span_y / ratio
    scale = WIDTH / span_x

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon - west) * shrink * scale, (north - lat) * scale

    return project, span_y * scale


def overlaps(
    box: tuple[float, float, float, float], view: tuple[float, float, float, float]
) -> bool:
    margin = 10.0  # the view may have grown to fit the picture's shape
    return not (
        box[2] < view[0] - margin
        or box[0] > view[2] + margin
        or box[3] < view[1] - margin
        or box[1] > view[3] + margin
    )


def path_data(country: Country, project: Callable[[float, float], tuple[float, float]]) -> str:
    """SVG path data of the country's rings, points closer than half a pixel dropped."""
    parts = []
    for ring in country.rings:
        last: tuple[float, float] | None = None
        previous_lon: float | None = None
        pieces: list[list[str]] = [[]]
        for lon, lat in ring:
            if previous_lon is not None and abs(lon - previous_lon) > 180:
                pieces.append([])  # the ring crosses the antimeridian: no line across the map
                last = None
            previous_lon = lon
            x, y = project(lon, lat)
            if last is None or abs(x - last[0]) + abs(y - last[1]) >= 0.5:
                pieces[-1].append(f"{x:.1f},{y:.1f}")
                last = (x, y)
        parts += ["M" + "L".join(p) + "Z" for p in pieces if len(p) >= 3]
    return "".join(parts)


def sentences_naming(
    spans: Sequence[Span], sentences_of: dict[str, Sequence[Span]], citer: Citer
) -> tuple[CitedLine, ...]:
    """The first SENTENCES_PER_PLACE sentences naming the place, each cited."""
    found: list[CitedLine] = []
    seen: set[str] = set()
    for span in spans:
        sentence = next(
            (
                s
                for s in sentences_of.get(span.article_id, ())
                if s.start <= span.start and span.end <= s.end
            ),
            None,
        )
        if sentence is None or sentence.text in seen:
            continue
        seen.add(sentence.text)
        found.append(CitedLine(one_line(sentence.text), (citer.ref(span.article_id, [span]),)))
        if len(found) == SENTENCES_PER_PLACE:
            break
    return tuple(found)


def map_html(view: StoryMap, number: int, cite: Callable[[SourceRef], str]) -> str:
    """The map as inline SVG (each marker a link to its place's sentences) and the list."""
    prefix = "story-map" if number == 1 else f"story-map-{number}"
    countries = "".join(
        f'<path class="{"map-country map-named" if named else "map-country"}" '
        f'd="{d}"><title>{escape(name)}</title></path>'
        for name, d, named in view.countries
    )
    markers = "".join(
        f'<a href="#{prefix}-{m.anchor}" class="map-marker" aria-label="{escape(marker_label(m))}">'
        f'<circle cx="{m.x}" cy="{m.y}" r="{m.radius}"/>'
        f"<title>{escape(m.name)}{' (' + escape(m.detail) + ')' if m.detail else ''}: "
        f"{m.mentions} mention{'s' if m.mentions != 1 else ''}</title></a>"
        for m in reversed(view.markers)  # the most named drawn last, on top
    )
    labels = "".join(
        f'<text x="{m.x + m.radius + 3}" y="{m.y + 4}">{escape(m.name)}</text>'
        for m in view.markers
        if m.labelled
    )
    west, south, east, north = view.bounds
    svg = (
        f'<svg class="story-map" viewBox="0 0 {view.width:g} {view.height:g}" role="group" '
        f'aria-labelledby="{prefix}-t" style="overflow:hidden">'
        f'<title id="{prefix}-t">Map of the story\'s places, {south:.0f}° to {north:.0f}° '
        f"latitude, {west:.0f}° to {east:.0f}° longitude</title>"
        f'<rect class="map-sea" width="100%" height="100%"/>{countries}{markers}'
        f'<g class="map-labels">{labels}</g></svg>'
    )
    items = "".join(
        f'<li id="{prefix}-{m.anchor}"><b>{escape(m.name)}</b>'
        + (f" ({escape(m.detail)})" if m.detail else "")
        + f", {m.mentions} mention{'s' if m.mentions != 1 else ''}<ul>"
        + "".join(
            f"<li>{escape(s.text)}{''.join(cite(r) for r in s.refs)}</li>" for s in m.sentences
        )
        + "</ul></li>"
        for m in view.markers
    )
    return (
        f'<section class="story-map-section" id="{prefix}" aria-labelledby="{prefix}-h">'
        f'<h3 id="{prefix}-h">Map</h3><style>{MAP_CSS}</style>{svg}'
        f'<ol class="map-places">{items}</ol>'
        '<p class="meta">Country shapes: Natural Earth (public domain), via world-atlas. '
        "Places: GeoNames (CC BY 4.0).</p></section>"
    )


def marker_label(marker: MapMarker) -> str:
    """What a marker says to a screen reader: "Palmyra (Tadmur, SY): 27 mentions"."""
    detail = f" ({marker.detail})" if marker.detail else ""
    plural = "s" if marker.mentions != 1 else ""
    return f"{marker.name}{detail}: {marker.mentions} mention{plural}"


MAP_CSS = (
    ".story-map{width:100%;max-width:720px;height:auto;border:1px solid #bbb}"
    ".map-sea{fill:#dfeaf3}.map-country{fill:#f4f1ea;stroke:#9a968c;stroke-width:.6}"
    ".map-named{fill:#e9dfc4}.map-marker circle{fill:#c0392b;fill-opacity:.7;stroke:#fff;"
    "stroke-width:1.2}.map-marker:hover circle,.map-marker:focus circle{fill-opacity:1}"
    ".map-labels text{font:12px sans-serif;fill:#222;paint-order:stroke;stroke:#fff;"
    "stroke-width:3px}"
)


FEATURE_WORDS = {
    "PCLI": "country",
    "ADM1": "state or province",
    "ADM2": "county or district",
    "PPLC": "capital",
    "PPL": "town",
}


def map_markdown(view: StoryMap, escape_text: Callable[[str], str]) -> str:
    """The places of the map as a list (Markdown has no SVG): name, gazetteer name and
    country, coordinates, kind, mentions: "- **Palmyra** (Tadmur, SY): 34.56° N, 38.27° E,
    town; 27 mentions"."""
    return "\n".join(
        f"- **{escape_text(m.name)}**"
        + (f" ({escape_text(m.detail)})" if m.detail else "")
        + f": {coordinates(m)}"
        + (f", {FEATURE_WORDS[m.feature]}" if m.feature in FEATURE_WORDS else "")
        + f"; {m.mentions} mention{'s' if m.mentions != 1 else ''}"
        for m in view.markers
    )


def coordinates(marker: MapMarker) -> str:
    if marker.lat is None or marker.lon is None:
        return "no coordinates"
    north = f"{abs(marker.lat):.2f}° {'N' if marker.lat >= 0 else 'S'}"
    return f"{north}, {abs(marker.lon):.2f}° {'E' if marker.lon >= 0 else 'W'}"
