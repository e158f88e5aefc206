"""Money: amounts with their currency and scale ("$ 500 billion", "Rs 5 crore", "USD 3.5m", "2 million naira").

Kept apart from the people counts because money has its own currencies, scales and regexes; ``extract_figures``
reads money first so that its numbers are never taken for victims.
"""

from __future__ import annotations

import re

from eventx.resolve.figures._tokens import _QUAL_BEFORE, _SCALES, _digit_value, _sentence_around
from eventx.schema.evidence import Figure, FigureKind, Qualifier, Span

_CURRENCY_PREFIX: dict[str, str] = {
    "us$": "USD", "usd": "USD", "$": "USD", "rs": "INR", "rs.": "INR", "inr": "INR", "₹": "INR", "€": "EUR",
    "eur": "EUR", "£": "GBP", "gbp": "GBP", "₦": "NGN", "ngn": "NGN", "ksh": "KES", "kshs": "KES", "kes": "KES",
    "tk": "BDT", "tk.": "BDT", "bdt": "BDT", "pkr": "PKR", "etb": "ETB", "zar": "ZAR", "cfa": "XOF", "fcfa": "XAF",
    "xof": "XOF", "xaf": "XAF", "ugx": "UGX", "tzs": "TZS", "ghs": "GHS", "₵": "GHS", "mmk": "MMK", "php": "PHP",
    "₱": "PHP", "lkr": "LKR", "npr": "NPR", "afn": "AFN", "iqd": "IQD", "syp": "SYP", "yer": "YER", "sdg": "SDG",
}  # fmt: skip
_CURRENCY_WORDS: dict[str, str] = {
    "dollars": "USD", "us dollars": "USD", "rupees": "INR", "naira": "NGN", "shillings": "KES", "euros": "EUR",
    "pounds": "GBP", "taka": "BDT", "birr": "ETB", "cedis": "GHS", "rand": "ZAR", "cfa francs": "XOF",
    "francs": "XOF", "kyat": "MMK", "pesos": "PHP", "afghanis": "AFN", "dinars": "IQD",
}  # fmt: skip
_DAMAGE_CUES = re.compile(
    r"\b(?:damag\w*|destr\w+|loss(?:es)?|worth|property|propert(?:y|ies)|looted|loot\w*|burn\w*|torch\w*"
    r"|vandali[sz]\w*|set\s+(?:on\s+)?fire|razed|stole|stolen)\b",
    re.IGNORECASE,
)

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_SCALE_RE = r"(?:thousand|million|billion|trillion|crores?|lakhs?|lacs?|mn|mln|bn|tn|cr|k|m|b)\b"
_P_MONEY_PREFIX = re.compile(
    r"(?P<cur>US\$|\$|₹|€|£|₦|₵|₱|(?<![A-Za-z])(?:USD|Rs\.?|INR|EUR|GBP|NGN|KShs?|Kshs?|KES|Tk\.?|BDT|PKR|ETB|ZAR|"
    r"F?CFA|XOF|XAF|UGX|TZS|GHS|MMK|PHP|LKR|NPR|AFN|IQD|SYP|YER|SDG)(?![A-Za-z]))\s?(?P<num>" + _NUM + r")"
    r"(?:\s?(?P<scale>" + _SCALE_RE + r"))?",
)
_P_MONEY_SUFFIX = re.compile(
    r"\b(?P<num>" + _NUM + r")(?:\s?(?P<scale>" + _SCALE_RE + r"))?\s+(?P<curw>US\s+dollars|dollars|rupees|naira|"
    r"shillings|euros|pounds|taka|birr|cedis|rand|CFA\s+francs|francs|kyat|pesos|afghanis|dinars)\b",
    re.IGNORECASE,
)


def parse_money(text: str, *, offset: int = 0) -> list[Figure]:
    """Amounts of money with currency and scale: '$ 500 billion', 'Rs 5 crore', 'USD 3.5m', '2 million naira'."""
    out: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_P_MONEY_PREFIX, _P_MONEY_SUFFIX):
        for m in pattern.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            value = _digit_value(m["num"])
            if value is None:
                continue
            scale = (m["scale"] or "").lower()
            value *= _SCALES.get(scale, 1.0)
            cur = m.groupdict().get("cur")
            if cur is not None:
                code = _CURRENCY_PREFIX.get(cur.lower().replace(" ", ""), cur.upper())
            else:
                code = _CURRENCY_WORDS.get(" ".join(m["curw"].lower().split()), m["curw"])
            sentence = _sentence_around(text, s, e)
            kind: FigureKind = "damage" if _DAMAGE_CUES.search(sentence) else "other"
            taken.append((s, e))
            before = tuple(w.lower() for w in re.findall(r"[A-Za-z]+", text[max(0, s - 40) : s]))
            out.append(
                Figure(
                    kind=kind,
                    value=value,
                    unit=code,
                    qualifier=_money_qualifier(before),
                    text=m.group(0),
                    span=Span(start=s + offset, end=e + offset, text=m.group(0)),
                    whose=None,
                )
            )
    return out


def _money_qualifier(before: tuple[str, ...]) -> Qualifier:
    """'at least $ 500 billion', 'up to Rs 5 crore', 'about USD 3.5m': the words just before the amount."""
    for words, qual in _QUAL_BEFORE:
        if before[-len(words) :] == words:
            return qual
    if before[-1:] in (("about",), ("around",), ("approximately",), ("roughly",), ("some",), ("estimated",)):
        return "approx"
    return "exact"
