"""Draw fixtures/citation-need/priority3/: uncited body claims stratified by contentious wording, for blind grading.

    python scripts/draw_priority3.py            # write items.tsv, items-blind.tsv, strata.tsv
    python scripts/draw_priority3.py --survey   # print each article's pool per stratum, write nothing
    python scripts/draw_priority3.py --check    # draw again and say whether items.tsv is what it draws

Once the set is graded (grades-N.tsv) it is fixed: the script no longer writes it, as a change of the parse or of
the need would draw other claims; benchmarks/need_priority.py counts the items no longer read as uncited claims
as gone. --check says what drawing again would change.

The rules for contentious wording in body claims (auditor.need.judged_needs) could not be chosen on priority/ and
priority2/: their development halves hold almost no body claim with such wording (CITATION_NEED.md, need9). This
sample is drawn to hold enough of them. From the articles of ARTICLES (real English articles in none of the
earlier graded sets, nor the bundled excerpt), every claim that the audit reports as C101 (no citation), of kind
prose or list, outside the lead (where the lift applies; the lead may rest on the body's citations), is read for
the wording of each stratum of STRATA (its quotations left out, as the contentious rule leaves them out; words
are runs of letters, lower case, so "so-called" is "so called"). A claim may hold several strata's wording; it is
drawn for one, the strata being drawn in STRATA's order (the rarest wording first), and strata.tsv records every
stratum it holds. Within a stratum the claims are shuffled with the seed and taken in that order, at most
PER_ARTICLE of one article (and no article past PER_SAMPLE in the whole sample), until the stratum has QUOTA. The controls are the claims that hold no stratum's
wording and none of the shipped lexicon's (auditor/data/citation_need_contentious.txt), of the articles and
sections the drawn claims come from, shuffled and taken the same way until there are CONTROLS (or none is left).
Each stratum's claims, and the controls, are drawn half from either half of the articles (the split rule of
benchmarks/need_priority.py), so that a rule chosen on the development half meets as many in the test half.

The items are then shuffled and numbered, so an item's number tells nothing of its stratum. Written:
- items.tsv: item, article, claim, section, kind, need (the tool's, as the audit gives it), text;
- items-blind.tsv: item, article, section, kind, text: what the graders see;
- strata.tsv (for the analysis, not the graders): item, article, claim, stratum (the one it was drawn for, or
  control), held (every stratum whose wording it holds), shipped (the shipped lexicon's sections it holds, which
  the tool lifts), model (the model's need before the rules), need, half (the split rule of
  benchmarks/need_priority.py: development or test).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.audit import audit_text  # noqa: E402
from auditor.config import Config  # noqa: E402
from auditor.model import LEAD, LIST, PROSE, SourceInfo  # noqa: E402
from auditor.need import claim_needs, contentious_sections  # noqa: E402

OUT = ROOT / "fixtures" / "citation-need" / "priority3"
SEED = 20261202
QUOTA, CONTROLS, PER_ARTICLE, PER_SAMPLE = 10, 50, 3, 9
HALVES = ("development", "test")
TODAY = "2026-11-26"  # the day benchmarks/need_priority.py audits on

#: The articles drawn from, by name (as items.tsv's article column gives it) and file. priority3/'s own are
#: main-namespace articles of the enwiki dump chunk of the gensim 4.4.0 package (fixtures/ATTRIBUTION.md). The
#: first list was 36 articles: 22 of the chunk, and the 14 English articles of fixtures/ in no earlier set with
#: uncited body claims (fixtures/wikitext/ Arts_Club_of_Chicago, Blue-Train-album, Bodmin, Elizabeth-Gilbert,
#: Harry-McPherson, Magahi-language, Pear, Pet-door, Polygon-triangulation; fixtures/rendered/ Chorded_keyboard,
#: HTML, William-Clark-inventor; fixtures/html/ Hermitian-matrix, Mozilla). The benchmark splits the articles that
#: give items, so those that gave none were taken out, in rounds, until every article gives one and the halves
#: the draw balances are the benchmark's: 36, 25, 21, 20 articles; then the superlative wording was narrowed
#: ("record", "one of the" alone), Angola and Arthur-Schopenhauer gave none, and 18 were left. No grade existed.
ARTICLES = {
    **{name: f"fixtures/citation-need/priority3/{name}.wiki" for name in (
        "Achilles", "Afghanistan", "Alabama", "Alaska", "Albert-Einstein", "Algeria", "Altruism",
        "American-Revolutionary-War", "Andrei-Tarkovsky", "Anthropology", "Apollo",
        "Appellate-procedure-in-the-United-States", "Art", "Asia", "Economy-of-Angola",
        "Foreign-relations-of-Angola", "List-of-Atlas-Shrugged-characters")},
    "Arts_Club_of_Chicago": "fixtures/wikitext/Arts_Club_of_Chicago.wiki",
}

#: The strata, in the order they are drawn, each with its wording: "word", "word*" (every word that starts so),
#: "two words" (in a row; the last may end in *). Compiled for this sample from the guidance the rules would
#: cite: WP:BLPCRIME (accusation), WP:SYNTH (motive), WP:LABEL (collaboration and betrayal, and the
#: intensifiers among MOS:WTW's words that may introduce bias), MOS:PUFFERY (peacock), WP:EXCEPTIONAL
#: (superlative); words_to_watch is auditor/data/citation_need_words_to_watch.txt as the model reads it.
STRATA: dict[str, tuple[str, ...]] = {
    "collaboration": (
        "collaborated with the", "collaboration with the", "collaborationist*", "occupier*",
        "occupying forces", "occupying power", "fought alongside the", "sided with", "siding with", "switched sides",
        "changed sides", "betray*", "traitor*", "treason*", "treacher*", "quisling*", "defected", "defector*",
        "defection*", "deserted", "deserter*", "desertion*", "double agent*", "spy", "spies", "spied", "spying",
        "espionage", "informer*", "informant*", "turncoat*", "renegade*", "conspir*", "coup", "coups", "puppet government*", "puppet state*", "puppet regime*",
        "puppet ruler*",
        "collusion", "colluded", "sold out to", "went over to"),
    "motive": (
        "fearing", "feared that", "for fear", "in revenge", "revenge", "in retaliation", "retaliat*",
        "in order to", "so as to", "hoping to", "hoped to", "in the hope", "in hopes of", "intended to",
        "intending to", "intent on", "aiming to", "aimed to", "sought to", "seeking to", "in an attempt to",
        "in an effort to", "attempting to", "motivated by", "motive*", "deliberately", "intentionally",
        "purposely", "on purpose", "pretext", "ulterior", "to punish", "to appease", "to discredit",
        "in a bid to", "wishing to", "so that he", "so that she", "so that they"),
    "accusation": (
        "accused", "accuse", "accuses", "accusing", "accusation*", "charged with", "convicted", "convictions",
        "indicted", "indictment*", "murder*", "massacre*", "atrocit*", "war crime*", "genocid*", "fraud*",
        "corrupt*", "tortur*", "looting", "looted", "rape", "raped", "rapes", "assassinat*",
        "guilty", "kidnap*", "bribe*", "bribery", "embezzl*", "smuggl*", "persecut*", "ethnic cleansing",
        "abuse*", "abusive", "illegal*", "unlawful*", "arrested", "jailed", "imprisoned", "sentenced", "trafficking",
        "scandal*", "misconduct", "plagiar*"),
    "intensifier": (
        "crucial", "brutal*", "massive*", "vicious*", "ruthless*", "savage*", "horrific*", "horrible", "terrible",
        "devastat*", "dramatic*", "drastic*", "enormous*", "huge", "hugely", "immense*", "tremendous*",
        "extremely", "deeply", "severely", "harsh*", "fierce*", "overwhelming*", "utterly", "bitter*", "staunch*",
        "vehement*", "strongly", "profound*", "radically", "sweeping", "fiery"),
    "superlative": (
        "the first", "first ever", "the only", "the sole", "the largest", "the biggest", "the most", "one of the most",
        "one of the few", "one of the top", "one of the world s",
        "the best", "the greatest", "the highest", "the oldest", "the longest", "the youngest", "the earliest",
        "the fastest", "the tallest", "the richest", "the strongest", "the worst", "the finest", "the foremost",
        "the smallest", "the lowest", "the deadliest", "the heaviest", "the widest", "the deepest", "the top",
        "the world s", "never before", *(f"one of the {word}" for word in (
            "best", "largest", "biggest", "greatest", "highest", "oldest", "longest", "earliest", "finest",
            "first", "leading", "wealthiest", "richest", "strongest", "worst", "smallest"))),
    "peacock": (
        "legendary", "acclaimed", "iconic", "renowned", "prestigious", "prominent*", "celebrated", "famous",
        "famed", "illustrious", "eminent", "distinguished", "esteemed", "influential", "seminal", "visionary",
        "brilliant*", "outstanding", "remarkable", "extraordinary", "masterpiece*", "genius", "leading",
        "respected", "highly regarded", "world class", "landmark", "innovative", "groundbreaking",
        "ground breaking", "pioneering", "pioneer*", "virtuoso", "revered", "beloved", "notable", "greatest",
        "best known", "well known", "widely known", "popular"),
    "words_to_watch": (),  # the shipped list, read in words_to_watch()
}
_QUOTED = re.compile('(?<![0-9])"[^"]*"?|\u201c[^\u201d]*\u201d?|\u2018[^\u2019]*\u2019|\u00ab[^\u00bb]*\u00bb?')


def words(text: str) -> list[str]:
    """A claim's words as the strata are read: its quotations left out, runs of letters, lower case."""
    return re.findall(r"[^\W\d_]+", _QUOTED.sub(" ", text).lower())


