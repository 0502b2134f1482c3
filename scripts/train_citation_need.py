"""Train the citation-need model (auditor/data/citation_need.json) from the Citation Needed statements.

    pip install -e ".[train]"
    python scripts/train_citation_need.py [fixtures/citation-need/english_short.tsv]

Only rows whose uuid starts with 0-7 are read for training; rows 8-f are the held-out half that
benchmarks/citation_need.py evaluates on, and nothing here looks at them. Each row is cleaned and cut
by auditor.need.need_sentence, the function the auditor applies to every claim. The regularisation of
both steps is chosen by cross-validation inside the training half, folds grouped by article so one
article's sentences never sit on both sides. Terms seen in fewer than 3 training articles are dropped;
so are the weakest weights, to keep the file small.

Step 1: logistic regression on sentence_features. Step 2: logistic regression on the step-1 log-odds
(out of fold, so step 2 learns how far to trust step 1 on unseen text) plus section_features.
"""

from __future__ import annotations

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

from auditor.need import read_statements, section_features, sentence_features  # noqa: E402

DATA = ROOT / "fixtures" / "citation-need" / "english_short.tsv"
OUT = ROOT / "auditor" / "data" / "citation_need.json"
MIN_ARTICLES = 3
KEEP = 2500  # the strongest sentence weights kept
GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
FOLDS = 5


def frequent_terms(rows: list[dict]) -> set[str]:
    """Sentence features seen in at least MIN_ARTICLES articles."""
    articles: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        for feature in sentence_features(row["sentence"]):
            articles[feature].add(row["title"])
    return {f for f, seen in articles.items() if len(seen) >= MIN_ARTICLES}


def _dicts(rows: list[dict], keep: set[str]) -> list[dict[str, float]]:
    return [{f: 1.0 for f in sentence_features(r["sentence"]) if f in keep} for r in rows]


def _best_c(x, y, groups, extra=None) -> float:
    """The C with the best mean cross-validated AUC."""
    scores = {}
    for c in GRID:
        aucs = []
        for train, test in GroupKFold(FOLDS).split(x, y, groups):
            model = LogisticRegression(C=c, max_iter=2000).fit(x[train], y[train])
            aucs.append(roc_auc_score(y[test], model.decision_function(x[test])))
        scores[c] = float(np.mean(aucs))
        print(f"  C={c}: cross-validated AUC {scores[c]:.3f}")
    return max(scores, key=scores.get)


def train(rows: list[dict]) -> dict:
    """Both steps, fitted on the training half; the weights as the shipped file holds them."""
    y = np.array([r["label"] for r in rows])
    groups = np.array([r["title"] for r in rows])
    vectors = DictVectorizer()
    x = vectors.fit_transform(_dicts(rows, frequent_terms(rows)))
    print(f"step 1: {len(rows)} rows, {x.shape[1]} terms in >= {MIN_ARTICLES} articles")
    c1 = _best_c(x, y, groups)
    out_of_fold = np.zeros(len(rows))
    for train_idx, test_idx in GroupKFold(FOLDS).split(x, y, groups):
        model = LogisticRegression(C=c1, max_iter=2000).fit(x[train_idx], y[train_idx])
        out_of_fold[test_idx] = model.decision_function(x[test_idx])
    step1 = LogisticRegression(C=c1, max_iter=2000).fit(x, y)
    names = vectors.get_feature_names_out()
    strongest = np.argsort(-np.abs(step1.coef_[0]))[:KEEP]
    weights = {str(names[i]): round(float(step1.coef_[0][i]), 3) for i in sorted(strongest)}
    weights = {k: v for k, v in weights.items() if v}

    section_vectors = DictVectorizer()
    s = section_vectors.fit_transform([{f: 1.0 for f in section_features(r["section"])} for r in rows])
    from scipy.sparse import hstack

    x2 = hstack([out_of_fold.reshape(-1, 1), s]).tocsr()
    print(f"step 2: the sentence's log-odds and {s.shape[1]} section terms")
    c2 = _best_c(x2, y, groups)
    step2 = LogisticRegression(C=c2, max_iter=2000).fit(x2, y)
    section_names = section_vectors.get_feature_names_out()
    section_weights = {str(n): round(float(w), 3) for n, w in zip(section_names, step2.coef_[0][1:])}
    return {
        "bias": round(float(step1.intercept_[0]), 4),
        "weights": weights,
        "section": {"bias": round(float(step2.intercept_[0]), 4), "sentence": round(float(step2.coef_[0][0]), 4),
                    "weights": {k: v for k, v in section_weights.items() if v}},
        "trained": {"rows": len(rows), "split": "uuid 0-7", "c_sentence": c1, "c_section": c2,
                    "min_articles": MIN_ARTICLES},
    }


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    model = train(read_statements(path.read_text(encoding="utf-8"), held_out=False))
    OUT.write_text(json.dumps(model, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size} bytes, {len(model['weights'])} sentence weights)")


if __name__ == "__main__":
    main()
