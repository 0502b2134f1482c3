"""auditor/compiled.py: lazy patterns, and a start-up cache that gives the methods and patterns Python would compile."""

from __future__ import annotations

import marshal
import re
import subprocess
import sys
from pathlib import Path

import pytest

from auditor import compiled
from auditor.batch import pool

ROOT = Path(__file__).resolve().parents[1]

PROGRAM = """
import sys
from auditor import compiled
compiled._PATH = sys.argv[1]
compiled.CACHE_DIRECTORY = sys.argv[2]
compiled.install()
import re
sys.dont_write_bytecode = False
from dataclasses import dataclass, field, fields, FrozenInstanceError
from typing import ClassVar

@dataclass(frozen=True)
class Point:
    "A docstring, so that inspect (and its own patterns) stays unimported (compiled.defer)"
    x: int
    y: int = 2
    tags: tuple = field(default=(), compare=False)
    origin: "ClassVar[int]" = 0  # a string annotation read through compiled._Matched
    again: " ClassVar [int]" = 0

assert [f.name for f in fields(Point)] == ["x", "y", "tags"], fields(Point)
# the methods are compiled as dataclasses compiles them, not under compiled.py's own future flags
assert Point.__init__.__annotations__ == {"x": int, "y": int, "tags": tuple, "return": None}, Point.__init__.__annotations__

from typing import NamedTuple, ForwardRef

class Pair(NamedTuple):
    "Its string annotations are compiled by typing (ForwardRef), its __new__ evaluated by collections.namedtuple"
    left: "int"
    right: "str | None" = None

assert Pair(1) == (1, None) and repr(Pair(1, "a")) == "Pair(left=1, right='a')"
assert Pair.__annotations__ == {"left": ForwardRef("int"), "right": ForwardRef("str | None")}
assert eval(Pair.__annotations__["right"].__forward_code__) == (str | None)

p = Point(1)
assert p == Point(1, 2, ("other",)) and p != Point(2) and hash(p) == hash(Point(1))
assert repr(p) == "Point(x=1, y=2, tags=())", repr(p)
try:
    p.x = 3
except FrozenInstanceError:
    pass
else:
    raise AssertionError("not frozen")
pattern = re.compile(r"(?P<word>[a-z]+)-(\\d{2,})", re.I)
assert pattern.groupindex == {"word": 1} and pattern.groups == 2 and pattern.flags == re.I | re.U
assert pattern.search("x ABC-123 y").group("word", 2) == ("ABC", "123") and not pattern.search("abc-1")
assert re.compile(rb"(a)|b").match(b"b").lastindex is None
print(len(compiled._added))
compiled.save()
"""


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="the cache is used on Python 3.11 only")
def test_the_second_process_takes_every_method_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "methods.marshal"

    def run() -> int:
        done = subprocess.run([sys.executable, "-c", PROGRAM, str(cache), str(tmp_path)], cwd=ROOT,
                              capture_output=True, text=True, check=True)
        return int(done.stdout)

    # __init__, __repr__, __eq__, __hash__, __setattr__, __delattr__, the two patterns, the two annotations and
    # the tuple's __new__
    assert run() == 11
    assert cache.exists()
    assert run() == 0  # the same methods and patterns, none compiled


SAVER = """
import sys
from auditor import compiled
compiled._PATH = sys.argv[1]
compiled.CACHE_DIRECTORY = sys.argv[2]
compiled.install()
import re
sys.dont_write_bytecode = False
if sys.argv[3]:
    re.compile(sys.argv[3])
print("read", flush=True)
sys.stdin.readline()
compiled.save()
"""


