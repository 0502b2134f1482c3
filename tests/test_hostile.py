"""Hostile articles through the command line: each ends as tests/cases/hostile.toml says, within the budget."""

from __future__ import annotations

import codecs
import json
import os
import resource
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from auditor.cli import main

ROOT = Path(__file__).parent.parent
CASES = tomllib.loads((ROOT / "tests" / "cases" / "hostile.toml").read_text(encoding="utf-8"))["case"]


def run_main(args: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    """Run the entry point in-process; return its exit code."""
    monkeypatch.setattr(sys, "argv", ["auditor", *args])
    try:
        main()
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


def _input(case: dict, tmp_path: Path) -> Path:
    if "file" in case:
        return ROOT / "fixtures" / "hostile" / case["file"]
    path = tmp_path / "hostile.wiki"
    path.write_text(case["text"] * case["times"] + case.get("tail", "") + case.get("close", "") * case["times"], encoding="utf-8")
    return path


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_hostile_input_ends_as_expected(case: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """Exit code, finding codes in the JSON report, and a one-line error where expected."""
    args = ["audit", str(_input(case, tmp_path)), "--format", "json", "--time-budget", case.get("budget", "5"),
            "--input-format", case.get("format", "auto")]
    code = run_main(args, monkeypatch)
    out, err = capsys.readouterr()
    assert code == case["exit"], err
    if "error" in case:
        assert case["error"] in err and err.count("\n") == 1 and "Traceback" not in err
    if (case.get("codes") is not None or "absent" in case) and out:
        record = json.loads(out)
        found = {f["code"] for f in record["findings"]}
        found |= {f["code"] for claim in record["claims"] for f in claim["findings"]}
        assert set(case.get("codes", ())) <= found and not found & set(case.get("absent", ())), found


NOT_FILES = tomllib.loads((ROOT / "tests" / "cases" / "hostile.toml").read_text(encoding="utf-8"))["not_a_file"]
TEXT = "Born in 1952.<ref>x</ref>\n"


def _not_a_file(make: str, folder: Path) -> str:
    """The input a case names: a FIFO, /dev/zero, a file past the size cap, or TEXT in a codec."""
    path = folder / "input.wiki"
    if make == "fifo":
        os.mkfifo(path)
    elif make == "/dev/zero":
        return make
    elif make == "big":
        with open(path, "wb") as big:
            big.truncate((32 << 20) + 1)
    else:
        codec = make.removesuffix("-bom")
        path.write_bytes((_BOM[codec] if make.endswith("-bom") else b"") + TEXT.encode(codec))
    return str(path)


_BOM = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE, "utf-32-le": codecs.BOM_UTF32_LE}


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


@pytest.mark.parametrize("case", NOT_FILES, ids=[c["name"] for c in NOT_FILES])
def test_input_that_is_not_an_article_file_ends_in_one_line(case: dict, tmp_path: Path) -> None:
    """Regular files only, read with a size cap: a FIFO cannot hang a run, nor /dev/zero fill memory."""
    path = _not_a_file(case["make"], tmp_path)
    article = tmp_path / "article.wiki"
    article.write_text(TEXT, "utf-8")
    if case.get("source_list"):
        (tmp_path / "setup.cfg").write_text(f"[auditor]\nsource-lists = {Path(path).name}\n", "utf-8")
    args = [a.format(path=path, out=tmp_path / "out", article=article) for a in case["args"]]
    with open(path if case.get("stdin") else os.devnull, "rb") as stdin:
        proc = subprocess.run([sys.executable, "-m", "auditor", *args], stdin=stdin, capture_output=True,
                              text=True, timeout=60, cwd=tmp_path, preexec_fn=_limit_memory)
    assert proc.returncode == case["exit"], proc.stderr
    if "error" in case:
        assert case["error"] in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    else:
        assert json.loads(proc.stdout)["summary"]["claims"] == 1


TERMINAL = tomllib.loads((ROOT / "tests" / "cases" / "hostile.toml").read_text(encoding="utf-8"))["terminal"]


@pytest.mark.parametrize("case", TERMINAL, ids=[c["name"] for c in TERMINAL])
def test_control_characters_reach_the_terminal_escaped(case: dict, tmp_path: Path) -> None:
    """ESC, BEL and the other controls an article holds are shown as \\x1b, never obeyed by the terminal."""
    path, other = tmp_path / "a.wiki", tmp_path / "b.wiki"
    path.write_text(case["text"], "utf-8")
    other.write_text(case["text"] + "Another claim without a source.\n", "utf-8")
    args = [a.format(path=path, other=other) for a in case["args"]]
    proc = subprocess.run([sys.executable, "-m", "auditor", *args], capture_output=True, text=True, timeout=60)
    stream = getattr(proc, case["stream"])
    raw = {hex(ord(c)) for c in stream if (ord(c) < 32 and c not in "\n\t") or 0x7f <= ord(c) <= 0x9f}
    assert not raw and case["shown"] in stream, stream


@pytest.mark.parametrize("tables, tags", [(n, k) for n in (1, 10, 20, 49, 50, 51) for k in (0, 97 - 2 * n, 98 - 2 * n,
                                                                                    99 - 2 * n, 100 - 2 * n) if k >= 0])
def test_p903_for_tables_comes_exactly_where_the_parser_reads_nesting_as_text(tables: int, tags: int) -> None:
    """Tables nested in cells, with tags inside the innermost: P903 when, and only when, something is lost."""
    import mwparserfromhell

    from auditor.parse.guard import DEPTH_LIMIT, scan

    text = "{|\n|\n" * tables + "<span>" * tags + "x" + "</span>" * tags + "\n" + "|}\n" * tables
    parsed = [t.tag for t in mwparserfromhell.parse(text).filter_tags(recursive=True)]
    whole = parsed.count("table") == tables and parsed.count("span") == tags
    assert (scan(text).depth >= DEPTH_LIMIT) == (not whole)


def test_the_guard_finds_the_marks_a_search_of_every_branch_at_every_character_finds() -> None:
    """guard._TOKEN opens each branch with a plain character (so the engine skips text fast); it must find
    the same marks, of the same kind and length, as the plain spelling of the same branches."""
    import random
    import re

    from auditor.parse import guard

    plain = re.compile(
        r"(?:(?P<open_t>\{{2,})|(?P<close_t>\}{2,})|(?P<open_l>\[\[)|(?P<close_l>\]\])"
        r"|(?P<open_e>\[(?=" + guard._SCHEMES + r":|//))|(?P<close_e>\])"
        r"|<(?P<slash>/?)(?P<tag>[A-Za-z][\w:-]{0,40})(?P<attrs>[^<>\n]{0,2000}?)(?P<self>/?)>"
        r"|(?P<comment><!--))")

    def marks(pattern: re.Pattern[str], text: str) -> list[tuple]:
        found, pos = [], 0
        while (m := pattern.search(text, pos)) is not None:
            found.append((m.lastgroup, m.span(), m.group("tag"), m.group("slash"), m.group("self")))
            pos = m.end()
        return found

    draw = random.Random(16)
    pieces = ["{", "}", "[", "]", "<", ">", "/", "!--", "-->", "http://", "//", "ref", "br", " ", "\n", "x", "|"]
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "fixtures").glob("*/*.wiki"))]
    texts += ["".join(draw.choice(pieces) for _ in range(draw.randrange(40))) for _ in range(3000)]
    for text in texts:
        assert marks(guard._TOKEN, text) == marks(plain, text)


