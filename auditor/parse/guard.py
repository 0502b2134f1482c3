"""Known slow and lossy shapes of wikitext, found before the wikitext parser sees them.

mwparserfromhell 0.7.2 retries every opener it cannot close: each unclosed
``{{``, ``[[``, ``<tag>``, ``<!--`` (to the end of the text) or ``[http://`` (to the end
of the line) makes it read the rest of the input again, so a run of them costs
time growing with their count times the text after them: ``{{x|`` x4000 (16 KB)
parses in about 13 s. An opener it cannot close ends up as plain text anyway, so
the guard turns such openers into placeholder characters of the same length
before parsing (offsets stay valid) and the parser restores them in its output.

It also measures nesting: past the parser's depth limit (100 units; about 33
templates, 99 links or tags, or 50 tables) the inner markup is silently read
as text.

Pure: no parser, no I/O; ``scan`` and ``defuse`` are functions of the text.
"""

from __future__ import annotations

import bisect
import re
from operator import itemgetter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, NamedTuple

from auditor.model import Location, ParseCode, Problem

#: Reading units the parser may spend on retries before the guard steps in;
#: measured: about 3e-7 s per unit for templates, less for links and tags.
COST_LIMIT = 3_000_000
#: mwparserfromhell's tokenizer depth limit (Tokenizer.MAX_DEPTH).
DEPTH_LIMIT = 100
#: Depth units one open construct takes in the tokenizer (measured: templates
#: with a positional parameter nest 33 deep, links and tags 99).
_WEIGHT = {"template": 3, "link": 1, "tag": 1, "external": 1, "comment": 1, "table": 1}
#: The spaces and tabs that may stand before a table's ``{|`` or ``|}`` on its line.
_BLANKS = re.compile(r"[ \t]*")
#: Tags that need no closing tag in mwparserfromhell (its SINGLE list).
_SINGLE = frozenset("br wbr hr meta link img li dt dd th td tr".split())
_SCHEMES = r"(?:https?|ftps?|irc|ircs|news|mailto|gopher|nntp|telnet|sftp|ssh|svn|git|mms|xmpp|sip|sips|tel|urn|geo)"
# Every branch opens with a plain character, before its group, so the engine finds the next candidate by
# its set of first characters ({ } [ ] <) and skips plain text in one tight loop (the search alone on
# United-Kingdom.wiki: 1.6 ms, against 3.5 ms with a lookahead in front of branches that open with their
# groups). A match's kind is its last group (m.lastgroup), its text the whole match.
_TOKEN = re.compile(
    r"\{(?P<open_t>\{+)|\}(?P<close_t>\}+)|\[(?P<open_l>\[)|\](?P<close_l>\])"
    r"|\[(?P<open_e>)(?=" + _SCHEMES + r":|//)|\](?P<close_e>)"
    r"|<(?P<slash>/?)(?P<tag>[A-Za-z][\w:-]{0,40})(?P<attrs>[^<>\n]{0,2000}?)(?P<self>/?)>"
    r"|<!--(?P<comment>)",
)
#: Placeholder characters: private-use code points, one per neutralised opener char.
_PRIVATE = range(0xE000, 0xF900)


class Opener(NamedTuple):
    """One opening mark: its kind, where it starts and how many characters it has.

    A named tuple, not a dataclass: the guard makes one per opener of every article, and a
    frozen dataclass costs several times more to create.
    """

    kind: str
    start: int
    size: int


@dataclass(frozen=True)
class Scan:
    """What the guard saw: openers nobody closes, their retry cost, the nesting depth.

    The depth is worked out when first asked (sorting every pair's start and end: 13 M instructions on
    United-Kingdom.wiki), and ``too_deep`` asks it only where ``bound``, which the pairing counts as it goes,
    does not already rule out the limit: most articles nest a few levels deep.
    """

    unclosed: tuple[Opener, ...]
    cost: int
    text: str = field(repr=False)
    pairs: list[tuple[int, int, int]] = field(repr=False)  # (start, end, weight) of the matched pairs
    bound: int  # at least the depth: each kind's weight times the most of it ever open together, tables twice

    @cached_property
    def _deepest(self) -> tuple[int, int]:
        return _depth(self.pairs + _table_pairs(self.text, self.pairs))

    @property
    def depth(self) -> int:
        """The deepest weighted nesting of matched pairs (tables and their cells included)."""
        return self._deepest[0]

    @property
    def depth_at(self) -> int:
        """Where the opener that reached the deepest nesting starts."""
        return self._deepest[1]

    def too_deep(self) -> bool:
        """Whether the nesting reaches the parser's depth limit (DEPTH_LIMIT)."""
        return self.bound >= DEPTH_LIMIT and self.depth >= DEPTH_LIMIT


@dataclass(frozen=True)
class Guarded:
    """Text ready for the parser, with what it takes to undo the placeholders."""

    text: str
    restore: dict[int, int] = field(default_factory=dict)  # str.translate table
    neutralised: dict[str, int] = field(default_factory=dict)  # kind -> openers
    scan: Scan | None = None


