"""Citation need: how likely an editor is to want an inline citation after a claim (0 to 1).

Two logistic models over the features of the claim's sentence (lowercased words and word pairs, figures
folded to <year> and <num>, capitalised words, the shipped word lists of words to watch, hedges and
report verbs, quotations, figures, months, a closing colon, sentence length and shape, word shapes): one
reads the sentence alone, the other reads it together with its section (lead or body, and the section title's
words), trained jointly so that its sentence weights need not learn what a lead sentence looks like.
Their weights are a small data file (auditor/data/citation_need.json, trained by
scripts/train_citation_need.py; provenance and held-out figures in auditor/data/CITATION_NEED.md).
Pure Python: a dictionary look-up per feature gives both models' weights.

``need_sentence`` is the one place that says what text the models read: the training script cleans
and cuts its rows with it, and ``citation_need`` cuts every claim with it, so the models never see
text shaped differently from what they were trained on.
"""

from __future__ import annotations

import base64
import json
import math
import re
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, reduce
from itertools import chain, repeat
from operator import add, itemgetter, or_
from typing import NamedTuple

from auditor.data import read_data
from auditor.model import CAPTION, LEAD, QUOTE, Article, Claim
from auditor.parse.sentences import split_sentences

_MARKUP_TAIL = re.compile(r'^.*(?:"\}\]\}"?>|">)')  # serialised HTML/JSON before a span cut at a reference
_TEMPLATE = re.compile(r"\{\{[^{}]*\}\}|\{\{.*$|\{\\displaystyle[^}]*\}")
_LINK = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")
_MARKER = re.compile(r"\[(?:\d+|[a-z][a-z -]{0,20} ?\d+|citation needed|page needed|[a-z ]{3,30} needed)\]", re.I)
_ESCAPE = re.compile(r"\\(.)")
# with whitespace: the closing punctuation dropped around closing quotes; a closing colon stays, since a
# sentence that introduces a list or a quotation ("He later wrote:") is not where its citation goes
_END_MARKS = frozenset(".!?;,")
# a sentence ends at one of these (or after "etc." and the like); a text without one before its closing
# punctuation is one sentence already (a claim), and the segmenter need not be asked
_TERMINAL = re.compile("[.!?\u2026\u3002\uff01\uff1f\u0589\u061f\u06d4\u0964\u1362]")
_END_QUOTES = frozenset("\"'\u201d\u2019)]")
_CLOSING = ".!?:;,\"'\u201d\u2019)] "
_TOKEN = re.compile(r"\d[\d,.]*|[^\W\d_]+(?:['\u2019][^\W\d_]+)?")
_QUOTED = re.compile(r'"[^"]{12,}"|\u201c[^\u201c\u201d]{12,}\u201d')
_FIGURE = re.compile(r"\d[\d,.]*\s*(?:%|per ?cent|percent|million|billion)|[$£€¥]\s?\d|\b\d{1,3}(?:,\d{3})+\b", re.I)
_YEAR = re.compile(r"^(?:1[0-9]|20)\d\d$")
_YEARS = re.compile(r"\b(?:1[0-9]|20)\d\d\b")
_NUMERIC = re.compile(r"[\d$£€¥]")  # where a _FIGURE or a _YEARS match can start
# not "may", a hedge as often as a month
_MONTHS = frozenset("january february march april june july august september october november december".split())
_CAPITALISED = re.compile(r"[^\W\d_]+")
# word shapes: runs of digits, runs of letters and single punctuation marks
_SHAPE_TOKEN = re.compile(r"\d+|[^\W\d_]+|[^\w\s]")
_CENTURIES = frozenset(("15", "16", "17", "18", "19", "20"))


def need_sentence(text: str) -> str:
    """The text the model reads: markup remnants and markers removed, cut to the last sentence.

    A citation follows the sentence it supports, so a paragraph is cut to its last sentence and a
    sentence loses its closing punctuation (spans cut at a reference have none), except a colon: a
    sentence that introduces a list or a quotation is read as one. A claim is one sentence already, so
    the segmenter is asked only when the text holds terminal punctuation before its end.

    >>> need_sentence('He left.[2] She said "it rained."[3]')
    'She said "it rained"'
    """
    text = _clean(text)
    if _TERMINAL.search(text.rstrip(_CLOSING)):
        spans = split_sentences(text)
        if spans:
            text = text[spans[-1][0]:spans[-1][1]]
    return _drop_end(text)


def need_sentences(text: str) -> list[str]:
    """Every sentence of a text cut as need_sentence cuts the last one (the trainer's extra rows: the
    sentences before the last of a paragraph that carried no citation)."""
    text = _clean(text)
    return [_drop_end(text[start:end]) for start, end in split_sentences(text) or [(0, len(text))]]


