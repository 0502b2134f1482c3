"""The fast tree builder gives the tree mwparserfromhell's own builder gives, node by node.

Compared on every real and hostile fixture and on fuzzed wikitext, with and
without style tags; and the library's parse is used when the installed version
is not one the builder was checked against.
"""

from __future__ import annotations

from pathlib import Path

import mwparserfromhell
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mwparserfromhell.nodes import Tag, Template, Text
from mwparserfromhell.nodes.extras import Attribute
from mwparserfromhell.wikicode import Wikicode

from auditor.parse.labels import Labeller
from auditor.parse.wikitext import build, nodes
from auditor.parse.wikitext.footnotes import label_footnotes
from auditor.parse.wikitext.nodes import Galleries, Measured, attrs, children_at, named, param, text_of
from auditor.sources.dumps import iter_dump_pages
from test_fuzz import LONG, WIKI_PIECES

FIXTURES = Path(__file__).parent.parent / "fixtures"
#: Pieces that reach the builder's rarer paths: attributes, quotes, entities, arguments, separators.
BUILD_PIECES = WIKI_PIECES + [
    "<ref name=\"a b\" group='n'>", "<ref  name = x >", "<ref name=>", "<ref =x>", "<div class=\"a\" id=b>",
    "<span style=\"color: red\">", "</span >", "<br />", "<hr>", "<li>", "<ref name=a group=b/>", "=\"", "'",
    "{{{a}}}", "{{{a|b}}}", "{{{a|b|c}}}", "[[a|b|c]]", "[http://x.org a|b]", "[http://x.org/<b>]",
    "&#x41;", "&#65;", "&#X4a;", "&bogus;", "&amp", "{{a|b=c=d|=e|f}}", "{{a| 1 =x|2=y}}", "{{a\n|b}}",
    "'''''", "''a'''b''", ";a:b", "\n:", "\n;", "\n*", "\n#", "\n----\n", "\n{|\n|a||b\n|-\n!c!!d\n|}",
]


def _fields(node: object) -> dict:
    return vars(node) if hasattr(node, "__dict__") else {}


def difference(ours: object, theirs: object, path: str = "tree") -> str | None:
    """Where two trees first differ (type, length, field or value), or None if they are the same."""
    if type(ours) is not type(theirs):
        return f"{path}: {type(ours).__name__} != {type(theirs).__name__}"
    if isinstance(ours, list):
        if len(ours) != len(theirs):
            return f"{path}: {len(ours)} items != {len(theirs)}"
        pairs = [(f"{path}[{i}]", a, b) for i, (a, b) in enumerate(zip(ours, theirs))]
    elif _fields(ours):
        if _fields(ours).keys() != _fields(theirs).keys():
            return f"{path}: fields {sorted(_fields(ours))} != {sorted(_fields(theirs))}"
        pairs = [(f"{path}.{k}", v, _fields(theirs)[k]) for k, v in _fields(ours).items()]
    else:
        return None if ours == theirs else f"{path}: {ours!r} != {theirs!r}"
    for where, a, b in pairs:
        found = difference(a, b, where)
        if found:
            return found
    return None


def outcome(parse, text: str, skip_style_tags: bool) -> tuple[str, object]:
    try:
        return "tree", parse(text, skip_style_tags=skip_style_tags)
    except Exception as error:  # the library's builder raises on a few token shapes; ours must match
        return "error", type(error).__name__


def wrong_sizes(code: Wikicode, sizes: dict[int, int]) -> list[str]:
    """The node lists, nodes and attributes of a tree whose kept length is not ``len(str(...))``."""
    wrong, stack = [], [code]
    while stack:
        item = stack.pop()
        if not isinstance(item, Text) and sizes.get(id(item)) != len(str(item)):
            wrong.append(f"{type(item).__name__} {str(item)[:40]!r}: {sizes.get(id(item))} != {len(str(item))}")
        if isinstance(item, Wikicode):
            stack.extend(item.nodes)
        elif not isinstance(item, (Text, Attribute)):
            stack.extend(item.__children__())
            stack.extend(getattr(item, "attributes", ()))
    return wrong


