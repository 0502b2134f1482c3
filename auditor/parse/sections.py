"""Section names that hold no claims: the back matter of an article."""

from __future__ import annotations

import re

_NAMES = {
    "references", "notes", "sources", "bibliography", "further reading", "external links", "see also",
    "footnotes", "citations", "works cited", "notes and references", "references and notes", "literature",
    "general references", "cited sources", "explanatory notes", "source notes", "general and cited references",
    "external link", "reference", "note", "sources and further reading", "notes and sources",
    "selected bibliography", "bibliography and further reading", "weblinks", "einzelnachweise", "literatur",
    "verwysings", "eksterne skakels",
}


def is_back_matter(title: str) -> bool:
    """Tell whether a section title names back matter (References, See also, ...)."""
    return re.sub(r"\s+", " ", title).strip().strip(":").lower() in _NAMES
