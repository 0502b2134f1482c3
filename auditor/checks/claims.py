"""Checks on a claim's own coverage by citations (WP:V, WP:MINREF)."""

from __future__ import annotations

import re
from typing import Iterator

from auditor.checks.base import Context, Hit, snippet
from auditor.model import CAPTION, COVER_WORDS, LEAD, NONE, PARAGRAPH, PARTIAL, QUOTE, Claim

#: What may stand between a quotation mark and the link it quotes.
_EDGE = " ,.;:!?\u2019'"
#: Quotations, paired left to right so the text between two quotations is never taken for one.
_QUOTE = re.compile(r'"([^"]*)"|\u201c([^\u201c\u201d]*)\u201d')
#: Words that announce a title of a work in quotation marks, not a quotation.
_TITLE_CUE = re.compile(
    r"\b(?:the|his|her|their|its|a|an)\s+(?:[\w-]+\s+)?(?:episode|episodes|song|songs|single|singles|"
    r"track|chapter|article|essay|poem|story|short story|sketch|segment|play|column|lecture|paper|speech|"
    r"b-side|hit|ballad|anthem|piece|novella|strip|series|programme|program)\s*,?\s*$"
    r"|\b(?:titled|entitled|released|recorded|sang|performed|covered|narrated)\s*$",
    re.I)
_SMALL_WORDS = frozenset("a an and as at but by for from in into of on or the to with vs".split())
#: A word of a name, title or quotation: a letter, then letters, digits, apostrophes or hyphens ("co-host").
_WORDS = re.compile(r"[^\W\d_][\w'\u2019-]*")
_SENTENCE_ENDS = (".", "!", "?", "\u2026")
#: A dated event phrase: a preposition, then a year, perhaps after a month or a day ("In 1990", "since May 2004",
#: "on 5 May 1990"). A year in brackets after a name is not one ("Frankfurt, Germany (1989)").
_DATED = re.compile(r"\b(?:in|on|since|from|until|till|during|after|before|by)\s+(?:[^\W_]+,?\s+){0,2}"
                    r"(?:1\d|20)\d\d\b", re.I)
#: Past forms of verbs that open an entry as a clause does ("Won the cup", "Born in London"); regular ones end in
#: -ed ("Elected to Parliament").
_PAST_FORMS = frozenset("""won became born made led began wrote took held left ran rose sold beat built came fought
    lost met went gave got saw taught drew fell flew grew knew paid said sang sat spent stood struck swam threw
    wore chose""".split())
#: Past forms that open titles of works as often as clauses, being nouns, adjectives or names as well ("Rose of
#: Tralee", "Left of the Dial", "Made in England", "Born in the U.S.A.", "Lost in Translation"): before a small word in
#: lower case, in a title-cased entry, they open a title; "Born In London", every word capitalised, is a clause.
_TITLE_OPENERS = frozenset("rose left made born lost".split())
#: Words in -ed that open names, not clauses ("Hundred of Salford", "Sacred to the Memory of"), among them given
#: names before an epithet or a see ("Alfred the Great", "Mehmed the Conqueror", "Manfred of Sicily").
_NOT_PAST = frozenset("""hundred kindred sacred beloved united naked wicked alfred manfred wilfred winifred mildred
    ethelred æthelred aethelred aelred ahmed mehmed mohammed mohamed muhammed siegfried gottfried wilfried winfried
    jared""".split())
