"""What the audit would compile from text at every start-up: compiled when first needed, and only once.

Compiling is pure Python: a module-level pattern costs 0.3-1 M instructions (the re module parses it and
generates the matcher's code), and `dataclasses` writes each generated method (__init__, __repr__, __eq__,
__hash__, the frozen __setattr__ and __delattr__) as source and compiles it, over 200 times for the audit's
dataclasses. The text never changes, so two things spare that work:
- ``lazy_compile(pattern, flags)`` stands in for ``re.compile`` at module level: it compiles on the first
  method call, then holds the pattern's bound methods, so later calls cost what they did (an audit of a
  5-line article compiles 68 patterns; with every lazy one compiled at import, 143). It answers a compiled
  pattern's methods, not ``re.sub(pattern, ...)``.
- ``install()`` (launch.py for every command, batch/preload.py for the batch workers' forkserver) makes the
  dataclass methods and every pattern Python compiles, lazy or not, look the result up first in one marshal
  file in auditor/__pycache__: a method's code object keyed by its whole source, a pattern's matcher code
  keyed by the pattern and its flags, handed to the same constructors, so the methods and patterns are the
  ones Python would build. The expressions that typing compiles for each string annotation of a NamedTuple
  (a ForwardRef: 10.5 M instructions for runner.WikiOptions's five fields, 0.8 M from the file) and that
  collections.namedtuple evaluates for each tuple's __new__ are kept so too, keyed by their text (through
  those modules' own ``compile`` and ``eval`` names, which shadow the builtins). ``save()`` adds what the process compiled to that file, keeping what other
  processes added meanwhile (batch workers end, and save, together). Anything unexpected (another Python
  than 3.11, a file that does not load, no write access, PYTHONDONTWRITEBYTECODE) compiles as usual.
Callgrind, `auditor audit --format json` of a 5-line article with the file warm: 301 M instructions, and
306 M with every lazy pattern compiled at import.

Importing this module also defers ``inspect`` (``defer``): dataclasses imports it, with ast, dis and tokenize,
only to word the __doc__ of a class that has none, and the audit's classes all have one. Callgrind, `auditor
audit --format json --time-budget 0`: a 5-line article 306.2 -> 282.6 M, Jerry-Mumphrey.wiki 339.0 -> 315.4 M.
And ``copy``, which dataclasses reads only in asdict() and astuple(), and which looks for Jython's
org.python.core through every finder on its import: a one-line article 267.8 -> 266.9 M.
"""

from __future__ import annotations

import importlib
import sys
import types


class _Deferred(types.ModuleType):
    """A module not imported yet: the first attribute read from it imports it (and it then holds the module's
    names). Its __spec__ is None, so `import NAME` hands it out as it is (importlib.util.LazyLoader's module
    would load at once: the import statement reads its __spec__)."""

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(name)
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        module = importlib.import_module(self.__name__)
        self.__dict__.update(module.__dict__)
        return getattr(module, name)


def defer(name: str) -> None:
    """Let the module ``name`` be imported when a name is first read from it, unless it is already loaded."""
    if name not in sys.modules:
        sys.modules[name] = _Deferred(name)
        sys.modules[name].__spec__ = None


defer("inspect")  # before dataclasses, which imports it (see the module's docstring)
defer("copy")  # likewise: dataclasses reads it only in asdict() and astuple(), which the audit never calls

import collections  # noqa: E402
import dataclasses  # noqa: E402
import functools
import marshal
import os
import re
import typing
from types import CodeType
from typing import Any, BinaryIO, cast

import _sre  # the matcher's constructor, as re._compiler calls it

