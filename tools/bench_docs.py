"""Regenerate the results table of docs/benchmarks.md from benchmarks/results/*/metrics.json (run after benchmarks/run_all.sh).

Fill the results section of docs/benchmarks.md from benchmarks/results/*/metrics.json."""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
R = ROOT / "benchmarks/results"


def load(n):
    p = R / n / "metrics.json"
    return json.loads(p.read_text()) if p.exists() else None


def f(v):
    if v is None:
        return "not run"
    if isinstance(v, bool):
        return "yes" if v else "no"
    return f"{v:.3f}" if isinstance(v, float) else str(v)


A, C, M, IPE, P, S = (load(n) for n in ("acled", "case2021", "muc4", "ipe", "plover", "speed"))
S2 = load("speed_muc4")
L = ["## Results", ""]
L.append(
    "Latest run (2 shared CPU cores, no GPU). n is the number of items scored; samples are deterministic "
    "(`--limit` keeps the items with the smallest SHA-1 of their id). Targets are the issue's; peers are "
    "GUIDE §3's published numbers, measured on other data or splits where noted, so they are context, not "
    "a head-to-head."
)
L.append("")
L.append("| benchmark | metric | eventx | target / peer |")
L.append("|---|---|---|---|")


def g(d, *path):
    if d is None:
        return None
    cur = d["metrics"]
    for k in path:
        if not isinstance(cur, dict) or k not in cur:
            return None
        cur = cur[k]
    return cur


if A:
    n = A["n"]
    L += [
        f"| acled (n={n}, held-out countries) | detection rate | {f(g(A, 'detection_rate'))} | – |",
        f"| | event_type accuracy | {f(g(A, 'event_type_accuracy'))} | target ≥ 0.95 |",
        f"| | sub_event_type accuracy | {f(g(A, 'sub_event_type_accuracy'))} | target ≥ 0.88 |",
        f"| | sub_event_type weighted / macro F1 | {f(g(A, 'sub_event_type_weighted_f1'))} / {f(g(A, 'sub_event_type_macro_f1'))} | – |",
        f"| | actor1 exact / loose | {f(g(A, 'actor1_accuracy'))} / {f(g(A, 'actor1_loose_accuracy'))} | target ≥ 0.75 |",
        f"| | actor2 (rows with an actor2) | {f(g(A, 'fields', 'actor2', 'accuracy_gold_set'))} | – |",
        f"| | inter1 / interaction | {f(g(A, 'fields', 'inter1', 'accuracy'))} / {f(g(A, 'fields', 'interaction', 'accuracy'))} | – |",
        f"| | country / admin1 / location | {f(g(A, 'fields', 'country', 'accuracy'))} / {f(g(A, 'fields', 'admin1', 'accuracy'))} / {f(g(A, 'fields', 'location', 'accuracy'))} | Mordecai 3: country 0.968–0.991, exact place 0.794–0.933 (news, its own eval sets) |",
        f"| | coordinates ≤ 10 km / ≤ 50 km | {f(g(A, 'fields', 'coordinates_10km', 'accuracy'))} / {f(g(A, 'fields', 'coordinates_50km', 'accuracy'))} | – |",
        f"| | event_date exact / ± 1 day | {f(g(A, 'fields', 'event_date', 'accuracy'))} / {f(g(A, 'fields', 'event_date_1day', 'accuracy'))} | – |",
        f"| | fatalities exact / MAE | {f(g(A, 'fatalities_exact'))} / {f(g(A, 'fatalities_mae'))} | target ≥ 0.95 exact |",
    ]
    u = g(A, "unseen_by_actor_table")
    if u:
        L.append(
            f"| | actor1 exact / loose, countries also unseen by the actor table (n={u['n']}) | {f(u['actor1']['accuracy'])} / {f(u['actor1_loose']['accuracy'])} | target ≥ 0.75 |"
        )
if C:
    for var in ("typer", "pipeline"):
        for st in ("subtask1", "subtask2", "subtask3"):
            s = g(C, var, st)
            if s:
                peer = (
                    "best published 0.839 weighted F1 (Haneczok et al. 2021, full 1,019-row test set, XLM-R-large); issue target ≥ 0.80"
                    if (var, st) == ("typer", "subtask1")
                    else "–"
                )
                L.append(
                    f"| case2021 {var}, {st} (n={s['n']}) | accuracy / weighted F1 / macro F1 | {f(s['accuracy'])} / {f(s['weighted_f1'])} / {f(s['macro_f1'])} | {peer} |"
                )
