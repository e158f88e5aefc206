"""Places: from a mention and the article's context to ACLED's geography columns, with evidence.

``resolve_place("Halab", PlaceContext(countries=["Syria"]))`` gives Aleppo, Syria, ISO 760, Middle East, admin1
Aleppo, its coordinates and geo_precision 1, and says why it chose Aleppo over the other places of that name.
``find_places(text)`` finds the mentions a model did not give; ``article_context(text)`` turns them into the
countries and provinces the article names, which settle ambiguity ("Tripoli" in an article about Lebanon).

Rules, after ACLED's codebook: a town named is coded to the town (geo_precision 1); "near X" or "the outskirts of
X", or a district, to the town with precision 2; a province or a country alone, to its capital (here: the
capital for a country, the most populous town for a province) with precision 3. An unresolvable mention gives a
:class:`PlaceResult` with empty fields and the reason, never an exception, so one bad place never empties a record.
"""

from __future__ import annotations

import difflib
import functools
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

from eventx.resolve.countries import country_table, lookup_country, normalize_name
from eventx.resolve.gazetteer import Gazetteer
from eventx.schema.evidence import FieldEvidence, Span

PlaceKind = Literal["country", "admin1", "admin2", "city"]

_NEAR = re.compile(
    r"^(?:(?:near|nearby|around|outside|close to|the outskirts of|outskirts of|the vicinity of|vicinity of"
    r"|(?:\d+\s*km\s+)?(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?(?: part)? of)\s+)",
    re.IGNORECASE,
)
_NEAR_SUFFIX = re.compile(r"\s+(?:outskirts|area|environs|surroundings|vicinity)$", re.IGNORECASE)
_LEADING = re.compile(
    r"^(?:in|at|of|from|the|town of|city of|village of|the town of|the city of|the village of)\s+", re.IGNORECASE
)
_KIND_SUFFIX = re.compile(
    r"\s+(province|region|state|governorate|county|oblast|department|prefecture|division|district|sub-?county"
    r"|municipality|city|town|village|camp|neighbourhood|neighborhood)$",
    re.IGNORECASE,
)
_ADMIN_WORDS = {
    "province", "region", "state", "governorate", "county", "oblast", "department", "prefecture", "division",
}  # fmt: skip
_CITY_WORDS = {"city", "town", "village", "camp", "neighbourhood", "neighborhood", "municipality"}


class PlaceContext(BaseModel):
    """What the article says about where it is: countries and provinces it names (ISO codes or names), and
    the country of the source that published it. Each narrows ambiguous names; none is required."""

    countries: list[str] = Field(default_factory=list, description="Countries named in the article: ISO-2/3 or names.")
    admin1s: list[str] = Field(default_factory=list, description="Provinces/states named in the article.")
    source_country: str | None = Field(default=None, description="Country of the publishing source, a weak prior.")


class PlaceResult(BaseModel):
    """ACLED's geography columns for one mention, and the evidence for them. Fields are None when unresolved."""

    country: str | None = None
    iso: int | None = None
    region: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    kind: PlaceKind | None = Field(
        default=None, description="What the mention named: a country, province, district or town."
    )
    geonameid: int | None = None
    evidence: FieldEvidence = Field(default_factory=lambda: FieldEvidence(method="gazetteer", confidence=0.0))

    @property
    def resolved(self) -> bool:
        return self.latitude is not None


@dataclass(frozen=True)
class PlaceMention:
    """A place name found in text: ``text[start:end]`` and what it most likely names."""

    start: int
    end: int
    text: str
    kind: PlaceKind


@functools.lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The shared, immutable index from the user's cache (built on first use)."""
    return Gazetteer.load()


# --------------------------------------------------------------------------------------------------------------
# Context


@dataclass(frozen=True)
class _Ctx:
    countries: frozenset[str] = frozenset()
    admin1_rows: frozenset[int] = frozenset()
    source: str | None = None


def _iso2(value: str) -> str | None:
    c = lookup_country(value)
    return c.iso2 if c else None


def _prepare(ctx: PlaceContext | None, g: Gazetteer, extra_admin: Iterable[str] = ()) -> _Ctx:
    if ctx is None and not extra_admin:
        return _Ctx()
    ctx = ctx or PlaceContext()
    countries = {c for c in (_iso2(x) for x in ctx.countries) if c}
    rows: set[int] = set()
    extra_countries: set[str] = set()
    for name in [*ctx.admin1s, *extra_admin]:
        c = _iso2(name)
        if c:  # "Kismayo, Somalia": a country given where a province was expected
            extra_countries.add(c)
            continue
        matches = [
            m.place for m in g.lookup(_KIND_SUFFIX.sub("", name.strip())) if g.kind(m.place) in ("admin1", "admin2")
        ]
        if countries:
            matches = [r for r in matches if g.country_of(r) in countries] or matches
        for r in matches:
            a1 = g.admin1_row(r)
            if a1 >= 0:
                rows.add(a1)
        if matches and not countries and len({g.country_of(r) for r in matches}) == 1:
            extra_countries.add(g.country_of(matches[0]))
    src = _iso2(ctx.source_country) if ctx.source_country else None
    return _Ctx(frozenset(countries | extra_countries), frozenset(rows), src)


# --------------------------------------------------------------------------------------------------------------
# Ranking

_KIND_PRIOR = {"country": 5.0, "admin1": 0.0, "admin2": -1.0, "city": 0.0}


@dataclass(order=True)
class _Cand:
    score: float
    row: int = field(compare=False)
    alternate: bool = field(compare=False)
    why: str = field(compare=False, default="")


def _rank(rows: Iterable[tuple[int, bool]], g: Gazetteer, ctx: _Ctx, want: str | None) -> list[_Cand]:
    """Score every candidate: population (log), own name over alternate name, context country and province,
    the source's country, and the kind the mention's wording asks for ("X province" -> an admin unit)."""
    out: list[_Cand] = []
    for row, alt in rows:
        kind = g.kind(row)
        s = math.log10(g.population(row) + 10) + _KIND_PRIOR[kind]
        why = []
        if alt:
            s -= 1.5
        country = g.country_of(row)
        if country in ctx.countries:
            s += 6.0
            why.append(f"in context country {country}")
        elif ctx.source and country == ctx.source:
            s += 2.0
            why.append(f"in the source's country {country}")
        if ctx.admin1_rows and g.admin1_row(row) in ctx.admin1_rows:
            s += 3.0
            why.append("in a context province")
        if want == "admin" and kind in ("admin1", "admin2"):
            s += 4.0
        elif want == "city" and kind == "city":
            s += 4.0
        out.append(_Cand(s, row, alt, ", ".join(why)))
    out.sort(reverse=True)
    return out if want == "admin" else _prefer_town_over_its_unit(out, g)


