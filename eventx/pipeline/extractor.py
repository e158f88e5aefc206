"""Extractor: articles in, EventRecords out.

Stages over one :class:`~eventx.pipeline.document.Doc` per article: clean -> segment -> language check -> detect and
type events (transformer, batched across articles) -> tag argument spans (transformer, event sentences only) ->
resolve dates, places, figures, actors -> assemble and merge. Every article gives an :class:`ArticleResult` with a
status, so a batch never loses an input and a bad one never stops the run.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from eventx.config import ExtractorConfig
from eventx.ontology import load_ontology
from eventx.pipeline import guards
from eventx.pipeline.assemble import Assembler, EventMention, RoleHit, merge_records
from eventx.pipeline.attribution import attributions
from eventx.pipeline.claims import find_territorial_claim
from eventx.pipeline.clean import clean_article
from eventx.pipeline.document import Doc
from eventx.pipeline.fold import fold_arrests, fold_asides, fold_continuations, fold_destruction, fold_tolls
from eventx.pipeline.language import detect_language
from eventx.pipeline.segment import split_sentences
from eventx.schema.article import Article
from eventx.schema.evidence import FieldEvidence, ModelInfo
from eventx.schema.record import EventRecord

log = logging.getLogger(__name__)

Status = Literal["ok", "no_event", "error"]


@dataclass
class ArticleResult:
    """What happened to one input article; ``status`` is ok / no_event / error, never missing."""

    article_id: str
    status: Status
    events: list[EventRecord] = field(default_factory=list)
    error: str | None = None
    n_sentences: int = 0
    n_tokens: int = 0

    def status_line(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "status": self.status, "n_events": len(self.events), "error": self.error}


_DATE_WORDS = re.compile(
    r"\b(?:\d{1,4}(?:st|nd|rd|th)?|january|february|march|april|may|june|july|august|september|october|november"
    r"|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday|night|nights|morning|evening|afternoon|dawn|midnight|overnight|early|late|mid|of|to|and|the"
    r"|on|around|between|from|until|in|at|about|as|week|weekend|reported)\b",
    re.IGNORECASE,
)

#: what makes a sentence a date at all: a figure or a month's name
_DATE_CORE = re.compile(
    r"\d|\b(?:january|february|march|april|may|june|july|august|september|october|november|december)\b", re.IGNORECASE
)
_LETTER = re.compile(r"[^\W\d_]")


def date_only(text: str) -> bool:
    """A sentence that is only a date ("21 June.", "Night of 18 to early 19 January."): ACLED notes and some
    feeds open with one. It reports no event; typed alone it became one (an "Attack" at 0.38) into which the next
    sentence, the real event, was folded. Its date still reaches the next sentence, whose window holds it."""
    return bool(_DATE_CORE.search(text)) and not _LETTER.search(_DATE_WORDS.sub(" ", text))


class Extractor:
    """The eventx pipeline. Build it once (models load once), then call :meth:`extract` or :meth:`extract_many`."""

    def __init__(
        self,
        config: ExtractorConfig | None = None,
        *,
        typer: Any = None,
        tagger: Any = None,
        gazetteer: Any = None,
        actor_table: Any = None,
    ) -> None:
        from eventx import __version__

        self.config = config or ExtractorConfig.default()
        self.ontology = load_ontology(self.config.ontology)
        cfg = self.config.models
        if cfg.threads:
            import torch

            torch.set_num_threads(cfg.threads)
        if typer is None:
            from eventx.models.typing import EventTyper

            typer = EventTyper.load(
                cfg.typing, device=cfg.device, prior_strength=cfg.typing_prior, lexical_weight=cfg.typing_lexical
            )
        self.typer = typer
        if tagger is None and cfg.use_roles:
            try:
                from eventx.models.roles import RoleTagger

                tagger = RoleTagger.load(cfg.roles, device=cfg.device)
            except (FileNotFoundError, ImportError, RuntimeError) as exc:
                if type(exc).__name__ == "EncoderNotInstalledError":
                    raise
                log.warning("role tagger unavailable (%s): argument spans come from rules only", exc)
                tagger = None
        self.tagger = tagger
        #: encoder layers the typer and the tagger share weight for weight: the tagger reuses the typer's states there
        self.shared_depth = 0
        if tagger is not None and hasattr(typer, "predict_with_states"):
            from eventx.models.layers import shared_depth

            self.shared_depth = shared_depth(getattr(typer, "model", None), getattr(tagger, "model", None))
        if gazetteer is None:
            from eventx.resolve.places import Gazetteer

            gazetteer = Gazetteer.load()
        if actor_table is None:
            from eventx.resolve.actors import ActorTable

            actor_table = ActorTable.load()
        version = f"{__version__}"
        weights = getattr(typer, "version", None)
        if weights:
            version += f"+{weights}"
        self.model_info = ModelInfo(name="eventx", version=version)
        d = self.config.detection
        self.assembler = Assembler(
            gazetteer=gazetteer,
            actor_table=actor_table,
            model_info=self.model_info,
            context_sentences=d.context_sentences,
            min_type_prob=d.min_type_prob,
            source_from_article=self.config.output.source_from_article,
            notes_from_text=self.config.output.notes_from_text,
            codebook_guards=d.codebook_guards,
        )

    @classmethod
    def from_config(cls, path: str | Path) -> Extractor:
        return cls(ExtractorConfig.from_yaml(path))

    # ----------------------------------------------------------------- public API
    def extract(self, article: Article | str, published: dt.datetime | None = None) -> list[EventRecord]:
        """Events of one article (a string is taken as its text). Raises ValueError when the article is refused."""
        if isinstance(article, str):
            article = Article(text=article, published=published)
        result = next(iter(self.extract_many([article], batch_size=1)))
        if result.status == "error":
            raise ValueError(f"article {result.article_id}: {result.error}")
        return result.events

    def extract_many(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[ArticleResult]:
        """One ArticleResult per input, in input order; sentences are batched across ``batch_size`` articles."""
        window: list[Article] = []
        for art in articles:
            window.append(art)
            if len(window) >= batch_size:
                yield from self._process(window)
                window = []
        if window:
            yield from self._process(window)

    # ----------------------------------------------------------------- stages
    def prepare(self, article: Article) -> Doc:
        """Clean, check and segment one article; a refused article carries its reason in ``Doc.refused``."""
        text, published = clean_article(article)
        doc = Doc(article=article, text=text, published=published)
        limits = self.config.limits
        if not text.strip():
            doc.refused = (
                "empty text: nothing to read" if article.text is not None else "no main text found in the HTML"
            )
            return doc
        if len(text) > limits.max_chars:
            doc.refused = (
                f"text of {len(text):,} characters exceeds limits.max_chars={limits.max_chars:,}; "
                "split the article or raise the limit (it is never cut silently)"
            )
            return doc
        doc.language = article.language or detect_language(text)
        if doc.language not in limits.languages:
            doc.refused = (
                f"language {doc.language!r} is not supported by the models "
                f"(configured: {', '.join(limits.languages)}); not read rather than misread"
            )
            return doc
        if published is None:
            doc.warnings.append("no publication date: relative dates cannot be resolved")
        doc.sentences = split_sentences(text)
        return doc

    def _process(self, articles: list[Article]) -> Iterator[ArticleResult]:
        docs: list[Doc | None] = []
        errors: dict[int, str] = {}
        for i, art in enumerate(articles):
            try:
                docs.append(self.prepare(art))
            except Exception as exc:  # one bad article never stops a batch
                log.exception("article %s could not be prepared", art.id)
                docs.append(None)
                errors[i] = f"{type(exc).__name__}: {exc}"
        mentions = self._detect([d for d in docs if d is not None and d.refused is None])
        for i, (art, doc) in enumerate(zip(articles, docs, strict=True)):
            if doc is None:
                yield ArticleResult(art.id, "error", error=errors[i])
                continue
            if doc.refused is not None:
                yield ArticleResult(art.id, "error", error=doc.refused)
                continue
            try:
                events = self._assemble(doc, mentions.get(id(doc), []))
            except Exception as exc:
                log.exception("article %s failed in assembly", art.id)
                yield ArticleResult(
                    art.id, "error", error=f"{type(exc).__name__}: {exc}", n_sentences=len(doc.sentences)
                )
                continue
            status: Status = "ok" if events else "no_event"
            yield ArticleResult(art.id, status, events=events, n_sentences=len(doc.sentences))

    def _detect(self, docs: list[Doc]) -> dict[int, list[EventMention]]:
        """Type every body sentence of every doc in one batched call, then tag roles on the event sentences."""
        skip = self.config.detection.skip_headlines
        items = [(doc, s) for doc in docs for s in doc.sentences if not (skip and s.headline) and not date_only(s.text)]
        if not items:
            return {}
        det = self.config.detection
        texts = [s.text for _, s in items]
        batch_size = self.config.models.batch_size
        states: list[Any] = []
        if self.shared_depth:
            preds, states = self.typer.predict_with_states(
                texts, self.shared_depth, batch_size=batch_size, gate=det.lexical_gate
            )
        else:
            preds = self.typer.predict(texts, batch_size=batch_size, gate=det.lexical_gate)
        found: list[EventMention] = []
        found_states: list[Any] = []  # the typer's states for each found mention's sentence (None: not kept)
        for j, ((doc, s), p) in enumerate(zip(items, preds, strict=True)):
            n_found = len(found)
            event_prob = 1.0 - p.no_event_prob
            if p.sub_event_type is not None and event_prob >= det.min_event_prob and p.prob >= det.min_type_prob:
                found.append(
                    EventMention(
                        doc=doc,
                        sentence=s,
                        sub_event_type=p.sub_event_type,
                        event_type=p.event_type,
                        type_prob=p.prob,
                        event_prob=event_prob,
                        probs=dict(p.probs),
                    )
                )
            elif det.territorial_claims and (claim := find_territorial_claim(s.text)) is not None:
                found.append(self._claim_mention(doc, s, claim, event_prob, dict(p.probs)))
            if len(found) > n_found:
                found_states.append(states[j] if states else None)
        del states
        if det.codebook_guards:
            for m in found:
                if m.method != "rule":  # a territorial claim the rule found is itself the words the guards ask for
                    self._guard(m)
        if self.tagger is not None and found:
            lower = (self.shared_depth, found_states) if self.shared_depth else None
            tagged = self.tagger.tag([m.sentence.text for m in found], batch_size=batch_size, lower=lower)
            for m, spans in zip(found, tagged, strict=True):
                off = m.sentence.start
                tagged_roles = [RoleHit(r.role, r.start + off, r.end + off, r.text, r.score) for r in spans]
                m.roles = m.roles + tagged_roles if m.method == "rule" else tagged_roles
        out: dict[int, list[EventMention]] = {}
        for m in found:
            out.setdefault(id(m.doc), []).append(m)
        return out

    def _guard(self, m: EventMention) -> None:
        """Replace a sub-event type whose codebook definition the text does not meet (see eventx.pipeline.guards)."""
        res = guards.check(m.sub_event_type, m.probs, guards.context_text(m.doc, m.sentence))
        if res is None:
            return
        m.sub_event_type = res.sub_event_type
        m.event_type = self.ontology.event_type_of(res.sub_event_type)
        m.type_prob = res.prob
        m.guard = res.reason

    def _claim_mention(self, doc: Doc, s: Any, claim: Any, event_prob: float, probs: dict[str, float]) -> EventMention:
        """A territorial claim the model left out, as a rule-made mention: the losing group is actor2 and the
        state forces named in the sentence (if any) actor1."""
        off = s.start
        roles = [
            RoleHit(
                "ACTOR2",
                off + claim.group_start,
                off + claim.group_end,
                s.text[claim.group_start : claim.group_end],
                0.6,
            )
        ]
        if claim.state_start is not None:
            roles.append(
                RoleHit(
                    "ACTOR1",
                    off + claim.state_start,
                    off + claim.state_end,
                    s.text[claim.state_start : claim.state_end],
                    0.6,
                )
            )
        trigger = s.text[claim.trigger_start : claim.trigger_end]
        return EventMention(
            doc=doc,
            sentence=s,
            sub_event_type=claim.sub_event_type,
            event_type=self.ontology.event_type_of(claim.sub_event_type),
            type_prob=0.6,
            event_prob=max(event_prob, 0.5),
            roles=roles,
            probs=probs,
            method="rule",
            rule=f"territorial claim: {trigger!r}",
        )

    def _assemble(self, doc: Doc, mentions: list[EventMention]) -> list[EventRecord]:
        if not mentions:
            return []
        actx = self.assembler.article_context(doc)
        said = attributions(doc)
        per_mention = [self.assembler.assemble_all(m, actx, said.get(m.sentence.index)) for m in mentions]
        records = self._attach_reported_figures(doc, mentions, [r[0] for r in per_mention], said)
        pairs = [(m, [first, *group[1:]]) for m, first, group in zip(mentions, records, per_mention, strict=True)]
        pairs = fold_arrests(fold_destruction(fold_asides(fold_continuations(fold_tolls(pairs)))))
        records = [rec for _, group in pairs for rec in group]
        if self.config.merge == "acled":
            records = merge_records(records)
        return records

    def _later_toll(
        self, doc: Doc, m: EventMention, rec: EventRecord, sent: Any, found: list[Any]
    ) -> EventRecord | None:
        """The toll told in a sentence of its own just after an event whose sentence gave none ("An armed man shot
        a nurse on the federal road. The nurse died."; "... near Mabaax village. An unknown number of militants were
        killed. Unspecified number of fatalities coded as 3."): the event's fatalities. Only a sentence that reports
        no event of its own, within two sentences in the same paragraph, with no day of its own and no word that
        announces another event ("meanwhile", "elsewhere")."""
        from eventx.pipeline.assemble import ANOTHER
        from eventx.resolve import dates
        from eventx.resolve.figures import fatalities_from

        fat = [f for f in found if f.kind == "fatalities"]
        own = rec.evidence.get("fatalities")
        if not fat or rec.fatalities or (own is not None and own.method != "fallback"):
            return None  # the event's own sentence told its toll, or said there was none
        if not 0 < sent.index - m.sentence.index <= 2 or sent.paragraph != m.sentence.paragraph:
            return None
        if ANOTHER.search(sent.text) or any(d.kind != "dateline" for d in dates.find_dates(sent.text, doc.published)):
            return None
        value, ev = fatalities_from(fat)
        if value <= 0:
            return None
        data = rec.model_dump(exclude={"year", "disorder_type", "interaction"})
        data["fatalities"] = value
        data["figures"] = data["figures"] + [f.model_dump() for f in fat]
        ev = ev.model_copy(
            update={
                "reason": f"{ev.reason}; toll told in a later sentence that reports no event of its own",
                "confidence": min(ev.confidence, 0.7),
            }
        )
        data["evidence"]["fatalities"] = ev.model_dump()
        return EventRecord.model_validate(data)

    def _attach_reported_figures(
        self, doc: Doc, mentions: list[EventMention], records: list[EventRecord], said: dict[int, Any]
    ) -> list[EventRecord]:
        """Figures in sentences that report no event of their own (a damage estimate, a displacement count) belong
        to the nearest event before them, within a few sentences; the reason says so."""
        from eventx.resolve.figures import extract_figures

        event_at = {m.sentence.index: i for i, m in enumerate(mentions)}
        out = list(records)
        for sent in doc.sentences:
            if sent.headline or sent.index in event_at:
                continue
            prior = [idx for idx in event_at if sent.index - 4 <= idx < sent.index]
            if not prior:
                continue
            found = extract_figures(sent.text, offset=sent.start)
            figs = [f for f in found if f.kind != "fatalities"]
            i = event_at[max(prior)]
            rec = out[i]
            toll = self._later_toll(doc, mentions[i], rec, sent, found)
            if toll is not None:
                out[i] = rec = toll
            if not figs:
                continue
            data = rec.model_dump(exclude={"year", "disorder_type", "interaction"})
            data["figures"] = data["figures"] + [f.model_dump() for f in figs]
            who = said.get(sent.index)
            reason = "figure reported in a later sentence of the same article"
            if who is not None:
                reason += f"; reported by {who.speaker}"
            data["evidence"]["figures"] = FieldEvidence(
                spans=[f.span for f in figs if f.span is not None], confidence=0.6, reason=reason, method="rule"
            ).model_dump()
            out[i] = EventRecord.model_validate(data)
        return out