def _clean(text: str) -> str:
    """The text without markup remnants and markers, its runs of whitespace one space."""
    # each pattern needs a character the text may not hold: a test of `in` is cheaper than a failed search
    if ">" in text:
        text = _MARKUP_TAIL.sub("", text)
    if "{" in text:
        text = _TEMPLATE.sub(" ", text)
    if "[[" in text:
        text = _LINK.sub(r"\1", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    if "[" in text:
        text = _MARKER.sub("", text)
    return " ".join(text.split())  # runs of whitespace as one space, as re.sub(r"\s+", " ", text).strip()


def _drop_end(text: str) -> str:
    """The text without its closing punctuation and spaces, keeping closing quotes and brackets among
    them ('it rained."' -> 'it rained"'); scanned from the end, not tried at every position as a regex is."""
    after = len(text)
    while after and (text[after - 1] in _END_MARKS or text[after - 1].isspace()):
        after -= 1
    quotes = after
    while quotes and text[quotes - 1] in _END_QUOTES:
        quotes -= 1
    before = quotes
    while before and (text[before - 1] in _END_MARKS or text[before - 1].isspace()):
        before -= 1
    return text[:before] + text[quotes:after]


def sentence_features(sentence: str) -> list[str]:
    """The features of a cut sentence (see need_sentence): words, word pairs, the sentence's marks (lists,
    shape, capitalised words: _marks) and word-shape pairs and triples (shape_features). A word or a pair
    may come more than once; the model reads each feature once (NeedModel.logits), as the trainer does.

    The trainer and the predictor read this one definition, the predictor (NeedModel.logits) its pieces
    (_read, _marks, _grams): a feature of the sentence as a whole belongs in _marks.
    """
    read = _read(sentence)
    words = read[0]
    return [*words, *map(" ".join, zip(words, words[1:])), *_marks(sentence, read), *shape_features(sentence)]


# What the features read of one white-space split word of a sentence (_part), a field each: its tokens
# lower-cased and figures folded (_TOKEN, _fold), the shapes of its tokens (_SHAPE_TOKEN, _shape), its runs
# of letters that start with a capital as features ("=London"), the bits of what it is and holds (_BIT ...: the
# word lists, months, contentious sections and phrases its tokens are in, _lexicon; what it holds of a figure)
# and its counts (1 if it starts with a capital, and its years (_YEARS) in the lane above: _LANE). None of
# these crosses white space, so the sentence's are its words': its bits or-ed, its counts added.
_Part = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], int, int]
_WORDS, _SHAPES, _NAMES, _BITS, _COUNTS = range(5)  # the fields of a _Part
# marks that are a shape each and part of no token next to letters (an apostrophe joins letters only
# between them: "O'Neill"), so a word of letters between them reads as the letters alone
_MARKS = ",.;:!?()[]\"'\u201c\u201d\u2018\u2019"
# The bits of a word: the word lists and months (bits 0-3, _list_bits), a digit or a currency sign (where a
# _FIGURE match may start), a grouped number ("1,000": _FIGURE's last branch, which holds no white space, so it
# is one word's), a first word of a phrase of the contentious lexicon, and its sections (one bit each from
# _SECTION_BIT on, in the lexicon's order)
_LIST_BITS = 0b1111
_NUMERIC_BIT, _GROUPED_BIT, _PHRASE_BIT, _SECTION_BIT = 1 << 4, 1 << 5, 1 << 6, 7
_LANE = 32  # the counts' lanes: capitals in bits 0-31, years above (no sentence holds 2 ** 32 words)
_CAPITALS = (1 << _LANE) - 1
_GROUPED = re.compile(r"\b\d{1,3}(?:,\d{3})+\b")


def _read_words(words: list[str]) -> None:
    """Read the split words of a sentence that _PARTS does not hold yet into it (emptied first when it grows
    past a batch's vocabulary). A word of letters (most words) is one token, one shape and one run of letters,
    capitalised or not, and holds no figure: read here, in one loop, with _shape's test for a word of letters;
    any other goes through _part."""
    if len(_PARTS) >= 100_000:
        _PARTS.clear()
    known, stems = _lexicon()
    for word in {*words}.difference(_PARTS):
        lower = word.lower()
        if word.isalpha() and lower.isalpha():  # not "İ", which lowers to "i" and a combining dot: two tokens
            upper = word[0].isupper()
            bits = _token_bits(lower) if lower[:_STEM] in stems else known.get(lower, 0)
            _PARTS[word] = (lower,), ("X" if word.isupper() and len(word) > 1 else "Xx" if upper else "x",), \
                ("=" + word,) if upper else (), bits, int(upper)
        else:
            _PARTS[word] = _part(word)


def _part(word: str) -> _Part:
    """One white-space split word read that is not only letters (_read_words reads those): a word of letters
    between marks is one token, one shape and one run of letters, capitalised or not, and holds no figure (no
    regex); any other goes through the regexes."""
    upper = int(word[0].isupper())
    core = word.strip(_MARKS)
    lower = core.lower()
    if core.isalpha() and lower.isalpha():
        start = len(word) - len(word.lstrip(_MARKS))
        return (lower,), (*word[:start], _shape(core), *word[start + len(core):]), \
            (f"={core}",) if core[0].isupper() else (), _token_bits(lower), upper
    words = tuple(_fold(w) if w[0].isdigit() else w for w in _TOKEN.findall(word.lower()))
    names = () if word.islower() else tuple(f"={w}" for w in _CAPITALISED.findall(word) if w[0].isupper())
    bits = reduce(or_, map(_token_bits, words), 0)
    years = 0
    if _NUMERIC.search(word):
        bits |= _NUMERIC_BIT | (_GROUPED_BIT if _GROUPED.search(word) else 0)
        years = len(_YEARS.findall(word))
    return words, tuple(map(_shape, _SHAPE_TOKEN.findall(word))), names, bits, upper | years << _LANE


