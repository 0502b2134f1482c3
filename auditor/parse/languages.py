"""The rules of one wiki's language: section names, abbreviation corrections, a copy's furniture.

Read once from ``auditor/data/languages.json``. English is the base: every language extends the English
names and corrections with its own, since articles on every wiki use English section names now and then.
A language the table does not know reads as English (and sentencex is still asked for its own rules).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from auditor.data import read_data

BASE = "en"
#: What a rule the language lacks matches: nothing, found at once (anchored, the engine tries one place; a bare
#: ``(?!)`` is tried at every character of the text searched, for each sentence end).
NEVER = r"\A(?!)"


@dataclass(frozen=True)
class CaptionFragment:
    """A caption's opening fragment in one language: a name, then one of ``after_name`` ("Map of ...", "Towel
    Day 2005 in Innsbruck"), with no ``finite_verb`` ("was", "occurred", "lists") of its own."""

    finite_verb: re.Pattern[str]
    after_name: frozenset[str]


@dataclass(frozen=True)
class LanguageRules:
    """What the parsers need to know of one language; ``code`` is what sentencex is asked for."""

    code: str
    back: frozenset[str]
    works: frozenset[str]
    ambiguous: frozenset[str]
    either: frozenset[str]
    before_number: re.Pattern[str]
    never_last: re.Pattern[str]
    year_opens: bool
    last_before_capital: re.Pattern[str]  # read for where its matches end, after the full stop (_from_the_stop)
    #: An abbreviation whose full stop, closing a bracket, is the sentence's too: pl "(1612 r.) Niedługo".
    last_before_bracket: re.Pattern[str]
    ordinal: re.Pattern[str]
    unit_end: re.Pattern[str]  # likewise
    opens_after_mark: re.Pattern[str]
    reads_on_after_quote: re.Pattern[str]
    #: How a caption's opening fragment reads, or None where the table does not say (auditor/parse/textrules.py).
    caption_fragment: CaptionFragment | None = None
    #: ``never_last``'s words (regex fragments, each of one width), for a test at a cut (sentences._may_read_on).
    never_last_words: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def language_table() -> dict[str, dict]:
    """The shipped table: language code -> its raw entry."""
    raw = read_data("languages.json")
    return json.loads(raw)["languages"]


def known_languages() -> tuple[str, ...]:
    """The codes the table has rules for."""
    return tuple(language_table())


def base_code(code: str) -> str:
    """The table's code for a wiki language: ``zh-hans`` -> ``zh``, ``pt-BR`` -> ``pt``; unknown -> ``en``."""
    code = (code or BASE).strip().lower().replace("_", "-")
    if code in language_table():
        return code
    head = code.split("-")[0]
    return head if head in language_table() else BASE


def _words(pattern: list[str], tail: str = r"\.$", flags: int = re.I, head: str = r"\b") -> re.Pattern[str]:
    """Words (regex fragments) as one alternation between ``head`` and ``tail``: by default abbreviations,
    without their full stop, matching at the end of text. None: a pattern that never matches, at once."""
    if not pattern:
        return re.compile(NEVER)
    return re.compile(head + "(?:" + "|".join(pattern) + ")" + tail, flags)


@lru_cache(maxsize=None)
def rules_for(code: str) -> LanguageRules:
    """The rules of a language (its own added to English's), cached per code."""
    table = language_table()
    key = base_code(code)
    own, base = table[key], table[BASE]
    merged = {name: [*base.get(name, ()), *(own.get(name, ()) if key != BASE else ())]
              for name in ("back", "works", "ambiguous", "either", "before_number", "never_last", "units")}
    return LanguageRules(
        code=(code or BASE).strip().lower() if key == BASE and code else key,
        back=frozenset(merged["back"]), works=frozenset(merged["works"]),
        ambiguous=frozenset(merged["ambiguous"]), either=frozenset(merged["either"]),
        before_number=_words(merged["before_number"]), never_last=_words(merged["never_last"]),
        never_last_words=tuple(merged["never_last"]),
        year_opens=bool(own.get("year_opens")),
        last_before_capital=_last_before_capital(own.get("last_before_capital", ())),
        last_before_bracket=_words(own.get("last_before_bracket", ()), r"\.\)$", 0),
        ordinal=_ordinal(own.get("ordinal_before", ())),
        unit_end=_unit_end(merged["units"]),
        opens_after_mark=_words(own.get("opens_after_mark", ()), r"\s+\w", 0, r"\s+"),
        caption_fragment=_caption_fragment(own.get("caption_fragment")),
        reads_on_after_quote=re.compile(own.get("reads_on_after_quote") or NEVER),
    )


