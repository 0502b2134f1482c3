"""Sentence boundaries in a block of prose: sentencex's, corrected by what only the parsers know.

sentencex (Wikimedia's segmenter, about 300 languages, a compiled core) gives the base boundaries. The
parsers know more than the text: where link text, a title in italics or a template's output stands
(``protected`` spans, never cut inside), and where a citation or flag follows a full stop (``marks``:
strong evidence that a sentence ended there). Parentheses and quotations are found here from the text.
The few places where the segmenter is measurably wrong are corrected by rules below, each with a case
in tests/cases/sentences.toml.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence

from sentencex import get_sentence_boundaries

from auditor.compiled import lazy_compile
from auditor.parse.languages import BASE, NEVER, LanguageRules, rules_for

_WORD_AFTER = lazy_compile(r"\s+([\w'\u2019-]+)")  # a whole word: 'al-Awlaki' is a name, 'with' reads on
_SENTENCE_END = lazy_compile(r"[.!?\u2026\u3002\uff01\uff1f]+[\"'\u201d\u2019)\]]*$")
#: What a sentence that lost its full stop ends with: a letter, a digit (str.isalnum), a closing quote or bracket.
_CLOSING_QUOTES = "\"'\u201d\u2019)"
#: The characters _SENTENCE_END may end with, and those _STOP_AFTER_MARK may start with.
_ENDS = frozenset(".!?\u2026\u3002\uff01\uff1f\"'\u201d\u2019)]")
_STOPS = frozenset(".!?")
#: A full stop right after a citation, then a space: ruwiki's "в 1968 г<ref/>. Во время" (the footnote first).
_STOP_AFTER_MARK = lazy_compile(r"[.!?]+(?=\s)")
_SURROGATE = lazy_compile("[\ud800-\udfff]")
_OPENERS = "\"'\u201c\u2018(["
_LETTER_THEN = lazy_compile(r"\s*[\"'\u201c\u2018]?(\w)")


def _capital_after(text: str, at: int) -> bool:
    """Whether a capital comes next, after white space and an opening quotation mark: a capital of any script
    that has them (Latin, Greek, Cyrillic, Armenian...: "Łódź", "İstanbul", "Європа"), by str.isupper."""
    match = _LETTER_THEN.match(text, at)
    return match is not None and match.group(1).isupper()


_PAIRS = (("(", ")", 250), ("\u201c", "\u201d", 400), ("\u00ab", "\u00bb", 400))
_CLOSING = ".!?\"'\u201d\u2019)]"
_DOUBLE_QUOTE = lazy_compile('["\u201c\u201d]')
#: A quotation's end written with a single mark: a sentence's last stop, "'", then a space, a marker or the end.
_SINGLE_CLOSE = lazy_compile(r"[.!?]'(?=\s|\[|$)")
#: What follows a full stop is a run of abbreviations closed by a comma: the rest of a post-nominal or an
#: abbreviated name ("J. Birkinshaw, M. Inst.| C.E., under whom ..."). No sentence opens that way.
_ABBREVIATIONS_THEN_COMMA = lazy_compile(r"\s*(?:[A-Z][A-Za-z]{0,4}\.\s?)+[,;]")
#: One link of a chain of abbreviations ("Inst. Mech. E.", "Proc. R. Soc. Lond. B", "M. Inst. C.E."): a capital
#: and up to five lower-case letters, or a dotted initialism, then its full stop.
_CHAIN_LINK = r"(?:[A-Z][a-z]{0,5}|(?:[A-Z]\.)+[A-Z])\."
_LINK_BEFORE = lazy_compile(rf"(?<![\w.]){_CHAIN_LINK}$")
#: "the U.S.", "the U.K.", "the U.S.S.R.": a dotted initialism after the article, at the end of the text.
_THE_INITIALISM = lazy_compile(r"\b[Tt]he\s+(?:[A-Z]\.){2,}$")
#: A chain's closing letter without a full stop ("Proc. R. Soc. Lond. B in 1998"), after two links or more.
_CHAIN_BEFORE = lazy_compile(rf"(?<![\w.]){_CHAIN_LINK}\s{_CHAIN_LINK}$")
_LETTER_AFTER = lazy_compile(r"\s+[A-Z](?=[\s,;:]+[a-z\d])")
#: A link after a boundary; titles before a name ("Dr. Smith") open a sentence as well as any word does.
_LINK_AFTER = lazy_compile(rf"\s+(?!(?:Mr|Mrs|Ms|Dr|St|Sr|Jr|Prof|Rev|Gen|Col|Capt|Lt|Sgt|Gov|Sen|Rep|Hon|No)\.)"
                           rf"{_CHAIN_LINK}(?=[\s,;:)]|$)")


def _positions(text: str, chars: str) -> list[int]:
    """Where any of ``chars`` stands in ``text``, in order: found by ``str.find``, a C scan that skips to each one,
    where a character class is tried at every character of the text (on United-Kingdom.wiki's blocks, some
    80 instructions a character for the pairs' six marks)."""
    found = []
    for char in chars:
        at = text.find(char)
        while at >= 0:
            found.append(at)
            at = text.find(char, at + 1)
    found.sort()
    return found


def _paired_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside balanced parentheses and quotation marks, not longer than a sentence would be.

    Each kind of pair is matched on its own (no closer closes another kind's opener), so a kind whose opener
    the text lacks costs one scan; the order of the spans is no matter to their readers.
    """
    spans: list[tuple[int, int]] = []
    for opener, closer, longest in _PAIRS:
        if opener not in text:
            continue
        opened: list[int] = []
        for i in _positions(text, opener + closer):
            if text[i] == opener:
                opened.append(i)
            elif opened:
                start = opened.pop()
                if i - start <= longest:
                    spans.append((start, i + 1))
    if '"' in text:
        spans.extend(_straight_quotations(text))
    return spans


def _straight_quotations(text: str) -> list[tuple[int, int]]:
    """Quotations opened by a straight quote: one closed by a curly quote (mixed marks: '"To this day ...
    the wisest.”'), and the others paired in turn when they pair up. When one is left over, the quotation it
    opens may end with a single mark instead ('"I began to worry. ... in their own particular ways.'[58]'):
    that mark closes it, and the others pair as before; else an odd number pairs none of them."""
    marks = [(m.start(), m.group()) for m in _DOUBLE_QUOTE.finditer(text)]
    spans, straight = [], []
    for (at, mark), (after, next_mark) in zip(marks, marks[1:] + [(-1, "")]):
        if mark == '"' and next_mark == "\u201d" and after - at <= 400:
            spans.append((at, after + 1))
        elif mark == '"':
            straight.append(at)
    if len(straight) % 2:
        for i in range(0, len(straight), 2):  # each opening mark, in order
            end = straight[i + 1] if i + 1 < len(straight) else len(text)
            close = _SINGLE_CLOSE.search(text, straight[i], end)
            if close is not None and close.end() - straight[i] <= 400:
                spans.append((straight[i], close.end()))
                straight = straight[:i] + straight[i + 1:]
                break
    if len(straight) % 2 == 0:
        spans.extend((a, b + 1) for a, b in zip(straight[::2], straight[1::2]) if b - a <= 400)
    return spans


def _masked(text: str, spans: Sequence[tuple[int, int]], stops: Sequence[int]) -> str:
    """The text with the terminal punctuation inside spans that are never cut turned into commas.

    sentencex then neither cuts inside them nor loses its way after them: "(in 1990.) Then more. Born"
    would otherwise hide the boundary after "more.". A span's own closing punctuation stays, except in
    parentheses, whose closing full stop a rule below reads. A quotation opened by a straight mark and closed
    by a curly one is shown opened by a curly mark too. ``stops``: where the text's terminal punctuation
    stands, in order (a span holding none, most link texts, is passed by two bisections).
    """
    chars: list[str] | None = None
    for start, end in spans:
        first = bisect_left(stops, start)
        if first == len(stops) or stops[first] >= end:
            continue
        inner = text[start:end]
        last = end if inner[0] == "(" else start + len(inner.rstrip(_CLOSING))
        chars = chars if chars is not None else list(text)
        for at in stops[first:bisect_left(stops, last)]:
            chars[at] = ","
        if inner[0] == '"' and inner[-1] == "\u201d":
            chars[start] = "\u201c"  # mixed marks: sentencex finds no end after a straight quote left open
        elif inner[0] == '"' and inner[-1] != '"':
            chars[start] = "'"  # closed by a single mark: sentencex would pair it with a later double one
    return text if chars is None else "".join(chars)


def _base_cuts(text: str, language: str) -> list[int]:
    """sentencex's boundaries, as the offsets just after each sentence's last non-space character."""
    cuts = []
    try:
        boundaries = get_sentence_boundaries(language, text)
    except UnicodeEncodeError:  # a lone surrogate (a wiki's JSON may escape one), which its core cannot take
        boundaries = get_sentence_boundaries(language, _SURROGATE.sub("\ufffd", text))
    for boundary in boundaries[:-1]:
        end = boundary["end_index"]
        while end > 0 and text[end - 1].isspace():
            end -= 1
        cuts.append(end)
    return cuts


def _lower_word_after(text: str, cut: int) -> bool:
    """The next word is all in lower case ("with", not "eBay", "Она" or a name: "al-Awlaki", "de Gaulle"):
    sentencex cuts before it, a reader reads on."""
    match = _WORD_AFTER.match(text, cut)
    if not match or not match.group(1).islower() or not match.group(1)[0].isalpha():
        return False
    return not (match.group(1) in _NAME_PARTICLES and _capital_after(text, match.end()))


#: Lower-case particles that open a name, and so a sentence: "de Gaulle", "van Gogh", "bin Laden".
_NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "da", "de", "del", "della", "der", "di", "du", "la", "le",
                             "ten", "ter", "van", "von", "zu"})


def _keeps(text: str, cut: int, protected: Sequence[tuple[int, int]], rules: LanguageRules) -> bool:
    """Tell whether a base boundary survives what the text, the parser and the language's rules know."""
    for start, end in protected:
        if start < cut < end:
            return False  # inside link text, a title, a template's output, parentheses or a quotation
        if cut == end and not _capital_after(text, cut):
            return False  # a title's own "!" or "...": ''Oklahoma!'' (1943)
    if cut and not _may_read_on(rules).match(text, cut):
        return True  # none of _reads_on's tests can hold: one match instead of its seven or so (most cuts)
    return not _reads_on(text, cut, rules)


def _reads_on(text: str, cut: int, rules: LanguageRules) -> bool:
    """Tell whether the text reads on over a base boundary: an abbreviation, an initialism or a stray full stop."""
    before = text[max(0, cut - 8):cut]
    if text[cut - 1] == "." and _ABBREVIATIONS_THEN_COMMA.match(text, cut):
        return True  # "M. Inst. C.E., under whom": a post-nominal's abbreviations read on
    if text.find("he", max(0, cut - 16), cut) >= 0 and _THE_INITIALISM.search(text, max(0, cut - 16), cut) \
            and _capital_after(text, cut) and not rules.opens_after_mark.match(text, cut):
        return True  # "the U.S. Seventh Army": an initialism after "the" names what follows, unless "He", "In"...
    if text[cut - 1] == "." and _LINK_BEFORE.search(text, max(0, cut - 12), cut) and (
            _LINK_AFTER.match(text, cut) or (_LETTER_AFTER.match(text, cut) and _CHAIN_BEFORE.search(text, 0, cut))):
        return True  # "Proc. R. Soc. Lond. B", "Inst. Mech. E.": no end between links of a chain of abbreviations
    if text[cut - 1] in "\u300d\u300f" and rules.reads_on_after_quote.match(text, cut):
        return True  # 彼は「さようなら。」と言った (ja): a particle after the closing bracket goes on
    if rules.never_last.search(before) or _lower_word_after(text, cut):
        return True  # "in mid-2015.<ref/> with a particular..." reads on: a stray full stop, not an end
    if rules.ordinal.search(text, max(0, cut - 16), cut):
        return True  # "des 18. Jahrhunderts" (de): an ordinal's full stop
    return bool(_DIGIT_AFTER.match(text, cut) and rules.before_number.search(before))


_MAY_READ_ON: dict[str, re.Pattern[str]] = {}
#: A word written as plain characters (escaped or not), whose width is the count of them.
_PLAIN_WORD = re.compile(r"(?:\\.|[^\\()\[\]{}|*+?^$.])*")


def _bounded(word: str) -> str:
    """A never-last word as a lookbehind reads it: after a word boundary, as in the 8-character window
    ``never_last`` is searched in, where the word and its stop fit in seven (a boundary at the window's start
    sees no character before it, the whole text does); without the boundary otherwise (a wider net)."""
    if _PLAIN_WORD.fullmatch(word) and len(word.replace("\\", "")) <= 6:
        return rf"\b(?:{word})"
    return f"(?:{word})"


def _may_read_on(rules: LanguageRules) -> re.Pattern[str]:
    """What one of _reads_on's tests needs at a cut after a non-space character, as lookarounds matched there: a
    short capitalised word or a capital before the full stop (abbreviation chains, "the U.S."), a closing
    bracket (ja), a never-last word, a digit before the stop (ordinals, where the language has them); a short
    capitalised word and its stop, a word that may be in lower case or a digit after the cut. Where none
    matches, none of the tests can hold (tests/test_parse.py holds it on every fixture's cuts)."""
    pattern = _MAY_READ_ON.get(rules.code)
    if pattern is None:
        words = rules.never_last_words
        ahead = [r"(?=\s*[A-Z][A-Za-z]{0,4}\.)", r"(?=\s+(?![A-Z])[^\W\d_])", r"(?=\s*\d)"]
        behind = [rf"(?<=[A-Z][a-z]{{{n}}}\.)" for n in range(6)] + [r"(?<=[\u300d\u300f])"]
        if any(mark in word for word in words for mark in ("(?<", "(?=", "(?!", "\\b", "\\B", "^", "$")):
            behind.append(r"(?<=\.)")  # a word that looks around cannot be tried from the cut: any stop may end one
        else:
            behind += [rf"(?i:(?<={_bounded(word)}\.))" for word in words]
        if rules.ordinal.pattern != NEVER:
            behind.append(r"(?<=\d\.)")
        pattern = _MAY_READ_ON[rules.code] = re.compile("|".join(ahead + behind))
    return pattern


_DIGIT_AFTER = lazy_compile(r"\s*\d")  # a number next: "p. 12", "vol. 3" read on
#: A full stop after a word, then a year: "... eröffnet. 2014 kaufte ..." (sentencex's German reads on).
_YEAR_OPENS = lazy_compile(r"(?<=[^\W\d_]{3}[.!?])\s+(?=\d{4}\s)")


def _missed_cuts(text: str, rules: LanguageRules) -> list[int]:
    """Boundaries the segmenter misses in a language: before a sentence opening with a year (de), after
    "etc." when a capital follows (es, fr, de), after a unit ("36 km. Si", every language)."""
    cuts = [m.end() for pattern in (rules.last_before_capital, rules.unit_end) for m in pattern.finditer(text)
            if _capital_after(text, m.end())]
    if rules.year_opens:
        cuts.extend(m.start() for m in _YEAR_OPENS.finditer(text)
                    if not rules.never_last.search(text[max(0, m.start() - 8):m.start()]))
    return cuts


def _opens_sentence(text: str, at: int) -> bool:
    """Tell whether what follows ``at`` (after spaces and an opening quote or bracket) can open a sentence:
    a capital, a digit, or a letter of a script without case."""
    while at < len(text) and text[at].isspace():
        at += 1
    if at < len(text) and text[at] in _OPENERS:
        at += 1
    if at >= len(text):
        return False
    ch = text[at]
    return ch.isupper() or ch.isdigit() or (ch.isalpha() and not ch.islower())


def _marked_cuts(text: str, marks: Iterable[int], rules: LanguageRules) -> list[int]:
    """Boundaries where a citation or flag follows terminal punctuation and a sentence opens after it, or
    follows a word or a closing quote with no full stop and a word that only opens a sentence comes next
    ("...the "National anthem of South Africa"<ref/> The next day"; the language's ``opens_after_mark``), or
    stands before the full stop that a sentence opens after (ruwiki "в 1968 г<ref/>. Во время": the stop ends
    the sentence though sentencex reads "г." as an abbreviation)."""
    cuts = []
    for mark in marks:
        end = mark
        while end > 0 and text[end - 1].isspace():
            end -= 1
        last = text[end - 1] if end else ""  # not white space: the patterns' last character is read first
        if _opens_sentence(text, mark) and last and last in _ENDS and _SENTENCE_END.search(text, max(0, end - 6), end):
            cuts.append(end)
        elif last and (last.isalnum() or last in _CLOSING_QUOTES) and rules.opens_after_mark.match(text, mark):
            cuts.append(end)  # (last.isalnum(), in re's terms [^\W_])
        elif text[mark:mark + 1] in _STOPS and (stop := _STOP_AFTER_MARK.match(text, mark)) \
                and _opens_sentence(text, stop.end()):
            cuts.append(stop.end())  # the stop after the footnote ends it, though "г." before it reads as a word
    return cuts


def _parenthesised_sentences(text: str, cuts: set[int], rules: LanguageRules, stops: Sequence[int]) -> list[int]:
    """A whole sentence in parentheses ends at its closing parenthesis: "(There was a third.) Then...";
    so does a sentence whose last word is an abbreviation that closes the parenthesis, in a language that
    lets one full stop end both (pl "Łużyc (1612 r.) Niedługo potem", the language's ``last_before_bracket``).

    sentencex reads on past ".)"; the sentence inside opened where another ended. ``stops`` as in _masked.
    """
    found = []
    for stop in stops:
        if text[stop + 1:stop + 2] != ")":
            continue
        end = stop + 2
        start = text.rfind("(", 0, stop)
        opened = start >= 0 and (not text[:start].strip() or len(text[:start].rstrip()) in cuts)
        if (opened or rules.last_before_bracket.search(text, max(0, end - 8), end)) and _capital_after(text, end):
            found.append(end)
    return found


def split_sentences(text: str, language: str = BASE, protected: Sequence[tuple[int, int]] = (),
                    marks: Iterable[int] = ()) -> list[tuple[int, int]]:
    """Return the (start, end) spans of the sentences of ``text``.

    Spans cover a sentence from its first non-space character to just after its closing punctuation
    and quotes; whitespace between sentences belongs to no span. ``protected`` spans are never cut
    inside; ``marks`` are positions of citations and flags. ``language`` is the wiki's: sentencex's
    rules for it, and its abbreviations (auditor/data/languages.json).

    >>> split_sentences('He said "go." Then he left.')
    [(0, 13), (14, 27)]
    """
    if not text.strip():
        return []
    rules = rules_for(language)
    spans = [*protected, *_paired_spans(text)]
    stops = _positions(text, ".!?")
    cuts = {c for c in _base_cuts(_masked(text, spans, stops), rules.code) if _keeps(text, c, spans, rules)}
    cuts.update(c for c in _marked_cuts(text, marks, rules)
                if c not in cuts and not any(s < c < e for s, e in protected))  # most are cuts already
    cuts.update(c for c in _missed_cuts(text, rules) if not any(s < c <= e for s, e in spans))
    cuts.update(_parenthesised_sentences(text, cuts, rules, stops))
    result = []
    start = 0
    for cut in sorted(cuts) + [len(text)]:
        begin, end = start, cut
        while begin < end and text[begin].isspace():
            begin += 1
        while end > begin and text[end - 1].isspace():
            end -= 1
        if begin < end:
            result.append((begin, end))
        start = max(start, cut)
    return result