def _token_bits(token: str) -> int:
    """The bits of a lower-case token: the word lists and months it is in, and the contentious lexicon's
    sections of its single words and prefixes ("word*") that hold it, and whether a phrase starts with it."""
    known, stems = _lexicon()
    bits = known.get(token, 0)
    for prefix, bit in stems.get(token[:_STEM], ()):
        if token.startswith(prefix):
            bits |= bit
    return bits


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, int], dict[str, list[tuple[str, int]]]]:
    """Lower-case word -> its bits (_token_bits) but its prefixes', and the prefixes ("word*") with their
    section's bit by their first four letters."""
    words_of, prefixes, phrases, order, _ = _contentious()
    known = dict(_list_bits())
    for word, name in words_of.items():
        known[word] = known.get(word, 0) | 1 << (_SECTION_BIT + order.index(name))
    for first in phrases:
        known[first] = known.get(first, 0) | _PHRASE_BIT
    stems = {stem: [(prefix, 1 << (_SECTION_BIT + order.index(name))) for prefix, name in found]
             for stem, found in prefixes.items()}
    return known, stems


_PARTS: dict[str, _Part] = {}  # white-space split word -> _Part (_read_words)
#: What _read makes of a sentence: its folded lower-case words, its word shapes, its capitalised runs of letters
#: as features ("=London"), its words' bits or-ed and their counts added (_Part), but the first word's capital
_Read = tuple[list[str], list[str], list[str], int, int]


@lru_cache(maxsize=1)  # a claim's sentence is read for its features, then for contentious_sections
def _read(sentence: str) -> _Read:
    """A cut sentence read from its white-space split words (_Read): each is read once per process
    (_read_words), as no token, shape or run of letters crosses white space, and lower-casing (the final sigma
    too) reads no further than the word. The parts' fields are transposed by one zip, not a pass a field.
    Callers do not change the lists (the last sentence read is kept)."""
    split = sentence.split()
    parts = [*map(_PARTS.get, split)]
    if None in parts:  # words not seen yet
        _read_words(split)
        parts = [*map(_PARTS.__getitem__, split)]
    if not parts:
        return [], [], [], 0, 0
    words, shapes, names, bits, counts = zip(*parts)
    return [*chain.from_iterable(words)], [*chain.from_iterable(shapes)], [*chain.from_iterable(names)], \
        reduce(or_, bits), sum(counts) - (parts[0][_COUNTS] & _CAPITALS)


