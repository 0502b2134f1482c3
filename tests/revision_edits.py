"""A second revision of the Douglas Adams wikitext, made by editing the first as editors do.

Each edit is one (old, new) replacement that must apply exactly once, so the
test fails loudly if the fixture changes. What each edit should show in a diff:

- remove a reference: "His parents divorced in 1957 ..." loses <ref>Webb 2005a, p. 32.</ref>
  -> citation-removed, weaker (it becomes weak);
- add {{cn}} to an uncited sentence -> flag-added, weaker;
- move the "I love deadlines" sentence to the next paragraph -> paired, moved, no change;
- lightly reword the "never a prolific writer" sentence -> paired as edited, no change;
- add a new unsourced sentence -> new-weak.
"""

from __future__ import annotations

DEADLINES = ("He was quoted as saying, \"I love deadlines. I love the whooshing noise they make as they go by.\""
             "<ref name=Simpson_236>{{Harvnb|Simpson|2003|pp=236}}</ref>")
EDITS = (
    ("run by his maternal grandparents.<ref>Webb 2005a, p. 32.</ref>", "run by his maternal grandparents."),
    ("had important influence on Adams's work.", "had important influence on Adams's work.{{cn|date=May 2018}}"),
    (" " + DEADLINES, ""),
    ("included the [[42 Puzzle]].</ref>", "included the [[42 Puzzle]].</ref> " + DEADLINES),
    ("Adams was never a prolific writer and usually had to be forced by others to do any writing.",
     "Adams was never a very prolific writer and often had to be forced by others to do any writing."),
    ("He left  after six months to become the script editor for ''[[Doctor Who]]''.",
     "He left  after six months to become the script editor for ''[[Doctor Who]]''. "
     "He later called the job the most frightening of his career."),
)


def edited(text: str) -> str:
    """The second revision: the first with every edit applied once."""
    for old, new in EDITS:
        if text.count(old) != 1:
            raise AssertionError(f"edit does not apply exactly once: {old[:60]!r}")
        text = text.replace(old, new)
    return text


def generated_revisions(claims: int = 2000, seed: int = 14) -> tuple[list[dict], list[dict], list[tuple[int, int]]]:
    """Two revisions of ``claims`` claims each (about): the newer keeps most, rewords some (one word
    replaced), removes some, adds some and moves a few. Returns old claims, new claims, and the pairs
    (old index, new index) the diff must find, in the newer revision's order."""
    import random

    rnd = random.Random(seed)
    vocabulary = ["".join(rnd.choice("abcdefghijklmnoprstuvw") for _ in range(rnd.randint(3, 9)))
                  for _ in range(3000)]

    def sentence() -> str:
        return " ".join(rnd.choice(vocabulary) for _ in range(rnd.randint(10, 20))).capitalize() + "."

    old = [{"section": f"Section {k // 100}", "text": sentence()} for k in range(claims)]
    new, origin = [], []
    for i, claim in enumerate(old):
        roll = rnd.random()
        if roll < 0.05:
            continue  # removed
        if roll < 0.20:  # reworded: one word replaced
            words = claim["text"].rstrip(".").split()
            words[rnd.randrange(1, len(words))] = rnd.choice(vocabulary)
            claim = {**claim, "text": " ".join(words) + "."}
        new.append(claim)
        origin.append(i)
        if rnd.random() < 0.05:
            new.append({"section": claim["section"], "text": sentence()})
            origin.append(None)
    for _ in range(claims // 50):  # moved
        a, b = rnd.randrange(len(new)), rnd.randrange(len(new))
        new.insert(b, new.pop(a))
        origin.insert(b, origin.pop(a))
    return old, new, [(i, j) for j, i in enumerate(origin) if i is not None]
