"""Sentence segmentation with offsets, and headline detection.

A rule-based splitter is enough for news prose and keeps offsets exact; it knows the abbreviations that end in a
period in news text (Mr., Gen., U.S., Jan.) and never splits inside numbers. Lines that look like headlines
(short, no end punctuation) are marked, because scraped articles carry their own title and other articles'
titles inserted mid-body; they report no event of their own. A text that is nothing but such lines (a headline
feed, a one-line summary without a final period) has no body to defer to, so there they are read as the text.
"""

from __future__ import annotations

import dataclasses
import re

from eventx.pipeline.document import Sentence

_ABBREV = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "cpt",
    "sgt",
    "cmdr",
    "adm",
    "gov",
    "sen",
    "rep",
    "rev",
    "st",
    "mt",
    "ft",
    "jr",
    "sr",
    "no",
    "vs",
    "etc",
    "inc",
    "ltd",
    "co",
    "corp",
    "dept",
    "est",
    "approx",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s",
    "u.k",
    "u.n",
    "e.g",
    "i.e",
    "a.m",
    "p.m",
    "al",
    "brig",
    "pvt",
    "insp",
    "supt",
    "hon",
    "rs",
}
_BOUNDARY = re.compile(r"([.!?]+[\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9])")
# Lower-cased text (some corpora, e.g. IndiaPoliceEvents) has no capital to mark a new sentence.
_BOUNDARY_LOWER = re.compile(r"([.!?]+[\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[a-z0-9])")
_BLANK_LINE = re.compile(r"\n\s*\n")
_PARA = re.compile(r"\n\s*\n|\n(?=\s*[A-Z\"“‘])")
_END_PUNCT = re.compile(r"[.!?;:][\"'”’)\]]*\s*$")


#: Where a scraped page's list of links to other articles starts ("related stories", "Also read:"): the titles after
#: it are other stories' headlines, not this article's report. "related stories/news/articles/coverage" is enough;
#: the plainer phrases must end in a colon or a bar or the line ("he also read the statement" is prose).
_LINKS = re.compile(
    r"(?i)\brelated (?:stories|story|news|articles|coverage|links)(?![a-z])"  # "related storiesÂ" (mojibake)
    r"|\b(?:also read|read also|read more|more stories|recommended(?: stories)?|you may also like)\s*(?:[:|]|$)",
    re.MULTILINE,
)


#: A run of four or more of one rule character (five dots: four end an ellipsis): a ruler ("-------------") or a
#: table's leader dots ("Port Elizabeth.......18 27"). Weather tables, market listings and press-release headers
#: are no prose and report no event; read as sentences, each became a "Change to group/activity" of nobody. A run
#: between two letters is a censored word in prose ("F----G"), not a ruler.
_RULER = re.compile(r"(?<![A-Za-z])(?:\.{5,}|([\-=_~#])\1{3,})|(?:\.{5,}|([\-=_~#])\2{3,})(?![A-Za-z])")


def _is_headline(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 16 and not _END_PUNCT.search(text)


def _split_paragraph(text: str, base: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    letters = [c for c in text if c.isalpha()]
    lowered = len(letters) > 40 and sum(c.isupper() for c in letters) < 0.01 * len(letters)
    for m in (_BOUNDARY_LOWER if lowered else _BOUNDARY).finditer(text):
        end = m.end(1)
        before = text[start : m.start(1)]
        last = re.search(r"([A-Za-z.]+)$", before)
        token = last.group(1).lower().rstrip(".") if last else ""
        if m.group(1).startswith(".") and (token in _ABBREV or (len(token) == 1 and token.isalpha())):
            continue
        spans.append((base + start, base + end))
        start = m.end(2)
    if start < len(text):
        spans.append((base + start, base + len(text)))
    return spans


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with exact offsets into ``text``; blank text gives none."""
    out: list[Sentence] = []
    pos = 0
    para = 0
    pieces = []
    letters = [c for c in text[:5000] if c.isalpha()]
    shouting = len(letters) > 40 and sum(c.isupper() for c in letters) > 0.8 * len(letters)
    # All-capitals wire copy is hard-wrapped: every line starts with a capital, so only blank lines end paragraphs.
    for m in (_BLANK_LINE if shouting else _PARA).finditer(text):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, len(text)))
    listings: set[int] = set()  # sentences that are tables or rulers: never read, even in a text of headlines only
    for p_start, p_end in pieces:
        chunk = text[p_start:p_end]
        if not chunk.strip():
            continue
        lead = len(chunk) - len(chunk.lstrip())
        chunk_s = chunk.strip()
        headline_para = _is_headline(chunk_s)
        links = _LINKS.search(chunk_s)
        cut = links.start() if links else len(chunk_s)  # the list of links runs to the paragraph's end
        spans = _split_paragraph(chunk_s[:cut].rstrip(), p_start + lead) if chunk_s[:cut].strip() else []
        if links:
            spans.append((p_start + lead + cut, p_start + lead + len(chunk_s)))
        for s, e in spans:
            sent = text[s:e]
            stripped = sent.rstrip()
            if not stripped.strip():
                continue
            is_links = links is not None and s == spans[-1][0]
            if _RULER.search(stripped):
                listings.add(len(out))
            flagged = headline_para or is_links or len(out) in listings
            out.append(Sentence(len(out), s, s + len(stripped), stripped, para, headline=flagged))
        para += 1
    if out and all(s.headline for s in out):
        out = [dataclasses.replace(s, headline=s.index in listings) for s in out]
    return out