def _marks(sentence: str, read: _Read) -> list[str]:
    """The features of the sentence as a whole: the word lists it draws on, months, a quotation, figures,
    shape (length, capitalised words after the first, years, commas, brackets, colons and semicolons, a
    closing quotation mark or colon) and its capitalised words (``=London``).

    What no white space interrupts is read from its words (_read: lists, capitals, years, grouped
    numbers); a pattern is searched for only where the sentence holds what it needs (a failed search tries
    it at every position: callgrind, 10-70 K instructions a sentence)."""
    words, _, names, bits, counts = read
    features = [*_LIST_FEATURES[bits & _LIST_BITS]]
    if ('"' in sentence or "\u201c" in sentence) and _QUOTED.search(sentence):
        features.append("#quotation")
    if bits & _NUMERIC_BIT and (bits & _GROUPED_BIT or _may_hold_figure(sentence)
                                and _FIGURE.search(sentence, _NUMERIC.search(sentence).start())):
        features.append("#figure")
    features += [_LENGTH[min(len(words) // 8, 6)], _NAMES_COUNT[min((counts & _CAPITALS) // 2, 5)],
                 _YEARS_COUNT[min(counts >> _LANE, 3)], _COMMAS[min(sentence.count(","), 4)]]
    features += names
    if "(" in sentence:
        features.append("#brackets")
    if ";" in sentence:
        features.append("#semicolon")
    if sentence.endswith(":"):  # it introduces a list or a quotation, whose citation comes after it
        features.append("#colon")
    elif ":" in sentence:
        features.append("#inner colon")
    if sentence.endswith(('"', "\u201d")):
        features.append("#quotation end")
    return features


# the counted features, formatted once: "#length 0" ... "#length 6" and so on
_LENGTH, _NAMES_COUNT, _YEARS_COUNT, _COMMAS = ([f"{name} {count}" for count in range(top + 1)] for name, top in
                                               (("#length", 6), ("#names", 5), ("#years", 3), ("#commas", 4)))


def _may_hold_figure(sentence: str) -> bool:
    """Whether a sentence with a digit holds what _FIGURE's first two branches need besides: a per cent
    sign, "per cent", "percent", "million" or "billion" in any case (re.I matches "i" with "İ" and "ı" too,
    which lower() keeps apart), or a currency sign. The grouped numbers of its last branch are its words'."""
    if "%" in sentence or "$" in sentence or "\u00a3" in sentence or "\u20ac" in sentence or "\u00a5" in sentence:
        return True
    lower = sentence.lower()
    return "llion" in lower or ("cent" in lower and "per" in lower) or "\u0130" in sentence or "\u0131" in sentence


def shape_features(sentence: str) -> list[str]:
    """The word-shape pairs and triples of a cut sentence, each once: a word is ``Xx`` (capitalised),
    ``x`` (lower case) or ``X`` (capitals), a figure ``Y`` (a year) or ``d``, punctuation itself
    ('in 1952, "Foo"' -> 'x Y ,' and 'Y , "' ...): where names, dates and quotations sit in the sentence.

    >>> shape_features('In 1952')
    ['^Xx Y']
    """
    return ["^" + " ".join(gram) for gram in _grams(_read(sentence)[1])]


def _grams(shapes: list[str]) -> list[tuple[str, ...]]:
    """The shape pairs, then the shape triples, each once (no shape holds a space: a pair never reads as
    a triple)."""
    return [*dict.fromkeys(zip(shapes, shapes[1:])), *dict.fromkeys(zip(shapes, shapes[1:], shapes[2:]))]


def _shape(token: str) -> str:
    if token[0].isdigit():
        return "Y" if len(token) == 4 and token[:2] in _CENTURIES else "d"
    if token[0].isalpha():
        if token.isupper() and len(token) > 1:
            return "X"
        return "Xx" if token[0].isupper() else "x"
    return token


def contentious_sections(sentence: str) -> list[str]:
    """The sections of the contentious-wording lexicon (auditor/data/citation_need_contentious.txt: label,
    doubt, editorial, betrayal, exceptional, cause, accusation, peacock; from WP:LABEL, WP:WEASEL,
    WP:EDITORIALIZING, WP:BLPCRIME, WP:EXCEPTIONAL, WP:PEACOCK, WP:SYNTH and MOS:PUFFERY) whose entries a cut
    sentence holds, in the lexicon's order: wording
    likely to be challenged (WP:V), whose need the contentious rule raises
    (judged_needs). Quotations are not read: the guidance does not apply to them (they
    are faithfully reproduced), and they are C104's.

    >>> contentious_sections("the infamous double agent"), contentious_sections("a great agent")
    (['label', 'betrayal'], [])
    """
    _, _, phrases, order, _ = _contentious()
    # four scans for a mark (C, about 0.4 K instructions each) cost less than a set's test of every character (19 K)
    if '"' in sentence or "\u201c" in sentence or "\u2018" in sentence or "\u00ab" in sentence:  # a quotation opens
        sentence = _QUOTATIONS.sub(" ", sentence)
    read = _read(sentence)  # figures folded to <num>, <year>: no entry holds one (a test holds it)
    found = read[3] >> _SECTION_BIT  # the sections of its single words and prefixes: its words' bits
    if read[3] & _PHRASE_BIT:  # a phrase may start here
        words = read[0]
        present = set(words)
        for first in present.intersection(phrases):
            for phrase, open_end, name in phrases[first]:
                bit = 1 << order.index(name)
                # the phrase's second word must be there too, unless it is the open end ("sold out*")
                if found & bit or (phrase[1] not in present and (len(phrase) > 2 or not open_end)):
                    continue
                if any(word == first and _phrase_at(words, index, phrase, open_end)
                       for index, word in enumerate(words)):
                    found |= bit
    if found and (kept := _without_plain_senses(read[0])) is not None:  # "the murder rate": read again without
        return contentious_sections(" ".join(kept))
    return [name for bit, name in enumerate(order) if found >> bit & 1] if found else []


def _without_plain_senses(words: list[str]) -> list[str] | None:
    """The words of a sentence without the lexicon's plain senses ("-murder rate*": words in a row that are read as
    no entry), or None when it holds none (most sentences with an entry: a set test first)."""
    plain = _plain_senses()
    if plain.keys().isdisjoint(words):
        return None
    kept, index, dropped = [], 0, False
    while index < len(words):
        for phrase, open_end in plain.get(words[index], ()):
            if _phrase_at(words, index, phrase, open_end):
                index, dropped = index + len(phrase), True
                break
        else:
            kept.append(words[index])
            index += 1
    return kept if dropped else None


def _phrase_at(words: list[str], index: int, phrase: tuple[str, ...], open_end: bool) -> bool:
    """Whether ``phrase``'s words stand in ``words`` from ``index`` on, its last word as a prefix if ``open_end``."""
    last = index + len(phrase) - 1
    return last < len(words) and tuple(words[index:last]) == phrase[:-1] and (
        words[last].startswith(phrase[-1]) if open_end else words[last] == phrase[-1])


def _plain_senses() -> dict[str, list[tuple[tuple[str, ...], bool]]]:
    """The lexicon's plain senses ("-" lines: "-most notably", "-murder rate*") by first word: their words, and
    whether the last is a prefix (read with the rest of the lexicon, _contentious)."""
    return _contentious()[4]


def contentious_names() -> tuple[str, ...]:
    """The sections of the contentious-wording lexicon, in its order (the contentious-sections setting names them)."""
    return _contentious()[3]


#: A quotation, to its end or the sentence's: in straight or curly double marks, curly single marks or guillemets
#: (a straight single mark is an apostrophe as often, and a curly one left open too: the \u201880s; a double mark
#: after a digit is an inch: 6' 2").
_QUOTATIONS = re.compile('(?<![0-9])"[^"]*"?|\u201c[^\u201d]*\u201d?|\u2018[^\u2019]*\u2019|\u00ab[^\u00bb]*\u00bb?')
_STEM = 4  # the prefixes' shortest length: they are looked up by a word's first four letters


@lru_cache(maxsize=1)
def _contentious() -> tuple[dict[str, str], dict[str, list[tuple[str, str]]],
                            dict[str, list[tuple[tuple[str, ...], bool, str]]], tuple[str, ...],
                            dict[str, list[tuple[tuple[str, ...], bool]]]]:
    """The contentious-wording lexicon: its single words by section, its prefixes ("word*") with their
    sections by their first four letters, its phrases by first word (with whether the last word is a
    prefix), its sections, and its plain senses ("-" lines) by first word (with whether the last is a prefix)."""
    plain: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
    words: dict[str, str] = {}
    prefixes: dict[str, list[tuple[str, str]]] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], bool, str]]] = {}
    sections: list[str] = []
    for line in read_data("citation_need_contentious.txt").splitlines():
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if entry.startswith("-"):  # a plain sense (_without_plain_senses)
            sense = tuple(entry[1:].rstrip("*").split())
            plain.setdefault(sense[0], []).append((sense, entry.endswith("*")))
        elif entry.startswith("["):
            sections.append(entry.strip("[]"))
        elif " " in entry:
            phrase = tuple(entry.rstrip("*").split())
            phrases.setdefault(phrase[0], []).append((phrase, entry.endswith("*"), sections[-1]))
        elif entry.endswith("*"):
            if len(entry) <= _STEM:
                raise ValueError(f"citation_need_contentious.txt: {entry!r} is shorter than {_STEM} letters")
            prefixes.setdefault(entry[:_STEM], []).append((entry[:-1], sections[-1]))
        else:
            words.setdefault(entry, sections[-1])
    return words, prefixes, phrases, tuple(sections), plain


