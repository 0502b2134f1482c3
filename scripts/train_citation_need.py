"""Train the citation-need model (auditor/data/citation_need.json) from the Citation Needed statements.

    pip install -e ".[train]"
    python scripts/train_citation_need.py [fixtures/citation-need/english_short.tsv]

Only rows whose uuid starts with 0-7 are read for training; rows 8-f are the held-out half that
benchmarks/citation_need.py evaluates on, and nothing here looks at them. Each row is cleaned and cut
by auditor.need.need_sentence, the function the auditor applies to every claim; the sentences before
the last of an uncited paragraph are extra rows of label 0 (cut by need_sentences, the same cut), at a
small weight. So are the distant rows (fixtures/citation-need/distant_rows.tsv, made by
scripts/extract_need_rows.py): claims of real, sourced articles as auditor parses them, 1 where a
citation follows, 0 where none does in the rest of the paragraph, from articles that are none of the
statements' (Redi et al. 2019 built their data this way). Their weight, and whether they are reweighted
so that their mix of lead and body, cited and uncited is the statements' (most uncited statements are
lead sentences; most uncited claims of a real article are not), are chosen with the regularisation for
each model by cross-validation inside the training half, folds grouped by article so one article's
sentences never sit on both sides, and scored on the statements only (the rows the benchmark's half is
made of); distant rows are in every training fold. Terms seen in fewer than 3 training articles
(statements' and distant rows' together) are dropped; so are the weakest weights, to keep the file small,
and the cross-validated figure that chooses is that of the model so pruned (the full fit's is printed too).

Two logistic regressions: one on sentence_features (the need of a sentence alone), one on
sentence_features and section_features together (the need with the section). Fitted jointly, the second
model's sentence weights are free to tell claims apart within a section instead of learning what a lead
sentence looks like, which the section says.
"""

from __future__ import annotations

import base64
import csv
import itertools
import json
import sys
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.model import LEAD  # noqa: E402
from auditor.need import need_sentence, need_sentences, read_statements, section_features, sentence_features  # noqa: E402,E501

DATA = ROOT / "fixtures" / "citation-need" / "english_short.tsv"
DISTANT = ROOT / "fixtures" / "citation-need" / "distant_rows.tsv"
OUT = ROOT / "auditor" / "data" / "citation_need.json"
MIN_ARTICLES = 3
KEEP = 4000  # the strongest sentence weights kept per model (int8, so 4,000 of each fit in the file)
GRID = (0.1,)  # C; 0.3 did worse in every run of need3's grid, 0.07 and 0.14 no better (need4)
# the weight of an earlier sentence of an uncited paragraph, a statement's 1 (0.05 was chosen for both
# models among 0, 0.05 and 0.1 before the distant rows came; kept, to keep the grid small)
EXTRA_WEIGHTS = (0.05,)
DISTANT_WEIGHTS = (0.03, 0.1)  # the weight of a distant row (0 did worse in every run of need3's grid, 0.3 and 1 too)
FOLDS = 5
# per-group regularisation: a group's feature values are scaled before the fit (a scale s is an L2 penalty
# 1/s^2 times the common one) and the shipped weight is the fitted one times s, so the run-time model reads
# each feature as 1 as before. Chosen by grouped cross-validation (need4: words 0.5-0.7, shape 2, pairs 1.5,
# word shapes 1; see auditor/data/CITATION_NEED.md)
SCALES = {False: {"word": 0.7, "pair": 1.5, "shape": 2.0, "word shape": 1.0},
          True: {"word": 0.5, "pair": 1.5, "shape": 2.0, "word shape": 1.0}}


def feature_group(feature: str) -> str:
    """The group a feature's regularisation is set by: section, shape (#), capitalised word (=), word
    shape (^), word pair or word."""
    groups = {"§": "section", "#": "shape", "=": "capitalised", "^": "word shape"}
    if feature[0] in groups:
        return groups[feature[0]]
    return "pair" if " " in feature else "word"


@lru_cache(maxsize=None)
def features_of(sentence: str) -> tuple[str, ...]:
    """sentence_features of a cut sentence, worked out once per sentence (the vocabulary count and each
    model's vectors all read them)."""
    return tuple(sentence_features(sentence))


def frequent_terms(rows: list[dict]) -> set[str]:
    """Sentence and section features seen in at least MIN_ARTICLES articles."""
    articles: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for feature in [*features_of(row["sentence"]), *section_features(row["section"])]:
            articles[feature].add(row["title"])
    return {f for f, seen in articles.items() if len(seen) >= MIN_ARTICLES}


def _dicts(rows: list[dict], keep: set[str], section: bool) -> list[dict[str, float]]:
    dicts = [{f: 1.0 for f in features_of(r["sentence"]) if f in keep} for r in rows]
    if section:
        for d, r in zip(dicts, rows):
            d.update({f: 1.0 for f in section_features(r["section"]) if f in keep})
    return dicts


