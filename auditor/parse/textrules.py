"""The copy reader's rules for the lines of a paragraph: what kind of claim each line is, in one ordered table.

Each rule is a small function of a line and its context that names the line's kind (``prose``, ``list``,
``work``, ``caption``), says it is a quotation's attribution or no claim, or passes (None) to the next rule;
the first rule that names something decides. A line that no rule names is dropped (a stray short line). The
shape rules a paragraph's lines call on (a caption's fragment, the paragraph after a list, content after the
back matter) are here too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from auditor.compiled import lazy_compile
from auditor.model import CAPTION, LIST, PROSE, WORK
from auditor.parse.languages import rules_for
from auditor.parse.sections import is_back_matter
from auditor.parse.textblocks import Block, is_prose
from auditor.parse.textlines import WORD, Line

#: What a line rule may say besides a claim's kind: the line names who said the quotation above it; no claim.
ATTRIBUTION, NO_CLAIM = "attribution", "no claim"
#: An item of a list that a line ending in a colon introduces may hold a few sentences ("Einfach halten, dem
#: KISS-Prinzip folgen. Einfachheit wird ... definiert.", dewiki Arch Linux); a paragraph is longer.
LONGEST_ITEM = 20


@dataclass(frozen=True)
class LineContext:
    """What a line rule knows besides the line: its paragraph and where the reader stands.

    ``block`` is the paragraph as copied, ``content`` its lines that are no furniture; ``items``: it is a list's
    block (after a line ending in a colon), ``resumed``: its last line is the paragraph after that list;
    ``works``: the section lists works; ``opened``: a paragraph of the lead has been read."""

    block: Block
    content: Block
    items: bool
    resumed: bool
    works: bool
    opened: bool
    notes: frozenset[int]
    lang: str


def notes_entry(line: Line, ctx: LineContext) -> str | None:
    """A line of the copy's "[1] ..." notes list: the references list's (auditor/parse/textrefs.py), no claim."""
    return NO_CLAIM if line.offset in ctx.notes else None


def paragraph_after_list(line: Line, ctx: LineContext) -> str | None:
    """The last line of a list's block whose shape departs from the items' (see resumes_the_prose): prose."""
    return PROSE if ctx.resumed and line is ctx.content[-1] else None


def attribution(line: Line, ctx: LineContext) -> str | None:
    """A short "— Author" line: it closes the quotation above it with its markers."""
    return ATTRIBUTION if line.attribution and line.words < 25 else None


def list_item(line: Line, ctx: LineContext) -> str | None:
    """A line of a list's block, a bulleted line or an indented one: an item (an entry in a list of works)."""
    return (WORK if ctx.works else LIST) if ctx.items or line.bulleted or line.indented else None


def caption_beside(line: Line, ctx: LineContext) -> str | None:
    """A short uncited line beside others in its block (a browser's copy glues a caption to a hatnote), or a
    one-line paragraph that points at its image ("(right)", "en la imagen"): a caption."""
    beside = len(ctx.block) > 1 or line.caption_cue
    return CAPTION if beside and 3 <= line.words < 30 and not line.marked else None


def caption_fragment(line: Line, ctx: LineContext) -> str | None:
    """A one-line uncited paragraph after the lead's first that opens with a fragment naming what its image shows
    (see opens_with_fragment): a caption, however many sentences follow the fragment."""
    if ctx.opened and len(ctx.block) == 1 and line.words < 60 and not line.marked and \
            opens_with_fragment(line.text, ctx.lang):
        return CAPTION
    return None


def prose(line: Line, ctx: LineContext) -> str | None:
    """A line of eight words or more, one that ends a sentence or one with a marker: prose."""
    return PROSE if line.words >= 8 or line.ends_sentence or line.marked else None


#: The rules, in the order they are asked.
LINE_RULES: tuple[Callable[[Line, LineContext], str | None], ...] = (
    notes_entry, paragraph_after_list, attribution, list_item, caption_beside, caption_fragment, prose)


def kind_of(line: Line, ctx: LineContext) -> str | None:
    """What the first rule that names something says of a line; None: no rule did, the line is dropped."""
    for rule in LINE_RULES:
        said = rule(line, ctx)
        if said is not None:
            return said
    return None


def is_lone_caption(line: Line) -> bool:
    """A short unpunctuated line, alone in its block right under a heading and over prose, that holds what a
    caption does and a heading does not (a comma, parentheses, a year at its end: "Adams in March 2000",
    "Adams's gravestone, Highgate Cemetery, North London", enwiki Douglas Adams): the caption of the image
    that opens the section."""
    return 3 <= line.words and line.heading_shaped and not line.furniture and not line.reads_as_heading \
        and not line.bulleted and not line.toc_entry


def is_entry_like(line: Line, works: bool) -> bool:
    """A line that reads as an entry of a list, not running prose: short, or not ended as sentences are."""
    if works or not line.plain_ends_sentence:
        return line.plain_words < 40
    return line.plain_words < LONGEST_ITEM


def leaves_the_list(line: Line, run: Sequence[Line]) -> bool:
    """A one-line paragraph after a list shown one item a paragraph, whose shape departs from the items': they
    open with a lower-case name ("gnome-unstable enthält ...", "kde-unstable enthält ...", dewiki Arch Linux),
    it opens with a capital, as a sentence of running prose does ("Zusätzlich können Repositorien Dritter
    eingebunden werden, ..."): the paragraph after the list."""
    return (len(run) >= 2 and all(item.stripped[:1].islower() for item in run)
            and line.stripped[:1].isupper() and line.plain_ends_sentence)


