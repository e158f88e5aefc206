"""A cheap language check: the shipped encoder is uncased English, so other languages are refused with a reason
instead of being silently mangled. Function-word ratios separate English from other Latin-script languages well
at article length; non-Latin scripts are caught by their letters."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_EN = frozenset(
    "the of and to in a is that for on was with he it as at by from his an were are which this be has had have not "
    "but they their said after who been its two into police people killed more than one other also over".split()
)
_OTHER = {
    "fr": frozenset("le la les des et du un une est dans pour que qui sur par au aux avec été ont".split()),
    "es": frozenset("el la los las de y en que por un una con para del se fue según".split()),
    "de": frozenset("der die das und ist nicht mit von den ein eine zu im auf für wurde sich".split()),
    "pt": frozenset("o a os as de e em que um uma com para do da foi pelo".split()),
    "it": frozenset("il la di e che un una per con del della sono nel alla".split()),
    "id": frozenset("yang dan di dari ini itu dengan untuk pada tidak oleh".split()),
}


def detect_language(text: str, sample_chars: int = 5000) -> str | None:
    """'en', another ISO 639-1 code, 'und' for text with letters but no clear language, None for no letters."""
    sample = text[:sample_chars]
    words = [w.lower() for w in _WORD.findall(sample)]
    if not words:
        return None
    latin = sum(1 for w in words if w.isascii())
    if latin / len(words) < 0.5:
        return "und"
    en = sum(1 for w in words if w in _EN) / len(words)
    best, best_score = "en", en
    for code, vocab in _OTHER.items():
        score = sum(1 for w in words if w in vocab) / len(words)
        if score > best_score:
            best, best_score = code, score
    if best_score < 0.05 and len(words) >= 20:
        return "und"
    return best