def _saver(cache: Path, pattern: str) -> subprocess.Popen:
    """A process that has read the cache and compiled ``pattern``, and saves once told to (a line on stdin)."""
    saver = subprocess.Popen([sys.executable, "-c", SAVER, str(cache), str(cache.parent), pattern], cwd=ROOT,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert saver.stdout is not None and saver.stdout.readline() == "read\n"
    return saver


def _save(saver: subprocess.Popen) -> None:
    saver.communicate("\n", timeout=60)
    assert saver.returncode == 0


def _patterns(cache: Path) -> set[str]:
    return {pattern for pattern, _ in marshal.loads(cache.read_bytes())["patterns"]}


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="the cache is used on Python 3.11 only")
def test_two_processes_saving_after_each_other_keep_both_patterns(tmp_path: Path) -> None:
    """Both read the cache before either saves, as batch workers do: the second to save keeps the first's."""
    cache = tmp_path / "compiled.marshal"
    first, second = _saver(cache, "first+"), _saver(cache, "second+")
    _save(first)
    assert "first+" in _patterns(cache)
    _save(second)
    assert {"first+", "second+"} <= _patterns(cache)
    written = cache.stat().st_ino
    _save(_saver(cache, ""))  # compiled nothing new: the file is left as it is
    _save(_saver(cache, "first+"))
    assert cache.stat().st_ino == written


def test_a_lazy_pattern_compiles_on_first_use() -> None:
    pattern = compiled.lazy_compile(r"(?P<word>[a-z]+)-(\d+)", re.I)
    assert "search" not in vars(pattern)
    assert pattern.search("x AB-12").group("word", 2) == ("AB", "12")
    assert "search" in vars(pattern) and pattern.groupindex == {"word": 1} and pattern.flags == re.I | re.U
    assert pattern.sub("*", "a-1 b-2") == "* *" and repr(pattern).startswith("lazy_compile(")