def earlier_rows(rows: list[dict]) -> list[dict]:
    """The sentences before the last of each paragraph that carried no citation, as rows of label 0.

    At run time every sentence of a paragraph is a claim, not only its last; these rows show the model
    sentences that open an uncited paragraph (the lead's "X (born 1952) was an English author ...").
    Each belongs to its statement's article, so cross-validation keeps it on that article's side."""
    return [{**row, "sentence": sentence, "label": 0, "earlier_of": index}
            for index, row in enumerate(rows) if row["label"] == 0
            for sentence in need_sentences(row["text"])[:-1]]


def read_distant(path: Path) -> list[dict]:
    """The distant rows (see scripts/extract_need_rows.py), each cut by need_sentence like a statement."""
    with path.open(encoding="utf-8", newline="") as lines:
        return [{"title": row["title"], "section": row["section"], "sentence": need_sentence(row["text"]),
                 "label": int(row["label"])} for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def _cells(rows: list[dict]) -> np.ndarray:
    """Each row's cell of (label, lead or body), 0 to 3."""
    return np.array([2 * r["label"] + (r["section"] == LEAD) for r in rows])


class _Data:
    """The statements, their earlier sentences and the distant rows, vectorised once for one model."""

    def __init__(self, rows: list[dict], extra: list[dict], distant: list[dict], keep: set[str], section: bool):
        self.vectors = DictVectorizer()
        x = self.vectors.fit_transform(_dicts(rows + extra + distant, keep, section)).tocsr()
        names = self.vectors.get_feature_names_out()
        self.scale = np.array([SCALES[section].get(feature_group(n), 1.0) for n in names])
        self.x = (x @ sparse.diags(self.scale)).tocsr()
        self.y = np.array([r["label"] for r in rows])
        self.groups = np.array([r["title"] for r in rows])
        self.earlier_of = np.array([r["earlier_of"] for r in extra], int)
        self.labels = np.concatenate([self.y, np.zeros(len(extra)), [r["label"] for r in distant]])
        self.cells = _cells(rows)
        self.distant_cells = _cells(distant)

    def weights(self, train: np.ndarray, setting: tuple) -> tuple[np.ndarray, np.ndarray]:
        """The rows one fit trains on (the statements given, their earlier sentences, the distant rows)
        and their weights."""
        _c, earlier, distant, reweighted = setting
        n, n_earlier = len(self.y), len(self.earlier_of)
        chosen = np.flatnonzero(np.isin(self.earlier_of, train)) if earlier else np.zeros(0, int)
        far = np.arange(len(self.distant_cells)) if distant else np.zeros(0, int)
        rows = np.concatenate([train, n + chosen, n + n_earlier + far])
        weights = np.concatenate([np.ones(len(train)), np.full(len(chosen), earlier), np.full(len(far), distant)])
        if distant and reweighted:  # each (label, lead or body) cell as common as among these statements
            share = np.bincount(self.cells[train], minlength=4) / len(train)
            seen = np.bincount(self.distant_cells, minlength=4) / len(self.distant_cells)
            weights[len(train) + len(chosen):] *= (share / np.where(seen, seen, 1))[self.distant_cells]
        return rows, weights

    def as_shipped(self, coef: np.ndarray) -> np.ndarray:
        """A fit's coefficients as the file keeps them: the KEEP strongest sentence weights (the shipped
        weight is the coefficient times its group's scale), each rounded to a signed byte; section
        weights whole. The intercept is left out: it moves no ranking."""
        weights = coef * self.scale
        names = self.vectors.get_feature_names_out()
        section = np.char.startswith(names.astype(str), "§")
        sentence = np.flatnonzero(~section)
        kept = sentence[np.argsort(-np.abs(weights[sentence]), kind="stable")[:KEEP]]
        step = np.abs(weights[kept]).max() / 127
        shipped = np.where(section, weights, 0.0)
        shipped[kept] = np.round(weights[kept] / step) * step
        return shipped / self.scale

    def fit(self, train: np.ndarray, setting: tuple) -> LogisticRegression:
        rows, weights = self.weights(train, setting)
        return LogisticRegression(C=setting[0], max_iter=5000).fit(self.x[rows], self.labels[rows],
                                                                   sample_weight=weights)


def _cross_validated(data: _Data, setting: tuple) -> tuple[float, float]:
    """The mean AUC over grouped folds of one setting (C, weight of the earlier sentences, weight of the
    distant rows, whether they are reweighted), scored on the statements only; a fold trains on its
    statements, the earlier sentences of their paragraphs and the distant rows. Two figures: the model as
    shipped (its KEEP strongest sentence weights, as signed bytes) and the full fit."""
    shipped, full = [], []
    for train, test in GroupKFold(FOLDS).split(data.x[:len(data.y)], data.y, data.groups):
        model = data.fit(train, setting)
        full.append(roc_auc_score(data.y[test], model.decision_function(data.x[test])))
        shipped.append(roc_auc_score(data.y[test], data.x[test] @ data.as_shipped(model.coef_[0])))
    return float(np.mean(shipped)), float(np.mean(full))


def _settings():
    """The settings tried: C, the earlier sentences' weight, the distant rows' weight, reweighted or not."""
    for c, earlier, distant in itertools.product(GRID, EXTRA_WEIGHTS, DISTANT_WEIGHTS):
        for reweighted in ((False, True) if distant else (False,)):
            yield c, earlier, distant, reweighted


def _fit(rows: list[dict], extra: list[dict], distant: list[dict], keep: set[str], section: bool):
    """One model, its setting chosen by grouped cross-validation, then fitted on the whole training half
    and the distant rows: the model, its weights by feature (as the run-time model reads them, each feature
    1), the chosen setting and its cross-validated AUC."""
    data = _Data(rows, extra, distant, keep, section)
    print(f"{'with the section' if section else 'the sentence alone'}: {len(rows)} statements, "
          f"{len(extra)} earlier sentences and {len(distant)} distant rows, {data.x.shape[1]} features")
    scores, full = {}, {}
    for setting in _settings():
        scores[setting], full[setting] = _cross_validated(data, setting)
        print(f"  C={setting[0]}, earlier sentences weighted {setting[1]}, distant rows {setting[2]}"
              f"{' reweighted' if setting[3] else ''}: cross-validated AUC {scores[setting]:.4f} as shipped "
              f"({KEEP} weights), {full[setting]:.4f} with all", flush=True)
    best = max(scores, key=scores.get)  # chosen by the model as it ships, pruned and in bytes
    model = data.fit(np.arange(len(rows)), best)
    weights = dict(zip(data.vectors.get_feature_names_out(), model.coef_[0] * data.scale))
    return model, weights, (*best, round(scores[best], 4), round(full[best], 4))


def _strongest(weights: dict[str, float]) -> dict[str, float]:
    """The KEEP largest sentence weights of a model, by feature."""
    sentence = {n: float(w) for n, w in weights.items() if not n.startswith("§")}
    return {n: sentence[n] for n in sorted(sentence, key=lambda n: -abs(sentence[n]))[:KEEP]}


def quantised(weights: list[float]) -> dict:
    """Weights as signed bytes (base64) and the scale that gives them back (w = byte * scale)."""
    scale = max(abs(w) for w in weights) / 127
    data = bytes(round(w / scale) & 0xFF for w in weights)
    return {"scale": scale, "bytes": base64.b64encode(data).decode("ascii")}


def train(rows: list[dict], distant: list[dict]) -> dict:
    """Both models, fitted on the training half and the distant rows; the weights as the shipped file holds them."""
    keep = frequent_terms(rows + distant)
    extra = earlier_rows(rows)
    alone, alone_weights, (c_alone, w_alone, d_alone, r_alone, cv_alone, full_alone) = _fit(
        rows, extra, distant, keep, False)
    joint, joint_weights, (c_joint, w_joint, d_joint, r_joint, cv_joint, full_joint) = _fit(
        rows, extra, distant, keep, True)
    first, second = _strongest(alone_weights), _strongest(joint_weights)
    names = sorted({*first, *second})
    section_weights = {n: round(float(w), 3) for n, w in joint_weights.items() if n.startswith("§")}
    return {
        "bias": round(float(alone.intercept_[0]), 4),
        "weights": {"features": "\n".join(names), "alone": quantised([first.get(n, 0.0) for n in names]),
                    "with_section": quantised([second.get(n, 0.0) for n in names])},
        "section": {"bias": round(float(joint.intercept_[0]), 4),
                    "weights": {n: w for n, w in section_weights.items() if w}},
        "trained": {"rows": len(rows), "split": "uuid 0-7", "min_articles": MIN_ARTICLES,
                    "keep": KEEP, "scales_sentence": SCALES[False], "scales_section": SCALES[True],
                    "distant_rows": len(distant), "distant_articles": len({r["title"] for r in distant}),
                    "c_sentence": c_alone, "earlier_sentence": w_alone, "distant_sentence": d_alone,
                    "reweighted_sentence": r_alone, "cv_sentence": cv_alone, "cv_sentence_full": full_alone,
                    "c_section": c_joint, "earlier_section": w_joint, "distant_section": d_joint,
                    "reweighted_section": r_joint, "cv_section": cv_joint, "cv_section_full": full_joint},
    }


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    model = train(read_statements(path.read_text(encoding="utf-8"), held_out=False), read_distant(DISTANT))
    OUT.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    count = model["weights"]["features"].count("\n") + 1
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes, {count} sentence features)")


if __name__ == "__main__":
    main()