def _prefer_town_over_its_unit(cands: list[_Cand], g: Gazetteer) -> list[_Cand]:
    """ "Aleppo", "Kano", "Balkh": a province or district named like a town inside it means the town, as ACLED
    codes it (the seat, or a same-named town). "Balkh province" asks for the unit and never reaches here."""
    if len(cands) < 2 or g.kind(cands[0].row) not in ("admin1", "admin2"):
        return cands
    unit = cands[0].row
    for i, c in enumerate(cands[1:], start=1):
        if g.kind(c.row) == "city" and (
            c.row == g.seat_row(unit) or unit in (g.admin1_row(c.row), g.admin2_row(c.row))
        ):
            cands.insert(0, cands.pop(i))
            break
    return cands


def _distance_km(g: Gazetteer, a: int, b: int) -> float:
    pa, pb = g.place(a), g.place(b)
    return haversine_km(pa.latitude, pa.longitude, pb.latitude, pb.longitude)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def _confidence(cands: list[_Cand], g: Gazetteer) -> float:
    best = cands[0]
    base = 0.9 if not best.alternate else 0.8
    rivals = [c for c in cands[1:] if _distance_km(g, c.row, best.row) > 50]
    if not rivals:
        return base
    margin = best.score - rivals[0].score
    return round(base * (1 / (1 + math.exp(-margin))), 3)


def _describe(g: Gazetteer, row: int) -> str:
    p = g.place(row)
    parts = [p.name, *(x for x in (p.admin1,) if x and p.kind != "admin1"), country_table()[p.country].name]
    return f"{', '.join(parts)} ({p.kind}, pop {p.population})"


# --------------------------------------------------------------------------------------------------------------
# Resolution


@dataclass(frozen=True)
class _Parsed:
    head: str
    near: bool
    want: str | None
    parts: tuple[str, ...]  # further comma parts: admin/country context ("Kismayo, Lower Juba")


def _parse_mention(mention: str) -> _Parsed:
    text = " ".join(mention.replace("\u2019", "'").split()).strip(' .;:()[]"')
    head, *rest = [p.strip() for p in text.split(",") if p.strip()] or [""]
    near = False
    for _ in range(3):
        before = head
        head = _LEADING.sub("", head)
        m = _NEAR.match(head)
        if m:
            near, head = True, head[m.end() :]
        if _NEAR_SUFFIX.search(head):
            near, head = True, _NEAR_SUFFIX.sub("", head)
        if head == before:
            break
    want = None
    m = _KIND_SUFFIX.search(head)
    if m and len(head) > m.end() - m.start():
        word = m.group(1).lower().replace("-", "")
        want = (
            "admin"
            if word in _ADMIN_WORDS or word in ("district", "subcounty")
            else "city"
            if word in _CITY_WORDS
            else None
        )
        if word in ("district", "subcounty") and not near:
            want = "admin"
    return _Parsed(head, near, want, tuple(rest))


def _candidates(g: Gazetteer, head: str, want: str | None) -> tuple[list[tuple[int, bool]], str]:
    """Places the head can name, and how they were found (exact / without the generic word / a part / fuzzy)."""
    key = normalize_name(head)
    hits = [(m.place, m.alternate) for m in g.lookup_key(key)]
    if hits:
        return hits, "exact name"
    stripped = normalize_name(_KIND_SUFFIX.sub("", head))
    if stripped and stripped != key:
        hits = [(m.place, m.alternate) for m in g.lookup_key(stripped)]
        if hits:
            return hits, "name without its generic word"
    for variant in _spelling_variants(key):
        hits = [(m.place, True) for m in g.lookup_key(variant)]
        if hits:
            return hits, f"spelling variant {variant!r}"
    return [], ""


def _spelling_variants(key: str) -> list[str]:
    """Transliteration variants news and ACLED use for the same Arabic/Somali/Pashto name."""
    out = []
    words = key.split()
    if len(words) > 1 and words[0] in ("al", "el", "ad", "ar", "as", "ash", "at", "az", "an"):
        out += [" ".join(words[1:]), words[0] + words[1] + (" " + " ".join(words[2:]) if len(words) > 2 else "")]
    if " " in key:
        out.append(key.replace(" ", ""))
    if key.endswith("ah"):
        out.append(key[:-1])
    elif key.endswith("a"):
        out.append(key + "h")
    return [v for v in dict.fromkeys(out) if v and v != key]


#: Measured on ACLED rows (benchmarks/bench_places.py): at 0.75 more than half of the fuzzy picks were > 10 km off,
#: at 0.85 about 60 % were right; below that it guesses more than it finds.
_FUZZY_MIN_RATIO = 0.85


def _fuzzy(g: Gazetteer, head: str, countries: frozenset[str]) -> list[tuple[int, bool]]:
    """Transliteration variants within the context countries only (too many false friends worldwide): places
    sharing the name's consonant skeleton whose name is also a close spelling (similarity >= 0.85)."""
    key = normalize_name(head)
    if not key or not countries:
        return []
    hits: list[tuple[float, int]] = []
    for row in g.similar(key):
        if g.country_of(row) not in countries:
            continue
        ratio = difflib.SequenceMatcher(None, key, normalize_name(g.name(row))).ratio()
        if ratio >= _FUZZY_MIN_RATIO:
            hits.append((ratio, row))
    hits.sort(reverse=True)
    return [(row, True) for _, row in hits[:5]]


def resolve_place(
    mention: str,
    context: PlaceContext | None = None,
    *,
    gazetteer: Gazetteer | None = None,
    span: Span | None = None,
) -> PlaceResult:
    """ACLED geography for one place mention; an empty result with a reason when it cannot be resolved."""
    try:
        return _resolve(mention, context, gazetteer or default_gazetteer(), span)
    except Exception as exc:  # never let one place empty a record; say what happened instead
        return _unresolved(mention, span, f"resolver error: {type(exc).__name__}: {exc}")


def _unresolved(mention: str, span: Span | None, reason: str) -> PlaceResult:
    ev = FieldEvidence(spans=[span] if span else [], confidence=0.0, reason=reason, method="gazetteer")
    return PlaceResult(evidence=ev)


_MIN_POP_OUTSIDE_CONTEXT = 1_000_000
_MIN_POP_UNIQUE_OUTSIDE_CONTEXT = 100_000
_MAX_UNIT_OWNERS = 3


def _known_beyond_context(g: Gazetteer, best: _Cand, cands: list[_Cand]) -> bool:
    """A town outside the countries the article names is still taken when it cannot be a namesake: a city of a
    million, or a city of 100 k whose name no other country uses (Colombo in a story that also names "a US
    company")."""
    pop = g.population(best.row)
    if pop >= _MIN_POP_OUTSIDE_CONTEXT:
        return True
    owners = {g.country_of(c.row) for c in cands}
    return pop >= _MIN_POP_UNIQUE_OUTSIDE_CONTEXT and len(owners) == 1