def section_features(section: str | None) -> list[str]:
    """The features of a claim's section: lead or body, and the title's words (none when unknown)."""
    if section is None:
        return []
    if section == LEAD:
        return ["§lead"]
    return ["§body", *(f"§{w}" for w in _TOKEN.findall(section.lower()) if not w[0].isdigit())]


def _fold(word: str) -> str:
    if word[0].isdigit():
        return "<year>" if _YEAR.match(word) else "<num>"
    return word


_LIST_NAMES = ("words_to_watch", "hedges", "report_verbs")


@lru_cache(maxsize=1)
def _word_lists() -> dict[str, frozenset[str]]:
    """The shipped word lists (auditor/data/citation_need_*.txt), by name."""
    lists = {}
    for name in _LIST_NAMES:
        text = read_data(f"citation_need_{name}.txt")
        lists[name] = frozenset(line.strip().lower() for line in text.splitlines() if line.strip())
    return lists


@lru_cache(maxsize=1)
def _list_bits() -> dict[str, int]:
    """Lower-case word -> the bits of the word lists it is in (_word_lists, in their order), and of the months
    after them: a word is looked up once, and a sentence's lists are its words' bits or-ed (_LIST_FEATURES)."""
    bits: dict[str, int] = {}
    for bit, entries in enumerate([*_word_lists().values(), _MONTHS]):
        for entry in entries:
            bits[entry] = bits.get(entry, 0) | 1 << bit
    return bits


#: The list features of each set of bits (_list_bits), in the order the lists come: "#words_to_watch" ... "#month"
_LIST_FEATURES = [tuple(f"#{name}" for bit, name in enumerate((*_LIST_NAMES, "month")) if mask >> bit & 1)
                  for mask in range(1 << (len(_LIST_NAMES) + 1))]