#: Where what is compiled once is kept, beside the package's .pyc files (the HTML report's templates too).
CACHE_DIRECTORY = os.path.join(os.path.dirname(__file__), "__pycache__")
_PATH = os.path.join(CACHE_DIRECTORY, f"compiled.{sys.implementation.cache_tag}.marshal")
_methods: dict[str, CodeType] = {}
_expressions: dict[str, CodeType] = {}
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

    def source(body: list[str]) -> str:
        lines = "\n".join(f"  {b}" for b in body)
        text = f" def {name}({arguments}){return_annotation}:\n{lines}"
        return f"def __create_fn__({', '.join(locals.keys())}):\n{text}\n return {name}"

    text = source(body)
    code = _methods.get(text)
    if code is None:  # kept under dataclasses' text, so a kept __init__ is not rewritten again
        ours = name == "__init__" and str((globals or {}).get("__name__", "")).startswith("auditor.")
        code = _code(_methods, text, "exec", source(_stored_at_once(body)) if ours else text)
    namespace: dict[str, Any] = {}
    exec(code, globals, namespace)
    return namespace["__create_fn__"](**locals)


_FROZEN_ASSIGN = "__dataclass_builtins_object__.__setattr__("


def _stored_at_once(body: list[str]) -> list[str]:
    """A frozen dataclass's __init__ body with its fields stored in the instance's __dict__ in one update.

    dataclasses writes one ``object.__setattr__(self, 'name', value)`` a field, so a frozen class's own
    __setattr__ (which refuses) is passed by: a call through the slot wrapper each, 15 k instructions for
    a Finding's nine fields against 7 k for one ``self.__dict__.update({...})`` (callgrind), which stores
    the same values under the same names in the same order. The two differ only for a field that a data
    descriptor or __slots__ stands for, which no class of the auditor has (tests/test_compiled.py holds it);
    so only the auditor's own classes are written so (their module's name), and only a body of such
    stores, then any other lines (__post_init__), is.
    """
    stores, rest = [], 0
    for line in body:
        if not line.startswith(_FROZEN_ASSIGN) or not line.endswith(")"):
            break
        instance, _, assigned = line[len(_FROZEN_ASSIGN):-1].partition(",")
        key, _, value = assigned.partition(",")
        if not (key.startswith("'") and key.endswith("'") and key[1:-1].isidentifier()):
            return body
        stores.append((instance, key, value))
        rest += 1
    if len(stores) < 2 or len({instance for instance, _, _ in stores}) != 1 \
            or any(line.startswith(_FROZEN_ASSIGN) for line in body[rest:]):
        return body
    items = ",".join(f"{key}:{value}" for _, key, value in stores)
    return [f"{stores[0][0]}.__dict__.update({{{items}}})", *body[rest:]]


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
        if _room():
            _patterns[key] = kept
            _added.append(key)
    final_flags, code, groups, groupindex, indexgroup = kept
    return _sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup)


def _room() -> bool:
    return len(_methods) + len(_expressions) + len(_patterns) < _LIMIT


def _code(kept: dict[str, CodeType], text: str, mode: str, source: str | None = None) -> CodeType:
    """The code of ``text`` (or of ``source``, kept under ``text``) as a module without future imports
    compiles it (dataclasses, typing and collections have none; without dont_inherit, this module's
    `from __future__ import annotations` would leave every generated method's annotations as strings),
    from ``kept`` when it is there."""
    code = kept.get(text)
    if code is None:
        code = compile(text if source is None else source, "<string>", mode, dont_inherit=True)
        if _room():
            kept[text] = code
            _added.append(text)
    return code


def _expression(text: str) -> CodeType:
    """The code of an expression, as ``eval(text)`` or ``compile(text, "<string>", "eval")`` compiles it."""
    return _code(_expressions, text, "eval")


def _typing_compile(source: Any, filename: str, mode: str, *rest: Any, **options: Any) -> Any:
    # typing compiles each string annotation it checks (ForwardRef), as compile(text, "<string>", "eval")
    if rest or options or filename != "<string>" or mode != "eval" or not isinstance(source, str):
        return compile(source, filename, mode, *rest, **options)
    return _expression(source)


