"""The difference between two audits of an article, claim by claim. Pure: records in, record out.

Claims are paired across the revisions so that moved and lightly edited
sentences still pair: first by equal normalised text (same section preferred,
then the nearer position), then by similarity (the larger of difflib's ratio
and the token Jaccard index) above a threshold, best pairs first, the same
section and the nearer position breaking ties. Similarity is measured only
against a claim's likeliest partners (CANDIDATES_PER_CLAIM), so the work
grows linearly with the claims. The changes of the paired claims, and the weak claims among the
new ones, are what the diff reports. The record has its own schema,
"auditor.diff/1".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from difflib import SequenceMatcher
from collections.abc import Iterator
from typing import Any

SCHEMA = "auditor.diff/1"
#: Change categories and what each means; the first four are bad news.
CATEGORIES = {
    "new-weak": "A claim added in the newer revision is weak.",
    "weaker": "A claim in both revisions scores lower and is weak in the newer one.",
    "citation-removed": "A claim in both revisions lost a citation to one of its references.",
    "flag-added": "A claim carries a maintenance flag it did not carry before.",
    "flag-resolved": "A flag a claim carried is gone (or its claim was removed).",
    "better": "A claim in both revisions scores higher.",
}
BAD_NEWS = ("new-weak", "weaker", "citation-removed", "flag-added")
DEFAULT_FAIL_ON = ("new-weak", "weaker")
DEFAULT_SIMILARITY = 0.7
_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """Text for comparison: case-folded words, punctuation and spacing dropped."""
    return " ".join(_WORD.findall(text.casefold()))


def similarity(a: str, b: str) -> float:
    """How alike two normalised texts are, 0..1: max(difflib ratio, token Jaccard)."""
    ta, tb = set(a.split()), set(b.split())
    jaccard = len(ta & tb) / len(ta | tb) if ta | tb else 1.0
    return max(SequenceMatcher(None, a, b, autojunk=False).ratio(), jaccard)


#: The similarity of a claim left unpaired by its text is measured against at most this many claims of
#: the other revision: all of them when there are no more, else its likeliest partners, those sharing the
#: most (and the rarest) words with it. This is the pairing's budget: it keeps the work linear in the
#: number of claims (two 2,000-claim revisions: seconds, not minutes; see benchmarks/diff_pairing.py).
CANDIDATES_PER_CLAIM = 12
#: A word in more claims than this nominates no partner (walking its claims would be the quadratic work).
_COMMON = 64


def pair_claims(old: list[dict[str, Any]], new: list[dict[str, Any]],
                threshold: float = DEFAULT_SIMILARITY) -> list[tuple[int, int, float]]:
    """Pairs (old index, new index, similarity) of claims, in the newer revision's order."""
    old_norm, new_norm = [normalise(c["text"]) for c in old], [normalise(c["text"]) for c in new]
    pairs = _same_text(old, new, old_norm, new_norm)
    paired_old = {i for i, _ in pairs.values()}
    taken = set(pairs)
    old_left = [i for i in range(len(old)) if i not in paired_old]
    new_left = [j for j in range(len(new)) if j not in taken]
    candidates = []
    for i, partners in _partners(old_norm, new_norm, old_left, new_left):
        for j in partners:
            if _may_reach(old_norm[i], new_norm[j], threshold):
                score = similarity(old_norm[i], new_norm[j])
                if score >= threshold:
                    candidates.append((-score, *_closeness(old, new, i, j), i, j))
    for negative, _, _, i, j in sorted(candidates):
        if i not in paired_old and j not in taken:
            pairs[j] = (i, round(-negative, 3))
            paired_old.add(i)
            taken.add(j)
    return [(i, j, score) for j, (i, score) in sorted(pairs.items())]


def _same_text(old: list[dict], new: list[dict], old_norm: list[str], new_norm: list[str]) -> dict[int, tuple[int, float]]:
    """Claims of equal normalised text, each old one with the free new one in its section, else any, nearest in position."""
    free: dict[str, list[int]] = {}
    for j, text in enumerate(new_norm):
        free.setdefault(text, []).append(j)
    in_section: dict[tuple[str, str], list[int]] = {}
    for j, text in enumerate(new_norm):
        in_section.setdefault((text, new[j]["section"]), []).append(j)
    pairs: dict[int, tuple[int, float]] = {}
    for i, text in enumerate(old_norm):
        if not free.get(text):
            continue
        target = i / max(1, len(old)) * max(1, len(new))
        j = _nearest(in_section.get((text, old[i]["section"])) or free[text], target, len(new))
        free[text].remove(j)
        if j in in_section.get((text, new[j]["section"]), ()):
            in_section[(text, new[j]["section"])].remove(j)
        pairs[j] = (i, 1.0)
    return pairs


