"""English singular and plural of names, and the folded key two spellings of one thing share."""

from __future__ import annotations

import re


def noun_key(text: str) -> str:
    """The folded form two spellings of one thing share (case, separators, plural dropped).

    `Credit notes`, `CreditNote` and `credit_note` all give `creditnote`.
    """
    spaced = re.sub(r"([a-z0-9])([A-Z])", r"\1 \2", text)
    words = re.findall(r"[a-z0-9]+", spaced.lower())
    if not words:
        return ""
    words[-1] = singular(words[-1])
    return "".join(words)


_IRREGULAR = {
    "people": "person",
    "children": "child",
    "men": "man",
    "women": "woman",
    "mice": "mouse",
    "geese": "goose",
    "feet": "foot",
    "teeth": "tooth",
    "data": "data",
    "media": "media",
    "criteria": "criterion",
    "indices": "index",
}


def singular(word: str) -> str:
    """A plural English noun's singular (`categories` -> `category`); others unchanged."""
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) > 3 and w.endswith("ies"):
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return w[:-2]
    if w.endswith(("ss", "us", "is")) or len(w) <= 2:
        return w
    if w.endswith("s"):
        return w[:-1]
    return w


def plural(word: str) -> str:
    """The plural of a singular English noun (`category` -> `categories`)."""
    w = word
    inverse = {v: k for k, v in _IRREGULAR.items() if k != v}
    if w.lower() in inverse:
        return inverse[w.lower()]
    if re.search(r"[^aeiou]y$", w):
        return w[:-1] + "ies"
    if w.endswith(("s", "sh", "ch", "x", "z")):
        return w + "es"
    return w + "s"


def is_plural(word: str) -> bool:
    """True when `word` reads as a plural (its singular differs, or it is a known plural)."""
    w = word.lower()
    return singular(w) != w and w not in ("data", "media")