def test_the_guard_finds_tables_and_depth_as_a_search_anchored_at_each_line_and_a_sort_of_tuples_do() -> None:
    """guard._tables finds table marks anywhere and keeps those that start their line, and guard._depth
    sorts events as ints: both must give what an anchored search and a sort of (offset, kind, change) give."""
    import random
    import re

    from auditor.parse import guard

    anchored = re.compile(r"^[ \t]*(?:(?P<open>\{\|)|\|\})", re.M)

    def tables(text: str) -> list[tuple[int, int]]:
        found, open_at = [], []
        for m in anchored.finditer(text):
            if m.group("open"):
                open_at.append(m.start())
            elif open_at:
                found.append((open_at.pop(), m.end()))
        return found

    def depth(pairs: list[tuple[int, int, int]]) -> tuple[int, int]:
        events = sorted([(start, 1, w) for start, _, w in pairs] + [(end, 0, -w) for _, end, w in pairs])
        level = deepest = at = 0
        for offset, _, change in events:
            level += change
            if level > deepest:
                deepest, at = level, offset
        return deepest, at

    draw = random.Random(16)
    pieces = ["{|", "|}", "{", "}", "|", " ", "\t", "\n", "x", "\n "]
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "fixtures").glob("*/*.wiki"))]
    texts += ["".join(draw.choice(pieces) for _ in range(draw.randrange(40))) for _ in range(5000)]
    for text in texts:
        assert guard._tables(text) == tables(text)
        _, pairs, _ = guard._match(text)
        assert guard._depth(pairs) == depth(pairs)
    for _ in range(3000):
        pairs = []
        for _ in range(draw.randrange(12)):
            start = draw.randrange(20)
            pairs.append((start, start + draw.randrange(1, 6), draw.choice((1, 3))))
        assert guard._depth(pairs) == depth(pairs)