def _nearest(sorted_indices: list[int], target: float, size: int) -> int:
    """The index nearest ``target`` (the lower one on a tie), as _closeness measures position."""
    at = bisect_left(sorted_indices, target)
    near = sorted_indices[max(0, at - 1):at + 1]
    return min(near, key=lambda j: round(abs(j - target) / max(1, size), 6))


def _partners(old_norm: list[str], new_norm: list[str], old_left: list[int],
              new_left: list[int]) -> Iterator[tuple[int, list[int]]]:
    """Each unpaired old claim with the new claims its similarity is measured against (CANDIDATES_PER_CLAIM)."""
    if len(new_left) <= CANDIDATES_PER_CLAIM:
        for i in old_left:
            yield i, new_left
        return
    index: dict[str, list[int]] = {}
    for j in new_left:
        for key in _keys(new_norm[j]):
            index.setdefault(key, []).append(j)
    for i in old_left:
        postings = sorted((index[key] for key in _keys(old_norm[i]) if key in index), key=len)
        weight: Counter[int] = Counter()
        target = i / max(1, len(old_norm)) * max(1, len(new_norm))
        for posting in [p for p in postings if len(p) <= _COMMON] or postings[:1]:
            share = 1 / len(posting)
            at = bisect_left(posting, target)  # a common word: the claims nearest in position only
            for j in posting[max(0, at - _COMMON // 2):at + _COMMON // 2]:
                weight[j] += share
        yield i, sorted(weight, key=lambda j: (-weight[j], j))[:CANDIDATES_PER_CLAIM]


def _keys(text: str) -> set[str]:
    """What nominates partners: the words, and for a claim of three words or fewer their letter trigrams too."""
    words = set(text.split())
    if len(words) <= 3:
        words |= {"#" + text[k:k + 3] for k in range(max(1, len(text) - 2))}
    return words


def _closeness(old: list[dict], new: list[dict], i: int, j: int) -> tuple[int, float]:
    """Tie-breakers: same section first, then nearer relative position."""
    position = abs(i / max(1, len(old)) - j / max(1, len(new)))
    return (old[i]["section"] != new[j]["section"], round(position, 6))


def _may_reach(a: str, b: str, threshold: float) -> bool:
    """A cheap bound: lengths too different can reach neither measure's threshold."""
    la, lb = len(a.split()) or 1, len(b.split()) or 1
    return min(la, lb) / max(la, lb) >= threshold or min(len(a), len(b)) * 2 / max(1, len(a) + len(b)) >= threshold


def moved(pairs: list[tuple[int, int, float]]) -> set[int]:
    """New indices of pairs out of order: those outside a longest increasing run of old indices."""
    olds = [i for i, _, _ in pairs]
    tails: list[int] = []
    tail_at: list[int] = []
    parent = [-1] * len(olds)
    for k, value in enumerate(olds):
        pos = bisect_left(tails, value)
        if pos == len(tails):
            tails.append(value)
            tail_at.append(k)
        else:
            tails[pos], tail_at[pos] = value, k
        parent[k] = tail_at[pos - 1] if pos else -1
    keep, k = set(), tail_at[-1] if tail_at else -1
    while k >= 0:
        keep.add(k)
        k = parent[k]
    return {pairs[k][1] for k in range(len(pairs)) if k not in keep}


def diff_records(old: dict[str, Any], new: dict[str, Any], generated: str, version: str,
                 threshold: float = DEFAULT_SIMILARITY) -> dict[str, Any]:
    """The diff record of two audit records (older first)."""
    old_claims, new_claims = old["claims"], new["claims"]
    pairs = pair_claims(old_claims, new_claims, threshold)
    old_refs, new_refs = _reference_ids(old), _reference_ids(new)
    out_of_order = moved(pairs)
    changes: list[dict[str, Any]] = []
    paired_new = {j for _, j, _ in pairs}
    paired_old = {i for i, _, _ in pairs}
    for j, claim in enumerate(new_claims):
        if j not in paired_new:
            changes += _added(claim)
    for i, j, score in pairs:
        changes += _paired(old_claims[i], new_claims[j], score, old_refs, new_refs)
    for i, claim in enumerate(old_claims):
        if i not in paired_old and claim["flags"]:
            changes.append(_change("flag-resolved", f"claim removed with its flags: {', '.join(claim['flags'])}",
                                   None, claim, None))
    changes = _in_order(changes)
    edited = sum(1 for _, _, score in pairs if score < 1.0)
    relocated = {j for i, j, _ in pairs if old_claims[i]["section"] != new_claims[j]["section"]}
    return {
        "schema": SCHEMA,
        "elapsed": _elapsed(old, new),
        "tool": {"name": "auditor", "version": version},
        "generated": generated,
        "old": {"article": old["article"], "summary": old["summary"]},
        "new": {"article": new["article"], "summary": new["summary"]},
        "pairing": {
            "threshold": threshold, "paired": len(pairs), "same": len(pairs) - edited, "edited": edited,
            "moved": len(out_of_order | relocated), "added": len(new_claims) - len(pairs),
            "removed": len(old_claims) - len(pairs),
        },
        "score_change": round(new["summary"]["score"] - old["summary"]["score"], 1),
        "counts": {category: sum(1 for c in changes if c["category"] == category) for category in CATEGORIES},
        "changes": changes,
    }


def _in_order(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The changes by category, each category's claims worst first (scoring.worst_first: score, then
    citation need, so uncited claims rank by need)."""
    from auditor.scoring import worst_first  # here: the CLI imports this module to start, scoring the catalogue

    ranked = worst_first(c["claim"] or c["old_claim"] for c in changes)
    rank = {id(claim): n for n, claim in enumerate(ranked)}
    order = list(CATEGORIES)
    return sorted(changes, key=lambda c: (order.index(c["category"]), rank[id(c["claim"] or c["old_claim"])]))


def _added(claim: dict[str, Any]) -> list[dict[str, Any]]:
    changes = []
    if claim["weak"]:
        codes = ", ".join(sorted({f["code"] for f in claim["findings"]}))
        changes.append(_change("new-weak", f"new claim scores {claim['score']} ({codes})", claim, None, None))
    if claim["flags"]:
        changes.append(_change("flag-added", f"new claim flagged: {', '.join(claim['flags'])}", claim, None, None))
    return changes


def _paired(old: dict[str, Any], new: dict[str, Any], score: float, old_refs: dict[str, str],
            new_refs: dict[str, str]) -> list[dict[str, Any]]:
    changes = []
    if new["weak"] and new["score"] < old["score"]:
        gained = sorted({f["code"] for f in new["findings"]} - {f["code"] for f in old["findings"]})
        became = "became weak" if not old["weak"] else "weaker"
        changes.append(_change("weaker", f"{became}: score {old['score']} -> {new['score']}"
                               + (f" ({', '.join(gained)})" if gained else ""), new, old, score))
    if new["score"] > old["score"]:
        changes.append(_change("better", f"score {old['score']} -> {new['score']}", new, old, score))
    lost = _citations(old, old_refs) - _citations(new, new_refs)
    if lost:
        labels = [d["label"] for d in old["citation_details"] if old_refs.get(d["key"], d["key"]) in lost]
        changes.append(_change("citation-removed", "citation removed: " + "".join(f"[{x}]" for x in labels),
                               new, old, score))
    added = Counter(new["flags"]) - Counter(old["flags"])
    if added:
        changes.append(_change("flag-added", f"flagged: {', '.join(sorted(added.elements()))}", new, old, score))
    resolved = Counter(old["flags"]) - Counter(new["flags"])
    if resolved:
        changes.append(_change("flag-resolved", f"flag gone: {', '.join(sorted(resolved.elements()))}",
                               new, old, score))
    return changes


def _reference_ids(record: dict[str, Any]) -> dict[str, str]:
    """Reference key -> an identity that survives renumbering: its name, else its content."""
    ids = {}
    for ref in record["references"]:
        content = normalise(ref.get("content") or "")
        ids[ref["key"]] = f"name:{ref['group']}:{ref['name']}" if ref["name"] else f"content:{content or ref['key']}"
    return ids


def _citations(claim: dict[str, Any], ids: dict[str, str]) -> set[str]:
    return {ids.get(d["key"], d["key"]) for d in claim["citation_details"] if not d["note"]}


def _change(category: str, message: str, claim: dict[str, Any] | None, old: dict[str, Any] | None,
            score: float | None) -> dict[str, Any]:
    return {"category": category, "message": message, "claim": _brief(claim), "old_claim": _brief(old),
            "similarity": score}


def _elapsed(old: dict[str, Any], new: dict[str, Any]) -> float | None:
    """Seconds both audits took, when both were timed."""
    both = [old.get("elapsed"), new.get("elapsed")]
    return None if None in both else round(sum(both), 3)  # type: ignore[arg-type]


def _brief(claim: dict[str, Any] | None) -> dict[str, Any] | None:
    if claim is None:
        return None
    return {"id": claim["id"], "text": claim["text"], "section": claim["section"], "score": claim["score"],
            "citation_need": claim.get("citation_need"), "weak": claim["weak"], "location": claim["location"],
            "end": claim.get("end"), "flags": claim["flags"],
            "codes": sorted({f["code"] for f in claim["findings"]})}