@dataclass(frozen=True)
class NeedModel:
    """The two logistic models: the sentence alone, and the sentence with its section.

    ``sums`` maps a sentence feature to its two weights as one complex number (alone + 1j x with the
    section), so one look-up serves both and one complex sum adds both (logits); ``weights`` gives them as
    pairs; ``section_weights`` holds the section features' weights of the second model.
    """

    bias: float
    section_bias: float
    sums: dict[str, complex]
    section_weights: dict[str, float]
    _sections: dict[str, float] = field(default_factory=dict, compare=False, repr=False)  # see _section_logit

    @cached_property
    def weights(self) -> dict[str, tuple[float, float]]:
        """Each sentence feature's pair of weights (alone, with the section): ``sums`` read back."""
        return {name: (both.real, both.imag) for name, both in self.sums.items()}

    def logits(self, sentence: str) -> tuple[float, float]:
        """Both models' log-odds for a cut sentence, the second without its section's weights: the weight
        of each feature of sentence_features once, as the trainer reads them, added in their order. The shape
        pairs and triples are looked up as the tuples they are built from (_tables), not as strings: the one
        difference from sentence_features, which a test holds to the same sums."""
        read = _read(sentence)
        words, shapes = read[0], read[1]
        by_feature, by_shapes, bias = self._tables
        # most words and pairs have no weights (a test of each costs less than keeping each once)
        features = dict.fromkeys(filter(by_feature.__contains__, chain(words, map(" ".join, zip(words, words[1:])),
                                                                       _marks(sentence, read))))
        grams = dict.fromkeys(chain(zip(shapes, shapes[1:]), zip(shapes, shapes[1:], shapes[2:])))
        # the two weights as one complex number: a complex sum adds the real parts and the imaginary parts
        # as two float sums, in the same order; a shape gram without weights adds 0j, which changes neither
        total = reduce(add, chain(map(by_feature.__getitem__, features), map(by_shapes.get, grams, repeat(0j))),
                       bias)
        return total.real, total.imag

    @cached_property
    def _tables(self) -> tuple[dict[str, complex], dict[tuple[str, ...], complex], complex]:
        """The weights as logits reads them, worked out once: the features by name (``sums``), the shape pairs
        and triples ("^x Y", one block of the features, which the file holds sorted: a test holds it) by their
        shapes (("x", "Y"): no shape holds a space); and the two biases."""
        names = list(self.sums)
        sums = [*self.sums.values()]
        start, end = bisect_left(names, "^"), bisect_left(names, "_")
        by_shapes = dict(zip(map(tuple, map(str.split, map(itemgetter(slice(1, None)), names[start:end]))),
                             sums[start:end]))
        return self.sums, by_shapes, complex(self.bias, self.section_bias)

    def need(self, text: str, section: str | None = None) -> float:
        """The citation need of a claim's text; ``section`` None means the section is not known."""
        return self.needs(text, section)[1]

    def needs(self, text: str, section: str | None = None) -> tuple[float, float]:
        """(the need from the sentence alone, the need with the section when it is known)."""
        return self.sentence_needs(need_sentence(text), section)

    def sentence_needs(self, sentence: str, section: str | None = None) -> tuple[float, float]:
        """needs() of a sentence already cut by need_sentence."""
        alone, with_section = self.logits(sentence)
        if section is None:
            return _sigmoid(alone), _sigmoid(alone)
        return _sigmoid(alone), _sigmoid(with_section + self._section_logit(section))

    def _section_logit(self, section: str) -> float:
        """The summed weights of a section's features, worked out once per section title."""
        known = self._sections.get(section)
        if known is None:
            weights = self.section_weights
            known = self._sections[section] = sum(weights.get(f, 0.0) for f in section_features(section))
        return known


def _sigmoid(x: float) -> float:
    if x < -30:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))


@lru_cache(maxsize=1)
def load_need_model() -> NeedModel:
    """The shipped model (read once per process)."""
    data = json.loads(read_data("citation_need.json"))
    weights = data["weights"]
    # each weight pair as one complex number (NeedModel.sums): the weight alone plus the one with the section
    # times 1j, a float plus a complex number, which costs less than a complex() call; the second's real
    # part is a zero, so the sum's real part is the first weight itself
    sums = map(add, _unquantised(weights["alone"]), _unquantised(weights["with_section"], 1j))
    return NeedModel(data["bias"], data["section"]["bias"], dict(zip(weights["features"].split("\n"), sums)),
                     data["section"]["weights"])


def _unquantised(weights: dict, unit: float | complex = 1.0) -> Iterable[float | complex]:
    """A model's sentence weights from the file's signed bytes (base64) and their scale, times ``unit``.

    A weight is one of 256 values, b x scale for a byte b from -128 to 127: those are worked out once, and
    each byte picks its own; the list holds the bytes 0 to 127, then -128 to -1, so that a negative byte
    indexes it from the end."""
    scale = weights["scale"] * unit
    values = [*(b * scale for b in range(128)), *(b * scale for b in range(-128, 0))]
    return map(values.__getitem__, array("b", base64.b64decode(weights["bytes"])))


def read_statements(text: str, held_out: bool) -> list[dict]:
    """One half of the Citation Needed statements (the TSV's text): uuid 0-7 trains, 8-f is held out.

    Each row: title, section (LEAD for the data's MAIN_SECTION), the statement cut by need_sentence, label
    (1 = it carried an inline citation), and the statement itself (``text``). Shared by the trainer, the
    benchmark and the tests.
    """
    rows = []
    for line in text.splitlines():
        _entity, _revision, uuid, title, section, _start, _offset, statement, label = line.split("\t")
        if (uuid[0] in "89abcdef") == held_out:
            rows.append({"title": title, "section": LEAD if section == "MAIN_SECTION" else section,
                         "sentence": need_sentence(statement), "label": int(label), "text": statement})
    return rows


