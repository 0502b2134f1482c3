"""The citation-need model: the text it reads, its file, and its figures on the held-out half."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from auditor import need
from auditor.need import (LEAD, citation_need, contentious_sections, load_need_model, need_sentence, need_sentences,
                          read_statements, roc_auc, sentence_features, shape_features)
from auditor.parse.sentences import split_sentences
from casefiles import cases

ROOT = Path(__file__).parent.parent
STATEMENTS = ROOT / "fixtures" / "citation-need" / "english_short.tsv"

CUTS = [
    ("a paragraph becomes its last sentence", "He was born in 1901. He died in 1950.", "He died in 1950"),
    ("markers go", "He left.[2] She said it rained.[3][note 4]", "She said it rained"),
    ("a quotation keeps its marks", 'She called it "the best of its kind."', 'She called it "the best of its kind"'),
    ("serialised markup before a cut span goes", '"group":{"wt":"note"}},"i":0}}]}">[note 4] The couple divorced',
     "The couple divorced"),
    ("an unclosed template goes", "He won the medal.{{cite web|title=Gov", "He won the medal"),
    ("wikilinks keep their text", "He met [[Percy Shelley|Shelley]] in Rome.", "He met Shelley in Rome"),
    ("a span cut at a reference is left whole", "the only state that Lincoln did not win", "the only state that Lincoln did not win"),
    ("a closing colon stays: the sentence introduces a list", "He wrote books. His best-known include: ",
     "His best-known include:"),
    ("a colon inside a sentence is no end", "In 1921: the gold medal.", "In 1921: the gold medal"),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in CUTS], ids=[c[0] for c in CUTS])
def test_need_sentence(text: str, expected: str) -> None:
    assert need_sentence(text) == expected


def test_the_same_sentence_cited_or_not_reads_the_same() -> None:
    """The leak: cited spans lost their full stop, uncited paragraphs kept theirs."""
    assert need_sentence("It was shot in South Africa") == need_sentence("The film opened. It was shot in South Africa.")


def test_a_claim_without_terminal_punctuation_inside_skips_the_segmenter(monkeypatch) -> None:
    """The cut is the same whether or not the segmenter is asked about a text with no boundary inside."""
    texts = [line.split("\t")[7] for line in STATEMENTS.read_text(encoding="utf-8").splitlines()]
    texts += [" ".join(t.split())[a:b] for t in texts[:1000] for a, b in split_sentences(" ".join(t.split()))]
    texts += ["He said so!", "Is it (so?)", "Etc. and the rest", "It ended\u3002 Then"]
    fast = [need_sentence(t) for t in texts]
    monkeypatch.setattr(need, "_TERMINAL", re.compile(""))  # every text asks the segmenter
    assert [need_sentence(t) for t in texts] == fast


SHAPES = [
    ("a year after a capitalised word", "In 1952", ["^Xx Y"]),
    ("a figure that is no year, capitals", "NASA paid 300", ["^X x", "^x d", "^X x d"]),
    ("punctuation is its own shape", 'He said, "no"', ['^Xx x', '^x ,', '^, "', '^" x', '^x "', '^Xx x ,',
                                                  '^x , "', '^, " x', '^" x "']),
    ("each shape once", "a b c d", ["^x x", "^x x x"]),
]


@pytest.mark.parametrize("sentence, expected", [c[1:] for c in SHAPES], ids=[c[0] for c in SHAPES])
def test_shape_features(sentence: str, expected: list[str]) -> None:
    assert shape_features(sentence) == expected


def test_sentence_features_carry_the_shapes() -> None:
    """One function builds the features for the trainer and the run-time model alike."""
    assert "^x Y" in sentence_features("He was born in 1952")


def test_weights_come_back_from_signed_bytes() -> None:
    """The file keeps each model's sentence weights as signed bytes and a scale."""
    assert [*need._unquantised({"scale": 0.5, "bytes": "AX+A/w=="})] == [0.5, 63.5, -64.0, -0.5]
    assert len(load_need_model().weights) > 3000