def _match(text: str) -> tuple[list[Opener], list[tuple[int, int, int]], int]:
    """Pair openers with closers; return the unclosed openers, (start, end, weight) of pairs, and a bound of
    their nesting (Scan.bound, tables aside): the sum over kinds of each kind's weight times the most openers
    of it on its stack at once (tags of every name counted together).

    The article's marks (about 6,300 on United-Kingdom.wiki) are read in one finditer; the open ones wait as
    plain offsets in a stack per kind (per tag name for tags), and only those left unclosed become Openers.
    A closed comment's content is skipped: no mark that starts inside it ends past its ``-->``.
    A pair is on its kind's stack from its opener to its closer, and no opener stands inside a closer, so the
    pairs open at any opener are at most the openers on the stacks then: the bound holds.
    The loop is the guard's cost, so it is written for it: the kinds most marks are of come first, each kind's
    stack is a local list (tags' stacks by name in a dict), and a mark's end is asked only of closers.
    """
    links: list[int] = []
    templates: list[int] = []
    externals: list[int] = []
    comments: list[int] = []
    tags: dict[str, list[int]] = {}
    pairs: list[tuple[int, int, int]] = []
    add = pairs.append
    last_close, skip_to = text.rfind("-->"), 0
    line_end = -1  # where the line of the open bracketed external links ends
    template, link, tag, external = _WEIGHT["template"], _WEIGHT["link"], _WEIGHT["tag"], _WEIGHT["external"]
    single = _SINGLE
    most_links = most_templates = most_externals = most_tags = open_tags = 0
    for m in _TOKEN.finditer(text):
        start = m.start()
        if start < skip_to:
            continue
        if line_end >= 0 and start > line_end:
            externals.clear()  # a bracketed link ends at the line; it is retried to there
            line_end = -1
        kind = m.lastgroup
        if kind == "open_l":
            links.append(start)
            if len(links) > most_links:
                most_links = len(links)
        elif kind == "close_l":
            if links:
                add((links.pop(), m.end(), link))
        elif kind == "self":  # a tag: its last group is the self-closing slash, empty or not
            if m.group("self"):
                continue
            name = m.group("tag").lower()
            if name in single:
                continue
            if m.group("slash"):
                stack = tags.get(name)
                if stack:
                    add((stack.pop(), m.end(), tag))
                    open_tags -= 1
            else:
                stack = tags.get(name)
                if stack is None:
                    tags[name] = [start]
                else:
                    stack.append(start)
                open_tags += 1
                if open_tags > most_tags:
                    most_tags = open_tags
        elif kind == "open_t":
            size = m.end() - start
            if size < 4:
                templates.append(start)
            else:
                templates.extend(range(start, start + size - 1, 2))
            if len(templates) > most_templates:
                most_templates = len(templates)
        elif kind == "close_t":
            end = m.end()
            for _ in range((end - start) // 2):
                if templates:
                    add((templates.pop(), end, template))
        elif kind == "comment":
            end = m.end()
            if end <= last_close:  # closed: its content is not markup
                skip_to = text.find("-->", end) + 3
                if start <= line_end < skip_to:  # a line break inside a comment does not end the link
                    line_end = text.find("\n", skip_to)
                    line_end = len(text) if line_end < 0 else line_end
            else:  # never closed: retried to the end like any opener, and what follows is read as markup
                comments.append(start)
        elif kind == "open_e":
            externals.append(start)
            if len(externals) > most_externals:
                most_externals = len(externals)
            if line_end < 0:
                line_end = text.find("\n", start)
                line_end = len(text) if line_end < 0 else line_end
        elif externals:  # close_e
            add((externals.pop(), m.end(), external))
    if 0 <= line_end < len(text):
        externals.clear()
    unclosed = [Opener("link", at, 2) for at in links] + [Opener("template", at, 2) for at in templates]
    unclosed += [Opener("external", at, 1) for at in externals] + [Opener("comment", at, 1) for at in comments]
    unclosed += [Opener("tag", at, 1) for stack in tags.values() for at in stack]
    unclosed.sort(key=itemgetter(1))
    bound = template * most_templates + link * most_links + tag * most_tags + external * most_externals
    return unclosed, pairs, bound


def _table_pairs(text: str, pairs: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Matched tables as (start, end, weight) pairs: a table takes one unit, and its cell one more.

    Measured: n tables nested in each other's cells parse whole up to n = 50,
    and k tags inside them up to 2n + k = 99: the cell's unit counts from the
    first markup nested in the table, so the innermost table holding only
    text takes one unit. (Templates inside tables nest a unit or two deeper
    than this counts: P903 may come at the very edge where they still parse.)
    """
    tables = _tables(text)
    nested = sorted([start for start, _, _ in pairs] + [start for start, _ in tables])
    out = []
    for start, end in tables:
        out.append((start, end, _WEIGHT["table"]))
        first = bisect.bisect_right(nested, start)
        if first < len(nested) and nested[first] < end:
            out.append((nested[first], end, 1))
    return out


def _tables(text: str) -> list[tuple[int, int]]:
    """Matched tables as (start, end): ``{|`` and ``|}`` that open their line, after spaces and tabs (a
    table starts with its line).

    The marks are few: str.find finds them, and a mark is kept when only spaces and tabs stand before it
    on its line; the search for the next goes on at the next line, since no later mark of a line can open
    it. So each line is read once, and the scan stays linear in the text, as the guard must. (A regular
    expression anchored at every line start cost 27 M instructions on United-Kingdom.wiki, this 4 M.)
    """
    marks = []
    for mark in ("{|", "|}"):
        at = text.find(mark)
        while at >= 0:
            line = text.rfind("\n", 0, at) + 1
            if _BLANKS.match(text, line).end() == at:
                marks.append((at, line, mark == "{|"))
            end = text.find("\n", at)
            at = text.find(mark, end) if end >= 0 else -1
    tables, open_at = [], []
    for at, line, opens in sorted(marks):
        if opens:
            open_at.append(line)
        elif open_at:
            tables.append((open_at.pop(), at + 2))
    return tables


def _depth(pairs: list[tuple[int, int, int]]) -> tuple[int, int]:
    """The deepest weighted nesting of matched pairs, and where it is reached.

    Each start and end is one int, offset * 16 + (8 for a start) + weight (weights are 1 to 3), so that
    sorting plain ints (not tuples) puts ends before starts at the same offset.
    """
    events = sorted([start * 16 + 8 + w for start, _, w in pairs] + [end * 16 + w for _, end, w in pairs])
    depth = deepest = at = 0
    for event in events:
        depth += event & 7 if event & 8 else -(event & 7)
        if depth > deepest:
            deepest, at = depth, event >> 4
    return deepest, at


def scan(text: str) -> Scan:
    """Find unclosed openers, estimate what they cost the parser, and measure nesting."""
    unclosed, pairs, bound = _match(text)
    cost = 0
    for opener in unclosed:
        if opener.kind == "external":
            end = text.find("\n", opener.start)
            cost += (len(text) if end < 0 else end) - opener.start
        else:
            cost += (len(text) - opener.start) * _WEIGHT[opener.kind]
    # a table takes a unit and its cell one more (_table_pairs), and each table opens with a "{|"
    return Scan(tuple(unclosed), cost, text, pairs, bound + 2 * _WEIGHT["table"] * text.count("{|"))


def _placeholders(text: str, count: int) -> list[str]:
    """``count`` private-use characters that do not occur in the text."""
    present = set(text)
    free = [chr(c) for c in _PRIVATE if chr(c) not in present]
    if len(free) < count:
        raise ValueError("no free placeholder characters")
    return free[:count]


def defuse(text: str, limit: int = COST_LIMIT) -> Guarded:
    """Neutralise unclosed openers when their retry cost is over ``limit``.

    Each character of such an opener's mark (``{{``, ``[[``, ``[``, ``<``)
    becomes a placeholder of the same length, so offsets are unchanged and
    ``text.translate(restore)`` gives the input back.
    """
    found = scan(text)
    if found.cost <= limit or not found.unclosed:
        return Guarded(text, scan=found)
    marks = sorted({text[o.start] for o in found.unclosed})
    try:
        spare = _placeholders(text, len(marks))
    except ValueError:
        return Guarded(text, scan=found)
    forward = dict(zip(marks, spare))
    chars = list(text)
    neutralised: dict[str, int] = {}
    for opener in found.unclosed:
        for i in range(opener.start, opener.start + opener.size):
            chars[i] = forward[chars[i]]
        neutralised[opener.kind] = neutralised.get(opener.kind, 0) + 1
    restore = {ord(p): ord(m) for m, p in forward.items()}
    return Guarded("".join(chars), restore, neutralised, found)


def problems_of(guarded: Guarded, locate: Callable[[int], Location]) -> tuple[Problem, ...]:
    """The parse problems the guard saw: neutralised openers (P905), nesting too deep (P903)."""
    problems = []
    found = guarded.scan
    if guarded.neutralised:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(guarded.neutralised.items()))
        first = found.unclosed[0].start if found and found.unclosed else 0
        problems.append(Problem(ParseCode.SLOW_MARKUP_NEUTRALISED, f"unclosed markup read as text to keep parsing fast ({kinds} "
                                        "openers never closed)", locate(first)))
    if found is not None and found.too_deep():
        problems.append(Problem(ParseCode.NESTING_TOO_DEEP, f"markup nested {found.depth} levels deep (limit {DEPTH_LIMIT - 1}; "
                                        "a template counts 3, a table 2): the parser reads the innermost as text",
                                locate(found.depth_at)))
    return tuple(problems)
