"""Templates that write a whole sentence of a film's reception: {{Rotten Tomatoes prose}} (INLINE.md)."""

from __future__ import annotations

import re

from auditor.parse.inline.base import Call, InlineTable, Rendering

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def rotten_tomatoes(call: Call, table: InlineTable) -> Rendering | str:
    """{{Rotten Tomatoes prose|93|8.4|378}} -> "93% of 378 critics' reviews are positive, with an average rating of
    8.4/10." (the percentage, the average, the count), as enwiki Dune: Part Two shows it. The sentence ends with its
    own full stop. Without all three, or with named parameters (Wikidata fills the gaps, a consensus may follow),
    it is known but not rendered.
    """
    share, average, count = call.arg(1), call.arg(2), call.arg(3)
    if call.named or not all(_NUMBER.fullmatch(v) for v in (share, average, count)):
        return Rendering("", rendered=False)
    return f"{share}% of {count} critics' reviews are positive, with an average rating of {average}/10."
