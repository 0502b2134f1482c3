"""What every check shares: the Check record, the hit a check yields, the context."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Callable, Iterable, NamedTuple

from auditor.model import Article, Location, Reference

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


@dataclass(frozen=True)
class Check:
    """A check: a small pure function with a stable code and a kebab-case name.

    ``scope`` says what the function looks at: "claim" functions take
    (claim, context), "article" functions take (article, context).
    """

    code: str
    name: str
    scope: str
    function: Callable[..., Iterable[Hit]]
    weight: int

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


@dataclass(frozen=True)
class Context:
    """What a check may know beyond the claim: the article and the settings."""

    article: Article
    references: dict[str, Reference] = field(default_factory=dict)
    today: str = ""
    sources: object = None  # a reliability table, when source quality is known

    @classmethod
    def of(cls, article: Article, today: str = "", sources: object = None) -> "Context":
        """Build the context of one article."""
        return cls(article, {r.key: r for r in article.references}, today, sources)
