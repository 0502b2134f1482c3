"""The audit model: small frozen records that parsing produces and checks read.

Nothing here knows about wikitext, plain text, HTTP or output formats. Every
input format becomes an ``Article`` made of these records, so checks, scoring
and reports work the same whatever the article came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

#: Claim kinds.
PROSE, LIST, CAPTION = "prose", "list", "caption"
QUOTE, WORK = "quote", "work"

#: The title of an article's lead section.
LEAD = "(lead)"

#: Coverage of a claim by citations (see README, "Coverage").
FULL, PARTIAL, PARAGRAPH, NONE = "full", "partial", "paragraph", "none"


class Cover(StrEnum):
    """What covers a claim that carries no citation of its own (``Claim.cover``): the citation that gives it
    ``paragraph`` coverage, or would if its own citations were taken away. Strings, as coverage is.

    The parse sets it where it sets coverage (parse.assemble), whether the claim is cited or not, so that
    scoring's floor ("citing never costs more than not citing") and C103's words read one answer.
    """

    NONE = "none"  # nothing: uncited, it would have no citation (or an editor tagged it [citation needed])
    PARAGRAPH = "paragraph"  # a later claim of its paragraph cites (WP:CITEFOOT)
    QUOTATION = "quotation"  # a later paragraph of the block quotation it belongs to cites
    LIST_INTRODUCTION = "list-introduction"  # the cited claim ending in ":" that introduces its list (WP:LISTVERIFY)
    QUOTATION_INTRODUCTION = "quotation-introduction"  # it introduces a quotation that cites


_PARAGRAPH_WORDS = ("a later citation in the paragraph", "the paragraph's later citation supports this sentence too")
#: How findings name what covers a claim, by ``Claim.cover``: (what C103 says the claim relies on, what its fix
#: asks an editor to check). A claim covered by nothing is spoken of as one its paragraph covers (C103 and its fix
#: are never about such a claim, but a caller need not know that). Plain pairs: a dataclass would cost start-up.
COVER_WORDS: dict[Cover, tuple[str, str]] = {
    Cover.NONE: _PARAGRAPH_WORDS,
    Cover.PARAGRAPH: _PARAGRAPH_WORDS,
    Cover.QUOTATION: ("a later citation of the quotation",
                      "the quotation's later citation supports this paragraph too"),
    Cover.LIST_INTRODUCTION: ("the citation of the list's introduction",
                              "the citation of the list's introduction supports this item too"),
    Cover.QUOTATION_INTRODUCTION: ("the citation of the quotation it introduces",
                                   "the citation of the quotation it introduces supports this sentence too"),
}


class Tier(StrEnum):
    """A reliability verdict on a source's domain, as WP:RSP and the users' source lists give it.

    Strings (the record writes them as they are); the one place that spells them.
    """

    GENERALLY_RELIABLE = "generally-reliable"
    NO_CONSENSUS = "no-consensus"
    GENERALLY_UNRELIABLE = "generally-unreliable"
    DEPRECATED = "deprecated"
    BLACKLISTED = "blacklisted"
    MULTI = "multi"  # several WP:RSP entries for the domain (DomainInfo.tiers says which)


#: The tiers that count against a source (batch's count of cited unreliable domains).
UNRELIABLE_TIERS = frozenset({Tier.GENERALLY_UNRELIABLE, Tier.DEPRECATED, Tier.BLACKLISTED})


class ParseCode(StrEnum):
    """The codes of the parse problems the parsers report (the catalogue, auditor.checks, says what each
    means for an audit: incomplete, unaudited, its weight). Strings, as every finding code."""

    ORPHAN_MARKER = "P901"
    UNPARSED_MARKUP = "P902"
    NESTING_TOO_DEEP = "P903"
    TIME_BUDGET_EXCEEDED = "P904"
    SLOW_MARKUP_NEUTRALISED = "P905"


@dataclass(frozen=True)
class Location:
    """A place in the input: 1-based line and column, 0-based character offset."""

    line: int
    column: int
    offset: int


@dataclass(frozen=True)
class Flag:
    """An inline maintenance tag such as {{citation needed}} or ``[page needed]``.

    ``name`` is the canonical lowercase name ("page needed"); ``family`` groups
    flags that mean the same kind of problem ("unsourced", "verification",
    "source-quality", "incomplete", "link-rot", "wording"). ``citation`` is the
    label of the citation the flag follows directly, if any: such a flag marks
    that reference as well as the claim. ``at`` is where the flag stands in the
    text of its claim (the length of the text it follows). ``shown`` is what the
    page shows for it, brackets included ("[citation needed]" for ``{{cn}}``).
    """

    name: str
    family: str
    written: str
    location: Location
    date: str | None = None
    reason: str | None = None
    citation: str | None = None
    group: str = ""
    at: int = 0
    shown: str = ""

    @property
    def words(self) -> str:
        """What the page shows for the flag: its rendered form, else its canonical name in brackets."""
        return self.shown or f"[{self.name}]"

    def placed(self, at: int) -> "Flag":
        """The same flag standing ``at`` characters into its claim's text (cheaper than dataclasses.replace)."""
        return Flag(self.name, self.family, self.written, self.location, self.date, self.reason, self.citation,
                    self.group, at, self.shown)