def freed_sizes(code: Wikicode, sizes: dict[int, int]) -> list[int]:
    """Lengths kept for objects that are in no field of the tree: freed, so their id may come back as an
    object nobody measured (a gallery's lines, parsed later), which would then be given that length."""
    seen, stack = set(), [code]
    while stack:
        item = stack.pop()
        seen.add(id(item))
        stack.extend(item if isinstance(item, list) else _fields(item).values())
    return [size for key, size in sizes.items() if key not in seen]


def wrong_offsets(code: Wikicode, sizes: dict[int, int], text: str) -> list[str]:
    """The nodes of a tree, and the children a reader sees (nodes.children_at), whose text is not the
    slice of ``text`` where the walk says they stand."""
    measured, wrong, stack = Measured(sizes, text), [], [(code, 0)]
    while stack:
        item, offset = stack.pop()
        if measured.text(item, offset) != str(item):
            wrong.append(f"{type(item).__name__} {str(item)[:40]!r} at {offset}")
        if isinstance(item, Wikicode):
            for node in item.nodes:
                stack.append((node, offset))
                offset += measured.size(node)
        else:
            stack.extend(children_at(item, offset, measured.size))
    return wrong


def walked_marks(code: Wikicode, sizes: dict[int, int]) -> list[tuple[int, int, int]]:
    """What the builder's marks must be: the templates and HTML-style tags a walk by nodes.children_at
    meets, in order, as (id, where it stands, the index past the ones met inside it)."""
    measured, found = Measured(sizes), []

    def walk(code: Wikicode, offset: int) -> None:
        for node in code.nodes:
            marked = type(node) is Template or (type(node) is Tag and not node.wiki_markup)
            if marked:
                found.append([id(node), offset, 0])
                entry = found[-1]
            for inner, at in children_at(node, offset, measured.size):
                walk(inner, at)
            if marked:
                entry[2] = len(found)
            offset += measured.size(node)

    walk(code, 0)
    return [tuple(entry) for entry in found]


def marked_as_walked(text: str, code: Wikicode, sizes: dict[int, int], marks: list) -> bool:
    """The builder's marks are the walk's, the templates read from them (for the bibliography) are the
    walk's, and the footnote pass labels from them what it labels by walking the tree: the same entries,
    and the same citations for the same nodes."""
    if [(id(node), offset, end) for node, offset, end in marks] != walked_marks(code, sizes):
        return False
    if [id(node) for node in nodes.templates(code, marks)] != [id(node) for node in nodes.templates(code)]:
        return False
    readings, galleries = [], Galleries(build.parse)  # one reading of the captions: the same nodes for both
    for given in (marks, None):
        labels = Labeller()
        label_footnotes(code, labels, galleries, Measured.of(text, code, sizes, False, given))
        readings.append((labels.entries(), labels._by_node))
    return readings[0] == readings[1]


def library_attr(node: Tag, name: str) -> str | None:
    """An attribute's value (nodes.attrs of one name) as it was written with the library's Tag.has and Tag.get."""
    if node.has(name):
        value = str(node.get(name).value).strip().strip("\"'").strip()
        return value or None
    return None


def library_param(template: Template, *names: str) -> str | None:
    """nodes.param as it was written with the library's Template.has and Template.get."""
    for name in names:
        if template.has(name):
            value = str(template.get(name).value).strip()
            if value:
                return value
    return None