def test_a_broken_cache_is_compiled_over(tmp_path: Path) -> None:
    cache = tmp_path / "methods.marshal"
    cache.write_bytes(b"not marshal")
    done = subprocess.run([sys.executable, "-c", PROGRAM, str(cache), str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    assert int(done.stdout) == (11 if sys.version_info[:2] == (3, 11) else 0)


CLICK_PATH = """
import sys
sys.argv = ["auditor", "checks", "-q"]
from auditor import compiled, launch
launch.main()
print(compiled.installed(), file=sys.stderr)
"""


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="the cache is used on Python 3.11 only")
def test_the_click_path_starts_with_the_cache_too() -> None:
    done = subprocess.run([sys.executable, "-c", CLICK_PATH], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "C101" in done.stdout and done.stderr.strip() == "True"


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="the cache is used on Python 3.11 only")
def test_batch_workers_start_with_the_cache() -> None:
    # a worker is forked from the pool's forkserver, which imported the audit's modules through the cache
    with pool._context().Pool(1) as workers:
        assert workers.apply(compiled.installed) is True


SEEDED_PROGRAM = """
import marshal, sys
from pathlib import Path
from auditor import compiled
compiled._PATH = sys.argv[1]
compiled.CACHE_DIRECTORY = sys.argv[2]
compiled.install()
sys.dont_write_bytecode = False
from auditor.audit import audit_text
from auditor.config import Config
from auditor.model import SourceInfo
for name in sys.argv[3:]:
    path = Path(name)
    audit_text(path.read_text(encoding="utf-8"), Config(), SourceInfo("file", path.name), title=path.stem)
compiled.save()
print(sorted(repr(key) for key in marshal.loads(Path(sys.argv[1]).read_bytes())["patterns"]))
"""

#: One input of each reader (wikitext, copy, HTML) and of several languages' tables.
SEEDED_INPUTS = ["fixtures/wikitext/Pet-door.wiki", "fixtures/wikitext/ru-Headbanging.wiki",
                 "fixtures/rendered/de-Arch-Linux.txt", "fixtures/rendered/it-Gue.txt",
                 "fixtures/html/es-Sintesis-aditiva-de-color.html", "fixtures/balli-kombetar-excerpt.txt"]


def test_the_patterns_an_audit_compiles_do_not_depend_on_the_hash_seed(tmp_path):
    """A pattern built from a set in the set's order is another text under another hash seed: another entry in
    the start-up cache with each process (it grew by one a run), though it matches the same."""
    seen = []
    for seed in ("1", "2", "3"):
        folder = tmp_path / seed
        folder.mkdir()
        run = subprocess.run([sys.executable, "-c", SEEDED_PROGRAM, str(folder / "cache.marshal"), str(folder),
                              *(str(ROOT / name) for name in SEEDED_INPUTS)],
                             capture_output=True, text=True, cwd=ROOT, check=True,
                             env={**__import__("os").environ, "PYTHONHASHSEED": seed})
        seen.append(run.stdout)
    assert seen[0] == seen[1] == seen[2]


DEFERRED = """
import sys
from auditor import compiled
assert type(sys.modules["inspect"]) is compiled._Deferred and "ast" not in sys.modules, "inspect was imported"
import dataclasses
from dataclasses import dataclass

@dataclass
class Point:
    x: int
    y: "str | None" = None

assert Point.__doc__ == "Point(x: int, y: 'str | None' = None)", Point.__doc__
import inspect
assert inspect.cleandoc("  a\\n  b") == "a\\nb" and sys.modules["inspect"].cleandoc is inspect.cleandoc
assert type(sys.modules["inspect"]) is not compiled._Deferred
assert type(sys.modules["copy"]) is compiled._Deferred and "copy" in vars(dataclasses)
assert dataclasses.asdict(Point(1, [2])) == {"x": 1, "y": [2]}  # asdict deep-copies: copy comes in here
assert type(sys.modules["copy"]) is not compiled._Deferred
print("ok")
"""


def test_inspect_is_imported_when_first_used_not_with_dataclasses() -> None:
    """dataclasses imports inspect only for the __doc__ of a class without one, and copy only for asdict and
    astuple: each module comes in on first use."""
    done = subprocess.run([sys.executable, "-c", DEFERRED], cwd=ROOT, capture_output=True, text=True)
    assert done.stdout.strip() == "ok", done.stderr


FROZEN = """
import dataclasses, importlib, pkgutil, sys
from auditor import compiled
compiled.install()
import auditor
for module in pkgutil.walk_packages(auditor.__path__, "auditor."):
    if module.name != "auditor.__main__":
        importlib.import_module(module.name)
classes = {value for name, module in list(sys.modules.items()) if name.startswith("auditor.")
           for value in vars(module).values() if isinstance(value, type) and dataclasses.is_dataclass(value)
           and value.__module__.startswith("auditor.")}
rewritten = 0
for cls in classes:
    frozen = cls.__dataclass_params__.frozen
    # what compiled._stored_at_once relies on: every instance has a __dict__ and no field is a data descriptor
    assert "__slots__" not in vars(cls), cls
    for field in dataclasses.fields(cls):
        assert not any(hasattr(type(vars(k).get(field.name)), "__set__") for k in cls.__mro__), (cls, field.name)
    names = cls.__init__.__code__.co_names
    rewritten += frozen and "update" in names and "__setattr__" not in names
print(len(classes), rewritten)

@dataclasses.dataclass(frozen=True)
class Outside:
    "Not the auditor's: its __init__ is dataclasses' own"
    x: int
    y: int = 2

assert "__setattr__" in Outside.__init__.__code__.co_names
from auditor.model import Finding, Location
finding = Finding("C101", "no-citation", "claims", "m", Location(1, 2, 3), weight=4)
assert list(vars(finding)) == [f.name for f in dataclasses.fields(Finding)], vars(finding)
assert finding == Finding("C101", "no-citation", "claims", "m", Location(1, 2, 3), None, None, 4, ())
assert dataclasses.replace(finding, weight=5).weight == 5 and finding.weight == 4
try:
    finding.weight = 1
except dataclasses.FrozenInstanceError:
    pass
else:
    raise AssertionError("not frozen")
"""


@pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="the cache is used on Python 3.11 only")
def test_the_auditors_frozen_classes_store_their_fields_at_once() -> None:
    """Each frozen dataclass of the auditor (of two fields or more) gets an __init__ that stores its fields in one
    __dict__ update (compiled._stored_at_once); that is the same only for classes without __slots__ or data
    descriptors named as fields, which this holds for every dataclass of the package."""
    done = subprocess.run([sys.executable, "-c", FROZEN], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    classes, rewritten = map(int, done.stdout.split())
    assert classes > 40 and rewritten > 30, done.stdout