def _caption_fragment(entry: dict | None) -> CaptionFragment | None:
    """A language's caption fragment from its table entry (none: the language does not say)."""
    if not entry:
        return None
    return CaptionFragment(re.compile(r"\b(?:" + "|".join(entry["finite_verbs"]) + r")\b"),
                           frozenset(entry["after_name"]))


def _ordinal(words) -> re.Pattern[str]:
    """A number written as an ordinal ("des 18. Jahrhunderts", "im 2. Weltkrieg"): after one of ``words``, the
    full stop of one to three digits ends no sentence; the pattern matches at the end of text."""
    if not words:
        return re.compile(NEVER)
    return re.compile(r"\b(?:" + "|".join(words) + r")\s+\d{1,3}\.$", re.I)


def _from_the_stop(behind: list[str], ahead: str = "") -> re.Pattern[str]:
    """A pattern that matches a full stop (then ``ahead``) where one of the ``behind`` patterns, each of fixed
    width, ends with it: where ``(?:behind...)\\.`` ends, for a reader of match ends (``m.end()``).

    The engine then skips from one full stop to the next; a pattern opening with a word boundary or a
    lookbehind is tried at every character (on United-Kingdom.wiki, 31 M instructions of sentence splitting
    for English's one-letter rule, against 1 M so). The patterns must not overlap one another's matches (an
    abbreviation holds no other's start), so that each end is found once either way (tests/test_sentences.py).
    """
    return re.compile(r"\.(?=" + ahead + ")(?:" + "|".join(f"(?<={b}\\.)" for b in behind) + ")")


def _last_before_capital(words) -> re.Pattern[str]:
    """Abbreviations that end a sentence when a capital follows ("etc."), as ``\\b(?:words)\\.``; found from their
    full stop where all are of one width (where not, ru's "т. д"/"т.д", the pattern is tried at every character)."""
    body = r"\b(?:" + "|".join(words or ["(?!)"]) + ")"
    try:
        return _from_the_stop([body])
    except re.error:  # a lookbehind of more than one width
        return re.compile(body + r"\.")


def _unit_end(units) -> re.Pattern[str]:
    """A unit symbol after a number, then a full stop ("36 km.", "30 °C."): units take no full stop of their
    own, so it ends the sentence when a capital follows, though some languages' segmenters read "km." or "C."
    as an abbreviation. Found from the full stop: one lookbehind per width of unit, with the space and without.
    (It matched as ``\\d[\\s\\u00a0\\u202f]?(?:units)\\.(?=\\s)``.)"""
    if not units:
        return re.compile(NEVER)
    widths: dict[int, list[str]] = {}
    for unit in longest_first(units):
        widths.setdefault(len(unit), []).append(re.escape(unit))
    symbols = ["(?:" + "|".join(same) + ")" for same in widths.values()]
    return _from_the_stop([r"\d" + s for s in symbols] + [r"\d[\s\u00a0\u202f]" + s for s in symbols], r"\s")


def longest_first(names) -> tuple[str, ...]:
    """Names longest first, as an alternation must try them, and alphabetical within a length: a set's order
    changes with the hash seed, and a pattern built in that order would be another text (another entry of the
    start-up cache) in every process."""
    return tuple(sorted(names, key=lambda name: (-len(name), name)))


def all_furniture() -> tuple[str, ...]:
    """Every language's "From Wikipedia" line: a copy's furniture whatever language it is read in."""
    return tuple(line for entry in language_table().values() for line in entry["furniture"])


def all_back_names() -> frozenset[str]:
    """Every language's back-matter section names: a copy's notes list may sit under any of them."""
    return frozenset(name for entry in language_table().values() for name in entry["back"])


def all_furniture_classes() -> frozenset[str]:
    """Every language's classes of rendered furniture (dewiki's hatnote ``div.hauptartikel``, frwiki's banners):
    nothing inside them is a claim, whatever language a page is read in."""
    return frozenset(name for entry in language_table().values() for name in entry.get("furniture_classes", ()))


def all_caption_cues() -> tuple[str, ...]:
    """Every language's words that only an image's caption uses ("(right)", "en la imagen"): a lone line of a
    copy that holds one is the caption, whatever language it is read in."""
    return tuple(sorted({cue for entry in language_table().values() for cue in entry.get("caption_cues", ())}))


@lru_cache(maxsize=1)
def all_edit_links() -> tuple[str, ...]:
    """Every language's section edit links as a copy keeps them ("[edit]", "[modifica | modifica wikitesto]"),
    longest first: glued to a heading or on a line of their own, they are furniture on every wiki."""
    links = {link for entry in language_table().values() for link in entry.get("edit_links", ())}
    return longest_first(links)