_PAREN = re.compile(r"^(.*?)\s*\(([^)]*)\)\s*$")
_TRAILING_NUMBER = re.compile(r"(?:\s+|-)\d+[a-z]?$", re.IGNORECASE)  # "Mouka 1", "Zolote-4"


def _resolve(mention: str, context: PlaceContext | None, g: Gazetteer, span: Span | None) -> PlaceResult:
    if not isinstance(mention, str) or not mention.strip():
        return _unresolved(str(mention or ""), span, "empty place mention")
    text = mention
    extra: list[str] = []
    m = _PAREN.match(text.strip())
    if m and m.group(1):  # "Nameless Hills (Gadabay Region)": the bracket is context, not the name
        text, extra = m.group(1), [x.strip() for x in m.group(2).split(",") if x.strip()]  # "(Burambi, Rumonge)"
    parsed = _parse_mention(text)
    ctx = _prepare(context, g, [*parsed.parts, *extra])
    head, near = parsed.head, parsed.near
    found, how = _candidates(g, head, parsed.want)
    part_note = ""
    if not found or not _any_in(found, g, ctx):
        # "Mogadishu - Hodan", "Beirut-Ras Beirut", "Kabul/PD 5", "Mouka 1": the town part of the mention
        pieces = [p for p in re.split(r"\s*[-/]\s*", head) if p.strip()]
        trimmed = _TRAILING_NUMBER.sub("", head)
        tries = ([trimmed] if trimmed != head else []) + (pieces[:2] if len(pieces) > 1 else [])
        # a part written apart ("Mogadishu - Hodan", "Kabul/PD 5") names the town; a part of a hyphenated name
        # ("Cali-Kamiin Junction", "Bali-Dhiddin") only when it lies in a country the article is about: alone it is
        # no place ("Cali" in Colombia, "Bali" in Indonesia for places in Somalia), unless the parts that are places
        # lie in one country: "the Nairobi-Naivasha road", "the Isiolo-Laikipia border" run between places
        spaced = bool(re.search(r"\s-\s|/", head))
        between = _shared_country(g, pieces, parsed.want) if len(pieces) > 1 and not spaced else set()
        if sum(names_country(p, g) for p in pieces[:2]) == 2:
            tries = [t for t in tries if t == trimmed]  # "the Kenya-Somalia border" lies in neither country alone
        for piece in tries:
            if sum(ch.isalpha() for ch in piece) < 3:
                continue  # "Al-Swani" is not a place called "Al"
            alt_found, alt_how = _candidates(g, piece, parsed.want)
            in_context = bool(ctx.countries) and _any_in(alt_found, g, ctx)
            if between and not in_context:
                alt_found = [(r, a) for r, a in alt_found if g.country_of(r) in between]
            whole = spaced or piece == trimmed or bool(between)
            if alt_found and (in_context or (not found and not ctx.countries and whole)):
                found, how = alt_found, alt_how
                near, part_note = True, f"; coded to {piece!r}, a part of the mention"
                break
    if ctx.countries and not _any_in(found, g, ctx):
        close = _fuzzy(g, head, ctx.countries)
        if close:
            found, how = close, "close spelling in a context country"
    if not found:
        return _fallback(mention, span, g, ctx, f"no place called {head!r} in the gazetteer")
    cands = [c for c in _rank(found, g, ctx, parsed.want) if _codable(g, c.row)] or _rank(found, g, ctx, parsed.want)
    best = cands[0]
    unit_owners = {g.country_of(c.row) for c in cands if g.kind(c.row) in ("admin1", "admin2")}
    if not ctx.countries and g.kind(best.row) in ("admin1", "admin2") and len(unit_owners) >= _MAX_UNIT_OWNERS:
        # "Central", "North Western", "Eastern": provinces of that name exist in many countries; with nothing in
        # the article to choose, picking the most populous one would be a guess dressed up as a place.
        return _unresolved(
            mention, span, f"provinces called {head!r} exist in {len(unit_owners)} countries and the text names none"
        )
    qualifiers = [*parsed.parts, *extra]  # both already split at commas and stripped
    if qualifiers and g.kind(best.row) == "city":
        # "Pavlivka, Donetsk": the text says which province the town is in. When none of the towns of that name
        # lies there, the town is one the gazetteer lacks (ten Pavlivkas elsewhere in Ukraine, none in Donetsk):
        # the province is known, the town is not.
        given = _prepare(PlaceContext(countries=sorted(ctx.countries)), g, qualifiers).admin1_rows
        named = frozenset(r for r in given if g.country_of(r) == g.country_of(best.row))  # "(Western)": Ghana's
        countries = ctx.countries
        owners = {g.country_of(r) for r in given}
        if not named and len(owners) == 1:
            # "Ghaziabad district, Kunar": a province of one country only, and not the country of any town of that
            # name (Kunar is Afghan, the big Ghaziabad Indian): the province is where the event is
            named, countries = frozenset(given), frozenset(owners)
        if named and not any(g.admin1_row(c.row) in named or c.row in named for c in cands):
            return _fallback(
                mention,
                span,
                g,
                _Ctx(countries, named, ctx.source),
                f"no place called {head!r} in {', '.join(qualifiers)}",
            )
    as_written = False
    if ctx.countries and g.country_of(best.row) not in ctx.countries and qualifiers:
        # "Aawdiinle village (Baydhaba, Bay)" in a story that names Ethiopia's forces: a town or district written
        # with a province it lies in is that place, whatever other countries the article names
        given = _prepare(None, g, qualifiers).admin1_rows
        inside = [c for c in cands if g.kind(c.row) in ("city", "admin2") and g.admin1_row(c.row) in given]
        if inside:
            cands = inside + [c for c in cands if c not in inside]
            best, as_written = cands[0], True
            how += f"; outside the context countries, but in {', '.join(qualifiers)} as written"
    if ctx.countries and g.country_of(best.row) not in ctx.countries and not as_written:
        if g.kind(best.row) != "country" and not _known_beyond_context(g, best, cands):
            others = ", ".join(_describe(g, c.row) for c in cands[:3])
            return _fallback(
                mention, span, g, ctx, f"no place called {head!r} in the context countries (elsewhere: {others})"
            )
        how += "; no candidate in the context countries"
    res = _result(g, cands, how + part_note, near, parsed.want, span)
    # "Hodan", "Hodan district" or "Mogadishu - Hodan": ACLED codes the parts of some big towns by name. The town
    # is the one found, or the seat the district or its province was coded to.
    a1 = g.admin1_row(best.row)
    towns = [r for r in (best.row, g.seat_row(best.row), g.seat_row(a1) if a1 >= 0 else -1) if r >= 0]
    town = next((r for r in towns if g.kind(r) == "city"), None)
    if town is not None and res.geonameid == g.place(town).geonameid:
        for piece in [head, *re.split(r"\s*[-/,]\s*", head)]:
            piece = _PART_WORD.sub("", piece)
            part = g.acled_part(town, piece)
            if part is not None:
                res.location = part
                res.geo_precision = 2  # the town's coordinates, not the part's
                note = f"ACLED's name for this part of the town: {part!r}"
                res.evidence.reason = "; ".join(r for r in (res.evidence.reason, note) if r)
                break
    return res


