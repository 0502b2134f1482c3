"""What every check shares: the Check record, the hit a check yields, the context."""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from string import Template
from typing import TYPE_CHECKING, Callable, Iterable, NamedTuple

from auditor.model import COVER_WORDS, LEAD, Article, Cover, DomainInfo, Flag, Location, Reference

if TYPE_CHECKING:
    from auditor.model import SourceTable

FAMILIES = {
    "C": "claims",
    "F": "flags",
    "R": "references",
    "P": "parse",
}


class Hit(NamedTuple):
    """What a check found, before the runner turns it into a Finding."""

    message: str
    reference: str | None = None
    location: Location | None = None


_POLICY = re.compile(r"\bWP:[A-Z]+")
_EXAMPLE = re.compile(r"^(Fails|Passes):\s*(.*)$")


@dataclass(frozen=True)
class Check:
    """A check: a small pure function with a stable code and a kebab-case name.

    ``scope`` says what the function looks at: "claim" functions take
    (claim, context), "article" functions take (article, context), "reference"
    functions take (reference, context) and their findings go to every claim
    citing the reference.

    ``by_need``: the weight is that of a claim of middling citation need, and grows or shrinks with
    the claim's need (``need_factor``). ``verdict``: the check judges a reference's domain (tier or
    type); a reference gets one verdict, the heaviest of those that apply.
    """

    code: str
    name: str
    scope: str
    function: Callable[..., Iterable[Hit]]
    weight: int
    by_need: bool = False
    verdict: bool = False
    #: The finding says the article was not read whole, so the audit is incomplete: it never passes,
    #: it cannot be deselected, and CI formats raise it as a warning (JUnit: an <error>).
    incomplete: bool = False
    #: Nothing of the article was audited (its parse ran past the time budget): the run exits 2, as for
    #: any input the auditor cannot read.
    unaudited: bool = False
    #: The finding makes the reference unusable for the claim citing it: the claim gets no credit for it
    #: (deprecated or blacklisted sources, broken short citations, tags saying the source fails the claim).
    severe: bool = False
    #: The check reads only the claim's flags: a claim without flags gets no finding from it, so the runner
    #: does not ask it about one (most claims carry none).
    on_flags: bool = False
    #: What an editor can do about a finding: a template ($month: this month, for a tag's ``|date=``;
    #: $citation: "citation [12]", or "the citation"; $supports: that the citation covering the claim
    #: supports it, by its ``Claim.cover``).
    fix: str = ""

    def fix_for(self, label: str | None, month: str, cover: Cover = Cover.NONE) -> str:
        """The fix of one finding, whose reference has this label (None: no reference), in this month
        ("January 2026"), on a claim with this cover."""
        return _fill(self.fix, month, f"citation [{label}]" if label else "the citation", cover)

    @property
    def level(self) -> str:
        """The CI level of the code when no claim decides it (SARIF ``defaultConfiguration``, article findings).

        A code that makes the audit incomplete is a warning; one that costs a claim nothing (weight 0: parse
        problems, R319) a note; every other code a warning.
        """
        return "warning" if self.incomplete or self.weight else "note"

    @property
    def policy(self) -> str:
        """The Wikipedia policy or guideline shortcut the docstring names first (WP:CITE if none)."""
        found = _POLICY.search(self.doc)
        return found.group(0) if found else "WP:CITE"

    @property
    def help_uri(self) -> str:
        """Where the policy behind the code is explained (SARIF ``helpUri``)."""
        return f"https://en.wikipedia.org/wiki/{self.policy}"

    @property
    def help_markdown(self) -> str:
        """The documentation as Markdown: what `--explain` prints, its examples as code (SARIF ``help``)."""
        lines = []
        for line in self.doc.splitlines():
            example = _EXAMPLE.match(line)
            lines.append(f"- **{example.group(1)}:** `{example.group(2).strip()}`" if example else line)
        return "\n".join([f"**{self.code} {self.name}** ({self.family}, weight {self.weight})", "", *lines,
                          "", f"Policy: [{self.policy}]({self.help_uri})"])

    @property
    def family(self) -> str:
        """The family a code belongs to, from its prefix."""
        return FAMILIES[self.code[0]]

    @property
    def doc(self) -> str:
        """The check's documentation: what `auditor checks --explain CODE` prints."""
        return inspect.cleandoc(self.function.__doc__ or "")

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.splitlines()[0] if self.doc else ""