def _collections_eval(source: Any, *namespaces: Any) -> Any:
    # collections.namedtuple writes each tuple's __new__ as a lambda and evals it
    # (eval strips leading spaces and tabs first; compile does not: such a text is evaluated as it is)
    plain = isinstance(source, str) and not source.startswith((" ", "\t"))
    return eval(_expression(source) if plain else source, *namespaces)


#: Bumped when what is kept changes meaning (2: methods compiled without this module's future flags; 3: the
#: auditor's frozen __init__ methods store their fields at once), so a file of an older form is compiled
#: over, not read.
_FORM = 3
_Kept = tuple[dict[str, CodeType], dict[str, CodeType], dict[tuple[object, int], Any]]


def _read() -> _Kept:
    """The methods, expressions and patterns in the cache file (none if it is missing, broken, of an older
    form or of another Python)."""
    try:
        with open(_PATH, "rb") as stream:
            kept = marshal.loads(stream.read())
        if isinstance(kept, dict) and kept.get("python") == sys.version and kept.get("form") == _FORM:
            return dict(kept["methods"]), dict(kept["expressions"]), dict(kept["patterns"])
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        pass
    return {}, {}, {}


def install() -> None:
    """Use the kept methods and patterns, when this Python builds them as 3.11 does."""
    if sys.version_info[:2] != (3, 11) or dataclasses._create_fn.__code__.co_argcount != 3:  # type: ignore
        return
    methods, expressions, patterns = _read()
    _methods.update(methods)
    _expressions.update(expressions)
    _patterns.update(patterns)
    dataclasses._create_fn = _create_fn  # type: ignore[attr-defined]
    typing.compile = _typing_compile  # type: ignore[attr-defined]  # module globals before builtins
    collections.eval = _collections_eval  # type: ignore[attr-defined]
    re._compiler.compile = _compile  # type: ignore[attr-defined]
    dataclasses._MODULE_IDENTIFIER_RE = _Matched(dataclasses._MODULE_IDENTIFIER_RE)  # type: ignore[attr-defined]


class _Matched:
    """A pattern whose matches are kept by text: dataclasses matches every field's annotation (a string, under
    ``from __future__ import annotations``) twice, to see whether it names ClassVar or InitVar, and the audit's
    400 fields spell few annotations (int, str, "str | None" ...). A match object is read, never changed."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.match = functools.lru_cache(maxsize=None)(pattern.match)


def installed() -> bool:
    """Whether this process builds dataclass methods and patterns through the cache."""
    return dataclasses._create_fn is _create_fn  # type: ignore[attr-defined]


def save() -> None:
    """Add what this process compiled to the cache file, with what other processes added since it was read.

    Nothing is written when this process compiled nothing. The file is read, merged and replaced under a lock
    (two batch workers ending together would otherwise each write what they read and the last would win), and
    written atomically, so a process that reads it meanwhile sees the old file or the new one.
    """
    if not _added or sys.dont_write_bytecode:
        return
    _added.clear()
    temporary = f"{_PATH}.{os.getpid()}"
    try:
        os.makedirs(CACHE_DIRECTORY, exist_ok=True)
        with open(f"{_PATH}.lock", "wb") as lock:
            _hold(lock)
            for kept, ours in zip(_read(), (_methods, _expressions, _patterns)):
                for key, value in kept.items():
                    if _room():
                        ours.setdefault(key, value)  # type: ignore[attr-defined]
            with open(temporary, "wb") as stream:
                stream.write(marshal.dumps({"python": sys.version, "form": _FORM, "methods": _methods,
                                            "expressions": _expressions, "patterns": _patterns}))
            os.replace(temporary, _PATH)
    except (OSError, ValueError):
        pass


def _hold(lock: BinaryIO) -> None:
    """Wait for, then hold, the lock on an open file until it is closed (on Windows, no lock is taken)."""
    try:
        import fcntl  # here, not at start-up: only a process that saves needs it
    except ImportError:
        return
    fcntl.flock(lock, fcntl.LOCK_EX)


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