_PART_WORD = re.compile(r"\s+(?:district|neighbou?rhood|area|quarter|ward|section|suburb)$", re.IGNORECASE)


def _codable(g: Gazetteer, row: int) -> bool:
    return g.kind(row) == "city" or g.seat_row(row) >= 0


_DIRECTIONS = frozenset(
    "north south east west northeast northwest southeast southwest central centre center upper lower new old".split()
)


def _shared_country(g: Gazetteer, pieces: list[str], want: str | None) -> set[str]:
    """The countries in which the pieces of a hyphenated name that are places all lie, when they are places of one
    country: two towns a road runs between ("Nairobi-Naivasha"), or a province and its part ("Shan-South")."""
    common: set[str] | None = None
    known = 0  # pieces that are places or compass points
    for piece in pieces[:4]:
        piece = _KIND_SUFFIX.sub("", piece)  # "Shan-South state"
        if piece.casefold() in _DIRECTIONS:
            known += 1  # "Shan-South", "Yangon-East": a part of a unit's name, no place of its own
            continue
        found, _ = _candidates(g, piece, want)
        if not found:
            continue  # "Bibiani-Anhwiaso-Bekwai": a village the gazetteer lacks between two towns
        owners = {g.country_of(r) for r, _ in found}
        common = owners if common is None else common & owners
        known += 1
    return (common or set()) if known >= 2 else set()


def _any_in(found: list[tuple[int, bool]], g: Gazetteer, ctx: _Ctx) -> bool:
    return bool(found) and (not ctx.countries or any(g.country_of(r) in ctx.countries for r, _ in found))


def _result(g: Gazetteer, cands: list[_Cand], how: str, near: bool, want: str | None, span: Span | None) -> PlaceResult:
    best = cands[0]
    row = best.row
    kind = g.kind(row)
    coded = g.seat_row(row) if kind != "city" else row
    if coded < 0 and kind == "admin2" and g.admin1_row(row) >= 0 and g.seat_row(g.admin1_row(row)) >= 0:
        # a district GeoNames lists without towns: code to its province, as ACLED does when only a region is known
        how += f"; district {g.name(row)!r} has no town in the gazetteer, coded to its province"
        row, kind = g.admin1_row(row), "admin1"
        coded = g.seat_row(row)
    if coded < 0:
        return _unresolved(g.name(row), span, f"{g.name(row)!r} ({kind}) has no town to code it to")
    town = g.place(coded)
    country = country_table()[g.country_of(row)]
    precision = {"country": 3, "admin1": 3, "admin2": 2, "city": 2 if near else 1}[kind]
    reason = [how, f"{kind} {g.name(row)!r}"]
    if kind == "admin2":
        # a district's events are coded by the district's name (its seat mostly bears it: Gangaw, Rubkona), at the
        # coordinates of its largest town in the gazetteer
        reason.append(f"named as the district, at the coordinates of its largest town {town.name!r}")
    elif kind != "city":
        reason.append(f"coded to its {'capital' if kind == 'country' else 'largest town'} {town.name!r}")
    elif near:
        reason.append("near or part of the town: precision 2")
    if len(cands) > 1:
        reason.append(f"chosen over {len(cands) - 1} other place(s) by " + (best.why or "population and name"))
    confidence = _confidence(cands, g) * (0.7 if "close spelling" in how else 1.0)
    ev = FieldEvidence(
        spans=[span] if span else [],
        confidence=round(confidence, 3),
        reason="; ".join(r for r in reason if r),
        method="gazetteer",
        candidates=[_describe(g, c.row) for c in cands[:5]],
    )
    # ACLED's own spellings of the units ("Banadir", not GeoNames' "Banaadir"): what its users look for
    unit1 = row if kind == "admin1" else g.admin1_row(coded)
    unit2 = row if kind == "admin2" else g.admin2_row(coded)
    admin1 = g.acled_name(unit1) if unit1 >= 0 else None
    admin2 = g.acled_name(unit2) if unit2 >= 0 else None
    return PlaceResult(
        country=country.name,
        iso=country.iso,
        region=country.region,
        admin1=admin1,
        admin2=admin2,
        location=_plain(_UNIT_WORD.sub("", g.acled_name(row)) if kind == "admin2" else g.acled_name(coded)),
        latitude=town.latitude,
        longitude=town.longitude,
        geo_precision=precision,
        kind=kind,
        geonameid=town.geonameid or None,
        evidence=ev,
    )


#: the unit word of a district's name ("District Banda", "Kabupaten Paser", "Srok Phnum Proek"): no part of the place
_UNIT_WORD = re.compile(
    r"^(?:District|Municipal District|Kabupaten|Kota|Srok|Khan)\s+|\s+(?:District|Municipality|County|Township)$"
)


def _plain(name: str) -> str:
    """ACLED writes place names in plain Latin letters: "Kabkābīyah" -> "Kabkabiyah"."""
    folded = unicodedata.normalize("NFKD", name)
    out = "".join(ch for ch in folded if not unicodedata.combining(ch)).replace("’", "'").replace("‘", "'")
    return out if out.isascii() else name


def _fallback(mention: str, span: Span | None, g: Gazetteer, ctx: _Ctx, why: str) -> PlaceResult:
    """The town is unknown: keep what the context says. A province named in the article -> its seat with
    precision 3 (ACLED's rule when only a region is known); a single context country -> the country fields only,
    no coordinates (a capital would put the event in the wrong place with false confidence)."""
    units = sorted(ctx.admin1_rows, key=lambda r: -g.population(r))
    if ctx.countries:
        units = [r for r in units if g.country_of(r) in ctx.countries]
    if len(units) == 1:
        res = _result(
            g, [_Cand(0.0, units[0], False)], f"{why}; coded to the province named in the context", False, None, span
        )
        res.evidence.confidence = 0.3
        res.evidence.method = "fallback"  # the mention itself was not found: a town named beside it says more
        return res
    if len(ctx.countries) == 1:
        c = country_table()[next(iter(ctx.countries))]
        ev = FieldEvidence(spans=[span] if span else [], confidence=0.3, method="fallback",
                           reason=f"{why}; country from the context, no coordinates")  # fmt: skip
        return PlaceResult(country=c.name, iso=c.iso, region=c.region, evidence=ev)
    return _unresolved(mention, span, why)


# --------------------------------------------------------------------------------------------------------------
# Finding mentions in text

