"""What Python compiles at every start-up, compiled once and kept beside the .pyc files.

On Python 3.11 two things are compiled from text at each start of the audit, though the text never changes:
- `dataclasses` writes each generated method (__init__, __repr__, __eq__, __hash__, the frozen __setattr__
  and __delattr__) as source and compiles it: 207 compiles for the audit's 36 dataclasses;
- `re` parses each module-level pattern and compiles it to the matcher's code: about 60 patterns.
Together about 150 M instructions (callgrind), a third of a small audit. `install` makes both look the
result up first in one marshal file in auditor/__pycache__: a method's code object (keyed by its whole
source, so two texts never share one) and a pattern's matcher code (keyed by the pattern and its flags), handed to the same
constructors, so the methods and patterns are the ones Python would build. Anything unexpected (another
Python, a cache that does not load, no write access, PYTHONDONTWRITEBYTECODE) compiles as usual.
"""

from __future__ import annotations

import dataclasses
import marshal
import os
import re
import sys
from types import CodeType
from typing import Any

import _sre  # the matcher's constructor, as re._compiler calls it

#: Where what is compiled once is kept, beside the package's .pyc files (the HTML report's templates too).
CACHE_DIRECTORY = os.path.join(os.path.dirname(__file__), "__pycache__")
_PATH = os.path.join(CACHE_DIRECTORY, f"compiled.{sys.implementation.cache_tag}.marshal")
_methods: dict[str, CodeType] = {}
_patterns: dict[tuple[object, int], tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]] = {}
_added: list[object] = []
_LIMIT = 4000  # entries kept at most, in case something compiles patterns made from its input
_compile_pattern = re._compiler.compile  # type: ignore[attr-defined]


def _create_fn(name: str, args: list[str], body: list[str], *, globals: Any = None, locals: Any = None,
               return_type: Any = dataclasses.MISSING) -> Any:
    # The text is built exactly as Python 3.11's dataclasses._create_fn builds it.
    if locals is None:
        locals = {}
    return_annotation = ""
    if return_type is not dataclasses.MISSING:
        locals["_return_type"] = return_type
        return_annotation = "->_return_type"
    arguments = ",".join(args)
    lines = "\n".join(f"  {b}" for b in body)
    text = f" def {name}({arguments}){return_annotation}:\n{lines}"
    text = f"def __create_fn__({', '.join(locals.keys())}):\n{text}\n return {name}"
    code = _methods.get(text)
    if code is None:
        code = compile(text, "<string>", "exec")
        if len(_methods) + len(_patterns) < _LIMIT:
            _methods[text] = code
            _added.append(text)
    namespace: dict[str, Any] = {}
    exec(code, globals, namespace)
    return namespace["__create_fn__"](**locals)


def _compile(pattern: Any, flags: int = 0) -> Any:
    # As re._compiler.compile for a pattern given as text: the arguments of _sre.compile are what is kept.
    if not isinstance(pattern, (str, bytes)) or flags & re.DEBUG:
        return _compile_pattern(pattern, flags)
    key = (pattern, flags)
    kept = _patterns.get(key)
    if kept is None:
        parsed = re._parser.parse(pattern, flags)  # type: ignore[attr-defined]
        # plain ints: the opcodes are an int subclass that marshal does not keep; _sre reads the same numbers
        code = list(map(int, re._compiler._code(parsed, flags)))  # type: ignore[attr-defined]
        groupindex = parsed.state.groupdict
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for group, index in groupindex.items():
            indexgroup[index] = group
        kept = (int(flags | parsed.state.flags), code, parsed.state.groups - 1, dict(groupindex), tuple(indexgroup))
        if len(_methods) + len(_patterns) < _LIMIT:
            _patterns[key] = kept
            _added.append(key)
    final_flags, code, groups, groupindex, indexgroup = kept
    return _sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup)


def install() -> None:
    """Use the kept methods and patterns, when this Python builds them as 3.11 does."""
    if sys.version_info[:2] != (3, 11) or dataclasses._create_fn.__code__.co_argcount != 3:  # type: ignore
        return
    try:
        with open(_PATH, "rb") as stream:
            kept = marshal.loads(stream.read())
        if isinstance(kept, dict) and kept.get("python") == sys.version:
            _methods.update(kept["methods"])
            _patterns.update(kept["patterns"])
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        pass
    dataclasses._create_fn = _create_fn  # type: ignore[attr-defined]
    re._compiler.compile = _compile  # type: ignore[attr-defined]


def installed() -> bool:
    """Whether this process builds dataclass methods and patterns through the cache."""
    return dataclasses._create_fn is _create_fn  # type: ignore[attr-defined]


def save() -> None:
    """Write what this process compiled to the cache (atomically; nothing when it compiled nothing)."""
    if not _added or sys.dont_write_bytecode:
        return
    _added.clear()
    temporary = f"{_PATH}.{os.getpid()}"
    try:
        os.makedirs(CACHE_DIRECTORY, exist_ok=True)
        with open(temporary, "wb") as stream:
            stream.write(marshal.dumps({"python": sys.version, "methods": _methods, "patterns": _patterns}))
        os.replace(temporary, _PATH)
    except (OSError, ValueError):
        pass