#: A figure: a number with a percentage, "per cent" or a scale word, an amount of money, a count with
#: thousands separators or of five digits or more. The plain spelling is
#: ``\d[\d,.]*\s*(?:%|(?:per ?cent|percent|million|billion|trillion)\b)|[$£€¥]\s?\d[\d,.]*|\b\d{1,3}(?:,\d{3})+\b|\b\d{5,}\b``;
#: this one matches the same, faster (tests/test_checks.py holds the two together). Its first character is read
#: first, so the search skips to the next digit or currency sign in C (a pattern that starts with an
#: alternative or \b is tried at every character), and each branch checks the character it starts with after
#: the fact (``(?<!\w\d)`` is the \b before a digit). A digit right after a digit starts no match: none can
#: start there that would not have started at the digit before (callgrind, figure() on United-Kingdom's
#: claims: 36.2 -> 17.5 M instructions).
_FIGURE = re.compile(
    r"[\d$£€¥](?<!\d\d)(?:(?<=\d)[\d,.]*\s*(?:%|(?:per ?cent|percent|million|billion|trillion)\b)"
    r"|(?<=[$£€¥])\s?\d[\d,.]*|(?<=\d)(?<!\w\d)\d{0,2}(?:,\d{3})+\b|(?<=\d)(?<!\w\d)\d{4,}\b)",
    re.I,
)


def no_citation(claim: Claim, context: Context) -> Iterator[Hit]:
    """A claim in prose, a list or a quotation with no citation, and none later in its paragraph.

    WP:V asks that material likely to be challenged be attributable to a reliable
    source through an inline citation. A claim with nothing after it that cites
    a source leaves the reader no way to check it. Its weight is that of a claim
    of middling citation need, and grows with the claim's need (see C107 for the
    lead, where WP:LEADCITE lets most claims rest on the body's citations). A
    list item under a cited lead-in (a claim ending in ":", WP:LISTVERIFY), or a
    claim that a cited quotation's citation covers, is C103 instead.

    Fails:  Adams was born in Cambridge.
    Passes: Adams was born in Cambridge.[2]
    """
    if claim.coverage == NONE and claim.kind != CAPTION and not lead_rests_on_body(claim, context):
        yield Hit("no citation supports this claim")


def uncited_lead_claim(claim: Claim, context: Context) -> Iterator[Hit]:
    """A claim of the lead with no citation, in an article whose body carries citations.

    WP:LEADCITE: the lead summarises the body, and its claims may rest on the
    citations of the body, so an uncited lead claim costs less than an uncited
    body claim (C101). Not so for quotations, figures and claims of high citation
    need: those need their citation in the lead too, and stay C101. The need that
    decides is the sentence's alone, from ``lead-need`` in the configuration
    (default 0.7): with its section, a lead claim's need is low by the same
    convention.

    Fails:  Adams was an English author and humorist.  (lead; the body is cited)
    Passes: Adams was an English author and humorist.[1]
    """
    if claim.coverage == NONE and claim.kind != CAPTION and lead_rests_on_body(claim, context):
        yield Hit("no citation in the lead; the body's citations may support it (WP:LEADCITE)")


def lead_rests_on_body(claim: Claim, context: Context) -> bool:
    """The lead rule: a lead claim that may rest on the body's citations (WP:LEADCITE)."""
    return (claim.section == LEAD and context.body_cited and context.sentence_need.get(claim.id, 0.0) < context.high_need
            and not leadcite_exception(claim))


def leadcite_exception(claim: Claim) -> bool:
    """Whether a claim holds what WP:LEADCITE wants cited in the lead too: a quotation (a `quote` claim, or
    quoted words that are not a title) or a figure. (Its third exception, a claim of high citation need, is
    the need's to say: see lead_rests_on_body.)"""
    return claim.kind == QUOTE or quotation(claim.text, claim.links) is not None or figure(claim.text) is not None


def uncited_caption(claim: Claim, context: Context) -> Iterator[Hit]:
    """An image caption with no citation.

    WP:CAPTION: a caption asserting facts not cited in the body needs a citation
    too. Weighted lightly, since captions often repeat cited body text.

    Fails:  Ballist forces enter Prizren
    Passes: Ballist forces enter Prizren in 1944.[12]
    """
    if claim.coverage == NONE and claim.kind == CAPTION:
        yield Hit("caption has no citation")