_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*(?:\.(?=[A-Z]))?", re.UNICODE)
_JOINERS = {"de", "del", "la", "le", "du", "al", "el", "ez", "az", "es", "ad", "ar", "as", "an", "of", "and", "da", "do", "dos", "das", "bin", "ibn", "ben", "bou", "sur", "upon", "am", "im", "en"}  # fmt: skip
_LOCATIVE = {"in", "at", "near", "from", "to", "into", "outside", "around", "across", "of", "towards", "toward", "between", "and", "inside", "through", "via", "village", "town", "city", "district", "province", "region", "county", "state", "camp", "area"}  # fmt: skip
STOPWORDS: frozenset[str] = frozenset(
    """
    a an the on in at of to and or but for by with from as is was were be he she it they we you his her their our
    this that these those there here then when while after before during since until about over under between into
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    police army military government president minister ministry forces force soldiers troops militants rebels
    protesters rioters civilians unidentified unknown armed group groups party people national state islamic
    muslim christian catholic church mosque university school hospital court parliament council senate congress
    union league front movement liberation democratic republic people's popular united new old great
    north south east west northern southern eastern western central upper lower
    mr mrs ms dr gen general col colonel maj major capt captain lt sgt prince king queen sheikh imam bishop pope
    al ash abu bin ibn shabaab qaeda taliban boko haram hamas hezbollah houthi ansar jamaat daesh isis isil
    fatalities according reports report reported sources source media news agency times post daily
    prime chief commander leader spokesman spokesperson governor mayor officer officers official officials
    also however meanwhile several many some all one two three four five six seven eight nine ten
    no nor not none yes ward sector site zone block road street highway market bridge port airport base camp
    """.split()
)
_CITY_MIN_POP_WITHOUT_CUE = 100_000
#: words that never open a place name (in caseless text every word could: "the city", "of power")
_FUNCTION_WORDS = frozenset(
    """
    a an the on in at of to and or but for by with from as is was were be he she it they we you his her their our
    this that these those there here then when while after before during since until about over under between into
    """.split()
)


def is_caseless(text: str) -> bool:
    """Whether ``text`` is written all in lower case (some corpora and feeds lower-case everything), so that its
    case cannot tell a name from a word: fewer than 1 % capitals among its letters, or none in a short text."""
    letters = [c for c in text or "" if c.isalpha()]
    if len(letters) < 10:
        return False
    upper = sum(c.isupper() for c in letters)
    return upper == 0 if len(letters) <= 40 else upper < 0.01 * len(letters)


@functools.lru_cache(maxsize=1)
def _admin_terms() -> tuple[tuple[re.Pattern[str], str], ...]:
    from eventx.paths import config_dir

    path = config_dir() / "geo" / "admin_terms.yaml"
    if not path.is_file():
        return ()
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return tuple(
        (re.compile(r"\b" + r"\s+".join(map(re.escape, str(term).split())) + r"s?\b", re.IGNORECASE), str(iso2))
        for iso2, terms in data.items()
        for term in terms or ()
    )


def admin_term_countries(text: str) -> list[str]:
    """Countries (ISO2) whose press alone names its administrative units with a word the text uses ("upazila":
    Bangladesh, "woreda": Ethiopia, "barangay": the Philippines), from ``configs/geo/admin_terms.yaml``."""
    out: list[str] = []
    for pattern, iso2 in _admin_terms():
        if iso2 not in out and pattern.search(text):
            out.append(iso2)
    return out