def roc_auc(labels: list[int], scores: list[float]) -> float:
    """The area under the ROC curve: the chance that a positive outscores a negative (ties count half)."""
    ranked = sorted(zip(scores, labels))
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        rank_sum += sum(label for _, label in ranked[i:j]) * (i + j + 1) / 2
        i = j
    positives = sum(labels)
    negatives = len(labels) - positives
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def citation_need(text: str, section: str | None = None) -> float:
    """The citation need of one claim, rounded to three places (see NeedModel.need)."""
    return round(load_need_model().need(text, section), 3)


def claim_needs(article: Article) -> ClaimNeeds:
    """The citation need of every claim by id, from its sentence alone and with its section, rounded to
    three places, and the claims (not quotations) outside the lead, or captions anywhere, whose sentence holds
    contentious wording, with the lexicon's sections it holds (``contentious_sections``; in an English article only,
    as the lexicon is English). An article without headings (a copied excerpt) has no lead to tell from a body, so
    there its claims are judged by their sentence alone, and none is known to be in the lead."""
    model = load_need_model()
    sectioned = any(s.title != LEAD for s in article.sections) or any(c.section != LEAD for c in article.claims)
    alone, needs, challenged = {}, {}, {}
    is_english = english(article.lang)  # the lexicon's words are English ones
    for claim in article.claims:
        cut = need_sentence(claim.text)
        sentence, with_section = model.sentence_needs(cut, claim.section if sectioned else None)
        alone[claim.id], needs[claim.id] = round(sentence, 3), round(with_section, 3)
        # a quotation is reproduced, not worded by the article (and C104's); a caption is read wherever it is
        if is_english and claim.kind != QUOTE and (claim.section != LEAD or not sectioned or claim.kind == CAPTION):
            held = contentious_sections(cut)
            if held:
                challenged[claim.id] = tuple(held)
    return ClaimNeeds(alone, needs, challenged)


def judged_needs(claims: Iterable[Claim], needs: dict[str, float], challenged: Mapping[str, tuple[str, ...]],
                 rules: NeedRules,
                 named: frozenset[str] = frozenset(), exempt: Mapping[str, float] | None = None,
                 told: frozenset[str] = frozenset()) -> dict[str, float]:
    """The citation need of each claim by id as the report gives it: the model's, then four rules.

    - Contentious wording (WP:V: material "challenged or likely to be challenged" needs an inline citation;
      WP:LABEL, WP:WEASEL, WP:EDITORIALIZING, WP:EXCEPTIONAL, WP:SYNTH): the claims in ``challenged`` (not
      quotations; outside the lead, or captions anywhere; their sentence holding an entry of
      auditor/data/citation_need_contentious.txt, by the sections it holds; only ``rules.contentious_sections``
      count, all when empty) have their need raised by
      ``rules.contentious_lift`` of what it lacks of 1: need + lift x (1 - need), so they keep their order
      among themselves; a section of ``rules.contentious_weights`` lifts by its weight x lift (accusation: half;
      peacock: three quarters, rank12), and a claim holding several is lifted by the largest; each further section raises it
      again by ``rules.contentious_stack`` x its lift of what it then lacks. The model's statements under-teach
      it (few rows hold such words, and in the
      lead, which may rest on the body's citations, they go uncited); lift and scope were chosen by the
      trainer's grouped cross-validation, the two weighted sections' weights on the development halves of the
      editors' grades (auditor/data/CITATION_NEED.md: need11; peacock's raised from half in rank12, which ordered
      all three development halves better on every figure within the cross-validation's bound).
    - A caption without such wording pays ``rules.caption_need`` times its need: the model read article
      sentences, and a caption that names what the picture shows is rarely where an editor wants a citation first.
    - The list entries in ``named`` (that only name their item: names, a title, a link's text, a fragment) pay
      ``rules.name_entry_need`` times their need, contentious wording or not: a name's words are the name's,
      not the article's wording ("The 2006 Thai coup d'état" names the event; lexicon12). WP:LISTVERIFY asks that an entry be verifiable; what a bare
      name asserts is that it belongs to the list, whose criterion and sources the list carries, and WP:MINREF
      asks an inline citation of quotations and of what is contentious or likely to be challenged.
    - The claims in ``told`` (under a Plot, Synopsis, Characters or Mythology heading: told_by_the_work) pay
      ``rules.plot_need`` times their need, after the rules above: WP:PLOTSOURCE, a plot summary's source is the
      work itself, and editors grade a myth's or a novel's retelling low (lexicon12).
    - The lead's exceptions (WP:LEADCITE): ``exempt`` maps the lead claims that the lead rule keeps C101 for
      holding a quotation or a figure to their sentence-alone need. With the section, the model reads every lead
      sentence as one that may rest on the body, the convention these claims are exempt from, so their need
      takes back ``rules.lead_exemption`` of what it lacks of the sentence's own: need + share x (own - need),
      when the sentence's own is higher.

    Each is rounded to three places, as the model's are.

    >>> judged_needs((), {"c1": 0.5, "c2": 0.5}, {"c1": ("label",)}, NeedRules())
    {'c1': 0.7, 'c2': 0.5}
    >>> judged_needs((), {"c1": 0.15, "c2": 0.6}, {}, NeedRules(), frozenset({"c2"}), {"c1": 0.67})
    {'c1': 0.67, 'c2': 0.3}
    """
    exempt = exempt or {}
    captions = {claim.id for claim in claims if claim.kind == CAPTION}
    # most claims meet no rule and keep the model's need: all are rounded at once (a map in C), and only the
    # claims a rule may touch are judged one by one, in place (a dict keeps its keys' order)
    judged = dict(zip(needs, map(round, needs.values(), repeat(3))))
    counted, weights = rules.contentious_sections, dict(rules.contentious_weights)
    for key in judged.keys() & {*challenged, *captions, *named, *told, *exempt}:
        need = needs[key]
        held = [] if key in named else [name for name in challenged.get(key, ()) if not counted or name in counted]
        if held:
            lifts = sorted((rules.contentious_lift * weights.get(name, 1.0) for name in held), reverse=True)
            need += lifts[0] * (1 - need)
            for lift in lifts[1:]:
                need += rules.contentious_stack * lift * (1 - need)
        elif key in captions:
            need *= rules.caption_need
        elif key in named:
            need *= rules.name_entry_need
        if key in told:
            need *= rules.plot_need
        if exempt.get(key, 0.0) > need:
            need += rules.lead_exemption * (exempt[key] - need)
        judged[key] = round(need, 3)
    return judged


