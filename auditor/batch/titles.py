"""Batch sources on a live wiki: a file of titles, or a category's members.

Pages are fetched through the client and pages of ``auditor.sources.wiki_input``,
as `auditor audit` fetches them, one request at a time as Wikimedia's API
etiquette asks. A title that cannot be fetched becomes an error page; the run goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from auditor.sources.pages import PageText

if TYPE_CHECKING:
    from auditor.batch.chunks import Chunk, Plan


def list_titles(source: str, plan: Plan) -> list[str]:
    """The titles named by ``titles:FILE`` (one a line, # comments) or ``category:NAME``."""
    from auditor.sources.wiki_input import open_client, read_titles_file

    kind, _, name = source.partition(":")
    if kind == "titles":
        return read_titles_file(name)
    with open_client(plan.api_url, plan.contact) as client:
        return list(client.category_members(name, plan.depth))


def read_titles(chunk: Chunk) -> Iterator[PageText]:
    """Fetch the latest revision of every title of a chunk (FetchError included: one page's failure)."""
    from auditor.sources.wiki_input import fetcher, open_client, wiki_pages

    with open_client(chunk.wiki, chunk.contact) as client:
        yield from wiki_pages(fetcher(client, chunk.rendered), chunk.items, client.wiki, fatal=())