def partial_coverage(claim: Claim, context: Context) -> Iterator[Hit]:
    """A claim whose citations sit inside it, leaving its end unsourced.

    WP:INTEGRITY: a citation covers the text before it. Text after the last
    citation of a sentence is not shown to be supported by it.

    Fails:  He denounced the agreement,[28] and Đilas called them "Fascists".
    Passes: He denounced the agreement, and Đilas called them "Fascists".[28]
    """
    if claim.coverage == PARTIAL:
        rest = claim.text[claim.cited_until:].strip()
        yield Hit(f"text after the last citation is unsourced: \u201c{snippet(rest)}\u201d")


def paragraph_coverage(claim: Claim, context: Context) -> Iterator[Hit]:
    """A claim with no citation of its own, relying on a later one in its paragraph or its list's introduction.

    By convention (WP:CITEFOOT) one citation at the end of a paragraph may
    cover the sentences before it; a reader cannot tell whether it does. So
    may the citation of a list's introduction (its lead-in, a claim ending in
    ":") cover the items of the list it introduces (WP:LISTVERIFY), a block
    quotation's citation its earlier paragraphs, and a quotation's citation the
    sentence that introduces it: a claim there rests on that citation the same
    way, and no longer counts as having no citation (C101). The message says
    which citation it relies on.

    Fails:  He moved to London. He wrote a novel there.[3]   (the first sentence)
    Fails:  The club won these titles:[5]  * The 1990 league title.   (the list item, under its lead-in)
    Passes: He moved to London.[4] He wrote a novel there.[3]
    """
    if claim.coverage == PARAGRAPH:
        relies_on, _ = COVER_WORDS[claim.cover]
        yield Hit(f"no citation of its own; relies on {relies_on}")


def unsourced_quotation(claim: Claim, context: Context) -> Iterator[Hit]:
    """A quotation with no citation of its own.

    WP:MINREF: every quotation must be followed by an inline citation, whatever
    else is cited nearby. A title in quotation marks ("the episode "The Pirate
    Planet"", a title-cased song title) is not a quotation.

    Fails:  Đilas described them as "Albanian Fascists who fought the partisans".
    Passes: Đilas described them as "Albanian Fascists who fought the partisans".[29]
    """
    if claim.coverage in (NONE, PARAGRAPH):
        found = claim.text if claim.kind == QUOTE else quotation(claim.text, claim.links)
        if found:
            yield Hit(f"quotation without a citation: \u201c{snippet(found)}\u201d")


def quotation(text: str, links: tuple[tuple[int, int], ...] = ()) -> str | None:
    """The first quotation in a text: four words or more in quotation marks, and not a title.

    Fewer than four words is a quoted name or term. A title of a work (an episode, a song, a chapter,
    an article) is not a quotation: one announced by "the episode", "the song", "titled", ...; one of
    up to twelve words, all capitalised but the small ones ("Life, the Universe and Everything"); or
    one whose words are all the text of one link (``"[[The Pirate Planet]]"``: a link to the work's
    article). ``links`` are the claim's link spans (``Claim.links``).
    """
    for match in _QUOTE.finditer(text):
        group = 1 if match.group(1) is not None else 2
        quoted = match.group(group) or ""
        if len(quoted.split()) >= 4 and not _is_title(quoted, text[:match.start()]) \
                and not _is_link(text, match.start(group), match.end(group), links):
            return quoted
    return None


def _is_title(quoted: str, before: str) -> bool:
    words = _WORDS.findall(quoted)
    return bool(_TITLE_CUE.search(before[-60:])) or (_title_cased(words) and len(words) <= 12)


def _title_cased(words: list[str]) -> bool:
    """Words as a name or a title has them: each capitalised but the small ones ("The Lord of the Rings")."""
    return bool(words) and all(w[0].isupper() or w.lower() in _SMALL_WORDS for w in words)