def holds(said: list[str], entry: str) -> bool:
    """Whether words hold an entry ("word", "word*", "two words", "two word*")."""
    parts = entry.split()
    last, open_end = parts[-1].rstrip("*"), parts[-1].endswith("*")
    for i in range(len(said) - len(parts) + 1):
        if said[i:i + len(parts) - 1] == parts[:-1]:
            word = said[i + len(parts) - 1]
            if word.startswith(last) if open_end else word == last:
                return True
    return False


def words_to_watch() -> tuple[str, ...]:
    """auditor/data/citation_need_words_to_watch.txt, one word a line, lower case (the model reads them whole)."""
    text = (ROOT / "auditor" / "data" / "citation_need_words_to_watch.txt").read_text("utf-8")
    return tuple(line.strip().lower() for line in text.splitlines() if line.strip())


def strata_held(text: str) -> list[str]:
    """The strata whose wording a claim holds, in STRATA's order."""
    said = words(text)
    entries = {**STRATA, "words_to_watch": words_to_watch()}
    return [name for name, wording in entries.items() if any(holds(said, entry) for entry in wording)]


#: The lexicon's sections when the sample was drawn (main 1fe8013), whose needs and 'shipped' column it records;
#: accusation and peacock were added after the grades (need11), so the draw reads the lexicon as it was.
DRAWN_SECTIONS = ("label", "doubt", "editorial", "betrayal", "exceptional", "cause")


