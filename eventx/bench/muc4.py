"""MUC-4 role-filler benchmark in the GRIT format: PerpInd, PerpOrg, Target, Victim, Weapon from eventx's roles,
scored with GRIT's CEAF-REE (strict any-mention match, one-to-one entity alignment), per role and micro-averaged.

Mapping from eventx to MUC-4 roles (eventx has no MUC-4 head; this is the documented bridge):

* actor1 -> PerpOrg when the mention names an organisation (an organisation word such as army, front, cartel,
  police, government, party, movement, or a known MUC-era acronym), else PerpInd (guerrillas, terrorists, men...);
* actor2 -> Target when the mention's head is a thing (building, vehicle, power line, office... from a lexicon),
  else Victim;
* Weapon -> weapon phrases (bomb, car bomb, dynamite, grenade, rocket, mortar, machinegun...) found by a lexicon in
  the sentences eventx reported as events.

Two sources of actor mentions are scored: ``records`` (the text span behind each event record's actor1/actor2, what
a user of eventx gets) and ``tagger`` (every ACTOR1/ACTOR2 span the role tagger marks in those event sentences,
where the tagger is available) — both reported, the headline is ``records``. Reporting uses the dev split only.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from eventx.bench.report import Bars, BenchResult, Table
from eventx.bench.runner import evidence_texts, extract_all, model_label, status_counts
from eventx.bench.scoring import ceaf_ree, grit_normalise, stable_sample
from eventx.datasets.muc4 import MUC_ROLES, unwrap_lines
from eventx.schema.article import Article
from eventx.schema.record import EventRecord

ORG_WORDS = frozenset(
    "army armies forces front cartel police government party movement battalion brigade alliance command "
    "commandos union federation association organization organisation council military guard navy junta "
    "directorate ministry committee extraditables path group".split()
)
ORG_ACRONYMS = frozenset(
    "fmln eln farc urng eta arena mrta m-19 epl fpmr mpl fal dri das pcc pcs pdc anc ira plo".split()
)
THING_WORDS = frozenset(
    "house houses home homes building buildings office offices embassy consulate bank banks branch branches plant "
    "plants station stations tower towers pylon pylons line lines powerline substation transformer transformers "
    "truck trucks bus buses vehicle vehicles car cars jeep wagon plane planes helicopter aircraft farm farms "
    "facilities facility installation installations pipeline oil bridge bridges hotel residence headquarters school "
    "schools university church store stores shop shops drugstore newspaper institute institutes ministry "
    "warehouse factory port airport market restaurant poles system structures property properties".split()
)
_WEAPONS = (
    "car bombs?",
    "truck[- ]bombs?",
    "bus bombs?",
    "homemade bombs?",
    "incendiary bombs?",
    "letter bombs?",
    "bombs?",
    "dynamite(?: charges?| sticks?)?",
    "sticks of dynamite",
    "explosive devices?",
    "explosives?",
    "hand grenades?",
    "grenade launchers?",
    "grenades?",
    "rocket launchers?",
    "rockets?",
    "mortars?",
    "machine ?guns?",
    "submachine ?guns?",
    "rifles?",
    "pistols?",
    "revolvers?",
    "firearms?",
    "guns?",
    "(?:land)?mines?",
    "molotov cocktails?",
    "bazookas?",
    "missiles?",
    "tnt",
    "stones",
)
WEAPON_RE = re.compile(r"\b(?:" + "|".join(_WEAPONS) + r")\b", re.IGNORECASE)


def _tokens(text: str) -> list[str]:
    return grit_normalise(text).split()


def perp_role(mention: str) -> str:
    """PerpOrg for an organisation-like mention, PerpInd otherwise."""
    toks = _tokens(mention)
    if any(t in ORG_WORDS or t in ORG_ACRONYMS for t in toks):
        return "PerpOrg"
    return "PerpInd"


def target_role(mention: str) -> str:
    """Target for a thing (its head, the last word before 'of'/'in', is in the thing lexicon), Victim otherwise."""
    toks = _tokens(mention)
    for stop in ("of", "in", "at", "on", "that", "which", "who"):
        if stop in toks[1:]:
            toks = toks[: toks.index(stop, 1)]
    head = toks[-1] if toks else ""
    return "Target" if head in THING_WORDS else "Victim"


def weapons_in(texts: Iterable[str]) -> list[str]:
    """Weapon phrases of the lexicon in the given texts, longest match first, in order of appearance."""
    out = []
    for t in texts:
        out.extend(m.group(0) for m in WEAPON_RE.finditer(t))
    return out


def _add(roles: dict[str, list[list[str]]], role: str, mention: str) -> None:
    norm = grit_normalise(mention)
    if not norm:
        return
    if all(grit_normalise(ent[0]) != norm for ent in roles[role]):
        roles[role].append([mention])


def roles_from_mentions(
    actor1: Iterable[str], actor2: Iterable[str], weapons: Iterable[str]
) -> dict[str, list[list[str]]]:
    """GRIT-style predicted entities (one mention each, deduplicated after normalisation) from eventx mentions."""
    roles: dict[str, list[list[str]]] = {r: [] for r in MUC_ROLES}
    for m in actor1:
        _add(roles, perp_role(m), m)
    for m in actor2:
        _add(roles, target_role(m), m)
    for m in weapons:
        _add(roles, "Weapon", m)
    return roles


def predict_from_records(events: Sequence[EventRecord]) -> dict[str, list[list[str]]]:
    a1 = [t for ev in events for t in evidence_texts(ev, "actor1")]
    a2 = [t for ev in events for t in evidence_texts(ev, "actor2")]
    sents = [t for ev in events for t in evidence_texts(ev, "event_type")]
    return roles_from_mentions(a1, a2, weapons_in(sents))


def predict_from_tagger(tagger: Any, events: Sequence[EventRecord], batch_size: int) -> dict[str, list[list[str]]]:
    sents = list(dict.fromkeys(t for ev in events for t in evidence_texts(ev, "event_type")))
    spans = tagger.tag(sents, batch_size=batch_size) if sents else []
    a1 = [s.text for ss in spans for s in ss if s.role == "ACTOR1"]
    a2 = [s.text for ss in spans for s in ss if s.role == "ACTOR2"]
    return roles_from_mentions(a1, a2, weapons_in(sents))


#: eventx event types whose documents MUC-4 would call relevant incidents (attacks, bombings, kidnappings, arson)
MUC_EVENT_TYPES = frozenset({"Violence against civilians", "Explosions/Remote violence", "Battles"})


def entities_from_spans(spans: Iterable[Any], min_score: float = 0.0) -> dict[str, list[list[str]]]:
    """GRIT-style predicted entities from a head's spans: within a role, mentions whose words are a subset of one
    another ("Jaramillo", "Bernardo Jaramillo") or equal after normalisation are one entity, reported by its longest
    mention (GRIT predicts one mention per entity; the longest is the full name MUC-4's fillers mostly give), and
    only when its best mention scores at least ``min_score``."""
    clusters: dict[str, list[dict[str, Any]]] = {r: [] for r in MUC_ROLES}
    for span in spans:
        norm = grit_normalise(span.text)
        if not norm or span.role not in clusters:
            continue
        words = set(norm.split())
        for c in clusters[span.role]:
            if words <= c["words"] or c["words"] <= words:
                break
        else:
            c = {"words": set(), "mentions": []}
            clusters[span.role].append(c)
        c["words"] |= words
        c["mentions"].append(span)
    roles: dict[str, list[list[str]]] = {r: [] for r in MUC_ROLES}
    for role, cs in clusters.items():
        for c in cs:
            if max(m.score for m in c["mentions"]) >= min_score:
                roles[role].append([max(c["mentions"], key=lambda m: len(m.text)).text])
    return roles


def predict_from_head(
    head: Any, text: str, events: Sequence[EventRecord] | None, batch_size: int
) -> dict[str, list[list[str]]]:
    """The MUC-4 head's entities over the whole document (:func:`entities_from_spans`, with the head's
    ``entity_min_score``), for documents where eventx found a violent event (MUC-4 fills templates only for relevant
    incidents; elsewhere the head would fill roles MUC-4 leaves empty). ``events=None`` tags every document: the
    head alone decides what is relevant."""
    if events is not None and not any(ev.event_type in MUC_EVENT_TYPES for ev in events):
        return {r: [] for r in MUC_ROLES}
    spans = head.tag([text], batch_size=batch_size)[0]
    return entities_from_spans(spans, float(head.meta.get("entity_min_score") or 0.0))


def run(
    extractor: Any,
    data: str | Path | None = None,
    *,
    limit: int | None = None,
    batch_size: int = 16,
    split: str = "dev",
    muc4_head: str | Path | None = None,
) -> BenchResult:
    from eventx.datasets.muc4 import ROLES, load_muc4

    started = time.perf_counter()
    docs = stable_sample(load_muc4(data, split=split), limit, key=lambda d: d.id)  # type: ignore[arg-type]
    if not docs:
        raise ValueError(f"no MUC-4 documents in {data}")
    golds = {d.id: {name: [list(e) for e in d.entities(key)] for key, name in ROLES.items()} for d in docs}
    arts = [Article(id=d.id, text=unwrap_lines(d.text)) for d in docs]
    outcomes = extract_all(extractor, arts, batch_size=batch_size)
    preds = {d.id: predict_from_records(outcomes[d.id].events) for d in docs}
    rec = ceaf_ree(golds, preds, MUC_ROLES)
    metrics: dict[str, Any] = {
        "micro_f1": rec["micro_avg"]["f1"],
        "micro_precision": rec["micro_avg"]["precision"],
        "micro_recall": rec["micro_avg"]["recall"],
        "records": rec,
    }
    tagger = getattr(extractor, "tagger", None)
    if tagger is not None:
        tpreds = {d.id: predict_from_tagger(tagger, outcomes[d.id].events, batch_size) for d in docs}
        tag = ceaf_ree(golds, tpreds, MUC_ROLES)
        metrics["micro_f1_tagger_spans"] = tag["micro_avg"]["f1"]
        metrics["tagger"] = tag
    if muc4_head is not None:
        from eventx.models.muc4_head import Muc4Head

        head = Muc4Head.load(muc4_head, tagger=tagger)
        texts = {a.id: a.text for a in arts}
        # each document is tagged once; the gated reading keeps only the documents with a violent event
        every = {d.id: predict_from_head(head, texts[d.id], None, batch_size) for d in docs}
        nothing: dict[str, list[list[str]]] = {r: [] for r in MUC_ROLES}
        gated = {
            d.id: every[d.id] if any(ev.event_type in MUC_EVENT_TYPES for ev in outcomes[d.id].events) else nothing
            for d in docs
        }
        metrics["muc4_head_gated"] = ceaf_ree(golds, gated, MUC_ROLES)
        metrics["muc4_head_every_document"] = ceaf_ree(golds, every, MUC_ROLES)
        # the head's own way (its config's ``gate``, chosen on training documents) is the headline
        metrics["muc4_head_gate"] = bool(head.meta.get("gate", True))
        metrics["muc4_head"] = metrics["muc4_head_gated" if metrics["muc4_head_gate"] else "muc4_head_every_document"]
        metrics["micro_f1_muc4_head"] = metrics["muc4_head"]["micro_avg"]["f1"]
        metrics["muc4_head_train"] = head.meta.get("train")
        metrics["muc4_head_trained_layers"] = head.meta.get("trained_layers", [])
    metrics["status"] = status_counts(outcomes.values())
    metrics["split"] = split
    rows = []
    for src in ("records", "tagger", "muc4_head_gated", "muc4_head_every_document"):
        if src in metrics:
            rows += [
                [src, r, v["precision"], v["recall"], v["f1"], v["predicted"], v["gold"]]
                for r, v in metrics[src].items()
            ]
    return BenchResult(
        benchmark="muc4",
        n=len(docs),
        metrics=metrics,
        method=[
            f"MUC-4 {split} split in GRIT's format; each document is one article (no publication date), its "
            "hard-wrapped lines joined within paragraphs (the text is otherwise as given, in capitals)",
            "scorer: GRIT's CEAF-REE, phi_strict: after lower-casing and dropping punctuation and articles, a "
            "predicted entity matches a gold entity when its mention is one of the gold entity's mentions; "
            "entities are aligned one-to-one (Hungarian assignment); P = matched/predicted, R = matched/gold; "
            "micro = counts pooled over the five roles",
            "actor1 -> PerpOrg when the mention has an organisation word or known acronym (army, front, cartel, "
            "police, government, FMLN, ELN, ...), else PerpInd",
            "actor2 -> Target when the mention's head word is a thing (building, house, truck, tower, embassy, ...), "
            "else Victim",
            "Weapon: lexicon phrases (bomb, car bomb, dynamite, grenade, rocket, mortar, machinegun, ...) in the "
            "sentences eventx reported as events",
            "records: the text spans behind each record's actor1/actor2 evidence (headline); tagger: every "
            "ACTOR1/ACTOR2 span of the role tagger in the same event sentences",
            "muc4_head (only with --muc4-head): a MUC-4 role head trained on the MUC-4 training split, distant "
            "labels from the gold mention strings: a linear layer over the role tagger's features "
            "(configs/train/muc4_head.yaml) or the tagger's upper layers fine-tuned with it "
            "(configs/train/muc4_tagger.yaml), as the folder's muc4_head.json says; muc4_head_gated: applied to whole "
            "documents in which eventx found a battle, explosion or violence against civilians; "
            "muc4_head_every_document: the same head on every document, the head alone deciding what is relevant; "
            "muc4_head (the headline): the one of the two the head's config names (gate)",
            "peer: GRIT reports ~56 micro F1 on the MUC-4 test split (dev is reported here)",
        ],
        tables=[Table("Per role (CEAF-REE strict)", ["source", "role", "P", "R", "F1", "predicted", "gold"], rows)],
        bars=[
            Bars("MUC-4 role F1 (records)", {r: rec[r]["f1"] for r in (*MUC_ROLES, "micro_avg")}, "roles_f1.png", "F1")
        ],
        data=str(data) if data else None,
        seconds=time.perf_counter() - started,
        model=model_label(extractor),
    )
