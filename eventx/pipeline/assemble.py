"""Turn one detected event mention into an EventRecord: pick its arguments from the text that reports it, resolve
them, and record the evidence of every value.

The order of preference for each argument is the same: a span the role model tagged in the event's sentence, then
a mention a rule finds in that sentence, then the sentences just before it, then the article as a whole (dateline,
most-named place), and last a fallback whose reason is written into the evidence.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from eventx.pipeline import guards
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
    method: str = "model"  # "rule" for mentions a pattern found where the model saw no event
    rule: str | None = None
    guard: str | None = None  # why a codebook guard replaced the model's sub-event type (eventx.pipeline.guards)

    def spans(self, role: str) -> list[RoleHit]:
        return [r for r in self.roles if r.role == role]


@dataclass
class ArticleContext:
    """What the whole article says that single sentences lean on: its places and its dateline date."""

    place_context: Any
    places: list[Any]
    dates: list[Any]
    caseless: bool = False  # the article is all in lower case: case cannot tell a name from a word


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
        codebook_guards: bool = True,
    ) -> None:
        self.gazetteer = gazetteer
        self.actor_table = actor_table
        self.model_info = model_info
        self.context_sentences = context_sentences
        self.min_type_prob = min_type_prob
        self.source_from_article = source_from_article
        self.notes_from_text = notes_from_text
        self.codebook_guards = codebook_guards

    # ----------------------------------------------------------------- article-level context
    def article_context(self, doc: Doc) -> ArticleContext:
        from eventx.resolve import dates, places

        body = [s for s in doc.sentences]
        found_places = [
            x for x in places.find_places(doc.text, gazetteer=self.gazetteer) if not self._people_word(doc.text, x)
        ]
        ctx = places.article_context(
            doc.text,
            gazetteer=self.gazetteer,
            mentions=found_places,
            actor_countries=lambda: self._group_homes(doc.text),
        )
        found_dates = []
        for s in body[:4]:  # datelines sit at the top
            found_dates.extend(dates.find_dates(s.text, doc.published, offset=s.start))
        return ArticleContext(
            place_context=ctx, places=found_places, dates=found_dates, caseless=places.is_caseless(doc.text)
        )

    def _people_word(self, text: str, mention: Any) -> bool:
        """A demonym before a noun in lower case ("Somali raiders", "Afar militiamen") names people, not the
        province of that name (Ethiopia's Somali and Afar regions); "Somali region" still names the province."""
        from eventx.resolve import actors, places

        if mention.kind == "country" or places.names_country(mention.text, self.gazetteer):
            return False
        table = self.actor_table or actors.ActorTable.load()
        if " ".join(actors.norm_tokens(mention.text)).lower() not in table.country_words:
            return False
        after = _NOUN_AFTER.match(text, mention.end)
        return after is not None and after.group(1).lower() not in _UNIT_WORDS

    def _group_homes(self, text: str) -> list[str]:
        """Home countries of the named groups an article mentions that ACLED has seen in one country only: a
        place clue for articles that name no country. Country names and demonyms ("Kenyan troops" in Somalia)
        are not used here: they say whose, not where."""
        from eventx.resolve import actors

        table = self.actor_table or actors.ActorTable.load()
        homes: list[str] = []
        for men in actors.find_actors(text, table=table):
            home = table.home_country(men.key)
            if not home and table.country_of(actors.norm_tokens(men.text)) is None:
                home = _national_country(men, table)  # "FACA", "FARDC": a country's own name for its forces
            if home and home not in homes:
                homes.append(home)
        return homes

    # ----------------------------------------------------------------- one mention
    def assemble_all(self, m: EventMention, actx: ArticleContext, said: Attribution | None = None) -> list[EventRecord]:
        """One record per place: an event reported "in Iraq and Syria" with no town named is two ACLED events,
        each coded to its country (precision 3)."""
        from eventx.resolve import places

        text = m.sentence.text
        mentions = places.find_places(text, gazetteer=self.gazetteer, offset=m.sentence.start)
        countries: dict[str, Any] = {}
        if mentions and all(getattr(p, "kind", "") == "country" for p in mentions):
            for p in mentions:
                local = _local(p, m.sentence.start)
                if places.attributive(text, local) or places.possessive(text, local):
                    continue  # "Iran's Supreme Leader", "a US company": whose, not where
                res = places.resolve_place(
                    p.text, actx.place_context, gazetteer=self.gazetteer, span=_span(m.doc, p.start, p.end)
                )
                if res.country is not None and res.country not in countries:
                    countries[res.country] = res
        if len(countries) < 2:
            return [self.assemble(m, actx, said)]
        out = []
        for res in countries.values():
            res.evidence.reason = _join(
                res.evidence.reason, f"the sentence names {len(countries)} countries and no town: one event per country"
            )
            out.append(self.assemble(m, actx, said, place=res))
        return out

    def assemble(
        self, m: EventMention, actx: ArticleContext, said: Attribution | None = None, *, place: Any = None
    ) -> EventRecord:
        doc = m.doc
        sent = m.sentence
        evidence: dict[str, FieldEvidence] = {}
        type_span = _span(doc, sent.start, sent.end)
        low = m.type_prob < self.min_type_prob
        reason = "event detected in this sentence" + ("" if not low else "; low type confidence")
        figures, fatalities, fat_ev = self._figures(m)
        context = guards.context_text(doc, sent)  # the sentence and its neighbours: what the guards read
        if self.codebook_guards and (
            hurt := guards.abduction_harm(m.sub_event_type, m.probs, sent.text, fatalities, context)
        ):
            m.sub_event_type, m.type_prob, m.guard = hurt.sub_event_type, hurt.prob, hurt.reason
            m.event_type = "Violence against civilians"
        if m.method == "rule":
            reason = f"the model read no event; rule found a {m.rule}"
        evidence["event_type"] = FieldEvidence(
            spans=[type_span],
            confidence=round(m.event_prob, 4),
            method="rule" if m.method == "rule" else "model",
            reason=reason,
        )
        top = sorted(m.probs.items(), key=lambda kv: -kv[1])[:3]
        evidence["sub_event_type"] = FieldEvidence(
            spans=[type_span],
            confidence=round(m.type_prob, 4),
            method="rule" if m.method == "rule" or m.guard else "model",
            reason=m.guard,
            candidates=[f"{k} ({v:.2f})" for k, v in top],
        )
        window = self._window(doc, sent)

        if place is None:
            place = self._written_place(self._place(m, window, actx, said), m)
        date_res = self._date(m, window, actx)
        country = place.country if place is not None else None
        when = date_res.date if date_res is not None else None
        a1, a2 = self._actors(m, country, said, when)
        inters = (getattr(a1, "inter", None), getattr(a2, "inter", None))
        if self.codebook_guards and (armed := guards.armed_target(m.sub_event_type, m.probs, *inters, context)):
            m.sub_event_type, m.type_prob, m.guard = armed.sub_event_type, armed.prob, armed.reason
            m.event_type = "Battles"
            sub_ev = evidence["sub_event_type"]
            sub_ev.method, sub_ev.reason, sub_ev.confidence = "rule", armed.reason, round(armed.prob, 4)
            evidence["event_type"].reason = _join(evidence["event_type"].reason, armed.reason)
        if (
            m.sub_event_type == "Government regains territory"
            and country
            and not any(r is not None and r.inter == 1 for r in (a1, a2))
        ):
            a1, a2 = self._implied_state_forces(country, a1, a2, when)
        assoc = None
        if country:
            a1, a2, assoc = self._codebook_actors(m, country, a1, a2, when, said)

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
        if assoc is not None and assoc.name not in (data.get("actor1"), data.get("actor2")):
            data["assoc_actor_1"] = assoc.name
            evidence["assoc_actor_1"] = assoc.evidence
        victims_only = m.event_type in _ARMED_TYPES and getattr(a2, "key", None) == "Civilians ({C})"
        if data.get("actor2") and data.get("actor1") is None and not victims_only:
            # an actor2 alone is really the only actor; civilians harmed by an unnamed hand stay its actor2
            data["actor1"], data["inter1"] = data.pop("actor2"), data.pop("inter2", None)
            evidence["actor1"] = evidence.pop("actor2")
        if data.get("inter1") is None and data.get("inter2") is not None:
            # ACLED has no inter2 without an inter1 (the interaction would be half known): withhold it, say why
            data["inter2"] = None
            ev2 = evidence["actor2"]
            ev2.reason = _join(ev2.reason, "inter2 withheld: actor1's inter code is unknown")
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
    def _place(
        self, m: EventMention, window: list[Sentence], actx: ArticleContext, said: Attribution | None = None
    ) -> Any:
        from eventx.resolve import places

        doc = m.doc
        ctx = actx.place_context
        sent_text = doc.text[m.sentence.start : m.sentence.end]
        country_only = None
        names = m.spans("PLACE")
        # the dateline's town ("NAIROBI, March 3 (Reuters) -") is where the report was filed: another place the
        # sentence names comes first
        for hit in sorted(m.spans("LOC"), key=lambda h: _in_dateline(doc.text, h)):
            hit = _whole_compound(_whole_name(hit, names, doc.text), doc.text)
            local = places.PlaceMention(hit.start - m.sentence.start, hit.end - m.sentence.start, hit.text, "country")
            if places.attributive(sent_text, local) and places.names_country(hit.text, self.gazetteer):
                continue  # "his US citizenship" names no place of the event
            if not self._could_name_a_place(hit, m.sentence.start, actx.caseless):
                continue
            if self._inside_actor_name(hit, m.sentence.start, sent_text):
                continue
            name = _with_nearness(sent_text, hit.start - m.sentence.start, hit.text)
            name = _with_qualifier(sent_text, hit.end - m.sentence.start, name)
            res = places.resolve_place(name, ctx, gazetteer=self.gazetteer, span=_span(doc, hit.start, hit.end))
            if res.country is not None:
                weak = res.location is None or res.evidence.method == "fallback"
                res.evidence.method = "model"
                if weak and country_only is None:
                    # a village the gazetteer lacks, coded to the article's country only: a town or province the
                    # sentence also names ("Bokolobo (Ngougbia, Bambari)") says more
                    country_only = res
                    continue
                if not weak and not (country_only is not None and res.kind == "country"):
                    return self._finer_place(res, m, hit)  # ("a village in Kenya": Kenya)
        for i, s in enumerate(window):
            if i > 0 and country_only is not None:
                return country_only
            mentions = [
                x
                for x in places.find_places(s.text, gazetteer=self.gazetteer, offset=s.start)
                if not (x.kind == "country" and places.attributive(s.text, _local(x, s.start)))
                and not self._people_word(doc.text, x)
            ]
            best = places.pick_event_place(s.text, mentions, offset=s.start) if mentions else None
            if best is not None and country_only is not None and best.kind == "country":
                return country_only  # "a village in Kenya": Kenya, not its capital
            if best is not None:
                res = places.resolve_place(
                    _with_qualifier(
                        s.text, best.end - s.start, _with_nearness(s.text, best.start - s.start, best.text)
                    ),
                    ctx,
                    gazetteer=self.gazetteer,
                    span=_span(doc, best.start, best.end),
                )
                if res.country is not None and _in_context(res, ctx, best):
                    if i > 0:
                        res.evidence.reason = _join(
                            res.evidence.reason, "no place in the event's sentence: taken from the sentence before"
                        )
                    return res
        if country_only is not None:
            return country_only
        capital = self._the_capital(m, ctx, window, said)
        if capital is not None:
            return capital
        best = _best_place(actx.places)
        if best is not None:
            res = places.resolve_place(best.text, ctx, gazetteer=self.gazetteer, span=_span(doc, best.start, best.end))
            if res.country is not None:
                res.evidence.reason = _join(
                    res.evidence.reason, "no place near the event: used the article's first-named place"
                )
                res.evidence.confidence = min(res.evidence.confidence, 0.4)
                return res
        return self._country_from_actors(m, window, said)

    def _written_place(self, res: Any, m: EventMention) -> Any:
        """A village the gazetteer lacks, written with the units it lies in ("near Laantabuur village (Afgooye,
        Lower Shabelle)"), is the event's location as written: the resolver found only its district, whose town
        gives the coordinates, so the precision says the point is near the place (2), not at it."""
        from eventx.resolve import places

        if res is None or res.location is None or " - " in res.location or not res.evidence.spans:
            return res  # "Dhaka - Tejgaon": ACLED's own name for a part of the town, more than the text's
        span = res.evidence.spans[0]
        found = places.written_before_units(m.doc.text, span.start)
        if found is None:
            return res
        start, end, name = found
        if name.casefold() in {(res.location or "").casefold(), (res.admin2 or "").casefold()}:
            return res
        within = places.PlaceContext(countries=[res.country], admin1s=[res.admin1] if res.admin1 else [])
        own = places.resolve_place(name, within, gazetteer=self.gazetteer)
        known = own.location is not None and own.evidence.method != "fallback" and own.admin1 == res.admin1
        if known or places.names_country(name, self.gazetteer):
            # a place the gazetteer knows there: the resolver had it and chose as it did. A namesake in another
            # province does not count: "near Bohdanivka, Donetsk" names none of the gazetteer's Bohdanivkas, all
            # elsewhere in Ukraine
            return res
        near = res.location
        res.location = name
        res.geo_precision = max(res.geo_precision or 1, 2)
        res.evidence.spans = [_span(m.doc, start, end), *res.evidence.spans]
        res.evidence.reason = _join(
            res.evidence.reason,
            f"the text names '{name}' with {near}'s unit after it, and the gazetteer has no such place there: "
            f"location as written, coordinates of {near} (precision {res.geo_precision})",
        )
        return res

    def _finer_place(self, res: Any, m: EventMention, hit: RoleHit) -> Any:
        """A town the sentence names inside the province, district or country the tagger read as the event's place.

        ACLED codes an event to the most specific place its report gives. The tagger often reads the unit that
        qualifies a town as the place ("near Jamaame town (Jamaame, Lower Juba)", "in Bandung city (West Java
        province)"), which codes the event to the unit's largest town at precision 3. A town of the same sentence
        that lies inside that unit (same country; same province, and district where both are known) is taken
        instead, chosen among such towns as the event's place is (``places.pick_event_place``).
        """
        from eventx.resolve import places

        if res.kind not in ("admin1", "admin2", "country"):
            return res
        sent, doc = m.sentence, m.doc
        towns = [
            x
            for x in places.find_places(sent.text, gazetteer=self.gazetteer, offset=sent.start)
            if x.kind == "city" and not (x.start < hit.end and hit.start < x.end)
        ]
        best = places.pick_event_place(sent.text, towns, offset=sent.start) if towns else None
        if best is None:
            return res
        name = _with_qualifier(
            sent.text, best.end - sent.start, _with_nearness(sent.text, best.start - sent.start, best.text)
        )
        # asked inside the unit's country: the article's other countries ("supported by US airstrikes") say nothing
        # about which of the towns of that name is meant
        within = places.PlaceContext(countries=[res.country], admin1s=[res.admin1] if res.admin1 else [])
        town = places.resolve_place(name, within, gazetteer=self.gazetteer, span=_span(doc, best.start, best.end))
        inside = (
            town.kind == "city"
            and town.country == res.country
            and (res.kind == "country" or town.admin1 == res.admin1)
            and (res.kind != "admin2" or not town.admin2 or town.admin2 == res.admin2)
        )
        if not inside:
            return res
        town.evidence.method = "model"
        town.evidence.reason = _join(
            town.evidence.reason, f"a town inside the {res.kind} {hit.text!r} that the tagger read as the place"
        )
        return town

    def _could_name_a_place(self, hit: RoleHit, sentence_start: int, caseless: bool) -> bool:
        """Whether a span the tagger read as the event's place can be a place name. In cased prose not a word in
        lower case ("a shootout"), a demonym ("Kenyan campers": whose, not where), or a word that prose mostly
        writes in lower case opening the sentence ("First of three days ..."); in a text all in lower case not a
        lone such word ("panga knives"). Each had matched some town's name somewhere in the world and put the
        event in another country."""
        from eventx.resolve import actors, places

        text = hit.text.strip()
        if caseless:
            return " " in text or text.casefold() not in places.common_words()
        if text == text.lower():
            return False
        if " " in text:
            return True
        table = self.actor_table or actors.ActorTable.load()
        word = " ".join(actors.norm_tokens(text)).lower()
        if word in table.country_words and not places.names_country(text, self.gazetteer):
            return False
        return not (hit.start == sentence_start and text.casefold() in places.common_words())

    def _inside_actor_name(self, hit: RoleHit, sentence_start: int, sent_text: str) -> bool:
        """The span is part of a longer group name ("Boko" of "Boko Haram", a town in Congo): whose, not where.
        A country name inside one ("Somalia police") is left to the country rules, and a province or a city of
        100,000+ people ("Luhansk People's Militia") still says roughly where the group acts."""
        from eventx.resolve import actors, places

        g = self.gazetteer or places.default_gazetteer()
        if any(
            g.kind(x.place) in ("country", "admin1") or g.population(x.place) >= 100_000 for x in g.lookup(hit.text)
        ):
            return False
        table = self.actor_table or actors.ActorTable.load()
        a, b = hit.start - sentence_start, hit.end - sentence_start
        return any(
            men.start <= a and b <= men.end and men.end - men.start > b - a
            for men in actors.find_actors(sent_text, table=table)
        )

    def _the_capital(self, m: EventMention, ctx: Any, window: list[Sentence], said: Attribution | None) -> Any:
        """ "Protesters marched in the capital", "to secure the capital": a sentence that names no place but the
        capital is coded to the capital (precision 1) of the one country the article names, or else the one its
        actors tell. Not a provincial or state capital, nor a capital named right after ("the capital, Bangui":
        the name itself is found)."""
        from eventx.resolve import actors, places
        from eventx.resolve.countries import lookup_country

        text = m.sentence.text
        said_at = next(
            (x for x in _THE_CAPITAL.finditer(text) if x.group(2) is None or x.group(2).lower() != "provincial"), None
        )
        if said_at is None:
            return None
        named = _NAME_AFTER.match(text, said_at.end())
        if named is not None and any(
            self.gazetteer.kind(x.place) == "city" for x in self.gazetteer.lookup(named.group(1))
        ):
            return None  # "the capital, Nairobi": the name is the place, found as such
        table = self.actor_table or actors.ActorTable.load()
        countries = list(getattr(ctx, "countries", None) or [])
        if said_at.group(2):  # "the Kenyan capital"
            country = table.country_of(actors.norm_tokens(said_at.group(2)))
        elif len(countries) == 1:
            country = countries[0]
        else:
            told = self._country_from_actors(m, window, said)
            country = told.country if told is not None else None
        info = lookup_country(country) if country else None
        if info is None or not info.capital:
            return None
        res = places.resolve_place(info.capital, places.PlaceContext(countries=[info.iso2]), gazetteer=self.gazetteer)
        if res.kind != "city" or res.country != info.name:
            return None
        start = m.sentence.start + said_at.start(1)
        res.evidence = FieldEvidence(
            spans=[_span(m.doc, start, m.sentence.start + said_at.end(1))],
            confidence=0.6,
            method="rule",
            reason=f"'{said_at.group(1)}' of {info.name}: its capital, {res.location}",
            candidates=res.evidence.candidates,
        )
        return res

    def _country_from_actors(self, m: EventMention, window: list[Sentence], said: Attribution | None = None) -> Any:
        """No place resolves: the country is still told by the actors ("Pakistani troops", "the JVP", a party or
        militia ACLED has only ever seen in one country). Country only: no location or coordinates are invented."""
        from eventx.resolve import actors
        from eventx.resolve.countries import lookup_country
        from eventx.resolve.places import PlaceResult

        table = self.actor_table or actors.ActorTable.load()
        for s in window:
            for men in actors.find_actors(s.text, table=table, offset=s.start):
                if said is not None and _in_attribution(s, said, men.start):
                    continue  # "..., the US military said": the speaker's country is not the event's
                # a demonym says the country of a state's forces ("Pakistani troops"), not of a named group whose
                # alias holds one ("Russian mercenaries": the Wagner Group, in the Central African Republic)
                templated = men.key is None or "{C}" in men.key
                home = (
                    (table.country_of(actors.norm_tokens(men.text)) if templated else None)
                    or _national_country(men, table)
                    or table.home_country(men.key)
                )
                info = lookup_country(home) if home else None
                if info is None:
                    continue
                ev = FieldEvidence(
                    spans=[_span(m.doc, men.start, men.end)],
                    confidence=0.5,
                    method="rule",
                    reason=f"no place resolved: country of the actor '{men.text}' ({info.name}); location unknown",
                )
                return PlaceResult(country=info.name, iso=info.iso, region=info.region, evidence=ev)
        return None

    # ----------------------------------------------------------------- date
    def _date(self, m: EventMention, window: list[Sentence], actx: ArticleContext) -> Any:
        from eventx.resolve import dates

        doc = m.doc
        in_sentence = dates.find_dates(m.sentence.text, doc.published, offset=m.sentence.start)
        datelines = [d for d in in_sentence if d.kind == "dateline"]
        has_own = len(datelines) < len(in_sentence)
        same = _SAME_DAY.search(m.sentence.text)
        if same is not None and not any(
            d.kind != "dateline" and d.start - m.sentence.start < same.start() for d in in_sentence
        ):
            # "The blogger was arrested on the same day ... for a march in December 2019": the day is the one the
            # sentences before give; a date after the back-reference belongs to something else
            told = self._window_date(window[1:], doc)
            if told is not None:
                res, _ = told
                res.evidence.reason = _join(res.evidence.reason, f"'{same.group(0)}': the day told before")
                return res
        for hit in m.spans("DATE"):
            if has_own and any(d.start < hit.end and hit.start < d.end for d in datelines):
                continue  # the report's dateline, not the event's day
            res = dates.resolve_date(
                doc.text[m.sentence.start : m.sentence.end],
                doc.published,
                span=Span(start=hit.start - m.sentence.start, end=hit.end - m.sentence.start, text=hit.text),
            )
            if res.date is not None and res.evidence.method != "fallback":
                return _shift(res, m.sentence.start, doc)
        told = self._window_date(window, doc)
        if told is not None:
            res, i = told
            if i > 0:
                res.evidence.reason = _join(
                    res.evidence.reason, "no date in the event's sentence: taken from the sentence before"
                )
            return res
        # A dateline or the lead's date covers what the article reports after it (ACLED notes, wire stories).
        lead = next((d for d in actx.dates if d.start < m.sentence.start), None)
        if lead is not None:
            sent = next((x for x in doc.sentences if x.start <= lead.start < x.end), None)
            if sent is not None:
                res = dates.resolve_date(
                    sent.text,
                    doc.published,
                    span=Span(start=lead.start - sent.start, end=lead.end - sent.start, text=lead.text),
                )
                if res.date is not None and res.evidence.method != "fallback":
                    res = _shift(res, sent.start, doc)
                    res.evidence.reason = _join(
                        res.evidence.reason, "no date near the event: taken from the article's lead or dateline"
                    )
                    res.evidence.confidence = min(res.evidence.confidence, 0.6)
                    res.evidence.method = "fallback"
                    return res
        return dates.resolve_date("", doc.published)

    @staticmethod
    def _window_date(window: list[Sentence], doc: Doc) -> tuple[Any, int] | None:
        """The first date the sentences give, nearest first, and the index of the sentence that gave it."""
        from eventx.resolve import dates

        for i, s in enumerate(window):
            # a day after publication is a plan or a deadline ("ahead of the march 15 programme"), not this event's
            found = [d for d in dates.find_dates(s.text, doc.published) if not dates.is_future(d, doc.published)]
            if found:
                # A dateline gives the report's date; the event's own date ("late on Monday") wins over it.
                own = next((d for d in found if d.kind != "dateline"), None)
                span = Span(start=own.start, end=own.end, text=own.text) if own is not None else None
                res = dates.resolve_date(s.text, doc.published, span=span)
                if res.date is not None:
                    return _shift(res, s.start, doc), i
        return None

    # ----------------------------------------------------------------- figures
    def _figures(self, m: EventMention) -> tuple[list[Figure], int, FieldEvidence]:
        from eventx.resolve import figures

        figs = figures.extract_figures(m.sentence.text, offset=m.sentence.start)
        fatalities, ev = figures.fatalities_from(figs)
        return figs, fatalities, ev

    # ----------------------------------------------------------------- actors
    def _class_actor(self, key: str, country: str, when: Any, reason: str, confidence: float) -> Any:
        from eventx.resolve import actors

        table = self.actor_table or actors.ActorTable.load()
        name, inter = table.full_name(key, country, when)
        if name is None:
            return None
        ev = FieldEvidence(confidence=confidence, method="rule", reason=reason)
        return actors.ActorResult(name, inter, ev, key)

    def _intervening_force(self, m: EventMention, country: str, when: Any, a1: Any) -> Any:
        """The state force that a violent demonstration or a protest met, named in its sentence or in one of the
        next two of its paragraph ("Residents burned tyres ... Police forces intervened and used teargas"): its
        actor2. Of the training countries' ACLED notes of such events that name the police (and no soldiers), the
        police are actor2 in 63 % of violent demonstrations and 80 % of protests with intervention."""
        from eventx.resolve import actors
        from eventx.resolve.actors import is_state_key

        doc, sent = m.doc, m.sentence
        window = [sent] + [s for s in doc.sentences[sent.index + 1 : sent.index + 3] if s.paragraph == sent.paragraph]
        for s in window:
            for men in actors.find_actors(s.text, country=country, table=self.actor_table, offset=s.start, when=when):
                if men.name is None or men.key is None or not is_state_key(men.key):
                    continue
                if a1 is not None and men.name == getattr(a1, "name", None):
                    continue
                ev = FieldEvidence(
                    spans=[_span(doc, men.start, men.end)],
                    confidence=0.6,
                    method="rule",
                    reason=f"the state force the {m.sub_event_type.lower()} met: {men.text!r}",
                )
                return actors.ActorResult(men.name, men.inter, ev, men.key)
        return None

    def _codebook_actors(
        self, m: EventMention, country: str, a1: Any, a2: Any, when: Any, said: Attribution | None = None
    ) -> tuple[Any, Any, Any]:
        """ACLED's coding rules for the actors the words leave open; returns actor1, actor2, assoc_actor_1.

        * The actor1 of every protest is "Protesters (country)" (99 % of ACLED's protest events) and of a riot
          "Rioters (country)" (92 %); a group the text names as the protesters (a union, a party) becomes the
          associated actor, and police or soldiers read as actor1 become the actor2 they are in ACLED's coding;
          people read as a protest's actor2 ("residents marched") are its protesters, not a second party.
        * Violence against civilians, bombings and looting with no perpetrator named: "Unidentified Armed Group
          (country)", ACLED's code for an unnamed perpetrator. Violence against civilians with no victim named:
          "Civilians (country)" (97 % of its actor2).
        * Arrests: the arresting state force is actor1 and the people arrested actor2. Violence against civilians:
          state forces are never its actor2 (always civilians): read there beside people, they are its perpetrator;
          beside an armed group (attacked off duty or at home), they are civilians.
        * Civilians are never the actor1 of a battle, an explosion or violence against civilians, nor a party to a
          battle; an air strike or shelling with no actor named is by the forces of the country the sentence's
          demonym names (the speaker's clause ``said`` left out).
        """
        from eventx.resolve.actors import PEOPLE_KEYS

        assoc = None
        klass = {"Protests": "Protesters ({C})", "Riots": "Rioters ({C})"}.get(m.event_type or "")
        if klass is not None and (a1 is None or getattr(a1, "key", None) != klass):
            # state forces, political militias, external forces: in a protest or riot, the side that intervenes
            force = a1 is not None and a1.inter in _INTERVENING_INTERS
            if m.event_type == "Protests" or a1 is None or force or getattr(a1, "key", None) in PEOPLE_KEYS:
                share = "99 %" if m.event_type == "Protests" else "92 %"
                why = f"ACLED codes the actor1 of {m.event_type.lower()} as {klass.split(' (')[0]} ({share} of its events)"
                new = self._class_actor(klass, country, when, why, 0.9 if m.event_type == "Protests" else 0.75)
                if new is not None:
                    old, a1 = a1, new
                    if old is not None and force and (a2 is None or getattr(a2, "key", None) in PEOPLE_KEYS):
                        a2 = old  # the crowd the police faced is the actor1 now
                    elif old is not None and getattr(old, "key", None) not in PEOPLE_KEYS and not force:
                        assoc = old
        if m.event_type == "Protests" and a2 is not None and getattr(a2, "key", None) in PEOPLE_KEYS:
            a2 = None  # "residents marched": the crowd is the protesters, not a second party to the protest
        if m.event_type == "Riots" and getattr(a2, "key", None) == "Protesters ({C})":
            # "protesters blocked the road and burned tyres": the rioters themselves (protesters are the actor2 of
            # fewer than 2 % of ACLED's riots on the training countries; police and civilians are the usual ones)
            a2 = None
        if a2 is None and m.sub_event_type in _INTERVENED_SUBTYPES:
            a2 = self._intervening_force(m, country, when, a1)
        if m.event_type in _ARMED_TYPES and getattr(a1, "key", None) == "Civilians ({C})":
            # civilians are never the actor1 of a battle, an explosion or violence against civilians (0 of 32,761
            # such ACLED events on the training countries): the people named are the victims ("airstrikes killed
            # at least 30 people"), and never a party to a battle either (actor2 in 2 of 15,244): there, its toll
            victims, a1 = a1, None
            if a2 is not None and getattr(a2, "key", None) not in PEOPLE_KEYS:
                a1, a2 = a2, None
            if m.event_type != "Battles" and a2 is None:
                a2 = victims
        if m.event_type == "Battles" and getattr(a2, "key", None) == "Civilians ({C})":
            a2 = None
        if a1 is None and m.sub_event_type in _STATE_WEAPON_SUBTYPES:
            a1 = self._state_of_demonym(m, when, said)
        if (
            m.event_type == "Violence against civilians"
            and a2 is not None
            and a2.inter in _ARMED_INTERS
            and (a1 is None or a1.inter in _CROWD_INTERS)
        ):
            # the actor2 of violence against civilians is civilians (inter 7) in every one of ACLED's 8,951 such
            # events on the training countries: state forces or an armed group read as its actor2 beside people, a
            # crowd or no one ("villagers died in police firing", "ex-Seleka elements ... killed", or the protest
            # coding the tagger learned) are its perpetrator. Beside an armed group they stay: there the event type,
            # not the roles, is what is in doubt
            a1, a2 = a2, (a1 if a1 is not None and a1.inter == 7 else None)
        if (
            m.event_type == "Violence against civilians"
            and a2 is not None
            and a2.inter in _STATE_INTERS
            and a1 is not None
            and a1.inter not in _STATE_INTERS
        ):
            # an armed group's attack on state forces is a battle (guards.armed_target), unless they were off duty or
            # at home: then ACLED codes them as civilians, the actor2 of every one of its attacks
            a2 = self._class_actor(
                "Civilians ({C})",
                country,
                when,
                f"violence against civilians: its target ({a2.name} read) is a civilian in ACLED's coding (off duty "
                "or at home; on duty it would be a battle)",
                0.6,
            )
        if m.event_type == "Violence against civilians" and a2 is not None and a2.inter == 4:
            # "two Pokot herders were injured after Turkana raiders attacked": the people a community's militia is
            # named after, read as the target, are civilians of that community (ACLED's actor2 of every attack)
            a2 = self._class_actor(
                "Civilians ({C})",
                country,
                when,
                f"violence against civilians: its target ({a2.name} read) are civilians of that community",
                0.6,
            )
        if (
            m.sub_event_type == "Arrests"
            and a2 is not None
            and a2.inter in _STATE_INTERS
            and (a1 is None or a1.inter not in _STATE_INTERS)
        ):
            # "Police arrested 12 protesters": the arresting side is actor1 (state forces in 95 % of ACLED's
            # arrests on the training countries), the people arrested actor2; the tagger may read the protest's roles
            a1, a2 = a2, a1
        if m.sub_event_type == "Armed clash" and (a1 is None) != (a2 is None):
            side = a1 if a1 is not None else a2
            if side.inter == 2:
                # a rebel group's battle whose other side the text leaves unnamed ("Al Shabaab attacked a base near
                # Baidoa"): ACLED's other side of a rebel group's armed clash is the state's military in 73 % of its
                # 6,567 such battles on the training countries (police 13 %); a battle always has two sides
                state = self._class_actor(
                    "Military Forces of {C}",
                    country,
                    when,
                    f"the other side of {side.name}'s battle, unnamed: the state's military in 73 % of ACLED's battles "
                    "of a rebel group",
                    0.4,
                )
                if state is not None and state.name != side.name:
                    a1, a2 = (a1, state) if a1 is not None else (state, a2)
        if a1 is None and m.sub_event_type in _UNNAMED_PERPETRATOR_SUBTYPES:
            a1 = self._class_actor(
                "Unidentified Armed Group ({C})",
                country,
                when,
                f"no perpetrator named: ACLED's code for an unnamed perpetrator of {m.sub_event_type.lower()}",
                0.4,
            )
        if a2 is None and a1 is not None and m.event_type == "Violence against civilians":
            if getattr(a1, "key", None) != "Civilians ({C})":
                a2 = self._class_actor(
                    "Civilians ({C})", country, when, "no victim named: actor2 of violence against civilians", 0.6
                )
        elif a2 is None and a1 is not None and m.sub_event_type in _CIVILIAN_TARGET_SUBTYPES:
            # whose property was looted or destroyed, who was arrested: civilians in 79 % and 76 % of ACLED's such
            # events on the training countries (no actor2 in 13 %)
            if getattr(a1, "key", None) != "Civilians ({C})":
                a2 = self._class_actor(
                    "Civilians ({C})",
                    country,
                    when,
                    f"no target named: actor2 of {m.sub_event_type.lower()} is civilians in most of ACLED's events",
                    0.5,
                )
        return a1, a2, assoc

    def _state_of_demonym(self, m: EventMention, when: Any, said: Attribution | None) -> Any:
        """Air and drone strikes and shelling with no actor named are a state's ("Israeli airstrikes", "Russian
        shelling"): the military of the country the sentence's demonym names (not the speaker's: "..., the US
        military said"), else none."""
        from eventx.resolve import actors

        table = self.actor_table or actors.ActorTable.load()
        text = m.sentence.text
        if said is not None and m.sentence.start <= said.start < m.sentence.end:
            # the attribution clause, from the comma before the speaker to its end ("..., the US military said")
            a, b = _attribution_clause(m.sentence, said)
            text = text[:a] + " " * (b - a) + text[b:]
        whose = table.country_of(actors.norm_tokens(text))
        if whose is None:
            return None
        state = actors.resolve_actor("military", country=whose, role="actor1", table=self.actor_table, when=when)
        if state.name is None:
            return None
        state.evidence.spans = []
        state.evidence.method = "rule"
        state.evidence.confidence = min(state.evidence.confidence, 0.5)
        state.evidence.reason = (
            f"no actor named: {m.sub_event_type.lower()} by the forces of the country the sentence names ({whose})"
        )
        return state

    def _implied_state_forces(self, country: str, a1: Any, a2: Any, when: Any = None) -> tuple[Any, Any]:
        """'Government regains territory' means state forces (or their allies) took it back: with none named,
        actor1 is the country's military and the group that lost the ground is actor2."""
        from eventx.resolve import actors

        state = actors.resolve_actor("military", country=country, role="actor1", table=self.actor_table, when=when)
        if state.name is None or state.inter != 1:
            return a1, a2
        state.evidence.spans = []
        state.evidence.method = "rule"
        state.evidence.confidence = min(state.evidence.confidence, 0.5)
        state.evidence.reason = f"no state force named: 'Government regains territory' implies {state.name}"
        return state, a2 if a2 is not None else a1

    def _actors(
        self, m: EventMention, country: str | None, said: Attribution | None = None, when: Any = None
    ) -> tuple[Any, Any]:
        """Actor1 and actor2 from the role spans, then from alias matches in the sentence; the speaker of a
        reported statement is not an actor of the event it reports."""
        from eventx.resolve import actors

        def is_speaker(start: int, end: int) -> bool:
            return said is not None and start < said.end and said.start < end

        doc = m.doc
        sent = m.sentence
        table = self.actor_table or actors.ActorTable.load()
        found = {}
        read_from: dict[str, tuple[int, int]] = {}  # role -> the (grown) span its actor was read from
        used: list[tuple[int, int]] = []  # the words a found actor was read from, before and after growing the span
        named: list[Any] | None = None  # the sentence's alias matches, found once when a span needs them
        for role in ("ACTOR1", "ACTOR2"):
            for hit in m.spans(role):
                if is_speaker(hit.start, hit.end):
                    continue
                first = (hit.start, hit.end)
                hit = _grow_of_name(doc.text, hit, table.country_words)
                if hit.text.split() and hit.text.split()[-1].casefold() in _FORCE_HEADS:
                    if named is None:
                        named = actors.find_actors(
                            sent.text, country=country, table=self.actor_table, offset=sent.start, when=when
                        )
                    hit = _named_unit(hit, named, doc.text)
                res = self._read_actor(m, hit.text, role.lower(), hit.start, hit.end, country, when)
                if res.name is not None:
                    if role in found:
                        if "{C}" in (res.key or "{C}"):
                            continue
                        del used[-2:]  # a people word came first ("suspected members"): the group named after it
                    res.evidence.method = "rule" if m.method == "rule" else "model"
                    found[role] = res
                    read_from[role] = (hit.start, hit.end)
                    used += [first, (hit.start, hit.end)]
                    if res.key not in actors.PEOPLE_KEYS and res.key != _UNNAMED_GROUP:
                        break
                    # a word for people ("members", "youths") or an unnamed group ("militants") read beside a
                    # group's own name ("suspected members", "Wagner group"; "militants" ... "JMB"): a later span of
                    # the role that names a group (not a class such as "gunmen") is the actor
        if m.event_type == "Battles" and len(found) == 1:
            sides = self._coordinated_sides(m, read_from[next(iter(found))], country, when)
            if sides is not None:
                found["ACTOR1"], found["ACTOR2"] = sides
        if "ACTOR1" not in found or "ACTOR2" not in found:
            mentions = actors.find_actors(
                sent.text, country=country, table=self.actor_table, offset=sent.start, when=when
            )
            taken = {r.name for r in found.values()}
            for men in mentions:
                if men.name in taken or is_speaker(men.start, men.end):
                    continue
                if any(men.start < e and b < men.end for b, e in used):
                    continue  # "Indonesian Police" of "Indonesian Police Detachment 88": the unit found, not a foe
                role = "ACTOR1" if "ACTOR1" not in found else "ACTOR2" if "ACTOR2" not in found else None
                if role is None:
                    break
                res = self._read_actor(m, men.text, role.lower(), men.start, men.end, country, when)
                if res.name is not None and res.name not in taken:
                    found[role] = res
                    taken.add(res.name)
        return found.get("ACTOR1"), found.get("ACTOR2")

    def _read_actor(
        self, m: EventMention, phrase: str, role: str, start: int, end: int, country: str | None, when: Any
    ) -> Any:
        """``phrase`` (the words at ``start:end`` of the article, or completed from them) as an actor of ``m``."""
        from eventx.resolve import actors

        return actors.resolve_actor(
            phrase,
            country=country,
            role=role,
            context=m.sentence.text,
            event_type=m.event_type,
            table=self.actor_table,
            span=_span(m.doc, start, end),
            when=when,
        )

    def _coordinated_sides(
        self, m: EventMention, span: tuple[int, int], country: str | None, when: Any
    ) -> tuple[Any, Any] | None:
        """Both sides of a battle whose subject names them together ("Somali and Afar ethnic militias clashed"),
        in text order, when each resolves to an actor of its own; else None."""
        from eventx.pipeline.coordination import coordinated_sides
        from eventx.resolve import actors

        parts = coordinated_sides(m.doc.text, *span)
        if parts is None:
            return None
        sides = []
        for role, part in zip(("actor1", "actor2"), parts, strict=True):
            res = self._read_actor(m, part.phrase, role, part.start, part.end, country, when)
            if res.name is None or res.key in actors.PEOPLE_KEYS:
                return None
            res.evidence.method = "rule" if m.method == "rule" else "model"
            res.evidence.reason = _join(
                res.evidence.reason, f"one side of '{m.doc.text[parts[0].start : parts[1].end]}'"
            )
            sides.append(res)
        return (sides[0], sides[1]) if sides[0].name != sides[1].name else None


#: a back-reference to the day of the event told before ("on the same day", "later that day", "that night")
_SAME_DAY = re.compile(
    r"\b(?:the same|that(?: same)?) (?:day|night|evening|morning|afternoon)\b(?! (?:of|before|after)\b)", re.IGNORECASE
)
#: "the capital", "the Kenyan capital" (not "the provincial capital", nor "the capital of X")
_THE_CAPITAL = re.compile(
    r"\b([Tt]he (?:([A-Z][\w-]*) |country'?s |nation'?s )?capital(?: city)?)\b(?!\s+(?:of|city of)\b)"
)
#: what follows a mention of the capital that names it: ", Nairobi", " Bangui"
_NAME_AFTER = re.compile(r",?\s+([A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)?)")
_NOUN_AFTER = re.compile(r"\s([a-z][\w-]*)")
_UNIT_WORDS = frozenset("region regional state province zone district county town village city".split())
_UNNAMED_GROUP = "Unidentified Armed Group ({C})"
_FORCE_HEADS = frozenset("forces military army troops soldiers police government".split())


def _named_unit(hit: RoleHit, named: list[Any], text: str) -> RoleHit:
    """A span that reads only "security forces" of "Jubaland security forces" or "Puntland Dervish Forces": the
    longer alias match over it names the unit that ACLED codes ("Military Forces of Somalia (2022-) Jubaland Security
    Force"), where the span alone would give the generic state force. So does a named group's "Al Shabab forces"."""
    from eventx.resolve.actors import PEOPLE_KEYS, is_state_key

    best = None
    for men in named:
        if men.name is None or "," in men.text or ";" in men.text:
            continue  # "military, police" is a list, not a unit's name
        if men.start <= hit.start and hit.end <= men.end and (men.end - men.start) > (hit.end - hit.start):
            if best is None or men.end - men.start > best.end - best.start:
                best = men
    if best is None:
        # "government security forces (Danab)", "Indonesian Police Detachment 88": the unit's name right after the
        # span, in brackets or not, is the unit ACLED codes; so is the unit's name right before it ("BIR soldiers")
        for men in named:
            gap = text[hit.end : men.start]
            if (
                men.name is not None
                and is_state_key(men.key)
                and (
                    gap == " "
                    or (gap in (" (", "(") and text[men.end : men.end + 1] == ")")
                    or text[men.end : hit.start] == " "
                )
            ):
                best = men
                break
    if best is None or best.key.endswith("{C}") or best.key in PEOPLE_KEYS:
        return hit  # "Kenyan security forces" is the same generic force; a crowd word names no unit
    return RoleHit(hit.role, best.start, best.end, text[best.start : best.end], hit.score)


#: one to three capitalised words right before a span: a country's name or demonym ("South Sudanese ", "US ")
_NATION_BEFORE = re.compile(r"\b([A-Z][\w.-]*(?: [A-Z][\w.-]*){0,2}) $")
_OF_NAME = re.compile(r" of (?:the )?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3}")
_POSSESSOR = re.compile(r"\b[A-Z][\w.-]*(?: [A-Z][\w.-]*){0,3}(?:'s|’s|'|’) $")


_NEXT_WORD = re.compile(r" ([a-z]+)\b")


def _grow_of_name(text: str, hit: RoleHit, country_words: Mapping[str, str] | None = None) -> RoleHit:
    """Whose forces the text names next to the span belongs to it: "military forces" + " of Artsakh", "the United
    States' " + "military", and a country or its demonym written right before them ("Ethiopia" + " security
    forces", "Kenyan" + " troops"): read alone, the span is the forces of the country the event is in."""
    words = hit.text.split()
    if len(words) == 1 and words[0][:1].isupper() and (nxt := _NEXT_WORD.match(text, hit.end)) is not None:
        from eventx.resolve.actors import FIGHTER_NOUNS, norm_token

        if norm_token(nxt.group(1)) in FIGHTER_NOUNS:
            # "Turkana" + " raiders": a people's name read without its fighters names no one (a county)
            return RoleHit(hit.role, hit.start, nxt.end(), text[hit.start : nxt.end()], hit.score)
    if not words or words[-1].casefold() not in _FORCE_HEADS:
        return hit
    start, end = hit.start, hit.end
    more = _OF_NAME.match(text, end)
    if more is not None:
        end = more.end()
    owner = _POSSESSOR.search(text[max(0, start - 60) : start])
    if owner is not None:
        start -= len(owner.group())
    elif country_words and (nation := _NATION_BEFORE.search(text[max(0, start - 40) : start])) is not None:
        from eventx.resolve.actors import norm_tokens

        if " ".join(norm_tokens(nation.group(1))).lower() in country_words:
            start -= len(nation.group())
    if (start, end) == (hit.start, hit.end):
        return hit
    return RoleHit(hit.role, start, end, text[start:end], hit.score)


#: inter codes of the side that intervenes in a protest or riot (state forces, political militias, external forces)
_INTERVENING_INTERS = frozenset({1, 3, 8})
#: inter codes of state forces, at home (1) or abroad (8), and of people: rioters, protesters, civilians
_STATE_INTERS = frozenset({1, 8})
_CROWD_INTERS = frozenset({5, 6, 7})
_ARMED_INTERS = frozenset({1, 2, 3, 4, 8})  # state forces, rebels, political, identity militias, external

#: event types whose actor1 is never civilians in ACLED's coding
_ARMED_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
#: sub-event types carried out by states' weapons: with no actor named, a demonym in the sentence says whose
_STATE_WEAPON_SUBTYPES = frozenset({"Air/drone strike", "Shelling/artillery/missile attack"})

#: sub-event types whose unnamed perpetrator ACLED codes as "Unidentified Armed Group (country)"
_INTERVENED_SUBTYPES = frozenset(
    {"Violent demonstration", "Protest with intervention", "Excessive force against protesters"}
)
_CIVILIAN_TARGET_SUBTYPES = frozenset({"Looting/property destruction", "Arrests"})
_UNNAMED_PERPETRATOR_SUBTYPES = frozenset(
    {
        "Attack",
        "Abduction/forced disappearance",
        "Sexual violence",
        "Remote explosive/landmine/IED",
        "Grenade",
        "Looting/property destruction",
    }
)

_NEAR = re.compile(
    r"\b(?:near|nearby|outside|outskirts of|close to|just outside)\s+(?:the\s+)?(?:(?:town|village|city)\s+of\s+)?$",
    re.IGNORECASE,
)


def _attribution_clause(s: Sentence, said: Attribution) -> tuple[int, int]:
    """Sentence offsets of its attribution clause when a comma sets it off ("..., the US military said"): from the
    comma to the end of the speaker's name; else an empty range (a subject before "reported" may be the event's
    own actor: "Clashes between government forces and the TNLA were reported")."""
    a, b = said.start - s.start, said.end - s.start
    comma = s.text.rfind(",", 0, a)
    return (comma, b) if comma >= 0 else (a, a)


def _national_country(men: Any, table: Any) -> str | None:
    """The country a state force's own name says ("FARDC soldiers": Congo's army, "SNG forces": Somalia's), found
    with no event country given, so it can only come from the words."""
    from eventx.resolve import actors

    if not men.name or not men.key or "{C}" not in men.key:
        return None
    return actors.split_actor_name(men.name, table.countries).country


def _in_attribution(s: Sentence, said: Attribution, start: int) -> bool:
    """Whether article offset ``start`` lies in the sentence's attribution clause (see _attribution_clause)."""
    if not s.start <= said.start < s.end:
        return False
    a, b = _attribution_clause(s, said)
    return s.start + a <= start < s.start + b


_DATELINE_END = re.compile(r"\s*(?:,|\(|-|–|—|:)")


def _in_dateline(text: str, hit: RoleHit) -> bool:
    """The span opens the article and is followed by a dateline's comma, bracket or dash."""
    return not text[: hit.start].strip() and _DATELINE_END.match(text, hit.end) is not None


def _whole_name(hit: RoleHit, names: list[RoleHit], text: str) -> RoleHit:
    """The place span read as a name by the entity layer when the role layer marked only its end ("Shabelle" of
    "Lower Shabelle", which alone is a district of Ethiopia): the whole name is what the text says."""
    for n in names:
        if not (n.start <= hit.start and hit.end <= n.end) or (n.start, n.end) == (hit.start, hit.end):
            continue
        if _NAME_WORDS.fullmatch(text[n.start : hit.start]) and _NAME_WORDS_AFTER.fullmatch(text[hit.end : n.end]):
            return RoleHit(hit.role, n.start, n.end, text[n.start : n.end], hit.score)
    return hit


_COMPOUND_BEFORE = re.compile(r"(?:[^\W\d_][\w'’]*-)+$")
_COMPOUND_AFTER = re.compile(r"(?:-[^\W\d_][\w'’]*)+")


def _whole_compound(hit: RoleHit, text: str) -> RoleHit:
    """The whole hyphenated name a span is part of ("Cali" of "Cali-Kamiin", "Dhiddin" of "Bali-Dhiddin"): a part
    of such a name is no place of its own, and resolving it alone put a Somali junction in Colombia."""
    a, b = hit.start, hit.end
    if (m := _COMPOUND_BEFORE.search(text, max(0, a - 60), a)) is not None and m.end() == a:
        a = m.start()
    if (m := _COMPOUND_AFTER.match(text, b)) is not None:
        b = m.end()
    return hit if (a, b) == (hit.start, hit.end) else RoleHit(hit.role, a, b, text[a:b], hit.score)


#: words that continue a place name: capitalised ones and the joiners of Arabic, Romance and Dutch names; not a
#: comma, "of" or a common word ("Magway town", "Muyuka of Fako" are a name and more)
_NAME_WORDS = re.compile(r"(?:(?:[A-Z][\w'’.-]*|al|el|ad|as|an|ar|de|del|la|le|du|da|van)\s)*")
_NAME_WORDS_AFTER = re.compile(r"(?:\s(?:[A-Z][\w'’.-]*|al|el|de|del|la))*")


def _with_nearness(sentence: str, start: int, name: str) -> str:
    """'near Dadaab' is ACLED precision 2: hand the resolver the qualifier that precedes the name, if any."""
    m = _NEAR.search(sentence[max(0, start - 40) : start])
    return f"{m.group(0).strip()} {name}" if m else name


_NAME = r"[A-Z][\w'’-]*(?:[ -][A-Z][\w'’-]*){0,3}"
#: the generic word a place's name may carry ("Ghaziabad district, Kunar", "(Qandala district, Bari)")
_UNIT = (
    r"(?:\s+(?:district|town|village|city|county|province|region|state|township|sub-?county|upazila|subdivision"
    r"|sub-district|area|municipality|locality|woreda|raion|commune|neighbourhood|neighborhood|camp))?"
)
_QUALIFIER = re.compile(
    rf"{_UNIT}(?:,\s*({_NAME})(?![\w'’-])(?!,?\s+(?:and|or)\b)|\s*\(({_NAME}{_UNIT}(?:,\s*{_NAME}{_UNIT})*)\))"
)


def _with_qualifier(sentence: str, end: int, name: str) -> str:
    """The province or district written right after the name ("Pavlivka, Donetsk", "Muturirwa hill (Burambi,
    Rumonge)"), handed to the resolver as its context in brackets: it picks the namesake in that province, or tells
    that the town is one the gazetteer lacks. A list of towns ("Pavlivka, Marinka and Avdiivka") is no qualifier."""
    m = _QUALIFIER.match(sentence, end)
    if m is None or "(" in name:
        return name
    return f"{name} ({m.group(1) or m.group(2)})"


def _local(m: Any, offset: int) -> Any:
    """A place mention with its offsets made relative to its sentence."""
    return dataclasses.replace(m, start=m.start - offset, end=m.end - offset)


def _in_context(res: Any, ctx: Any, mention: Any) -> bool:
    """A town or province outside every country the article names is more likely a namesake ("the Somali border"
    is no Ethiopian province in a Kenyan story); a country named outright is always taken."""
    countries = getattr(ctx, "countries", None) or []
    if not countries or getattr(mention, "kind", "") == "country":
        return True
    from eventx.resolve.countries import lookup_country

    info = lookup_country(res.country)
    names = {c.casefold() for c in countries}
    if info is None:
        return True
    known = {info.iso2, info.iso3, info.name, str(info.iso), *info.aliases}
    return any(k.casefold() in names for k in known)


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
        if target is not None:
            out[out.index(target)] = _merge_pair(target, rec)
            continue
        target = next((o for o in out if _same_battle(o, rec)), None)
        if target is not None:
            out[out.index(target)] = _merge_battle(target, rec)
            continue
        target = next((o for o in out if _same_demonstration(o, rec)), None)
        if target is not None:
            out[out.index(target)] = _merge_demonstration(target, rec)
            continue
        out.append(rec)
    return out


#: One protest told in steps ("Hundreds marched in Nairobi on Monday. Police fired tear gas to disperse them."):
#: ACLED codes the whole of it once, by what it came to: a protest that is intervened upon is a "Protest with
#: intervention", one met with lethal force on peaceful protesters "Excessive force against protesters". A crowd
#: that turns violent would make the whole a riot ("Violent demonstration"), but that step is not taken here: it
#: changes the event type and the actors, and a single sentence read as violent is too weak a reason (on training-
#: country notes, a march whose protesters "blocked the highway" became a riot that ACLED coded as peaceful).
_DEMONSTRATION_RANK = {
    "Peaceful protest": 0,
    "Protest with intervention": 1,
    "Excessive force against protesters": 2,
}


#: Words that announce another event rather than a further step of the same one.
ANOTHER = re.compile(
    r"\b(?:also|another|separately|meanwhile|elsewhere|similar|second|earlier|previous|last (?:week|month|year))\b",
    re.IGNORECASE,
)


def _announces_another(r: EventRecord) -> bool:
    ev = r.evidence.get("event_type")
    return ev is not None and any(ANOTHER.search(sp.text) for sp in ev.spans)


def _same_demonstration(a: EventRecord, b: EventRecord) -> bool:
    return (
        a.sub_event_type != b.sub_event_type
        and not _announces_another(a)
        and not _announces_another(b)
        and a.sub_event_type in _DEMONSTRATION_RANK
        and b.sub_event_type in _DEMONSTRATION_RANK
        and (_compatible(a.event_date, b.event_date) or fallback_date(a) or fallback_date(b))
        and _same_site(a, b)
        and _compatible(a.country, b.country)
        and _compatible(a.actor1, b.actor1)  # the same crowd ("Protesters (Kenya)") or one side unnamed
        and _compatible(a.actor2, b.actor2)
    )


def _merge_demonstration(a: EventRecord, b: EventRecord) -> EventRecord:
    """Two steps of one demonstration: the record of the step it came to leads (type and actors), the other fills
    what it lacks, and a day read in the text beats a fallback day."""
    rank = _DEMONSTRATION_RANK
    lead, other = (a, b) if rank[a.sub_event_type or ""] >= rank[b.sub_event_type or ""] else (b, a)
    if fallback_date(lead) and not fallback_date(other):
        # the lead keeps its type and actors but takes the day the other mention's text gives
        data = lead.model_dump(exclude={"year", "disorder_type", "interaction"})
        data["event_date"], data["time_precision"] = other.event_date, other.time_precision
        data["evidence"].pop("event_date", None)
        if "event_date" in other.evidence:
            data["evidence"]["event_date"] = other.evidence["event_date"].model_dump()
        lead = EventRecord.model_validate(data)
    merged = _merge_pair(lead, other)
    ev = merged.evidence.get("event_type")
    if ev is not None:
        ev.reason = _join(
            ev.reason, f"one demonstration told in steps: merged with its {other.sub_event_type!r} mention"
        )
    return merged


def _compatible(a: Any, b: Any) -> bool:
    return a is None or b is None or a == b


def _same_place(a: str | None, b: str | None) -> bool:
    """A town and the part of it ACLED names ("Mogadishu" and "Mogadishu - Wadajir") are one place for merging: one
    sentence names the district, the next only the town."""
    if _compatible(a, b):
        return True
    whole, part = sorted((a, b), key=len)  # type: ignore[arg-type]
    return part.startswith(whole) and part[len(whole) :].lstrip().startswith("-")


def _same_site(a: EventRecord, b: EventRecord) -> bool:
    """One place for merging: the same location, or the same point where one of the two is only near it (a village
    the gazetteer lacks, coded at the coordinates of the town the other mention names)."""
    if _same_place(a.location, b.location):
        return True
    return (
        a.latitude is not None
        and (a.latitude, a.longitude) == (b.latitude, b.longitude)
        and max(a.geo_precision or 1, b.geo_precision or 1) >= 2
    )


def _same_actor(a: str | None, b: str | None) -> bool:
    """Unnamed actors ("the attackers" -> Unidentified Armed Group) do not keep two mentions of one event apart."""
    return _compatible(a, b) or any(x is not None and x.startswith("Unidentified") for x in (a, b))


def _same_event(a: EventRecord, b: EventRecord) -> bool:
    return (
        a.sub_event_type == b.sub_event_type
        and a.event_type == b.event_type
        and (_compatible(a.event_date, b.event_date) or fallback_date(a) or fallback_date(b))
        and _same_site(a, b)
        and _compatible(a.country, b.country)
        and _same_actor(a.actor1, b.actor1)
        and _same_actor(a.actor2, b.actor2)
    )


def _sides(r: EventRecord) -> set[str]:
    return {x for x in (r.actor1, r.actor2) if x}


def _same_battle(a: EventRecord, b: EventRecord) -> bool:
    """A battle's later sentence names a side in another slot ("Houthi forces attacked the 30th brigade ... one
    fighter from the 30th brigade was killed"): the sides of one mention among the other's are the same battle."""
    sa, sb = _sides(a), _sides(b)
    return (
        a.event_type == "Battles"
        and a.sub_event_type == b.sub_event_type
        and bool(sa and sb)
        and (sa <= sb or sb <= sa)
        and (_compatible(a.event_date, b.event_date) or fallback_date(a) or fallback_date(b))
        and _same_site(a, b)
        and _compatible(a.country, b.country)
    )


def _merge_battle(a: EventRecord, b: EventRecord) -> EventRecord:
    """The mention naming more of the sides keeps its actors; the other adds the rest (figures, date, place)."""
    lead, other = (a, b) if len(_sides(a)) >= len(_sides(b)) else (b, a)
    data = other.model_dump(exclude={"year", "disorder_type", "interaction"})
    for key in ("actor1", "actor2", "inter1", "inter2"):
        data[key] = None
        data["evidence"].pop(key, None)
    return _merge_pair(lead, EventRecord.model_validate(data))


def fallback_date(r: EventRecord) -> bool:
    ev = r.evidence.get("event_date")
    return r.event_date is None or (ev is not None and ev.method == "fallback")


_GENERIC_VICTIMS = frozenset(
    {"people", "person", "persons", "individual", "individuals", "victim", "victims", "other", "others", "more",
     "the", "a", "an", "of", "and", "in", "to", "were", "was", "also", "at", "least", "all", "each", "dead", "body",
     "bodies"}
)  # fmt: skip


def _victims(r: EventRecord) -> set[str]:
    """Words naming whose deaths a record counts ("militant", "soldier"); empty when any count names no one or
    only generic people, so that a merge can only add counts that clearly concern different victims."""
    words: set[str] = set()
    for f in r.figures:
        if f.kind != "fatalities" or f.value <= 0:
            continue
        named = {w.rstrip("s") for w in re.findall(r"[a-z]+", (f.whose or "").lower()) if w not in _GENERIC_VICTIMS}
        if not named:
            return set()
        words |= named
    return words


def _pool_figures(data: dict[str, Any], a: EventRecord, b: EventRecord) -> None:
    """Figures of two mentions of one event pooled into ``data`` (a's dump): different victims are added ("TTP
    militants killed two soldiers ... 4 militants were also killed"); otherwise two counts are two reports of the
    same dead and the lower is kept (ACLED's conservative rule). A total that ACLED's note states for its own
    coding ("1 fatality.", "Fatalities coded as 10") is the event's count, not one more victim."""
    from eventx.resolve.figures import CODED_TOTAL

    coded = [f for r in (a, b) for f in r.figures if f.kind == "fatalities" and f.whose == CODED_TOTAL]
    if coded:
        total = min(coded, key=lambda f: f.value)
        data["fatalities"] = int(total.value)
        data["evidence"]["fatalities"] = FieldEvidence(
            spans=[total.span] if total.span else [],
            confidence=0.9,
            reason="the note states the coded fatality total",
            method="rule",
        ).model_dump()
    elif a.fatalities and b.fatalities:
        va, vb = _victims(a), _victims(b)
        if va and vb and va.isdisjoint(vb):
            data["fatalities"] = a.fatalities + b.fatalities
            spans = [s for r in (a, b) if "fatalities" in r.evidence for s in r.evidence["fatalities"].spans]
            data["evidence"]["fatalities"] = FieldEvidence(
                spans=spans,
                confidence=0.7,
                reason="mentions of one event count different victims; added",
                method="rule",
            ).model_dump()
        else:
            data["fatalities"] = min(a.fatalities, b.fatalities)
    elif b.fatalities:
        data["fatalities"] = b.fatalities
        if "fatalities" in b.evidence:
            data["evidence"]["fatalities"] = b.evidence["fatalities"].model_dump()
    seen = {(f.kind, f.value, f.span.start if f.span else None) for f in a.figures}
    data["figures"] = [f.model_dump() for f in a.figures] + [
        f.model_dump() for f in b.figures if (f.kind, f.value, f.span.start if f.span else None) not in seen
    ]


TOLL = "toll reported in a following sentence that names no perpetrator"
CONTINUATION = "a following sentence that goes on about this event (refers back to its people, no day of its own)"
ASIDE = "a following sentence that names no actor, place or day of its own (e.g. 'Casualties unknown.')"
ARREST = (
    "an arrest told just after a violent event or a demonstration, of its people or with no place of its own: ACLED "
    "codes it as part of that event, not as an event of its own"
)
DESTRUCTION = (
    "looting, destruction, seized weapons or a retreat told just after a violent event: ACLED codes it as part of "
    "that event, not as an event of its own"
)


def fold_into(event: EventRecord, other: EventRecord, why: str) -> EventRecord:
    """The record of a sentence that only adds to the event before it folded into that event: its figures join the
    event's; type, actors, date and place stay the event's. ``why`` (TOLL, CONTINUATION, ASIDE) goes into the
    evidence.

    A toll sentence ("A woman was killed by a stray bullet.") typed alone is read on its victims and becomes an
    Attack; a continuation ("two of the wounded officers were flown to Nairobi") names another town.
    """
    data = event.model_dump(exclude={"year", "disorder_type", "interaction"})
    _pool_figures(data, event, other)
    fe = data["evidence"].get("fatalities")
    if fe is not None and other.fatalities:
        fe["reason"] = _join(fe.get("reason"), why)
    if _join_mentions(data, event, other):
        te = data["evidence"]["event_type"]
        te["reason"] = _join(te.get("reason"), f"folded in: {why}")
    return EventRecord.model_validate(data)


def _join_mentions(data: dict[str, Any], a: EventRecord, b: EventRecord) -> bool:
    """b's sentence spans and notes added to ``data`` (a's dump); whether a had event-type evidence to extend."""
    ev = data["evidence"].get("event_type")
    joined = ev is not None and "event_type" in b.evidence
    if joined:
        ev["spans"] = ev["spans"] + [s.model_dump() for s in b.evidence["event_type"].spans]
    if a.notes and b.notes and b.notes not in a.notes:
        data["notes"] = f"{b.notes} {a.notes}" if _starts(b) < _starts(a) else f"{a.notes} {b.notes}"
    if joined:
        ev["spans"].sort(key=lambda sp: sp["start"])
    return joined


def _starts(r: EventRecord) -> int:
    """Where a record's sentence starts in the article (to keep merged notes in text order)."""
    ev = r.evidence.get("event_type")
    return min((sp.start for sp in ev.spans), default=0) if ev is not None else 0


def _merge_pair(a: EventRecord, b: EventRecord) -> EventRecord:
    if fallback_date(a) and not fallback_date(b):  # the mention whose text fixes the day leads
        a, b = b, a
    data = a.model_dump(exclude={"year", "disorder_type", "interaction"})
    bd = b.model_dump(exclude={"year", "disorder_type", "interaction"})
    for key, value in bd.items():
        if data.get(key) in (None, "", []) and value not in (None, "", []):
            data[key] = value
            if key in b.evidence:
                data["evidence"][key] = b.evidence[key].model_dump()
    _pool_figures(data, a, b)
    _join_mentions(data, a, b)
    data["confidence"] = max(a.confidence or 0.0, b.confidence or 0.0)
    return EventRecord.model_validate(data)