def wrong_readings(code: Wikicode) -> list[str]:
    """Where the readers' shortcuts (text_of, attrs, param, named) read a tree otherwise than str() and the
    library's Tag.has/get and Template.has/get do, for every node list, attribute and parameter name (a tag's
    names asked all at once, as the footnote pass asks a <ref> its name, group and follow)."""
    wrong, stack = [], [code]
    while stack:
        item = stack.pop()
        if isinstance(item, Wikicode):
            if text_of(item) != str(item):
                wrong.append(f"text_of {str(item)[:40]!r}")
            stack.extend(item.nodes)
            continue
        if isinstance(item, Tag):
            names = sorted({str(a.name) for a in item.attributes} | {"name", "group", "follow"})
            for name, value in zip(names, attrs(item, *names)):
                if value != library_attr(item, name):
                    wrong.append(f"attr {name!r} of {str(item)[:40]!r}")
        elif isinstance(item, Template):
            names = [str(p.name).strip() for p in item.params]
            for name in set(names) | {"1", "date"}:
                if param(item, name) != library_param(item, name) or \
                        named(item).get(name) is not (item.get(name) if item.has(name) else None):
                    wrong.append(f"param {name!r} of {str(item)[:40]!r}")
            if names and param(item, *names[::-1], "x") != library_param(item, *names[::-1], "x"):
                wrong.append(f"params {names[::-1]!r} of {str(item)[:40]!r}")
        if not isinstance(item, (Text, Attribute)):
            stack.extend(item.__children__())
            stack.extend(getattr(item, "attributes", ()))
    return wrong


def assert_same(text: str, skip_style_tags: bool) -> None:
    ours = outcome(build.parse_measured, text, skip_style_tags)
    theirs = outcome(mwparserfromhell.parse, text, skip_style_tags)
    assert ours[0] == theirs[0], f"ours: {ours}, library: {theirs}"
    if ours[0] == "tree":
        tree, sizes, marks = ours[1]
        assert difference(tree, theirs[1]) is None
        assert str(tree) == str(theirs[1])  # not always the text: the tokenizer drops NUL
        assert wrong_sizes(tree, sizes) == []
        assert freed_sizes(tree, sizes) == []
        assert wrong_readings(tree) == []
        assert marked_as_walked(text, tree, sizes, marks)
        if str(tree) == text:
            assert wrong_offsets(tree, sizes, text) == []


def _fixture_texts() -> list[tuple[str, str]]:
    texts = [(p.name, p.read_text("utf-8")) for folder in ("wikitext", "hostile", "regressions")
             for p in sorted((FIXTURES / folder).glob("*.wiki"))]
    for dump in sorted((FIXTURES / "dumps").glob("*.xml")):
        texts += [(f"{dump.name}:{page.title}", page.text) for page in iter_dump_pages(dump)]
    return texts


def test_the_builder_is_used() -> None:
    """With mwparserfromhell 0.7 and its C tokenizer installed (setup.cfg), the fast path is taken."""
    assert build.supported()


@pytest.mark.parametrize("skip_style_tags", [True, False], ids=["skip-style", "style"])
@pytest.mark.parametrize("name,text", _fixture_texts(), ids=lambda v: v if len(v) < 60 else None)
def test_fixture_trees_are_the_same(name: str, text: str, skip_style_tags: bool) -> None:
    assert_same(text, skip_style_tags)


def test_the_comparison_sees_a_difference() -> None:
    """The comparison itself can fail: a changed field is found."""
    ours, theirs = build.parse("a <ref name=x>b</ref>"), mwparserfromhell.parse("a <ref name=x>b</ref>")
    ours.nodes[1].attributes[0]._quotes = '"'
    assert difference(ours, theirs) == "tree._nodes[1]._attrs[0]._quotes: str != NoneType"


def test_the_size_check_sees_a_wrong_length() -> None:
    tree, sizes, _ = build.parse_measured("a <ref name=x>b {{c|d}}</ref>")
    assert wrong_sizes(tree, sizes) == []
    sizes[id(tree.nodes[1].contents.nodes[1])] += 1
    assert wrong_sizes(tree, sizes) == ["Template '{{c|d}}': 8 != 7"]
    assert freed_sizes(tree, sizes) == []
    sizes[id(object())] = 5  # an object freed at once
    assert freed_sizes(tree, sizes) == [5]


