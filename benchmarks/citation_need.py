"""The shipped citation-need model on the held-out half of the Citation Needed statements.

Prints the split rule, the ROC AUC with the section and on the sentence alone (and, from the model
file, the cross-validated figures the trainer chose its settings by), and how many claims a second the
pure-Python predictor scores (cutting included). Asserts nothing.

    python benchmarks/citation_need.py [english_short.tsv]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.need import load_need_model, read_statements, roc_auc  # noqa: E402

DATA = ROOT / "fixtures" / "citation-need" / "english_short.tsv"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA
    if not path.is_file():
        sys.exit(f"{path}: the Citation Needed statements are not there (fixtures/citation-need/ in a clone)")
    text = path.read_text(encoding="utf-8")
    rows = read_statements(text, held_out=True)
    model = load_need_model()
    labels = [r["label"] for r in rows]
    print(f"split: trained on uuid 0-7, evaluated on uuid 8-f ({len(rows)} held-out rows, "
          f"{sum(labels)} cited)")
    print(f"ROC AUC with the section:   {roc_auc(labels, [model.need(r['sentence'], r['section']) for r in rows]):.3f}")
    print(f"ROC AUC on the sentence alone: {roc_auc(labels, [model.need(r['sentence']) for r in rows]):.3f}")
    trained = json.loads((ROOT / "auditor" / "data" / "citation_need.json").read_text(encoding="utf-8"))["trained"]
    print(f"cross-validated on the training half (grouped by article, from the model file; the model as shipped, "
          f"its strongest {trained['keep']:,} weights as bytes): with the section {trained['cv_section']:.3f}, the "
          f"sentence alone {trained['cv_sentence']:.3f} (the full fits: {trained['cv_section_full']:.3f}, "
          f"{trained['cv_sentence_full']:.3f})")
    statements = [line.split("\t") for line in text.splitlines()]
    claims = [(s[7], "(lead)" if s[4] == "MAIN_SECTION" else s[4]) for s in statements]
    start = time.process_time()
    rounds = 3
    for _ in range(rounds):
        for statement, section in claims:
            model.need(statement, section)
    seconds = time.process_time() - start
    print(f"speed: {rounds * len(claims) / seconds:,.0f} claims a second (CPU time, whole statements cut at run time)")


if __name__ == "__main__":
    main()
