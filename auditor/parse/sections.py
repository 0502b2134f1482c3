"""What a section holds: content, back matter (no claims) or a list of works (catalogue entries).

A name alone does not decide: a "Literature" section of prose about a country's writers is content, and
a "Bibliography" is a list of works in an article about an author but the sources in most others. The
name says what a section may be; its body says what it is.
"""

from __future__ import annotations

import re

from auditor.compiled import lazy_compile
from auditor.parse.languages import BASE, rules_for

CONTENT, BACK, WORKS = "content", "back", "works"

_HEADING = re.compile(r"^(={1,6})[^=\n].*?\1[ \t]*(?:<!--.*?-->)?[ \t]*$", re.M)
#: A references list: English templates, and the local ones of the larger wikis (fr Références, es listaref,
#: pt Referências, ru Примечания, pl Przypisy).
_REFLIST = re.compile(r"<references|\{\{\s*(reflist|refbegin|notelist|references|refs|références|listaref"
                      r"|referências|примечания|przypisy)\b", re.I)
#: A citation template: English, fr (Ouvrage, Lien web), es and it (cita ...), pt (citar ...), de.
_CITATION = lazy_compile(r"\{\{\s*(cite|citation|harvid|sfnref|wikicite|ouvrage|lien web|cita|citar|literatur"
                       r"|internetquelle)\b", re.I)
_REF = lazy_compile(r"<ref[^>]*/>|<ref[^>]*>.*?</ref\s*>", re.S | re.I)
_MARKUP = lazy_compile(r"<ref[^>]*/>|<ref[^>]*>.*?</ref\s*>|\{\{[^{}]*\}\}|<!--.*?-->", re.S | re.I)
_NOT_PROSE = lazy_compile(r"^\s*([*#:;{|!<=]|\[\[\s*(file|image|category)\s*:)", re.I)
_SENTENCE = lazy_compile(r"[^\W\d_][^.!?]*[.!?](\s|$)")
#: A list entry that opens with its author, as a list of sources does (a list of an author's works opens with
#: titles): "Surname, Given" (enwiki), "Given Surname, ''Title''" or "…, « Title »" (frwiki, itwiki, eswiki),
#: "Surname I. I. Title" (ruwiki's initials after the surname). The named groups must be capitals.
_AUTHOR_FIRST = lazy_compile(
    r"^[*#]\s*\[?\[?(?:(?P<a>[^\W\d_])[\w'\-]+,\s+(?P<b>[^\W\d_])"
    r"|(?P<c>[^\W\d_])[\w.'\-]*(?:\s+[^\W\d_][\w.'\-]*){1,3}\]?\]?,\s*(?:''|«|\"|„|“)"
    r"|(?P<d>[^\W\d_])[\w'\-]+\s+(?P<e>[^\W\d_])\.)")


def _author_first(entry: str) -> bool:
    """Whether a list entry opens with its author's name (see _AUTHOR_FIRST)."""
    match = _AUTHOR_FIRST.match(entry)
    return bool(match) and all(letter.isupper() for letter in match.groupdict().values() if letter)


def _fold(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip().strip(":").lower()


def is_back_matter(title: str, language: str = BASE) -> bool:
    """Tell whether a section title can name back matter in a language (References, Einzelnachweise, ...)."""
    return _fold(title) in rules_for(language).back


def is_ambiguous(title: str, language: str = BASE) -> bool:
    """Tell whether a title names back matter in some articles and content in others."""
    return _fold(title) in rules_for(language).ambiguous


def may_hold_no_claims(title: str, language: str = BASE) -> bool:
    """Tell whether a title names back matter or a list of works, so its body must be looked at."""
    folded, rules = _fold(title), rules_for(language)
    return folded in rules.back or folded in rules.works


def section_body(text: str, end_of_heading: int, level: int) -> str:
    """The raw text of a section: from its heading to the next heading at its level or above."""
    for match in _HEADING.finditer(text, end_of_heading):
        if len(match.group(1)) <= level:
            return text[end_of_heading:match.start()]
    return text[end_of_heading:]


def _without_markup(body: str) -> str:
    """The body without comments, footnotes and templates, nested or over several lines, as a whole: the
    lines of ``<!-- Please keep this section brief. Do not add ... -->`` or of a ``{{Citation\n |title=...}}``
    are no prose (they made Barack Obama's "External links" and al-Haytham's "Further reading" content)."""
    while True:
        plain = _MARKUP.sub("", body)
        if plain == body:
            return plain
        body = plain


def _prose_lines(body: str) -> list[str]:
    """Lines of running prose: not lists, tables, templates or files, with two sentences or eight words."""
    lines = []
    for line in _without_markup(body).splitlines():
        if not line.strip() or _NOT_PROSE.match(line):
            continue
        if len(_SENTENCE.findall(line)) >= 2 or (len(line.split()) >= 8 and _SENTENCE.search(line)):
            lines.append(line)
    return lines


def section_role(title: str, body: str, language: str = BASE) -> str:
    """What a section holds, from its title, its raw wikitext body and the wiki's language.

    >>> section_role("Literature", "Albanian literature began in the 15th century. It grew.")
    'content'
    >>> section_role("References", "{{reflist}}")
    'back'
    >>> section_role("Notes et références", "{{Références}}", "fr")
    'back'
    """
    folded, rules = _fold(title), rules_for(language)
    if folded in rules.works:
        return WORKS
    if folded not in rules.back:
        return CONTENT
    if _REFLIST.search(body):
        return BACK
    prose = _prose_lines(body)
    if len(prose) >= 2 or (prose and len(_SENTENCE.findall(prose[0])) >= 2):
        return CONTENT
    if folded in rules.either and not _CITATION.search(_REF.sub("", body)):
        entries = [line for line in body.splitlines() if line.lstrip()[:1] in ("*", "#")]
        if entries and sum(_author_first(e) for e in entries) * 2 < len(entries):
            return WORKS
    return BACK