def test_the_model_file_holds_its_features_sorted() -> None:
    """The predictor finds the shape weights as one block of the sorted features (_tables)."""
    features = list(load_need_model().weights)
    assert features == sorted(features) and any(f.startswith("^") for f in features)


def test_the_model_file_is_small() -> None:
    assert (ROOT / "auditor" / "data" / "citation_need.json").stat().st_size < 100_000


def test_need_is_a_probability_and_the_section_moves_it() -> None:
    text = "Critics described the album as one of the greatest ever made."
    body, lead, unknown = citation_need(text, "Reception"), citation_need(text, LEAD), citation_need(text)
    assert all(0 <= n <= 1 for n in (body, lead, unknown))
    assert lead < body


def test_held_out_figures() -> None:
    """Floors a little under the measured figures (benchmarks/citation_need.py): a broken cut or file fails."""
    rows = read_statements(STATEMENTS.read_text(encoding="utf-8"), held_out=True)
    model = load_need_model()
    labels = [r["label"] for r in rows]
    assert len(rows) == 2004
    assert roc_auc(labels, [model.need(r["sentence"], r["section"]) for r in rows]) > 0.91
    assert roc_auc(labels, [model.need(r["sentence"]) for r in rows]) > 0.775


def test_roc_auc_counts_ties_half() -> None:
    assert roc_auc([0, 1], [0.2, 0.8]) == 1.0
    assert roc_auc([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5]) == 0.5


def test_training_reads_through_the_package() -> None:
    """One cut for training and run time: the trainer takes its rows from auditor.need."""
    script = (ROOT / "scripts" / "train_citation_need.py").read_text(encoding="utf-8")
    assert re.search(r"from auditor\.need import .*\bneed_sentences\b.*\bread_statements\b", script)
    assert "def need_sentence" not in script and "split_sentences" not in script


def test_every_sentence_is_cut_as_the_last_one() -> None:
    """The trainer's earlier sentences are cut as need_sentence cuts a statement's last."""
    for line in STATEMENTS.read_text(encoding="utf-8").splitlines()[:500]:
        text = line.split("\t")[7]
        assert need_sentences(text)[-1] == need_sentence(text)
    assert need_sentences("He was born in 1901. He wrote: ") == ["He was born in 1901", "He wrote:"]


def _plain_scans(sentence: str) -> tuple[list[str], list[str], int, bool]:
    """What sentence_features reads by its shortcuts, read the plain way: every capitalised run of letters,
    the folded words, the count of years and whether a figure is there, each from a scan of the whole text."""
    capitalised = [w for w in need._CAPITALISED.findall(sentence) if w[0].isupper()]
    words = [need._fold(w) for w in need._TOKEN.findall(sentence.lower())]
    return capitalised, words, len(need._YEARS.findall(sentence)), bool(need._FIGURE.search(sentence))


EDGES = ["x \u00b2 y", "\u0110ilas \u00c9ire \u01c5x \u0130stanbul", "the 1990s, 2000\u20132010, \u00bd km\u00b2",
         "$5, \u00a3 6 and 1,000,000", "anti-European (London) McDonald's O\u2019Neill", "a", "", "1990", "\u00a5"]


def test_the_features_shortcuts_read_what_the_plain_scans_read() -> None:
    """Capitalised words found word by word, scans for figures and years started at the first digit or
    currency sign: the same features as whole-text scans, on the statements and on edge cases."""
    texts = [need_sentence(line.split("\t")[7]) for line in STATEMENTS.read_text(encoding="utf-8").splitlines()]
    for sentence in texts + EDGES:
        capitalised, words, years, figure = _plain_scans(sentence)
        features = need.sentence_features(sentence)
        assert [f[1:] for f in features if f.startswith("=")] == capitalised, sentence
        assert features[:len(words)] == words, sentence
        assert f"#years {min(years, 3)}" in features and ("#figure" in features) == figure, sentence