def pool(name: str, path: Path) -> list[dict]:
    """An article's uncited (C101) body claims of kind prose or list, with their needs and wording (the rules of
    the draw's time: DRAWN_SECTIONS)."""
    config = Config(contentious_sections=DRAWN_SECTIONS, contentious_weights=())
    result = audit_text(path.read_text("utf-8"), config, SourceInfo("file", str(path)), today=TODAY)
    uncited = {f.claim for f in result.findings if f.code == "C101"}
    model = claim_needs(result.article).needs
    return [{"article": name, "claim": c.id, "section": c.section, "kind": c.kind, "need": result.need[c.id],
             "model": model[c.id], "text": " ".join(c.text.split()), "held": strata_held(c.text),
             "shipped": [s for s in contentious_sections(c.text) if s in DRAWN_SECTIONS]}
            for c in result.article.claims
            if c.id in uncited and c.kind in (PROSE, LIST) and c.section != LEAD]


def take(claims: list[dict], count: int, rng: random.Random, drawn: Counter) -> list[dict]:
    """count claims drawn at random, at most PER_ARTICLE of one article, and no article past PER_SAMPLE in the
    whole sample (drawn: the sample's count by article so far, updated); fewer if the claims run out."""
    shuffled = claims[:]
    rng.shuffle(shuffled)
    taken, per = [], Counter()
    for claim in shuffled:
        article = claim["article"]
        if len(taken) < count and per[article] < PER_ARTICLE and drawn[article] < PER_SAMPLE:
            taken.append(claim)
            per[article] += 1
            drawn[article] += 1
    return taken