@lru_cache(maxsize=1024)
def _fill(fix: str, month: str, citation: str, cover: Cover) -> str:
    """A fix template filled in; an article's findings share a few codes, months, citations and covers."""
    return Template(fix).safe_substitute(month=month, citation=citation,
                                         supports=COVER_WORDS[cover][1])


#: The longest quoted snippet in a message, in characters; shorter ones are never cut.
SNIPPET = 80


def snippet(text: str, limit: int = SNIPPET) -> str:
    """``text`` on one line, cut at a word boundary with an ellipsis when longer than ``limit``.

    The cut keeps at least half of ``limit`` (a single long word is cut inside it instead), so a
    snippet is never so short that it misleads. Every message and report quotes text through this.

    >>> snippet("Đilas subsequently described them as Fascists", 30)
    'Đilas subsequently described…'
    >>> snippet("short enough", 30)
    'short enough'
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit].rfind(" ")
    head = text[: cut if cut >= limit // 2 else limit - 1].rstrip(" ,;:")
    return head + "\u2026"


def need_factor(need: float, spread: float) -> float:
    """How much of a by-need check's weight a claim pays: 1 at need 0.5, from 1 - spread/2 to 1 + spread/2.

    >>> need_factor(0.5, 1.0), need_factor(1.0, 1.0), need_factor(0.0, 1.0), need_factor(0.9, 0.0)
    (1.0, 1.5, 0.5, 1.0)
    """
    return 1 + spread * (need - 0.5)


@dataclass(frozen=True)
class Context:
    """What a check may know beyond the claim: the article and the settings.

    ``domains`` holds, by reference key, what the reliability table says of the reference's URL
    (a DomainInfo); ``flagged`` the (claim id, flag) pairs of reference-level flags by reference key.
    ``need`` holds each claim's citation need (0-1) by claim id, ``sentence_need`` the need of its
    sentence alone (the section left out: the lead rule's own test); ``high_need`` is the sentence need
    from which the lead rule no longer lightens an uncited lead claim; ``body_cited`` says whether a
    claim outside the lead carries a citation.
    """

    article: Article
    references: dict[str, Reference] = field(default_factory=dict)
    today: str = ""
    domains: dict[str, DomainInfo] = field(default_factory=dict)
    flagged: dict[str, tuple[tuple[str, Flag], ...]] = field(default_factory=dict)
    need: dict[str, float] = field(default_factory=dict)
    sentence_need: dict[str, float] = field(default_factory=dict)
    high_need: float = 0.7
    body_cited: bool = False

    @classmethod
    def of(cls, article: Article, today: str = "", sources: SourceTable | None = None,
           need: dict[str, float] | None = None, sentence_need: dict[str, float] | None = None,
           high_need: float = 0.7) -> "Context":
        """Build the context of one article."""
        body_cited = any(c.section != LEAD and any(not x.note for x in c.citations) for c in article.claims)
        return cls(article, {r.key: r for r in article.references}, today,
                   classify_references(article.references, sources), reference_flags(article),
                   need or {}, sentence_need or {}, high_need, body_cited)


def reference_url(reference: Reference) -> str | None:
    """The URL that stands for a reference's source: its url, else its archive's."""
    return reference.field("url") or reference.field("archive-url")


def classify_references(references: Iterable[Reference], sources: SourceTable | None) -> dict[str, DomainInfo]:
    """What the reliability table says of each reference that has a URL (empty without a table)."""
    if sources is None:
        return {}
    found = {}
    for reference in references:
        url = reference_url(reference)
        if url:
            found[reference.key] = sources.classify(url)
    return found


def reference_flags(article: Article) -> dict[str, tuple[tuple[str, Flag], ...]]:
    """Flags that follow a citation, by the key of the reference they mark, with their claim's id."""
    found: dict[str, list[tuple[str, Flag]]] = {}
    for claim in article.claims:
        keys = {(c.group, c.label): c.key for c in claim.citations}
        for flag in claim.flags:
            key = keys.get((flag.group, flag.citation or ""))
            if flag.citation and key:
                found.setdefault(key, []).append((claim.id, flag))
    return {key: tuple(pairs) for key, pairs in found.items()}