@functools.lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Place names that cased English prose mostly writes in lower case ("will", "first", "reading"), from
    ``configs/geo/common_words.txt`` (built by ``tools/build_common_words.py``); empty if the file is absent."""
    from eventx.paths import config_dir

    path = config_dir() / "geo" / "common_words.txt"
    if not path.is_file():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().casefold() for w in lines if w.strip() and not w.startswith("#"))


def find_places(
    text: str, *, gazetteer: Gazetteer | None = None, offset: int = 0, caseless: bool | None = None
) -> list[PlaceMention]:
    """Place names in ``text``: runs of capitalised words matched, longest first, against the index.

    Guards against the common false friends: a stoplist (weekdays, months, titles, actor words), and a town of
    under 100 k people found alone must follow a locative word ("in", "near", "village of") or sit beside another
    place. ``offset`` is added to the positions (for a sentence taken out of a longer text).

    ``caseless`` (default: :func:`is_caseless` of ``text``): the text is all lower case, so every word is read as
    a possible name, as in a text in capitals, under stricter guards since case no longer marks names: no word of
    under four letters alone ("us" is no US), no name opened by a function word ("the city"), no name made only of
    words that cased prose mostly writes in lower case (:func:`common_words`: "will", "first", "reading"), and
    towns and districts of at least 100 k people only (after "in" stand too many: "in power", "in charge").
    """
    g = gazetteer or default_gazetteer()
    if caseless is None:
        caseless = is_caseless(text)
    # the assembler reads a sentence several times (its events, their neighbours): the same answer, found once
    return list(_find_places(text or "", g, offset, caseless))


@functools.lru_cache(maxsize=1024)
def _find_places(text: str, g: Gazetteer, offset: int, caseless: bool) -> tuple[PlaceMention, ...]:
    tokens = [_drop_possessive(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text or "")]
    if caseless:
        tokens = [(s, e, w[:1].upper() + w[1:]) for s, e, w in tokens]
    out: list[PlaceMention] = []
    i = 0
    while i < len(tokens):
        s, _, word = tokens[i]
        if not _capitalised(word) or word.casefold().strip("'’") in STOPWORDS and not _multiword_start(tokens, i, g):
            i += 1
            continue
        if caseless and word.casefold() in _FUNCTION_WORDS:
            i += 1
            continue
        hit = _longest(tokens, i, g, text)
        if hit is None:
            i += 1
            continue
        j, kind, pop = hit
        start, end = s, tokens[j][1]
        if caseless and (
            (j == i and len(word) < 4)
            or (kind in ("city", "admin2") and pop < _CITY_MIN_POP_WITHOUT_CUE)
            or all(w.casefold() in common_words() for _, _, w in tokens[i : j + 1])
        ):
            i += 1
            continue
        if (
            not caseless
            and j == i
            and kind != "country"
            and word.casefold() in common_words()
            and _sentence_start(text, s)
        ):
            i += 1  # "First of three days ...": a word prose writes in lower case, capitalised as it opens a sentence
            continue
        prev_tok = tokens[i - 1] if i > 0 else None
        prev = prev_tok[2].casefold() if prev_tok else ""
        if (
            prev_tok
            and kind != "country"
            and not caseless  # no case, no telling a name's end ("John Smith") from a word before a place
            and _inside_name(prev_tok, text, start, tokens[i - 2] if i > 1 else None)
        ):
            i += 1  # "John Smith", "Tamil National Alliance": the end of a person's or organisation's name
            continue
        if (
            out
            and _possessed(text[out[-1].end - offset : start])
            and not _same_country(g, out[-1].text, text[start:end])
        ):
            i = j + 1  # "Karachi's Kashmir colony": what a place owns lies in its country
            continue
        if (
            kind in ("city", "admin2")
            and pop < _CITY_MIN_POP_WITHOUT_CUE
            and not caseless
            and _opens_a_name(tokens, j, text, g)
        ):
            i = (
                j + 2
            )  # "Bulo Marer", "Shakhta Trudovskaya": a small town's name opening a longer name the gazetteer lacks
            continue
        if kind in ("city", "admin2") and pop < _CITY_MIN_POP_WITHOUT_CUE and _names_a_landmark(tokens, j, text):
            i = j + 1  # "Campbell Park", "Independence Square": a landmark named after a small town, not the town
            continue
        if kind == "country" and _names_a_currency(tokens, j, text):
            i = j + 1  # "the high US dollar exchange rate": money, not a place nor a clue to one
            continue
        if kind == "city" and _names_a_make(tokens, j, text):
            i = j + 1  # "a Toyota vehicle", "Toyota pickups": a make of vehicle named after its town, whatever its size
            continue
        nxt = text[end : end + 2]
        after_place = out and out[-1].end - offset >= start - 3 and not _possessed(text[out[-1].end - offset : start])
        cue = prev in _LOCATIVE or nxt.startswith((",", " (")) or after_place
        if kind in ("city", "admin2") and j == i and pop < _CITY_MIN_POP_WITHOUT_CUE and not cue:
            i += 1
            continue
        out.append(PlaceMention(start + offset, end + offset, text[start:end], kind))
        i = j + 1
    return tuple(out)


def _inside_name(prev: tuple[int, int, str], text: str, start: int, before: tuple[int, int, str] | None = None) -> bool:
    """The candidate continues a name: the previous word is capitalised and only a space away, and is either no
    stopword ("John Smith") or itself follows a capitalised word ("Tamil National Alliance"; but "Southern Kaduna"
    is a place)."""
    word = prev[2]
    if not (_capitalised(word) and text[prev[1] : start] == " "):
        return False
    if word.casefold() not in STOPWORDS:
        return True
    return (
        before is not None
        and word.casefold() not in _LOCATIVE
        and not (word.isupper() and before[2].isupper())  # text in capitals says nothing by its case
        and _capitalised(before[2])
        and before[2].casefold() not in _LOCATIVE
        and text[before[1] : prev[0]] == " "
        and not _sentence_start(text, before[0])
    )


def _sentence_start(text: str, pos: int) -> bool:
    head = text[:pos].rstrip()
    return not head or head[-1] in ".!?:;\n\"'“("


_LANDMARK = frozenset(
    "park square street st road rd avenue ave lane stadium hospital university college school station estate bridge "
    "hotel mosque church temple kovil market hall grounds ground junction roundabout prison court gardens beach "
    "mall plaza building tower".split()
)


_VEHICLE = frozenset(
    "vehicle vehicles pickup pickups pick-up pick-ups truck trucks car cars hilux land minibus minibuses van vans "
    "technical technicals saloon".split()
)


_CURRENCIES = frozenset(
    "dollar dollars pound pounds euro euros rupee rupees shilling shillings franc francs yen yuan naira cedi cedis "
    "rand lira kyat taka birr".split()
)


def _next_word(tokens: list[tuple[int, int, str]], j: int, text: str) -> str | None:
    """The word after token ``j`` when a single space separates them, else None."""
    if j + 1 >= len(tokens) or text[tokens[j][1] : tokens[j + 1][0]] != " ":
        return None
    return tokens[j + 1][2]


def _names_a_make(tokens: list[tuple[int, int, str]], j: int, text: str) -> bool:
    """The word after the name is a vehicle ("a Toyota vehicle", "Toyota Land Cruiser"): the make, not the town."""
    word = _next_word(tokens, j, text)
    return word is not None and word.casefold() in _VEHICLE


def _names_a_currency(tokens: list[tuple[int, int, str]], j: int, text: str) -> bool:
    """The word after a country's name is its currency ("US dollar", "Kenya shillings" are the money)."""
    return _next_word(tokens, j, text) in _CURRENCIES


def _names_a_landmark(tokens: list[tuple[int, int, str]], j: int, text: str) -> bool:
    """The word after the name is a landmark's head ("Campbell Park", "the Brunswick estate")."""
    word = _next_word(tokens, j, text)
    return word is not None and word.casefold().rstrip(".") in _LANDMARK


def _opens_a_name(tokens: list[tuple[int, int, str]], j: int, text: str, g: Gazetteer) -> bool:
    """The next word, a space away, continues a proper name: capitalised (in text not all in capitals), no word
    prose writes in lower case ("Garissa Governor", "Kismayo Airport" stay places) and no place name itself."""
    if j + 1 >= len(tokens) or text[tokens[j][1] : tokens[j + 1][0]] != " ":
        return False
    word = tokens[j + 1][2]
    key = word.casefold()
    return (
        _capitalised(word)
        and not word.isupper()
        and key not in STOPWORDS
        and key not in common_words()
        and not g.lookup(word)
    )


def _possessed(gap: str) -> bool:
    return gap.replace("’", "'") == "'s "


def _same_country(g: Gazetteer, owner: str, name: str) -> bool:
    return bool({g.country_of(x.place) for x in g.lookup(owner)} & {g.country_of(x.place) for x in g.lookup(name)})


def _drop_possessive(start: int, end: int, word: str) -> tuple[int, int, str]:
    """The possessive is no part of the name: "Kenya's" is Kenya."""
    if len(word) > 3 and word[-2:].casefold() in ("'s", "’s"):
        return start, end - 2, word[:-2]
    return start, end, word


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _multiword_start(tokens: list[tuple[int, int, str]], i: int, g: Gazetteer) -> bool:
    # A stopword may still open a longer name: "New York", "Islamic Republic of Iran", "Upper Nile".
    return i + 1 < len(tokens) and _capitalised(tokens[i + 1][2])


def _longest(tokens: list[tuple[int, int, str]], i: int, g: Gazetteer, text: str) -> tuple[int, str, int] | None:
    limit = min(len(tokens), i + min(g.max_tokens, 6))
    if limit > i + 1 and not g.may_open_name(tokens[i][2]):
        limit = i + 1  # no name of several words starts with this one: only the word itself can match
    for j in range(limit - 1, i - 1, -1):
        last = tokens[j][2]
        if not _capitalised(last):
            continue
        inner = tokens[i + 1 : j]
        if any(not _capitalised(w) and w.casefold() not in _JOINERS for _, _, w in inner):
            continue
        gap = text[tokens[i][0] : tokens[j][1]]
        if any(ch in gap for ch in ".;:!?()\n") and not _abbrev(gap):
            continue
        if j == i and last.casefold().strip("'’") in STOPWORDS:
            return None
        matches = g.lookup(gap)
        if not matches:
            continue
        if j == i and (last.isupper() or len(last) <= 2) and len(last) <= 4:
            if not any(g.kind(m.place) == "country" for m in matches):
                return None  # "CUT", "APC", "CAR", "No": acronyms and short words, far more often than places
        best = _rank(((m.place, m.alternate) for m in matches), g, _Ctx(), None)[0]
        kind = g.kind(best.row)
        if j == i and kind == "city" and all(m.alternate for m in matches):
            continue  # a lone word known only as some town's alternate name is too weak a signal
        return j, kind, max(g.population(m.place) for m in matches if g.kind(m.place) == kind)
    return None


