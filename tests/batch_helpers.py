"""Building test dumps from the real pages in fixtures/, and running batches in-process."""

from __future__ import annotations

import itertools
from pathlib import Path

from auditor.batch.chunks import Plan
from auditor.batch.run import BatchOptions, run_batch
from auditor.config import Config
from auditor.pipeline import Settings
from auditor.sources.dumpwriter import DumpPage

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SETTINGS = Settings(Config(), "2024-06-01", "2024-06-01T00:00:00+00:00", "test", page_timeout=30.0)


def real_pages(count: int, names: tuple[str, ...] = ("Goryeo-ware", "toronto_star", "Plurality")) -> list[DumpPage]:
    """``count`` pages cycling through real fixture articles, each with its own title and ids."""
    texts = [(FIXTURES / "wikitext" / f"{name}.wiki").read_text(encoding="utf-8") for name in names]
    return [DumpPage(f"{names[i % len(names)]} {i}", 1000 + i, 5000 + i, text)
            for i, text in zip(range(count), itertools.cycle(texts))]


def run(sources: list[str], out: Path, **options: object) -> dict:
    """A quiet batch run with test settings."""
    plan = options.pop("plan", Plan(streams_per_chunk=2))
    return run_batch(sources, BatchOptions(out=out, quiet=True, plan=plan, **options), SETTINGS)