@dataclass(frozen=True)
class Citation:
    """A marker attached to a claim, labelled as the rendered page labels it.

    ``label`` is what a reader sees between the brackets ("17", "a", "note 3");
    ``key`` identifies the reference it points to (same key, same reference);
    ``page`` is a page pin ({{rp|12}}, sfn ``p=``, or ``[1]: 214`` in a copy).
    ``note`` is true for an explanatory note ({{efn}}) that holds no source.
    ``at`` is where the marker stands in the text of its claim: the length of the text it follows.
    """

    label: str
    key: str
    location: Location
    group: str = ""
    page: str | None = None
    note: bool = False
    at: int = 0

    def placed(self, at: int) -> "Citation":
        """The same citation standing ``at`` characters into its claim's text (cheaper than dataclasses.replace)."""
        return Citation(self.label, self.key, self.location, self.group, self.page, self.note, at)


@dataclass(frozen=True)
class Reference:
    """The source a citation points to: its content and what parsing found in it.

    ``fields`` holds normalised citation fields (title, url, website, page, ...)
    as sorted (name, value) pairs: what the source says, never what the parser
    concluded (that has its own attributes below). ``kind`` says how the
    reference was written ("template", "bare-url", "text", "short", "unknown"
    when the content was never seen, as with copied text without its reference list).
    """

    key: str
    label: str
    group: str = ""
    name: str | None = None
    content: str = ""
    kind: str = "unknown"
    template: str | None = None
    fields: tuple[tuple[str, str], ...] = ()
    location: Location | None = None
    #: A short citation's link to its full entry: "yes", "no", or "text" (the entry is plain text with no
    #: anchor: a reader finds it, the rendered link does not); None for any other reference.
    resolved: str | None = None
    #: The anchor a short citation links to (CITEREF...), when its names and year make one.
    target: str | None = None
    #: A copied reference's text says "Archived from the original".
    archived: bool = False

    def field(self, name: str) -> str | None:
        """Return the value of one citation field, or None when absent."""
        for key, value in self.fields:
            if key == name:
                return value
        return None