def _abbrev(gap: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z]\.){2,}[A-Z]?\.?", gap.replace(" ", "")))


_SPECIFICITY = {"city": 3.0, "admin2": 2.0, "admin1": 1.0, "country": 0.0}
_EVENT_CUE = re.compile(
    r"(?:\b(?:in|near|at|outside|around|inside|of|village|town|city|district)\s+(?:the\s+)?(?:\w+\s+)?)$", re.IGNORECASE
)


#: a place the text names with the units it lies in written after it, in brackets or after a comma: "in the vicinity
#: of Laantabuur village (Afgooye, Lower Shabelle)", "in Tiri (Dar El Kouti, Ndele)", "near Orikhove, Luhansk"; the
#: match ends where the unit starts. A place word before it or a kind of place after it says the name is a place
_NAMED_BEFORE_UNITS = re.compile(
    r"(?:(?P<prep>\b(?:in|at|near|of|around|outside|from|to|into|toward|towards)\s+(?:the\s+)?)|\b)"
    r"(?P<name>[A-Z][\w'’.-]*(?:[ -][A-Z0-9][\w'’.-]*){0,3})"
    r"(?P<kind>\s+(?:village|town|area|locality|settlement|hamlet|(?:sub-?)?district|regency|township|tehsil|"
    r"upazila|woreda|(?:sub-?)?county))?"
    r"(?:\s*\((?:[^(),]*,\s*)?|,\s+)$"
)


#: the head of a building or an institution's premises, beside :data:`_LANDMARK`: no place of its own
_FACILITY = frozenset(
    """club assembly office offices headquarters hq secretariat premises compound palace museum monument memorial
    minar udyan bazar bazaar chowk house residence barracks airport embassy ministry centre center""".split()
)
#: words that open the name of a part of a municipality, coded to the municipality
_PART_OPENERS = frozenset("barangay brgy sitio purok".split())
#: a unit word written after a unit's name ("Gangaw Township", "Jhapa Rural Municipality")
_UNIT_AFTER_NAME = re.compile(
    r"\s+(?:Township|Woreda|Tehsil|Taluka|Upazila|Union|Kebele|Sub-?[Cc]ounty|Rural Municipality|Municipality|"
    r"District|Division|Commune|Prefecture|LGA)$"
)


def written_before_units(text: str, start: int) -> tuple[int, int, str] | None:
    """``(start, end, name)`` of the place written before the bracket in which a unit starts at ``start``:
    "Laantabuur" for the "Afgooye" of "near Laantabuur village (Afgooye, Lower Shabelle)", "Orikhove" for the
    "Luhansk" of "near Orikhove, Luhansk"; None when the unit is not the first or second item of such a bracket
    nor right after such a comma."""
    lo = max(0, start - 160)
    m = _NAMED_BEFORE_UNITS.search(text[lo:start])
    if m is None or not (m.group("prep") or m.group("kind")):
        # "attacked Nacoba village (...)" and "in Pisky, Donetsk" name a place; "shelled Pisky, ..." may not
        return None
    while not m.group("prep"):
        # "in Tidung sub-district, Rappocini district, Makassar City": the first unit of the chain is the place
        outer = _NAMED_BEFORE_UNITS.search(text[lo : lo + m.start("name")])
        if outer is None or not (outer.group("prep") or outer.group("kind")):
            break
        m = outer
    name = m.group("name")
    words = name.split()
    if words[-1].casefold() in _LANDMARK or words[-1].casefold() in _FACILITY:
        return None  # "Pirganj Press Club (Pirganj, Rangpur)": a building in the town, which is the place
    if words[0].casefold() in _PART_OPENERS:
        return None  # "Barangay Colonsabak, Matanao": ACLED codes the municipality
    unit = _UNIT_AFTER_NAME.search(name)
    if unit is not None and unit.start() > 0:
        name = name[: unit.start()]  # "Gangaw Township", "Abe Dongoro Woreda": the unit's own name
    return lo + m.start("name"), lo + m.start("name") + len(name), name


def pick_event_place(text: str, mentions: list[PlaceMention], *, offset: int = 0) -> PlaceMention | None:
    """The mention most likely to be where the event happened, when no model span says so.

    The most specific place (a town over a district over a province over a country) introduced by a locative
    word ("in X", "near the village of X") and followed by its province or country ("X, Borno", "X (Gedo)"),
    earlier mentions winning ties: the shape of a news lead and of ACLED's notes. None when there is no mention.
    """
    best: tuple[float, int] | None = None
    for idx, m in enumerate(mentions):
        start, end = m.start - offset, m.end - offset
        score = _SPECIFICITY[m.kind] - 0.05 * idx
        if _EVENT_CUE.search(text[max(0, start - 30) : start]):
            score += 2.0
        after = text[end : end + 3]
        if after.startswith((",", " (", "(")) and idx + 1 < len(mentions) and mentions[idx + 1].start - m.end <= 4:
            score += 1.0
        if best is None or score > best[0]:
            best = (score, idx)
    return mentions[best[1]] if best else None


_DETERMINERS = frozenset("a an the his her its their our your my this that".split())


def names_country(name: str, gazetteer: Gazetteer | None = None) -> bool:
    g = gazetteer or default_gazetteer()
    return any(g.kind(x.place) == "country" for x in g.lookup(name))


def possessive(text: str, m: PlaceMention) -> bool:
    """The name is followed by a possessive: "Iran's Supreme Leader" says whose, not where."""
    return text[m.end : m.end + 2].replace("’", "'") == "'s"


def attributive(text: str, m: PlaceMention) -> bool:
    """A country name used as a modifier after a determiner: "a US company", "the Kenya police"."""
    before = re.findall(r"[\w'’]+", text[max(0, m.start - 12) : m.start])
    after = re.match(r"\s+([a-z][\w-]*)", text[m.end : m.end + 30])
    return bool(before) and before[-1].casefold() in _DETERMINERS and after is not None


def _province_of_town(g: Gazetteer, town: str, name: str) -> bool:
    units = {x.place for x in g.lookup(name) if g.kind(x.place) == "admin1"}
    return bool(units) and any(g.admin1_row(x.place) in units for x in g.lookup(town))