def names_only(text: str, links: tuple[tuple[int, int], ...] = ()) -> bool:
    """Whether a list entry only names its item: it holds no figure, and it is one link's text, give or take small
    words and punctuation (the title of the article it links, in that article's sentence case: "The 2006 Thai
    coup d'état"), or its words are names or a title
    (each capitalised but the small ones, which are English: "Alison Gordon", "Frankfurt, Germany (1989)",
    "How Islam Created the Modern World."; not a sentence of over six words with a full stop), or it is a
    fragment of fewer than three words that ends no sentence and opens as a name does ("(63) (debut)"; not
    "was arrested"). An entry that says something of its item ("Golden Ball: awarded to the best
    player") does not, nor does one that asserts an event, however it is capitalised: one holding a dated
    phrase ("Elected To Parliament In 1990", "Champion Since 2004") or opening with a verb's past form before
    a small word ("Elected To Parliament", "Born In London"), unless it is a title of a work, title-cased with its
    small words in lower case, whose first word is a noun or an adjective as well ("Left of the Dial", "Made in
    England", "Born in the U.S.A.": _TITLE_OPENERS).

    An honour, office or membership without a verb or a date is a name: "Member Of The Royal Society" names
    the fellowship as "Golden Ball" names the award. That the subject holds it is what every entry of the list
    says by standing in it, and rests on the list's criterion and sources (WP:LISTVERIFY), as for any name.

    >>> names_only("Frankfurt, Germany (1989)"), names_only("the Flemish Region, subdivided into five provinces;")
    (True, False)
    >>> names_only("Member Of The Royal Society"), names_only("Elected To Parliament In 1990")
    (True, False)
    """
    if figure(text) is not None or _DATED.search(text) is not None:
        return False
    if len(links) == 1 and all(w.lower() in _SMALL_WORDS for w in _WORDS.findall(
            text[:links[0][0]] + " " + text[links[0][1]:])):
        return True
    words = _WORDS.findall(text)
    if len(words) > 1 and words[1].lower() in _SMALL_WORDS and _past_form(words[0]) and not (
            words[0].lower() in _TITLE_OPENERS and words[1].islower() and _title_cased(words)):
        return False
    ends = text.rstrip().endswith(_SENTENCE_ENDS)
    if len(words) < 3 and not ends:
        # a fragment names its item when it opens as a name does ("Les Callan", "(63) (debut)"), not as a
        # clause does ("was arrested")
        return not words or words[0][0].isupper() or text.lstrip().startswith("(")
    # a long sentence with a full stop is no title; a title may end in "?" or "!"
    return _title_cased(words) and not (text.rstrip().endswith(".") and len(words) > 6)


def _past_form(word: str) -> bool:
    """Whether a word reads as a verb's past form: "Elected", "Won" (not "Red", "Fred", "Speed", "Hundred":
    -ed after three letters or more, not -eed, and not a name's word of _NOT_PAST)."""
    lower = word.lower()
    return lower in _PAST_FORMS or (len(lower) > 4 and lower.endswith("ed") and not lower.endswith("eed")
                                    and lower not in _NOT_PAST)


def _is_link(text: str, start: int, end: int, links: tuple[tuple[int, int], ...]) -> bool:
    """The quoted span is one link's text, give or take punctuation ("[[Title]],")."""
    inner = text[start:end]
    start += len(inner) - len(inner.lstrip(_EDGE))
    end -= len(inner) - len(inner.rstrip(_EDGE))
    return any(a <= start and end <= b for a, b in links)


def unsourced_figures(claim: Claim, context: Context) -> Iterator[Hit]:
    """Figures or statistics (percentages, money, large counts) with no citation of their own.

    WP:V: numbers are among the claims most often challenged and most easily
    corrupted; they need a source at the sentence.

    Fails:  The books sold more than 15 million copies.
    Passes: The books sold more than 15 million copies.[5]
    """
    if claim.coverage in (NONE, PARAGRAPH):
        found = figure(claim.text)
        if found:
            yield Hit(f"figure without a citation: \u201c{snippet(found)}\u201d")


def figure(text: str) -> str | None:
    """The first figure in a text (a percentage, an amount of money, a large count), or None."""
    match = _FIGURE.search(text)
    return match.group() if match else None