def test_the_predictor_reads_each_feature_once_as_the_trainer_does() -> None:
    # The trainer's rows are dicts of feature -> 1.0: a feature that comes twice in a sentence counts once.
    from auditor.need import sentence_features

    model = load_need_model()
    sentence = "The film and the book were praised by the critics and the public in 1952, and again in 1952"
    features = sentence_features(sentence)
    repeated = {f for f in features if features.count(f) > 1 and f in model.weights}
    assert repeated  # else the case could not tell one count from two
    alone, with_section = model.logits(sentence)
    unique = set(features) & model.weights.keys()
    assert alone == pytest.approx(model.bias + sum(model.weights[f][0] for f in unique))
    assert with_section == pytest.approx(model.section_bias + sum(model.weights[f][1] for f in unique))


@pytest.mark.parametrize("case", cases("contentious.toml"))
def test_contentious_sections(case: dict) -> None:
    assert contentious_sections(need_sentence(case["sentence"])) == case["sections"]


def test_the_contentious_lexicon_names_its_sources_and_every_section_has_entries() -> None:
    text = (ROOT / "auditor" / "data" / "citation_need_contentious.txt").read_text(encoding="utf-8")
    assert all(f"WP:{page}" in text for page in ("LABEL", "PEACOCK", "WEASEL", "EDITORIALIZING", "BLPCRIME",
                                                  "EXCEPTIONAL", "NOR", "SYNTH")) and "MOS:PUFFERY" in text
    sections = re.split(r"^\[(\w+)\]$", text, flags=re.M)[1:]
    names, bodies = sections[::2], sections[1::2]
    assert names == ["label", "doubt", "editorial", "betrayal", "exceptional", "cause", "accusation", "peacock"]
    assert all(any(line and not line.startswith("#") for line in body.splitlines()) for body in bodies)


def test_every_plain_sense_holds_an_entry_it_keeps_from_being_read() -> None:
    """A plain sense ("-murder rate*") is read as no entry: each must hold one, else it would keep nothing."""
    plain = [" ".join(phrase) for entries in need._plain_senses().values() for phrase, _ in entries]
    assert "most notably" in plain and "murder rate" in plain
    assert all(_entries_held(phrase) for phrase in plain), plain


def _entries_held(sentence: str) -> list[str]:
    """The words of a sentence that are single words or prefixes of the lexicon (its plain senses not applied)."""
    words_of, prefixes, phrases, _order, _plain = need._contentious()
    words = need._TOKEN.findall(sentence.lower())
    return [w for w in words if w in words_of or any(w.startswith(p) for p, _ in prefixes.get(w[:need._STEM], ()))]


def _plain_features(sentence: str) -> list[str]:
    """sentence_features read the plain way, from whole-text scans of the sentence (its definition before
    the features were read word by word, _read): what the trainer's rows and the shipped model hold."""
    words = [need._fold(w) for w in need._TOKEN.findall(sentence.lower())]
    features = [*words, *(f"{a} {b}" for a, b in zip(words, words[1:]))]
    features += [f"#{name}" for name, entries in need._word_lists().items() if not entries.isdisjoint(words)]
    features += ["#month"] * (not need._MONTHS.isdisjoint(words)) + ["#quotation"] * bool(need._QUOTED.search(sentence))
    features += ["#figure"] * bool(need._FIGURE.search(sentence)) + [f"#length {min(len(words) // 8, 6)}"]
    spaced = sentence.split()
    features += [f"#names {min(sum(1 for w in spaced[1:] if w[0].isupper()) // 2, 5)}",
                 f"#years {min(len(need._YEARS.findall(sentence)), 3)}", f"#commas {min(sentence.count(','), 4)}"]
    features += [f"={w}" for w in need._CAPITALISED.findall(sentence) if w[0].isupper()]
    features += [mark for mark, there in (("#brackets", "(" in sentence), ("#semicolon", ";" in sentence),
                                          ("#colon", sentence.endswith(":")),
                                          ("#inner colon", ":" in sentence and not sentence.endswith(":")),
                                          ("#quotation end", sentence.endswith(('"', "\u201d")))) if there]
    shapes = [need._shape(t) for t in need._SHAPE_TOKEN.findall(sentence)]
    grams = [f"^{a} {b}" for a, b in zip(shapes, shapes[1:])]
    grams += [f"^{a} {b} {c}" for a, b, c in zip(shapes, shapes[1:], shapes[2:])]
    return features + list(dict.fromkeys(grams))