def _apposed(text: str, first: PlaceMention, second: PlaceMention) -> bool:
    gap = text[first.end : second.start] if second.start >= first.end else ""
    return gap.strip() in (",", "(")


_TOWN_WORD_AFTER = re.compile(r"\s+(?:village|town|city|camp|hamlet|settlement)\b", re.IGNORECASE)


def article_context(
    text: str,
    gazetteer: Gazetteer | None = None,
    *,
    mentions: list[PlaceMention] | None = None,
    actor_countries: Iterable[str] | Callable[[], Iterable[str]] = (),
) -> PlaceContext:
    """Countries and provinces an article names, for :func:`resolve_place`.

    Countries: those named, plus the country of provinces whose name is unique to one country; where the text
    names no country, the country of its largest unambiguous town (a dateline "MOGADISHU" says Somalia). Pass
    ``mentions`` (from :func:`find_places` on the same text, offset 0) to avoid finding them twice.

    ``actor_countries``: the home countries of groups the article names that act in one country only
    ("Ambazonian separatists" -> Cameroon). Where no country is named outright they outweigh a province name
    (French "Sud-Ouest" and "Nord-Ouest" are Haitian departments and Burkinabe regions in GeoNames, while the
    Cameroonian regions are listed under their English names) and towns under 100,000 people; a country named
    outright, or a city of 100,000+ in another country, still wins. A callable is only called when it is needed
    (no country named outright), so that finding the groups costs nothing in most articles.
    """
    g = gazetteer or default_gazetteer()
    if mentions is None:
        mentions = find_places(text, gazetteer=g)
    countries: list[str] = []
    admin1s: list[str] = []
    towns: list[tuple[int, str]] = []
    cover: dict[str, set[str]] = {}  # country -> the distinct place names (not countries) it has a place for
    for k, m in enumerate(mentions):
        every = [x.place for x in g.lookup(m.text)]  # by any of its names, alternate ones included
        rows = [x.place for x in g.lookup(m.text) if not x.alternate] or every
        if m.kind != "country":
            # a namesake a hundred times smaller than the largest place of that name (alternate names included) is
            # not counted ("Dhaka" in Bihar, Russia's "Donetsk")
            places_named = [r for r in every if g.kind(r) in ("city", "admin1", "admin2")]
            floor = 0.01 * max((g.population(r) for r in places_named), default=0)
            for r in places_named:
                # GeoNames gives most districts no population: unknown is not small ("Bui" division, Cameroon)
                if g.population(r) >= floor or (g.kind(r) != "city" and g.population(r) == 0):
                    cover.setdefault(g.country_of(r), set()).add(m.text.casefold())
        follows_town = k > 0 and mentions[k - 1].kind == "city" and _apposed(text, mentions[k - 1], m)
        if m.kind == "city" and follows_town and any(g.kind(r) in ("admin1", "admin2") for r in rows):
            # "Lozove, Donetsk": a name after a town and a comma is its province, whatever else it may name
            if m.text not in admin1s:
                admin1s.append(m.text)
            continue
        if m.kind == "country" and follows_town and _province_of_town(g, mentions[k - 1].text, m.text):
            # "Macon, Georgia": after a town of one of its provinces, a name shared with a country is the province
            if m.text not in admin1s:
                admin1s.append(m.text)
            continue
        if m.kind == "country":
            c = next((g.country_of(r) for r in rows if g.kind(r) == "country"), None)
            if c and (attributive(text, m) or possessive(text, m)):
                # "a US company", "the US embassy", "Israel's recognition of ...": a clue that only counts where the
                # article names no town, not a context that rules out the towns it names ("a protest in Colombo
                # against ... a US company")
                towns.append((1, c))
            elif c and c not in countries:
                countries.append(c)
        elif m.kind in ("admin1", "admin2") and _TOWN_WORD_AFTER.match(text, m.end):
            # "Bururi Village in Tana River District": the text says the name is a village's, not the province's
            # (Bururi is a province of Burundi): no clue to the country
            continue
        elif m.kind in ("admin1", "admin2"):
            units = [r for r in rows if g.kind(r) in ("admin1", "admin2")]
            if m.text not in admin1s:
                admin1s.append(m.text)
            # owners by every name of the unit: "Nord-Ouest" is Haiti's own name and Cameroon's French one, so it is
            # unique to neither
            owners = {g.country_of(r) for r in every if g.kind(r) in ("admin1", "admin2")}
            if len(owners) == 1:
                # a province name unique to one country is a strong clue; a district's much weaker ("May Day",
                # "Lake" are districts somewhere): it only breaks ties
                towns.append((10**9 if any(g.kind(r) == "admin1" for r in units) else 0, owners.pop()))
        else:
            best = max((r for r in rows if g.kind(r) == "city"), key=g.population, default=None)
            if best is not None:
                towns.append((g.population(best), g.country_of(best)))
                provinces = {g.country_of(r) for r in every if g.kind(r) == "admin1"}
                if provinces == {g.country_of(best)}:
                    # the town shares its name with its own province ("Marsabit town", "Kano"): as strong a clue as a
                    # province name unique to one country, not a town that a bigger namesake abroad outweighs
                    towns.append((10**9, g.country_of(best)))
    if not countries:
        # "upazila", "woreda", "barangay": a unit word one country's press alone uses, as strong as its province name
        towns.extend((10**9, c) for c in admin_term_countries(text))
    homes: list[str] = []
    if not countries:
        found = actor_countries() if callable(actor_countries) else actor_countries
        homes = [info.iso2 for info in map(lookup_country, found) if info is not None]
    if not countries and homes and not any(100_000 <= w < 10**9 and c not in homes for w, c in towns):
        # a group's home outweighs a province name and small towns, not a city of 100,000+ elsewhere
        towns.extend((10**9 + 1, c) for c in homes)
    if not countries:
        if towns:
            # the strongest clue; among equally strong ones, the country named most often (not the first by its code)
            top = max(w for w, _ in towns)
            tied = [c for w, c in towns if w == top]
            countries.append(max(tied, key=lambda c: (sum(1 for _, x in towns if x == c), -tied.index(c))))
        # One country holding more of the places named than any other, and at least two, is the better clue:
        # "Tlahuelilpan, Hidalgo ... Tula" is Mexico, though the largest Tula is Russian; "Bui division
        # (Nord-Ouest)" is Cameroon, though neither name alone is a clue.
        counts = sorted(((len(v), c) for c, v in cover.items()), reverse=True)
        if counts and counts[0][0] >= 2 and (len(counts) == 1 or counts[1][0] < counts[0][0]):
            lead = counts[0][1]
            if not countries:
                countries.append(lead)
            elif len(cover.get(countries[0], ())) < counts[0][0]:
                countries[0] = lead
    return PlaceContext(countries=countries, admin1s=admin1s)