if M:
    head_gate = g(M, "muc4_head_gate")
    for src in ("records", "tagger", "muc4_head_every_document", "muc4_head_gated"):
        s = g(M, src)
        if s:
            mi = s["micro_avg"]
            own = (src == "muc4_head_gated") == bool(head_gate)
            peer = {
                "records": "GRIT ≈ 0.56 micro F1 (MUC-4 test split); issue target: above it",
                "muc4_head_every_document": "MUC-4 tagger trained on MUC-4 train like GRIT (not shipped; see below), "
                "on every document" + (" (its headline)" if own else ""),
                "muc4_head_gated": "the same, on the documents where eventx found a violent event"
                + (" (its headline)" if own else ""),
            }.get(src, "–")
            L.append(
                f"| muc4 dev (n={M['n']} docs), {src} | micro P / R / F1 | {f(mi['precision'])} / {f(mi['recall'])} / {f(mi['f1'])} | {peer} |"
            )
            L.append(
                "| | F1 PerpInd / PerpOrg / Target / Victim / Weapon | "
                + " / ".join(f(s[r]["f1"]) for r in ("PerpInd", "PerpOrg", "Target", "Victim", "Weapon"))
                + " | – |"
            )
if IPE:
    for lvl in ("document", "sentence"):
        s = g(IPE, lvl)
        if s:
            per = s["per_label"]
            L.append(
                f"| ipe {lvl} (n={s['n']}) | F1 KILL / ARREST / FAIL / FORCE / ANY_ACTION | "
                + " / ".join(f(per[k]["f1"]) for k in ("KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION"))
                + f" (macro {f(s['macro_f1'])}) | no peer number in GUIDE §3 |"
            )
if P:
    L.append(
        f"| plover (n={P['n']}) | actor / recipient match | {f(g(P, 'actor_match'))} / {f(g(P, 'recipient_match'))} | no peer number in GUIDE §3 |"
    )
    L.append(
        f"| | same, records with an event ({f(g(P, 'detection_rate'))} of all) | {f(g(P, 'actor_match_detected'))} / {f(g(P, 'recipient_match_detected'))} | – |"
    )
if S:
    L += [
        f"| speed (n={S['n']} IPE docs, median {g(S, 'words_median'):.0f} words) | articles/s | {f(g(S, 'articles_per_s'))} | target ≥ 5 on 2 cores |",
        f"| | word-piece tokens/s | {f(g(S, 'tokens_per_s'))} | – |",
        f"| | peak RSS (MB) | {f(g(S, 'peak_rss_mb'))} | target ≤ 1536 |",
        f"| | share of time outside the encoder | {f(g(S, 'share_outside_encoder'))} | – |",
    ]
if S2:
    L += [
        f"| speed (n={S2['n']} MUC-4 docs, median {g(S2, 'words_median'):.0f} words) | articles/s | {f(g(S2, 'articles_per_s'))} | target ≥ 5 on 2 cores |",
        f"| | word-piece tokens/s | {f(g(S2, 'tokens_per_s'))} | – |",
        f"| | peak RSS (MB) | {f(g(S2, 'peak_rss_mb'))} | target ≤ 1536 |",
        f"| | share of time outside the encoder | {f(g(S2, 'share_outside_encoder'))} | – |",
    ]