@dataclass(frozen=True)
class Claim:
    """A sentence, list item, caption, quotation sentence or works-list entry.

    ``kind`` is prose, list, caption, quote (a sentence of a block quotation) or work (an entry of a list
    of works: a catalogue entry, not a statement that needs its own citation).

    ``text`` is the claim as a reader reads it, without citation markers and
    flags. ``cited_until`` is the length of the text that the last citation
    inside the claim covers: equal to ``len(text)`` when a citation closes the
    claim, smaller when the claim goes on after its last citation. ``links``
    are the spans of ``text`` that are the text of a link, as (start, end)
    pairs (wikitext and HTML; a copy shows none). ``cover`` is what covers the claim when it carries
    no citation of its own (a ``Cover``): what gives it ``paragraph`` coverage, or, for a cited claim,
    what would give it that coverage without its citations.
    """

    id: str
    kind: str
    section: str
    paragraph: int
    text: str
    location: Location
    citations: tuple[Citation, ...] = ()
    flags: tuple[Flag, ...] = ()
    coverage: str = NONE
    cited_until: int = 0
    links: tuple[tuple[int, int], ...] = ()
    cover: Cover = Cover.NONE


@dataclass(frozen=True)
class Section:
    """A heading of the article; the lead section has the title "(lead)"."""

    title: str
    level: int
    location: Location


@dataclass(frozen=True)
class Problem:
    """Something parsing could not handle and says so instead of hiding it.

    ``code`` is a parse-problem finding code ("P901"); checks turn problems
    into findings unchanged.
    """

    code: str
    message: str
    location: Location | None = None


@dataclass(frozen=True)
class SourceInfo:
    """Where the article text came from: a file, stdin, a wiki revision, a dump."""

    kind: str
    name: str
    wiki: str | None = None
    revision: int | None = None
    url: str | None = None
    timestamp: str | None = None
    redirected_from: str | None = None
    parent: int | None = None
    normalized_from: str | None = None
    page_url: str | None = None
    edit_url: str | None = None
    warnings: tuple[str, ...] = ()
    lang: str | None = None  # the wiki's language when the source knows it (siteinfo, host, dump)


@dataclass(frozen=True)
class DomainInfo:
    """What the tables say about one URL. tier is None when no list knows the domain.

    tier "multi" means WP:RSP has several entries for the domain (an outlet's news and its opinion pages,
    staff and contributors); tiers then lists what those entries say, most cautious first.
    """

    url: str
    domain: str | None
    matched: str | None
    tier: Tier | None
    types: tuple[str, ...]
    source: str | None
    archived: bool
    tiers: tuple[Tier, ...] = ()


if TYPE_CHECKING:  # for the type checker only: defining a Protocol class costs 0.2 M instructions at start-up
    from typing import Protocol

    class SourceTable(Protocol):
        """What the audit asks of a reliability table (auditor.reliability.ReliabilityTable): the verdict on a
        cited URL."""

        def classify(self, url: str) -> DomainInfo:
            """What the tables say about the URL (DomainInfo.domain None when it is no web URL)."""


@dataclass(frozen=True)
class Article:
    """One parsed article: the only thing checks and scoring ever see.

    ``inline_templates`` counts the templates that stood inside a sentence; ``rendered_templates`` how
    many of them the parser could render as the reader sees them (the rest are gaps in the text).
    """

    title: str
    input_format: str
    source: SourceInfo
    sections: tuple[Section, ...] = ()
    claims: tuple[Claim, ...] = ()
    references: tuple[Reference, ...] = ()
    orphans: tuple[Citation | Flag, ...] = ()
    problems: tuple[Problem, ...] = ()
    size: int = 0
    inline_templates: int = 0
    rendered_templates: int = 0
    lang: str = "en"  # the wiki's language, whose flags, section names and sentence rules were read


@dataclass(frozen=True)
class Finding:
    """What a check reports: a code, its kebab-case name and a plain message.

    ``claim`` is the id of the claim it concerns (None for article-level
    findings); ``reference`` the key of the reference that caused it, if any.
    ``weight`` is the penalty scoring applies, taken from the configuration.
    """

    code: str
    name: str
    family: str
    message: str
    location: Location | None = None
    claim: str | None = None
    reference: str | None = None
    weight: int = 0
    extra: tuple[tuple[str, str], ...] = field(default=())