def test_the_guard_pairs_marks_as_a_search_from_each_mark_with_a_stack_of_openers_does() -> None:
    """guard._match reads the marks in one finditer and skips a closed comment's content by their start: it
    must give the unclosed openers and the pairs that a search from the end of each mark (or of the comment)
    gives, with the openers kept in stacks by kind (it fails when a mark inside a closed comment is read)."""
    import random

    from auditor.parse import guard

    def pairs_of(text: str) -> tuple[list, list]:
        stacks: dict[str, list] = {}
        pairs, last_close, pos, line_end = [], text.rfind("-->"), 0, -1

        def close(key: str, end: int, weight: int) -> None:
            if stacks.get(key):
                pairs.append((stacks[key].pop().start, end, weight))

        while (m := guard._TOKEN.search(text, pos)) is not None:
            kind, pos = m.lastgroup, m.end()
            if line_end >= 0 and m.start() > line_end:
                stacks.pop("external", None)
                line_end = -1
            if kind == "comment":
                if pos <= last_close:
                    pos = text.find("-->", pos) + 3
                    if m.start() <= line_end < pos:
                        line_end = text.find("\n", pos)
                        line_end = len(text) if line_end < 0 else line_end
                else:
                    stacks.setdefault("comment", []).append(guard.Opener("comment", m.start(), 1))
            elif kind == "open_t":
                for i in range(0, len(m.group()) - 1, 2):
                    stacks.setdefault("template", []).append(guard.Opener("template", m.start() + i, 2))
            elif kind == "close_t":
                for _ in range(len(m.group()) // 2):
                    close("template", m.end(), 3)
            elif kind in ("open_l", "open_e"):
                name = "link" if kind == "open_l" else "external"
                stacks.setdefault(name, []).append(guard.Opener(name, m.start(), len(m.group())))
                if name == "external" and line_end < 0:
                    line_end = text.find("\n", m.start())
                    line_end = len(text) if line_end < 0 else line_end
            elif kind in ("close_l", "close_e"):
                close("link" if kind == "close_l" else "external", m.end(), 1)
            elif not m.group("self") and m.group("tag").lower() not in guard._SINGLE:
                name = "tag:" + m.group("tag").lower()
                if m.group("slash"):
                    close(name, m.end(), 1)
                else:
                    stacks.setdefault(name, []).append(guard.Opener("tag", m.start(), 1))
        if 0 <= line_end < len(text):
            stacks.pop("external", None)
        return sorted((o for stack in stacks.values() for o in stack), key=lambda o: o.start), pairs

    draw = random.Random(16)
    pieces = ["{{", "{", "}}", "}", "{{{", "}}}", "[[", "]]", "[", "]", "[http://x ", "<ref>", "</ref>", "<br/>",
              "<b>", "</B>", "<li>", "<!--", "-->", "<!-->", "\n", " ", "x", "|"]
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "fixtures").glob("*/*.wiki"))]
    texts += ["".join(draw.choice(pieces) for _ in range(draw.randrange(40))) for _ in range(3000)]
    for text in texts:
        assert guard._match(text)[:2] == pairs_of(text)


