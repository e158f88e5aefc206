"""Turn one detected event mention into an EventRecord: pick its arguments from the text that reports it, resolve
them, and record the evidence of every value.

The order of preference for each argument is the same: a span the role model tagged in the event's sentence, then
a mention a rule finds in that sentence, then the sentences just before it, then the article as a whole (dateline,
most-named place), and last a fallback whose reason is written into the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eventx.pipeline.attribution import Attribution
from eventx.pipeline.document import Doc, Sentence
from eventx.schema.evidence import FieldEvidence, Figure, ModelInfo, Span
from eventx.schema.record import EventRecord


@dataclass(frozen=True)
class RoleHit:
    """A role span in article offsets."""

    role: str
    start: int
    end: int
    text: str
    score: float


@dataclass
class EventMention:
    """A sentence the typing model called an event, with what the role model found in it."""

    doc: Doc
    sentence: Sentence
    sub_event_type: str
    event_type: str
    type_prob: float
    event_prob: float
    roles: list[RoleHit] = field(default_factory=list)
    probs: dict[str, float] = field(default_factory=dict)

    def spans(self, role: str) -> list[RoleHit]:
        return [r for r in self.roles if r.role == role]


@dataclass
class ArticleContext:
    """What the whole article says that single sentences lean on: its places and its dateline date."""

    place_context: Any
    places: list[Any]
    dates: list[Any]


def _span(doc: Doc, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=doc.text[start:end])


class Assembler:
    """Resolves arguments of event mentions with the resolvers it is given (no global state)."""

    def __init__(
        self,
        *,
        gazetteer: Any,
        actor_table: Any,
        model_info: ModelInfo,
        context_sentences: int = 1,
        min_type_prob: float = 0.2,
        source_from_article: bool = True,
        notes_from_text: bool = True,
    ) -> None:
        self.gazetteer = gazetteer
        self.actor_table = actor_table
        self.model_info = model_info
        self.context_sentences = context_sentences
        self.min_type_prob = min_type_prob
        self.source_from_article = source_from_article
        self.notes_from_text = notes_from_text

    # ----------------------------------------------------------------- article-level context
    def article_context(self, doc: Doc) -> ArticleContext:
        from eventx.resolve import dates, places

        body = [s for s in doc.sentences]
        found_places = places.find_places(doc.text, gazetteer=self.gazetteer)
        ctx = places.article_context(doc.text, gazetteer=self.gazetteer)
        found_dates = []
        for s in body[:4]:  # datelines sit at the top
            found_dates.extend(dates.find_dates(s.text, doc.published, offset=s.start))
        return ArticleContext(place_context=ctx, places=found_places, dates=found_dates)

    # ----------------------------------------------------------------- one mention
    def assemble(self, m: EventMention, actx: ArticleContext, said: Attribution | None = None) -> EventRecord:
        doc = m.doc
        sent = m.sentence
        evidence: dict[str, FieldEvidence] = {}
        type_span = _span(doc, sent.start, sent.end)
        low = m.type_prob < self.min_type_prob
        evidence["event_type"] = FieldEvidence(
            spans=[type_span],
            confidence=round(m.event_prob, 4),
            method="model",
            reason="event detected in this sentence" + ("" if not low else "; low type confidence"),
        )
        top = sorted(m.probs.items(), key=lambda kv: -kv[1])[:3]
        evidence["sub_event_type"] = FieldEvidence(
            spans=[type_span],
            confidence=round(m.type_prob, 4),
            method="model",
            candidates=[f"{k} ({v:.2f})" for k, v in top],
        )
        window = self._window(doc, sent)

        place = self._place(m, window, actx)
        date_res = self._date(m, window, actx)
        figures, fatalities, fat_ev = self._figures(m)
        country = place.country if place is not None else None
        a1, a2 = self._actors(m, country)

        data: dict[str, Any] = {
            "event_type": m.event_type,
            "sub_event_type": m.sub_event_type,
            "fatalities": fatalities,
            "figures": figures,
            "article_id": doc.id,
            "model": self.model_info,
            "confidence": round(min(1.0, m.event_prob * max(m.type_prob, 1e-6)) ** 0.5, 4),
        }
        evidence["fatalities"] = fat_ev
        if date_res is not None:
            data["event_date"] = date_res.date
            data["time_precision"] = date_res.time_precision
            evidence["event_date"] = date_res.evidence
        if place is not None:
            for key in (
                "country",
                "iso",
                "region",
                "admin1",
                "admin2",
                "location",
                "latitude",
                "longitude",
                "geo_precision",
            ):
                data[key] = getattr(place, key, None)
            evidence["location"] = place.evidence
        for key, res in (("actor1", a1), ("actor2", a2)):
            if res is None or res.name is None:
                continue
            data[key] = res.name
            data["inter1" if key == "actor1" else "inter2"] = res.inter
            evidence[key] = res.evidence
        if data.get("actor2") and data.get("actor1") is None:  # an actor2 alone is really the only actor
            data["actor1"], data["inter1"] = data.pop("actor2"), data.pop("inter2", None)
            evidence["actor1"] = evidence.pop("actor2")
        if data.get("inter2") == 7 and m.event_type in (
            "Violence against civilians",
            "Explosions/Remote violence",
            "Battles",
            "Riots",
        ):
            data["civilian_targeting"] = "Civilian targeting"
        if said is not None:
            evidence["reported_by"] = FieldEvidence(
                spans=[_span(doc, said.start, said.end)],
                confidence=0.7,
                method="rule",
                reason=f"reported by {said.speaker} ({said.verb}{', via pronoun' if said.via_pronoun else ''})",
            )
        if self.source_from_article and doc.article.source:
            data["source"] = doc.article.source
        if self.notes_from_text:
            data["notes"] = sent.text
        data["evidence"] = evidence
        return EventRecord.model_validate(data)

    def _window(self, doc: Doc, sent: Sentence) -> list[Sentence]:
        """The event sentence first, then up to ``context_sentences`` before it, nearest first."""
        before = [s for s in doc.sentences[max(0, sent.index - self.context_sentences) : sent.index] if not s.headline]
        return [sent, *reversed(before)]

    # ----------------------------------------------------------------- place
    def _place(self, m: EventMention, window: list[Sentence], actx: ArticleContext) -> Any:
        from eventx.resolve import places

        doc = m.doc
        ctx = actx.place_context
        for hit in m.spans("LOC"):
            res = places.resolve_place(hit.text, ctx, gazetteer=self.gazetteer, span=_span(doc, hit.start, hit.end))
            if res.country is not None:
                res.evidence.method = "model"
                return res
        for i, s in enumerate(window):
            mentions = places.find_places(s.text, gazetteer=self.gazetteer, offset=s.start)
            best = _best_place(mentions)
            if best is not None:
                res = places.resolve_place(
                    best.text, ctx, gazetteer=self.gazetteer, span=_span(doc, best.start, best.end)
                )
                if res.country is not None:
                    if i > 0:
                        res.evidence.reason = _join(
                            res.evidence.reason, "no place in the event's sentence: taken from the sentence before"
                        )
                    return res
        best = _best_place(actx.places)
        if best is not None:
            res = places.resolve_place(best.text, ctx, gazetteer=self.gazetteer, span=_span(doc, best.start, best.end))
            if res.country is not None:
                res.evidence.reason = _join(
                    res.evidence.reason, "no place near the event: used the article's first-named place"
                )
                res.evidence.confidence = min(res.evidence.confidence, 0.4)
                return res
        return None

    # ----------------------------------------------------------------- date
    def _date(self, m: EventMention, window: list[Sentence], actx: ArticleContext) -> Any:
        from eventx.resolve import dates

        doc = m.doc
        for hit in m.spans("DATE"):
            res = dates.resolve_date(
                doc.text[m.sentence.start : m.sentence.end],
                doc.published,
                span=Span(start=hit.start - m.sentence.start, end=hit.end - m.sentence.start, text=hit.text),
            )
            if res.date is not None and res.evidence.method != "fallback":
                return _shift(res, m.sentence.start, doc)
        for i, s in enumerate(window):
            if dates.find_dates(s.text, doc.published):
                res = dates.resolve_date(s.text, doc.published)
                if res.date is not None:
                    res = _shift(res, s.start, doc)
                    if i > 0:
                        res.evidence.reason = _join(
                            res.evidence.reason, "no date in the event's sentence: taken from the sentence before"
                        )
                    return res
        return dates.resolve_date("", doc.published)

    # ----------------------------------------------------------------- figures
    def _figures(self, m: EventMention) -> tuple[list[Figure], int, FieldEvidence]:
        from eventx.resolve import figures

        figs = figures.extract_figures(m.sentence.text, offset=m.sentence.start)
        fatalities, ev = figures.fatalities_from(figs)
        return figs, fatalities, ev

    # ----------------------------------------------------------------- actors
    def _actors(self, m: EventMention, country: str | None) -> tuple[Any, Any]:
        from eventx.resolve import actors

        doc = m.doc
        sent = m.sentence
        found = {}
        for role in ("ACTOR1", "ACTOR2"):
            for hit in m.spans(role):
                res = actors.resolve_actor(
                    hit.text,
                    country=country,
                    role=role.lower(),
                    context=sent.text,
                    event_type=m.event_type,
                    table=self.actor_table,
                    span=_span(doc, hit.start, hit.end),
                )
                if res.name is not None:
                    res.evidence.method = "model"
                    found[role] = res
                    break
        if "ACTOR1" not in found or "ACTOR2" not in found:
            mentions = actors.find_actors(sent.text, country=country, table=self.actor_table, offset=sent.start)
            taken = {r.name for r in found.values()}
            for men in mentions:
                if men.name in taken:
                    continue
                role = "ACTOR1" if "ACTOR1" not in found else "ACTOR2" if "ACTOR2" not in found else None
                if role is None:
                    break
                res = actors.resolve_actor(
                    men.text,
                    country=country,
                    role=role.lower(),
                    context=sent.text,
                    event_type=m.event_type,
                    table=self.actor_table,
                    span=_span(doc, men.start, men.end),
                )
                if res.name is not None and res.name not in taken:
                    found[role] = res
                    taken.add(res.name)
        return found.get("ACTOR1"), found.get("ACTOR2")


def _best_place(mentions: list[Any]) -> Any:
    """The most specific mention first (a town over a province over a country), then the earliest."""
    rank = {"city": 0, "admin1": 1, "country": 2}
    if not mentions:
        return None
    return sorted(mentions, key=lambda p: (rank.get(getattr(p, "kind", "city"), 3), p.start))[0]


def _shift(res: Any, offset: int, doc: Doc) -> Any:
    """Resolvers given a sentence report spans in sentence offsets; records use article offsets."""
    res.evidence.spans = [
        Span(start=s.start + offset, end=s.end + offset, text=doc.text[s.start + offset : s.end + offset])
        for s in res.evidence.spans
    ]
    return res


def _join(a: str | None, b: str) -> str:
    return b if not a else f"{a}; {b}"


def merge_records(records: list[EventRecord]) -> list[EventRecord]:
    """ACLED's aggregation inside one article: same sub-event type, day, place and actors -> one event.

    Missing values do not block a merge (a later sentence often repeats the type without the place); figures are
    pooled and, where mentions disagree, the lower fatality count is kept (ACLED's conservative rule).
    """
    out: list[EventRecord] = []
    for rec in records:
        target = next((o for o in out if _same_event(o, rec)), None)
        if target is None:
            out.append(rec)
            continue
        out[out.index(target)] = _merge_pair(target, rec)
    return out


def _compatible(a: Any, b: Any) -> bool:
    return a is None or b is None or a == b


def _same_event(a: EventRecord, b: EventRecord) -> bool:
    return (
        a.sub_event_type == b.sub_event_type
        and a.event_type == b.event_type
        and _compatible(a.event_date, b.event_date)
        and _compatible(a.location, b.location)
        and _compatible(a.country, b.country)
        and _compatible(a.actor1, b.actor1)
        and _compatible(a.actor2, b.actor2)
    )


def _merge_pair(a: EventRecord, b: EventRecord) -> EventRecord:
    data = a.model_dump(exclude={"year", "disorder_type", "interaction"})
    bd = b.model_dump(exclude={"year", "disorder_type", "interaction"})
    for key, value in bd.items():
        if data.get(key) in (None, "", []) and value not in (None, "", []):
            data[key] = value
            if key in b.evidence:
                data["evidence"][key] = b.evidence[key].model_dump()
    if a.fatalities and b.fatalities:
        data["fatalities"] = min(a.fatalities, b.fatalities)
    else:
        data["fatalities"] = max(a.fatalities, b.fatalities)
    seen = {(f.kind, f.value, f.span.start if f.span else None) for f in a.figures}
    data["figures"] = [f.model_dump() for f in a.figures] + [
        f.model_dump() for f in b.figures if (f.kind, f.value, f.span.start if f.span else None) not in seen
    ]
    ev = data["evidence"].get("event_type")
    if ev is not None and "event_type" in b.evidence:
        ev["spans"] = ev["spans"] + [s.model_dump() for s in b.evidence["event_type"].spans]
    if a.notes and b.notes and b.notes not in a.notes:
        data["notes"] = f"{a.notes} {b.notes}"
    data["confidence"] = max(a.confidence or 0.0, b.confidence or 0.0)
    return EventRecord.model_validate(data)
