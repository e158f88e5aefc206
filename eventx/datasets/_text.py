"""Repair of text that was decoded twice (UTF-8 bytes read as cp1252: "â€™" for "'")."""

from __future__ import annotations

import re

# A lead byte of a 2-4 byte UTF-8 sequence seen as cp1252/latin-1, then 1-3 continuation bytes seen the same way.
_CP1252_CONT = "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
_MOJIBAKE = re.compile(f"[\u00c2-\u00f4][{_CP1252_CONT}]{{1,3}}")


def _fix(match: re.Match[str]) -> str:
    s = match.group(0)
    try:
        return s.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return s


def repair_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-cp1252 damage piece by piece; text without such damage comes back unchanged.

    A right double quote whose last byte was lost ("â€\\ufffd") becomes "\\u201d".
    """
    if "\u00e2" not in text and "\u00c3" not in text and "\u00c2" not in text:
        return text
    text = text.replace("\u00e2\u20ac\ufffd", "\u201d")
    return _MOJIBAKE.sub(_fix, text)
