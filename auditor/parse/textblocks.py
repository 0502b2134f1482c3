"""A copy's blocks: blank-line separated runs of lines, and what a block as a whole is.

A copy shows a paragraph, a list, a table's row or the table of contents as a block; a browser's copy also
glues a heading, a hatnote or a caption to the block below it with one line break, so headings are cut out
of blocks here before the reader reads them (auditor/parse/text.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from auditor.compiled import lazy_compile
from auditor.parse.languages import all_edit_links
from auditor.parse.sections import is_back_matter
from auditor.parse.textlines import BRACKET, Line

Block = list[Line]

#: An entry of a notes list written with its number: "[2] Author, Title, p. 189".
_NUMBERED_NOTE = lazy_compile(r"^\s*\[(\d{1,4})\](?:\s+\S|\s*$)")


def _without_edit_link(line: str) -> str:
    """A heading as a browser copies it, glued to its edit link ("Storia[modifica | modifica wikitesto]",
    "Early life[edit]"): the link is dropped, the line's start (and so its offset) kept."""
    stripped = line.rstrip()
    if stripped.endswith("]"):
        for link in all_edit_links():
            if stripped.endswith(link):
                return stripped[:-len(link)].rstrip()
    return line


def paragraphs(text: str) -> list[Block]:
    """Group the input's lines, with their offsets, into blank-line separated blocks."""
    blocks: list[Block] = [[]]
    offset = 0
    for raw in text.splitlines(keepends=True):
        line = _without_edit_link(raw.rstrip("\r\n"))
        if line.strip():
            blocks[-1].append(Line(line, offset))
        elif blocks[-1]:
            blocks.append([])
        offset += len(raw)
    return [block for block in blocks if block]


def table_of_contents(blocks: Sequence[Block]) -> frozenset[str]:
    """The headings a copy's table of contents lists ("1 History", "1.1 Early life", ...), or none.

    A copy of a page whose skin prints the contents in the article holds every heading there, numbered; with
    them, a short line that is not one of them (a caption: "Pacman-Versionsübersicht" under "Pacman") is no
    heading, and one that is (a heading with parentheses or a comma) is one.
    """
    titles: list[str] = []
    for block in blocks:
        for line in block:
            match = line.toc_entry
            if match and (titles or match.group(1) == "1"):
                titles.append(match.group(2).strip())
            elif titles:
                return frozenset(titles) if len(titles) >= 3 else frozenset()
    return frozenset(titles) if len(titles) >= 3 else frozenset()


def is_contents(block: Block) -> bool:
    """A block of a copied table of contents: three or more numbered headings, most of its lines."""
    numbered = [line for line in block if line.toc_entry and not line.ends_sentence]
    return len(numbered) >= 3 and 2 * len(numbered) >= len(block)


def is_table_row(block: Block) -> bool:
    """A block of short indented lines, a cell each: a table's row as a copy shows it ("\tNo." "\tTitle"
    "\tLength"), even where a cell ends with a full stop."""
    return len(block) > 1 and all(line.cell and line.words < 6 for line in block)


def is_table_caption(line: Line, below: Block) -> bool:
    """The line right above a table's first row of tab-separated cells: the table's caption, part of the table."""
    return bool(below) and "\t" in below[0].stripped and "\t" not in line.text and line.words < 25


def opens_the_prose(block: Block) -> bool:
    """The first paragraph of the lead: a sentence of five words or more (before it: the infobox, whose cells a
    copy indents with a tab, however long and cited: "\tRolling Release (monatlicher Schnappschuss[2])")."""
    return any(line.plain_words >= 5 and (line.ends_sentence or line.marked)
               for line in block if not line.furniture and not line.cell)


def is_prose(block: Block) -> bool:
    """A paragraph of prose: a long line, or one ending a sentence (before its markers), after any hatnote."""
    first = next((line for line in block if not line.furniture_line), block[0])
    return not first.furniture and (first.plain_words > 10 or first.plain_ends_sentence)


def is_aside(block: Block, contents: frozenset[str] = frozenset()) -> bool:
    """Furniture, or a lone short line that is no heading (a caption between a heading and its text)."""
    content = [line for line in block if not line.furniture]
    return not content or (len(content) == 1 and content[0].heading_shaped
                           and not content[0].is_section_heading(contents))


def is_term_line(block: Block | None) -> bool:
    """A paragraph of one line that opens with the term it explains ("HSV o HSB: Basado en ...")."""
    return block is not None and len(block) == 1 and block[0].term


def body_of(block: Block) -> str:
    """A copied paragraph as a section body for section_role (markers dropped)."""
    return "\n".join(BRACKET.sub("", line.text) for line in block)


def _opens_a_section(line: Line, after: Line, lang: str, in_list: bool) -> bool:
    """A heading inside a block of lines: a browser's copy ends a heading with one line break, not a blank line.

    It is one when what follows it in the block opens a section (a hatnote, a paragraph, a notes list), or when
    it names back matter ("See also" over its portal boxes and links). In a list's block (after a line ending
    in a colon) a short item may stand over longer ones: there only a hatnote or a back-matter name tells.
    """
    return not line.furniture and line.reads_as_heading and (
        after.furniture_line or is_back_matter(line.text, lang)
        or not in_list and (is_prose([after]) or after.reference_like or after.entry))


def split_headings(block: Block, lang: str, in_list: bool) -> list[Block]:
    """A block cut before and after each heading it holds ("History", "Main article: ...", "The Māori ...")."""
    blocks: list[Block] = [[]]
    for i, line in enumerate(block):
        if i + 1 < len(block) and _opens_a_section(line, block[i + 1], lang, in_list):
            blocks.extend([[line], []])
            in_list = block[i + 1].entry  # a new section: a list, or the list was over
        else:
            blocks[-1].append(line)
    return [part for part in blocks if part]


@lru_cache(maxsize=1)  # the reader and the references list both ask, of the same text
def notes_list_lines(text: str) -> frozenset[int]:
    """Offsets of the lines of a notes list written "[1] ...", "[2] ...", at the end of a copy.

    The list is the last run numbered 1, 2, 3, ... (three entries or more); lines that a copy opened with a
    marker ("[17] Eventually...", a lone "[4]") are numbered as the text cites, not one after another.
    """
    found: list[tuple[int, int]] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        match = _NUMBERED_NOTE.match(raw)
        if match:
            found.append((offset, int(match.group(1))))
        offset += len(raw)
    for start in range(len(found) - 1, -1, -1):
        if found[start][1] != 1:
            continue
        run = [o for i, (o, n) in enumerate(found[start:]) if n == i + 1]
        if len(run) >= 3 and len(run) == len(found) - start:
            return frozenset(run)
    return frozenset()
