"""Sentence boundaries in plain prose, aware of abbreviations, initials and decimals.

A boundary is terminal punctuation (. ! ?), then any closing quotes or
brackets, then whitespace, then something that can open a sentence. The
word before a full stop decides whether it ends a sentence: "Lt", "St.",
"U.S.", "p.", "c.", "e.g." and initials such as "J. R. R." do not.
"""

from __future__ import annotations

import re

#: Words that, followed by a full stop, rarely end a sentence (lowercase, no dot).
ABBREVIATIONS = frozenset(
    """
    lt col gen capt cpt sgt maj adm cmdr brig mr mrs ms dr prof rev hon st mt ft sr jr
    fr br esq messrs mme mlle gov pres sen rep supt insp det cpl pte pvt
    p pp c ca cf e.g eg i.e ie etc vs v viz al approx est fig figs no nos vol vols ed eds
    ch chap sec art para op ibid id ltd inc co corp bros dept univ assn intl natl
    jan feb mar apr jun jul aug sep sept oct nov dec
    u.s u.k u.n u.s.a e.u d.c a.d b.c a.m p.m ph.d b.a m.a b.sc m.sc
    """.split()
)

_BOUNDARY = re.compile(r"""[.!?]+["'\u201d\u2019)\]]*(?=\s+["'\u201c\u2018(\[]?[A-Z0-9\u00c0-\u024f\u0370-\u1fff])""")
_WORD_BEFORE = re.compile(r"([\w.]+)\.$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """Tell whether the full stop at ``dot`` closes an abbreviation or an initial."""
    match = _WORD_BEFORE.search(text, max(0, dot - 12), dot + 1)
    if match is None:
        return False
    word = match.group(1)
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True  # an initial: "J. R. R. Tolkien"
    return word.lower().strip(".") in ABBREVIATIONS


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans of the sentences of ``text``.

    Spans cover the sentence from its first non-space character to just after
    its closing punctuation and quotes; whitespace between sentences belongs
    to no span.

    >>> split_sentences('He said "go." Then he left.')
    [(0, 13), (14, 27)]
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if text[match.start()] == "." and match.group().startswith(".") and len(match.group().rstrip("\"'\u201d\u2019)]")) == 1:
            if _is_abbreviation(text, match.start()):
                continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    result = []
    for begin, end in spans:
        while begin < end and text[begin].isspace():
            begin += 1
        while end > begin and text[end - 1].isspace():
            end -= 1
        if begin < end:
            result.append((begin, end))
    return result