def _fixture_sentences() -> list[str]:
    """The cut claims of fixture articles in several scripts, the statements cut, and edge cases."""
    from auditor.audit import audit_text
    from auditor.config import Config
    from auditor.model import SourceInfo

    sentences = []
    for name in ("United-Kingdom.wiki", "de-Aluminiumnitrat.wiki", "ja-Teens-network.wiki", "zh-Medieval-music.wiki",
                 "fr-FreeBSD.wiki", "es-Macbeth.wiki"):
        text = (ROOT / "fixtures" / "wikitext" / name).read_text("utf-8")
        article = audit_text(text, Config(), SourceInfo("file", name), "wikitext", today="2026-01-01").article
        sentences += [need_sentence(c.text) for c in article.claims]
    statements = [line.split("\t")[7] for line in STATEMENTS.read_text(encoding="utf-8").splitlines()]
    return sentences + [need_sentence(t) for t in statements] + EDGES + [
        "\u0391\u0398\u0397\u039d\u0391\u03a3, \u039f\u0394\u039f\u03a3. (\u03a3)", "\u0130stanbul's \u0130Z",
        "'Tis (\"Quoted\"), [x] \u2018Y\u2019 \u201cZ\u201d", "1952, (1952) 1952. $5 5 % 5 per cent 1,000 US$"] + FIGURES


#: Figures, years and word lists read from the words (_part) and the sentence's cheap tests (_may_hold_figure)
FIGURES = ["5 M\u0130LL\u0130ON", "5 m\u0131ll\u0131on", "5 PER CENT of it", "3 Percentage", "$ 5", "\u00a5 5 and", "\u20ac5",
           "\u00a3", "1,000", "x1,000", "1,0000", "(1,000),", "12,345,678.", "1952a 1952,5 a1952 (1952) 1952\u20131953",
           "20%", "50 billion", "7 millions", "9 per", "9 cent per", "In March, allegedly, he said", "\u4e2dAB \u4e2d",
           "MARCH Claimed", "a 3 b", "\u0661\u0669\u0665\u0662 \u0661,\u0660\u0660\u0660", "\u00b2 km\u00b2 1\u00b2"]


def test_the_letters_of_the_figure_words_match_only_themselves_in_any_case() -> None:
    """_may_hold_figure looks for "per", "cent" and "llion" in the lower-cased sentence, and for the two other
    letters re.I matches with "i": no other letter of those words matches another character."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))  # one string: the regex scans it in C
    for letter in "percntliomb":
        others = {c for c in re.findall(letter, every, re.I) if c.lower() != letter}
        assert others == ({"\u0130", "\u0131"} if letter == "i" else set()), letter


def test_the_features_read_word_by_word_are_the_plain_features() -> None:
    """sentence_features reads each white-space split word once (_read): the same features, in the same
    order, as whole-text scans, on fixture claims, statements and edge cases."""
    for sentence in _fixture_sentences():
        assert need.sentence_features(sentence) == _plain_features(sentence), sentence


def test_the_predictor_adds_the_weights_of_the_features_in_their_order() -> None:
    """NeedModel.logits reads the weights without building every feature (_Weighted): the same sums, bit
    for bit, as adding the weight of each distinct feature of sentence_features in its order."""
    model = load_need_model()
    for sentence in _fixture_sentences():
        alone, with_section = model.bias, model.section_bias
        for feature in dict.fromkeys(sentence_features(sentence)):
            if feature in model.weights:
                alone += model.weights[feature][0]
                with_section += model.weights[feature][1]
        assert model.logits(sentence) == (alone, with_section), sentence


def _plain_contentious(sentence: str) -> list[str]:
    """contentious_sections read the plain way: the tokens of the whole text, each word's prefixes tried."""
    words_of, prefixes, phrases, order, _plain = need._contentious()
    sentence = need._QUOTATIONS.sub(" ", sentence)  # the code skips this where no mark opens a quotation
    words = need._TOKEN.findall(sentence.lower())
    for phrase, open_end in [found for entries in need._plain_senses().values() for found in entries]:
        for index in range(len(words) - len(phrase), -1, -1):  # a plain sense is read as no entry
            last = index + len(phrase) - 1
            if tuple(words[index:last]) == phrase[:-1] and (
                    words[last].startswith(phrase[-1]) if open_end else words[last] == phrase[-1]):
                del words[index:last + 1]
    found = {words_of[w] for w in words if w in words_of}
    found |= {name for w in words for prefix, name in prefixes.get(w[:need._STEM], ()) if w.startswith(prefix)}
    for index, first in enumerate(words):
        for phrase, open_end, name in phrases.get(first, ()):
            last = index + len(phrase) - 1
            if last < len(words) and tuple(words[index:last]) == phrase[:-1] and (
                    words[last].startswith(phrase[-1]) if open_end else words[last] == phrase[-1]):
                found.add(name)
    return [name for name in order if name in found]


