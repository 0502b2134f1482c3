"""Train the citation-need model (auditor/data/citation_need.json) from the Citation Needed statements.

    pip install -e ".[train]"
    python scripts/train_citation_need.py [fixtures/citation-need/english_short.tsv]

Only rows whose uuid starts with 0-7 are read for training; rows 8-f are the held-out half that
benchmarks/citation_need.py evaluates on, and nothing here looks at them. Each row is cleaned and cut
by auditor.need.need_sentence, the function the auditor applies to every claim; the sentences before
the last of an uncited paragraph are extra rows of label 0 (cut by need_sentences, the same cut), at a
small weight. The regularisation and that weight are chosen for each model by cross-validation inside
the training half, folds grouped by article so one article's sentences never sit on both sides, and
scored on the statements only (the rows the benchmark's half is made of). Terms seen in fewer than 3
training articles are dropped; so are the weakest weights, to keep the file small.

Two logistic regressions: one on sentence_features (the need of a sentence alone), one on
sentence_features and section_features together (the need with the section). Fitted jointly, the second
model's sentence weights are free to tell claims apart within a section instead of learning what a lead
sentence looks like, which the section says.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.need import need_sentences, read_statements, section_features, sentence_features  # noqa: E402

DATA = ROOT / "fixtures" / "citation-need" / "english_short.tsv"
OUT = ROOT / "auditor" / "data" / "citation_need.json"
MIN_ARTICLES = 3
KEEP = 2500  # the strongest sentence weights kept
GRID = (0.03, 0.1, 0.3)
EXTRA_WEIGHTS = (0.0, 0.05, 0.1)  # the weight of an earlier sentence of an uncited paragraph, a statement's 1
FOLDS = 5


def frequent_terms(rows: list[dict]) -> set[str]:
    """Sentence and section features seen in at least MIN_ARTICLES articles."""
    articles: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for feature in [*sentence_features(row["sentence"]), *section_features(row["section"])]:
            articles[feature].add(row["title"])
    return {f for f, seen in articles.items() if len(seen) >= MIN_ARTICLES}


def _dicts(rows: list[dict], keep: set[str], section: bool) -> list[dict[str, float]]:
    dicts = [{f: 1.0 for f in sentence_features(r["sentence"]) if f in keep} for r in rows]
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


def _cross_validated(x, y, groups, extra, setting: tuple[float, float]) -> float:
    """The mean AUC over grouped folds of one (C, weight of the extra rows), scored on the statements only;
    a fold trains on its statements and on the extra rows of their paragraphs."""
    c, weight = setting
    n = len(y)
    aucs = []
    for train, test in GroupKFold(FOLDS).split(x[:n], y, groups):
        chosen = np.isin(extra, train) if weight else np.zeros(len(extra), bool)
        rows = np.concatenate([train, n + np.flatnonzero(chosen)])
        weights = np.where(rows < n, 1.0, weight)
        model = LogisticRegression(C=c, max_iter=3000).fit(x[rows], np.concatenate([y, np.zeros(len(extra))])[rows],
                                                           sample_weight=weights)
        aucs.append(roc_auc_score(y[test], model.decision_function(x[test])))
    return float(np.mean(aucs))


def _fit(rows: list[dict], extra: list[dict], keep: set[str], section: bool):
    """One model, its C and the extra rows' weight chosen by grouped cross-validation, then fitted on the
    whole training half: the model, its feature names and the chosen setting."""
    y = np.array([r["label"] for r in rows])
    groups = np.array([r["title"] for r in rows])
    vectors = DictVectorizer()
    x = vectors.fit_transform(_dicts(rows + extra, keep, section)).tocsr()
    of = np.array([r["earlier_of"] for r in extra], int)
    print(f"{'with the section' if section else 'the sentence alone'}: {len(rows)} statements and "
          f"{len(extra)} earlier sentences, {x.shape[1]} features")
    scores = {}
    for setting in itertools.product(GRID, EXTRA_WEIGHTS):
        scores[setting] = _cross_validated(x, y, groups, of, setting)
        print(f"  C={setting[0]}, earlier sentences weighted {setting[1]}: cross-validated AUC {scores[setting]:.4f}")
    c, weight = max(scores, key=scores.get)
    labels = np.concatenate([y, np.zeros(len(extra))])
    weights = np.concatenate([np.ones(len(y)), np.full(len(extra), weight)])
    model = LogisticRegression(C=c, max_iter=3000).fit(x, labels, sample_weight=weights)
    return model, list(vectors.get_feature_names_out()), (c, weight, round(scores[c, weight], 4))


def _strongest(model: LogisticRegression, names: list[str]) -> dict[str, float]:
    """The KEEP largest sentence weights of a model, by feature, rounded."""
    weights = {n: float(w) for n, w in zip(names, model.coef_[0]) if not n.startswith("§")}
    kept = sorted(weights, key=lambda n: -abs(weights[n]))[:KEEP]
    return {n: round(weights[n], 3) for n in kept}


def train(rows: list[dict]) -> dict:
    """Both models, fitted on the training half; the weights as the shipped file holds them."""
    keep = frequent_terms(rows)
    extra = earlier_rows(rows)
    alone, alone_names, (c_alone, w_alone, cv_alone) = _fit(rows, extra, keep, section=False)
    joint, joint_names, (c_joint, w_joint, cv_joint) = _fit(rows, extra, keep, section=True)
    first, second = _strongest(alone, alone_names), _strongest(joint, joint_names)
    weights = {n: [first.get(n, 0.0), second.get(n, 0.0)] for n in sorted({*first, *second})}
    section_weights = {n: round(float(w), 3) for n, w in zip(joint_names, joint.coef_[0]) if n.startswith("§")}
    return {
        "bias": round(float(alone.intercept_[0]), 4),
        "weights": {n: pair for n, pair in weights.items() if any(pair)},
        "section": {"bias": round(float(joint.intercept_[0]), 4),
                    "weights": {n: w for n, w in section_weights.items() if w}},
        "trained": {"rows": len(rows), "split": "uuid 0-7", "min_articles": MIN_ARTICLES,
                    "c_sentence": c_alone, "earlier_sentence": w_alone, "cv_sentence": cv_alone,
                    "c_section": c_joint, "earlier_section": w_joint, "cv_section": cv_joint},
    }


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    model = train(read_statements(path.read_text(encoding="utf-8"), held_out=False))
    OUT.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes, {len(model['weights'])} sentence weights)")


if __name__ == "__main__":
    main()
