"""Build ``configs/geo/common_words.txt``: place names that English prose mostly writes in lower case.

In a text written all in lower case ("police fired at a mob in ahmedabad"), case no longer tells a name from a word,
and the gazetteer knows places called Will, First, Reading, Surprise and Independence. This script learns which
place names are, in cased English prose, mostly ordinary words: every token not opening a sentence is counted as
written in lower case ("will") or capitalised ("Will"); a gazetteer name of at least three letters written in lower
case at least as often as capitalised, and at least twice, is listed. ``find_places`` skips a name made only of
listed words in caseless text.

Sources (cased prose): the CoNLL-2003 English training split (Reuters news, 1996) and the ACLED notes under the
shared data folder. Tokens in capitals (headlines) say nothing and are skipped.

    python tools/build_common_words.py [--data ../shared/data] [--out configs/geo/common_words.txt]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from eventx.paths import config_dir, shared_data_dir

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENT_END = re.compile(r"[.!?:;\"“”]\s*$")


def count_case(texts: Iterable[str]) -> tuple[Counter[str], Counter[str]]:
    """(lower-case counts, capitalised counts) of casefolded words, sentence-initial words left out."""
    lower: Counter[str] = Counter()
    title: Counter[str] = Counter()
    for text in texts:
        prev_end = 0
        for m in _WORD.finditer(text):
            w = m.group()
            initial = prev_end == 0 or bool(_SENT_END.search(text[max(0, prev_end - 3) : m.start()]))
            prev_end = m.end()
            if initial or w.isupper():
                continue
            if w.islower():
                lower[w.casefold()] += 1
            elif w[:1].isupper():
                title[w.casefold()] += 1
    return lower, title


def _texts(data: Path | None) -> Iterable[str]:
    from eventx.datasets.acled_notes import load_acled_notes
    from eventx.datasets.conll import load_conll2003

    for s in load_conll2003(data / "conll2003_en" if data else None, "train"):
        yield " ".join(s.tokens)
    for note in load_acled_notes(data):
        yield note.text


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=shared_data_dir())
    ap.add_argument("--out", type=Path, default=config_dir() / "geo" / "common_words.txt")
    ap.add_argument("--min-lower", type=int, default=2)
    args = ap.parse_args(argv)

    from eventx.resolve.places import default_gazetteer

    g = default_gazetteer()
    lower, title = count_case(_texts(args.data))
    words = sorted(
        w for w, n in lower.items() if len(w) >= 3 and n >= args.min_lower and n >= title.get(w, 0) and g.lookup(w)
    )
    header = (
        "# Place names that cased English prose mostly writes in lower case (built by tools/build_common_words.py\n"
        "# from CoNLL-2003 English train and the ACLED notes): in caseless text, a name made only of these words is\n"
        "# not read as a place.\n"
    )
    args.out.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {args.out}")


if __name__ == "__main__":
    main()
