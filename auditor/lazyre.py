"""Regular expressions compiled on first use, for the patterns most audits never run.

Compiling a pattern is pure Python in the re module (0.3-1 M instructions each; where compiled.py is
installed, as launch.py and the batch workers install it, a cached lookup instead); a wikitext audit imports
about ninety module-level patterns and uses about half (the copy reader's, the section classifier's, the
short citations' wait for their kind of article). ``lazy_compile`` returns a stand-in that compiles on the
first method call and then holds the compiled pattern's bound methods, so later calls cost what they did.
It answers the methods of a compiled pattern, not ``re.sub(pattern, ...)``.
"""

from __future__ import annotations

import re
from typing import cast

_ATTRIBUTES = ("search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split", "scanner",
               "pattern", "flags", "groups", "groupindex")


class _LazyPattern:
    def __init__(self, pattern: str, flags: int) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> object:  # only called before the first compile, or for unknown names
        if name.startswith("__"):
            raise AttributeError(name)
        compiled = re.compile(*self._source)
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_compile({self._source[0]!r}, {self._source[1]})"


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, done when the pattern is first used."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