def test_the_offset_check_sees_a_wrong_offset(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a <ref name=x>b {{c|d}}</ref> [[e|f]]"
    tree, sizes, _ = build.parse_measured(text)
    assert wrong_offsets(tree, sizes, text) == []
    monkeypatch.setattr(nodes, "contents_at", lambda tag, offset, size: offset + 1)
    assert wrong_offsets(tree, sizes, text) == ["Wikicode 'b {{c|d}}' at 3", "Template '{{c|d}}' at 5",
                                                "Wikicode 'd' at 9"]


def test_the_mark_check_sees_a_wrong_mark() -> None:
    """A mark that is not where the walk meets it, one the walk does not meet, or one the footnote pass
    reads otherwise than the walk are each found."""
    text = "a {{efn|b<ref>c</ref>}} [[d|{{e|f=<ref name=g/>}}]] {{h{{i}}|j}}{{m|{{n}}=o}}<ref>l</ref>"
    tree, sizes, marks = build.parse_measured(text)
    assert [text[offset:offset + 5] for _, offset, _ in marks] == \
        ["{{efn", "<ref>", "{{e|f", "<ref ", "{{h{{", "{{m|{", "<ref>"]
    assert marked_as_walked(text, tree, sizes, marks)
    unseen = "[[{{a}}|b]] [[{{c}}|{{d}}|e]] [{{f}} g] {{{h|{{i}}}}} <span title={{j}}>k</span>{{l|{{m}}=n}}<br title={{o}}/>"
    unseen_tree, unseen_sizes, unseen_marks = build.parse_measured(unseen)
    assert [unseen[offset:offset + 5] for _, offset, _ in unseen_marks] == ["{{d}}", "{{f}}", "<span", "{{l|{", "<br t"]
    assert marked_as_walked(unseen, unseen_tree, unseen_sizes, unseen_marks)
    for wrong in ([[node, offset + 1, end] for node, offset, end in marks],  # off by one
                  marks + [[tree.nodes[-1].contents, 0, len(marks) + 1]],  # inside a ref: not met
                  [[node, offset, len(marks) if i == 0 else end] for i, (node, offset, end) in enumerate(marks)]):
        assert not marked_as_walked(text, tree, sizes, wrong)
    labels = Labeller()  # the last wrong one: the marks after {{efn}}'s are skipped with it
    label_footnotes(tree, labels, None, Measured.of(text, tree, sizes, False, wrong))
    assert [entry.content for entry in labels.entries()] == ["b<ref>c</ref>", "c"]


def test_the_reading_check_sees_a_wrong_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    """A repeated attribute or parameter reads as its last (as MediaWiki does); a bare attribute reads "None"."""
    tree = build.parse("<ref name=a name=b group>x</ref>{{t|a=1|a=2|b=}}")
    ref, template = tree.nodes
    assert (*attrs(ref, "name", "group"), param(template, "a"), param(template, "b", "a")) == ("b", "None", "2", "2")
    assert wrong_readings(tree) == []
    monkeypatch.setattr(nodes, "text_of", lambda code: str(code).strip() or "1")  # an empty value read as "1"
    assert wrong_readings(tree) == ["param 'b' of '{{t|a=1|a=2|b=}}'", "params ['b', 'a', 'a'] of '{{t|a=1|a=2|b=}}'"]


def test_a_construct_left_open_raises_as_the_library_does() -> None:
    """Tokens that end inside a construct (the tokenizer never gives them) raise ParserError, as the library's
    builder does, not IndexError or a tree."""
    from mwparserfromhell.parser import ParserError, tokens as t
    from mwparserfromhell.parser.builder import Builder

    for opened in ([t.TemplateOpen(), t.Text(text="x")], [t.WikilinkOpen()], [t.TagOpenOpen(), t.Text(text="b")]):
        with pytest.raises(ParserError):
            build._Builder(list(opened)).build()
        with pytest.raises(ParserError):
            Builder().build(list(reversed(opened)))


def test_other_versions_use_the_library(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    monkeypatch.setattr(mwparserfromhell, "__version__", "9.0.0")
    monkeypatch.setattr(mwparserfromhell, "parse", lambda text, **kw: calls.append(text) or "library")
    assert build.parse("x") == "library" and calls == ["x"]


@settings(max_examples=2000 if LONG else 150, deadline=None, derandomize=not LONG,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(pieces=st.lists(st.one_of(st.sampled_from(BUILD_PIECES), st.text(max_size=8)), max_size=50),
       skip_style_tags=st.booleans())
def test_fuzzed_trees_are_the_same(pieces: list[str], skip_style_tags: bool) -> None:
    assert_same("".join(pieces), skip_style_tags)