def draw(claims: list[dict], half: dict[str, str], seed: int = SEED) -> list[dict]:
    """The sample: QUOTA claims of each stratum in STRATA's order, then CONTROLS controls, each with its
    stratum, half of each from either half of the articles (half: article -> development or test); shuffled
    and numbered."""
    rng = random.Random(seed)
    drawn, used, per_article = [], set(), Counter()
    for stratum in STRATA:
        for side in HALVES:
            left = [c for c in claims if stratum in c["held"] and half[c["article"]] == side
                    and (c["article"], c["claim"]) not in used]
            for claim in take(left, QUOTA // 2, rng, per_article):
                drawn.append({**claim, "stratum": stratum})
                used.add((claim["article"], claim["claim"]))
    places = {(c["article"], c["section"]) for c in drawn}
    for side in HALVES:
        plain = [c for c in claims if not c["held"] and not c["shipped"] and half[c["article"]] == side
                 and (c["article"], c["section"]) in places]
        drawn += [{**claim, "stratum": "control"} for claim in take(plain, CONTROLS // 2, rng, per_article)]
    rng.shuffle(drawn)
    return [{**claim, "item": f"{n:03d}"} for n, claim in enumerate(drawn, 1)]


def half_of(articles: list[str]) -> dict[str, str]:
    """benchmarks/need_priority.py's split rule: sorted by case-folded name, 1st, 3rd ... develop."""
    ordered = sorted(articles, key=str.casefold)
    return {a: "development" if i % 2 == 0 else "test" for i, a in enumerate(ordered)}


def write(path: Path, columns: tuple[str, ...], rows: list[dict]) -> None:
    lines = ["\t".join(columns)] + ["\t".join(str(row[c]) for c in columns) for row in rows]
    path.write_text("\n".join(lines) + "\n", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--survey", action="store_true", help="print each article's pool per stratum only")
    parser.add_argument("--check", action="store_true", help="compare a new draw with items.tsv, write nothing")
    args = parser.parse_args()
    if not (args.survey or args.check) and [*OUT.glob("grades-*.tsv")]:
        sys.exit(f"{OUT}: graded (grades-N.tsv), so fixed: not written again (--check compares)")
    claims = [c for name, file in ARTICLES.items() for c in pool(name, ROOT / file)]
    if args.survey:
        for name in ARTICLES:
            mine = [c for c in claims if c["article"] == name]
            counts = Counter(s for c in mine for s in c["held"])
            print(f"{name:24s} {len(mine):4d} uncited body claims; "
                  + " ".join(f"{s} {counts[s]}" for s in STRATA) + f"; plain {sum(not c['held'] for c in mine)}")
        return
    half = half_of([*ARTICLES])
    items = draw(claims, half)
    idle = sorted({*ARTICLES} - {i["article"] for i in items})
    if idle:  # the benchmark splits the articles that give items: it would split them otherwise
        sys.exit(f"articles that give no item (take them out of ARTICLES): {', '.join(idle)}")
    for item in items:
        item["held"] = ",".join(item["held"]) or "-"
        item["shipped"] = ",".join(item["shipped"]) or "-"
        item["half"] = half[item["article"]]
    columns = ("item", "article", "claim", "section", "kind", "need", "text")
    if args.check:
        lines = ["\t".join(columns)] + ["\t".join(str(row[c]) for c in columns) for row in items]
        old = (OUT / "items.tsv").read_text("utf-8").splitlines()
        changed = [f"- {a}\n+ {b}" for a, b in zip(old, lines) if a != b]
        print("\n".join(changed) or f"items.tsv is what the script draws ({len(items)} items)")
        sys.exit(1 if changed or len(old) != len(lines) else 0)
    write(OUT / "items.tsv", columns, items)
    write(OUT / "items-blind.tsv", ("item", "article", "section", "kind", "text"), items)
    write(OUT / "strata.tsv", ("item", "article", "claim", "stratum", "held", "shipped", "model", "need", "half"),
          items)
    for stratum, count in Counter(i["stratum"] for i in items).items():
        print(f"{stratum}: {count}")


if __name__ == "__main__":
    main()