def test_the_contentious_sections_read_word_by_word_are_the_plain_ones() -> None:
    """contentious_sections reads the words of _read and their sections as bits, once per split word (_token_bits):
    the same sections as the plain reading, on fixture claims, statements and edge cases."""
    words, prefixes, phrases, _order, _plain = need._contentious()
    entries = [*words, *(p for found in prefixes.values() for p, _ in found),
               *(w for found in phrases.values() for phrase, _, _ in found for w in phrase)]
    assert not [e for e in entries if re.search(r"[\d<]", e)]  # the words read hold figures folded (<num>)
    sentences = _fixture_sentences() + ["an infamous 1952 coup", 'the "infamous" coup', "he allegedly fled",
                                        "the murder rate and murders", "its greatest extent, the greatest king"]
    assert sum(bool(_plain_contentious(s)) for s in sentences) > 100  # else the comparison could not fail
    for sentence in sentences:
        assert contentious_sections(sentence) == _plain_contentious(sentence), sentence


def _challenged(text: str, lang: str = "en") -> dict[str, str]:
    """The kinds of the claims claim_needs holds challenged, by their text, in a wikitext article."""
    from auditor.model import SourceInfo
    from auditor.parse import parse_article

    article = parse_article(text, "wikitext", SourceInfo("file", "x.wiki"), "X", lang=lang)
    found = need.claim_needs(article).challenged
    return {claim.text: claim.kind for claim in article.claims if claim.id in found}


def test_a_quotation_is_not_read_for_contentious_wording_a_caption_is_in_the_lead_too() -> None:
    """A quotation is reproduced, not worded by the article; a lead caption with such wording is not halved."""
    text = ("[[File:X.jpg|thumb|The infamous traitor in 1942]]\nThe lead is plain.<ref>A</ref>\n== Life ==\n"
            "{{quote|We lost the war because of the traitors.}}\nHe left because of the infamous traitors.\n")
    assert _challenged(text) == {"The infamous traitor in 1942": "caption",
                                 "He left because of the infamous traitors.": "prose"}
    assert _challenged(text, "en-gb") == _challenged(text) and _challenged(text, "de") == {}


def test_the_work_tells_what_lies_under_its_plot_synopsis_characters_or_mythology_heading() -> None:
    """told_by_the_work: a claim under such a heading, its own or one above it, and not under a heading of the same
    words in another sense ("Character and entity references") nor after the section ends."""
    from auditor.model import SourceInfo
    from auditor.parse import parse_article

    text = ("Lead.\n== Mythology ==\n=== Birth ===\nShe was born on Delos.\n== Cult ==\nA cult spread.\n"
            "== Plot summary ==\nThe hero sets out.\n== Main characters ==\nJohn Galt is an engineer.\n"
            "== Character and entity references ==\nA reference names a character.\n")
    article = parse_article(text, "wikitext", SourceInfo("file", "x.wiki"), "X")
    told = need.told_by_the_work(article)
    assert sorted(c.text for c in article.claims if c.id in told) == [
        "John Galt is an engineer.", "She was born on Delos.", "The hero sets out."]