def resumes_the_prose(lines: Sequence[Line]) -> bool:
    """The last line of a list's block is the paragraph after the list, which a browser's copy ends the list
    with (one line break, no blank line), when its shape departs from the items': a sentence under items that
    end none ("Heading Level 4" / "Note that CSS can drastically change the rendering."), or more sentences
    than any item and twice the longest item's words (enwiki HTML: "Those are the main changes ...")."""
    *items, last = lines
    if not last.plain_ends_sentence or last.plain.endswith(":") or len(items) < 2:
        return False
    longest = max(item.plain_words for item in items)
    if not any(item.plain_ends_sentence for item in items):
        return last.plain_words >= 5 and last.plain_words > longest
    return last.sentences > max(item.sentences for item in items) and last.plain_words >= 2 * longest


def reopening_headings(blocks: Sequence[Block], lang: str, contents: frozenset[str],
                       notes: frozenset[int]) -> frozenset[int]:
    """The indexes of the blocks that, in the back matter, open content again: a lone heading line not named
    like back matter (one of the table of contents' when the copy has one), whose section, up to the next
    back-matter heading, cites a source in its text. A "Resources" section after "See also" whose items are
    prose with their markers is content (enwiki Oral history); sub-headings of a bibliography ("Primary
    sources") are not, as the entries of a references list or a link list carry no markers. One walk from the
    end: whether a citation comes before the next back-matter heading is known for every block at once."""
    found: set[int] = set()
    cited_later = False  # a block after this one cites, before any back-matter heading
    for i in range(len(blocks) - 1, -1, -1):
        block = blocks[i]
        line = block[0]
        if (cited_later and len(block) == 1 and not line.furniture and line.is_section_heading(contents)
                and not is_back_matter(line.text, lang)):
            found.add(i)
        if len(block) == 1 and is_back_matter(line.text, lang):
            cited_later = False
        elif any(text.cites and text.offset not in notes and not text.text.lstrip().startswith("^") for text in block):
            cited_later = True
    return frozenset(found)


def heads(ahead: Sequence[Block], contents: frozenset[str], lang: str) -> bool:
    """Whether the first of the blocks ahead is a lone heading over prose (or over a list's entries, or over
    headings that are): the line above it is a heading too ("Growth and development" / "In Europe" / "Great
    Britain and Ireland" / prose, enwiki Oral history)."""
    following, rest = ahead[0], ahead[1:]
    line = following[0]
    if len(following) != 1 or not rest or line.furniture or not line.is_section_heading(contents) \
            or is_back_matter(line.text, lang):
        return False
    return is_prose(rest[0]) or rest[0][0].entry or heads(rest, contents, lang)


#: The end of a line's first sentence: a full stop before a capital ("Engraving, 1863.") or the line's end.
_FIRST_STOP = lazy_compile(r"""[.!?]["'\u201d\u2019)]*(?=\s+["'\u201c\u2018(]?[A-Z]|\s*$)""")
#: A short word or an initial before a full stop: an abbreviation's ("v.", "Dr.", "J."), no sentence's end.
_SHORT_WORD_END = lazy_compile(r"(?<![\w'])[A-Za-z]{1,2}$")
#: A relative word that opens a clause inside a caption's fragment ("Towel Day 2005 in Innsbruck, where Adams
#: first had the idea"): the fragment's own words stop there.
_CLAUSE_OPENER = lazy_compile(r"\s(?:where|which|who|whom|whose|when|while|as|that)\b")


def opens_with_fragment(line: str, lang: str) -> bool:
    """A line whose first sentence is a fragment: an image's caption, which names what the image shows ("A
    meeting of European and Māori inhabitants of Hawke's Bay Province. Engraving, 1863.", "Towel Day 2005 in
    Innsbruck, Austria, where Adams first had the idea of The Hitchhiker's Guide. In the novels ..."). A caption
    that holds a sentence ends its fragment with a full stop too (MOS:CAPTION); running prose opens with no
    fragment. The fragment opens with a name (an article, names and figures, one common word) right before a
    comma or a word such as "of" or "in", and has no verb before a relative word; only where the language's
    table says how (``caption_fragment``, English). A word that may be a verb counts as one: a doubt is prose."""
    fragment = rules_for(lang).caption_fragment
    if fragment is None or line.rstrip().endswith(":"):  # a line ending in a colon introduces what follows
        return False
    # The first full stop after a word of three letters or more, a figure or a quotation's end: "v." in
    # "Delgamuukw v. British Columbia" or an initial ends no sentence here.
    stop = next((m for m in _FIRST_STOP.finditer(line) if not _SHORT_WORD_END.search(line, 0, m.start())), None)
    first = line[:stop.start()] if stop else line.rstrip()  # a caption of one fragment may end unstopped
    opener = _CLAUSE_OPENER.search(first)
    return (3 <= len(WORD.findall(first)) <= 20 and _opens_with_a_name(first, fragment.after_name)
            and not fragment.finite_verb.search(first[:opener.start()] if opener else first))


def _opens_with_a_name(first: str, after_name: frozenset[str]) -> bool:
    """Whether a sentence opens with a name and then a comma or one of ``after_name``: "Map of", "A Rātana church
    on", "Elizabeth II, Queen of New Zealand"; not "Many species live in" (two common words)."""
    words = first.split()
    if words[:1] in (["A"], ["An"], ["The"]):
        words = words[1:]
    common = 0
    for i, word in enumerate(words[:6]):
        if i and word.lower() in after_name:
            return True
        common += word[:1].islower()
        if common > 1:
            return False
        if word.endswith(","):
            return i > 0 or not word[:1].islower()
    return False