@pytest.mark.parametrize("output", ["json", "sarif", "html", "text", "github", "junit", "file"])
def test_an_undecodable_file_name_gives_a_report_in_utf8(output: str, tmp_path: Path) -> None:
    """Python keeps a file name's undecodable byte as a lone surrogate, which no UTF-8 carries: the report names
    the file with U+FFFD, on stdout (surrogateescape in a C.UTF-8 locale would have written the raw byte) and in a
    file (a traceback before)."""
    path = tmp_path / os.fsdecode(b"bad\xff.wiki")
    path.write_text(TEXT, encoding="utf-8")
    args = ["--format", "html", "-o", str(tmp_path / "out.html")] if output == "file" else ["--format", output]
    run = subprocess.run([sys.executable, "-m", "auditor", "audit", str(path), *args], capture_output=True,
                         cwd=tmp_path, env={**os.environ, "LC_ALL": "C.UTF-8", "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0 and b"Traceback" not in run.stderr, run.stderr
    if output == "file":
        written = (tmp_path / "out.html").read_bytes()
    elif output == "html":  # reports/<title>.html, named after the title
        written = (tmp_path / "reports" / "bad\ufffd.html").read_bytes()
    else:
        written = run.stdout
    text = written.decode("utf-8")
    assert output in ("sarif", "junit") or "bad\ufffd" in text  # SARIF names no file without a finding, JUnit no such character


def test_a_lone_surrogate_in_a_wikis_text_is_read() -> None:
    """A wiki's JSON may escape a lone surrogate ("\\ud800"): the segmenter's core cannot take one."""
    from auditor.audit import audit_text
    from auditor.config import Config
    from auditor.model import SourceInfo

    result = audit_text("Adams was born \ud800 in 1952.<ref>A</ref> He left.\n", Config(), SourceInfo("wiki", "x"),
                        title="X")
    assert [claim.text for claim in result.article.claims] == ["Adams was born \ud800 in 1952.", "He left."]


def test_the_guards_bound_of_the_nesting_is_never_below_its_depth() -> None:
    """guard.Scan.bound, counted while pairing, rules the depth limit out without sorting the pairs: it must never
    be below the depth the sort finds, on the fixtures and on random nestings of every kind of mark and table."""
    import random

    from auditor.parse.guard import DEPTH_LIMIT, scan

    draw = random.Random(16)
    pieces = ["{{", "}}", "{{{", "}}}", "[[", "]]", "[http://x ", "]", "<ref>", "</ref>", "<b>", "</b>", "<span>",
              "</span>", "<!--", "-->", "\n{|\n", "\n|}\n", "\n|", "\n", " ", "x", "|"]
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "fixtures").glob("*/*.wiki"))]
    texts += ["".join(draw.choice(pieces) for _ in range(draw.randrange(60))) for _ in range(3000)]
    texts += ["{{x|" * 40 + "}}" * 40, "[[a|" * 120 + "]]" * 120, "{|\n|\n" * 60 + "|}\n" * 60]
    for text in texts:
        found = scan(text)
        assert found.bound >= found.depth
        assert found.too_deep() == (found.depth >= DEPTH_LIMIT)
    assert scan("{{x|" * 40 + "}}" * 40).too_deep()