class NeedRules(NamedTuple):
    """The settings of judged_needs' rules (Config: contentious-lift, caption-need, name-entry-need,
    lead-exemption, contentious-stack, contentious-sections, contentious-weights, plot-need); the defaults are the shipped
    ones."""

    contentious_lift: float = 0.4
    caption_need: float = 0.5
    name_entry_need: float = 0.5
    lead_exemption: float = 1.0
    contentious_stack: float = 0.0
    contentious_sections: tuple[str, ...] = ()  # the lexicon's sections that count; empty: all
    # (section, weight): such a section lifts by weight x contentious_lift, the others by the whole lift
    contentious_weights: tuple[tuple[str, float], ...] = (("accusation", 0.5), ("peacock", 0.75))
    plot_need: float = 0.5  # a claim under a heading of what the work itself tells pays this share (told_by_the_work)


#: A heading of what the work itself tells (WP:PLOTSOURCE): a plot, a synopsis, the characters, a mythology
_TOLD = re.compile(r"\b(?:plot|synopsis|characters|mythology)\b", re.I)


def told_by_the_work(article: Article) -> frozenset[str]:
    """The claims under a heading of what the work itself tells, theirs or one above it: Plot, Synopsis, Characters,
    Mythology (Apollo's "Female lovers" under "Mythology"). WP:PLOTSOURCE: the primary source of a plot summary is
    the work, and a retelling of a myth rests on the myth's own texts. English headings.

    >>> from auditor.model import Location, Section
    >>> at = lambda offset: Location(1, 1, offset)
    >>> told_by_the_work(Article("A", "wikitext", None, (Section("Mythology", 2, at(0)), Section("Birth", 3, at(9)),
    ...     Section("Cult", 2, at(20))), (Claim("c1", "prose", "Birth", 1, "He was born.", at(12)),
    ...     Claim("c2", "prose", "Cult", 2, "A cult.", at(25)))))
    frozenset({'c1'})
    """
    starts: list[int] = []
    flags: list[bool] = []
    stack: list[tuple[int, bool]] = []  # (level, told) of the headings above the next one
    for section in sorted(article.sections, key=lambda s: s.location.offset):
        while stack and stack[-1][0] >= section.level:
            stack.pop()
        told = bool(_TOLD.search(section.title)) or bool(stack and stack[-1][1])
        stack.append((section.level, told))
        starts.append(section.location.offset)
        flags.append(told)
    if not any(flags):
        return frozenset()
    return frozenset(c.id for c in article.claims
                     if (i := bisect_right(starts, c.location.offset) - 1) >= 0 and flags[i])


def english(lang: str) -> bool:
    """Whether an article's language is English (en, en-gb, ...): the language of the lexicon and of the words
    the name rule reads."""
    return lang == "en" or lang.startswith("en-")


class ClaimNeeds(NamedTuple):
    """An article's citation needs (claim_needs), by claim id."""

    alone: dict[str, float]  # from the sentence alone
    needs: dict[str, float]  # with the section, when the article has headings
    # the claims (not quotations) outside the lead, or captions anywhere, whose sentence holds contentious
    # wording, with the lexicon's sections it holds
    challenged: dict[str, tuple[str, ...]]