L += [
    "",
    "What the numbers say (read with the method below):",
    "",
    "- Of the issue's accuracy targets only fatalities (exact >= 0.95) is met. On ACLED notes of held-out countries "
    "the pipeline finds an event in almost every note, but event/sub-event typing is below target and "
    "actors, admin1 and locations are the weak fields. Exact event dates are well below the within-one-day "
    "score: most misses are one day off, which is what the fallback to the publication date (event_date + 1) "
    "gives when a note's own date is not read.",
    "- The ACLED sample is dominated by Sri Lanka, the dev split's largest country (see `countries` in "
    "metrics.json). Actor names score no lower on the rows whose countries the actor table was also not built "
    "from (row above), so the overall figure does not rest on memorised names; it varies by country.",
    f"- CASE 2021: the typing model alone is well below the best published system; the full pipeline is lower "
    f"still because it may say no event (it abstains on {g(C, 'pipeline', 'unseen_abstained')} of the "
    f"{g(C, 'pipeline', 'unseen_rows')} unseen-type rows, which is what a user wants but scores as an error, "
    f"and on some ACLED-type rows too).",
    "- MUC-4 and PLOVER measure what ACLED-style roles give on other schemes. MUC-4 is far below GRIT: its "
    "Target and Victim roles (named people, buildings) are mostly not what eventx tags as actor2, and Weapon comes "
    "from the lexicon. The `muc4_head` rows are eventx's own attempt to learn MUC-4's roles the way GRIT does, from "
    "the MUC-4 training documents (`eventx train configs/train/muc4_tagger.yaml`, 18 minutes on 2 cores; `eventx "
    "bench muc4 --muc4-head .cache/muc4_tagger`): the role tagger's upper three layers fine-tuned with a linear "
    "MUC-4 head on 128-piece windows of whole documents, decoded by words, one entity per group of mentions that "
    "contain one another. Epochs, window length, negatives and decoding were chosen on 20 % of the training "
    "documents set aside (`tools/muc4_holdout.py`: micro F1 0.26 with 4 epochs and per-piece decoding, 0.33 with "
    "word decoding at 1 - P(O) >= 0.3 and entities scoring >= 0.6, 0.34 with 8 epochs; 256-piece windows and "
    "three times the negative windows scored no better at that decoding, 0.33 and 0.34), never on the dev split; "
    "so was tagging every document rather than only those in which eventx found a violent event (0.343 against "
    "0.323). A linear head over the tagger's frozen features (`configs/train/muc4_head.yaml`) scored 0.147 on the dev split. It is not "
    "shipped (MUC-4 is LDC-derived, research use). Still well below GRIT (a 6-layer uncased MiniLM against GRIT's "
    "BERT-base generating whole templates). Most PLOVER categories (agree, demand, consult) are not ACLED events, "
    "so few records yield an event to compare.",
    "- IndiaPoliceEvents texts are all lower-case; the sentence splitter reads them with a lower-case boundary "
    "rule, and place names are now read in them too (every word a possible name, under stricter guards), so an "
    "article gets its country and 'police' becomes 'Police Forces of India' with inter code 1: KILL was never "
    "predicted before (F1 0) and is now found at precision 1.0 and recall 0.33 (documents). FAIL (police not "
    "acting) has no ACLED counterpart.",
    "- What changed since the previous run (2026-12-03, eleventh session; no shipped model retrained). Places: a "
    "village the gazetteer lacks, written before the unit it lies in ('near Laantabuur village (Afgooye, Lower "
    "Shabelle)', 'near Hrushuvakha, Kharkiv', 'in Tidung sub-district, Rappocini district, Makassar City'), keeps "
    "its name as written at the unit's coordinates (precision 2); a district is named as the district at its largest "
    "town's coordinates; a record near a town and one at it merge. Actors: a people's name before a fighter noun "
    "names its militia ('Turkana raiders', 'Afar militiamen'); 'clashes between X and Y militias' gives both sides; "
    "an armed group read as the target of an unnamed attack is its perpetrator, and a community's militia read as an "
    "attack's target is civilians; a rebel group's armed clash with no other side named gets the state's military "
    "(73 % of ACLED's such battles). Rules were chosen on training-country notes, most on 2,400 that the typer never "
    "trained on (tools/acled_errors.py --unseen-by-typer): there location 0.390 -> 0.542, actor1 0.645 -> 0.651, "
    "actor2 0.620 -> 0.630, inter2 0.655 -> 0.668; on 2,400 training rows location 0.398 -> 0.565, actor1 +6 rows, "
    "actor2 +13. On this held-out sample: location 0.467 -> 0.592, actor2 0.663 -> 0.668, inter2 0.692 -> 0.697, "
    "interaction 0.575 -> 0.582; coordinates, event type, actor1, dates and fatalities unchanged (coordinates stay "
    "the unit's: the gazetteer still lacks the villages). The merge of a record near a town with one at it took "
    "extra events back from 79 to 76 and cost one actor2 row. MUC-4 records micro F1 0.111 -> 0.113 (PerpOrg "
    "matches 8 -> 9); CASE, IPE and PLOVER unchanged. Speed: IPE 17.9 and MUC-4 13.8 articles/s (14.2 and 11.3 "
    "in the previous run: these machines are noisy); share of time outside the encoder 0.19.",
    "- Speed: on IPE and MUC-4 articles of 450-800 words the 5 articles/s target is checked on the 2 cores (fp32, "
    "one process). Most of the time is in the two transformer passes. Peak memory is within the target in both.",
    "- Wall times in the Runs table include waiting for the CPU: the 2 cores are shared with other jobs.",
]
L += ["", "### Runs", "", "| benchmark | n | date (UTC) | model | seconds | command |", "|---|---|---|---|---|---|"]
for name, d in (
    ("acled", A),
    ("case2021", C),
    ("muc4", M),
    ("ipe", IPE),
    ("plover", P),
    ("speed", S),
    ("speed_muc4", S2),
):
    if d:
        L.append(
            f"| {name} | {d['n']} | {d['date'][:16].replace('T', ' ')} | {d['model']} | {d['seconds']} | `{d['command']}` |"
        )
    else:
        L.append(f"| {name} | – | not run in this session | – | – | see `benchmarks/run_all.sh` |")
text = "\n".join(L)
doc = ROOT / "docs/benchmarks.md"
s = doc.read_text()
start = s.find("## Results") if "## Results" in s else s.find("RESULTS_PLACEHOLDER")
end = s.find("## How each benchmark")
s = s[:start] + text + "\n\n" + s[end:]
doc.write_text(s)
print(text)
