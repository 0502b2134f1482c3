"""Batch sources on a live wiki: a file of titles, or a category's members.

Pages are fetched through ``auditor.sources.mediawiki.WikiClient``, one
request at a time as Wikimedia's API etiquette asks. A title that cannot be
fetched becomes an error page; the run goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from auditor.errors import UserError
from auditor.model import SourceInfo
from auditor.sources.files import MAX_LIST_BYTES, read_file
from auditor.sources.pages import PageText

if TYPE_CHECKING:
    from auditor.batch.chunks import Chunk, Plan


def _client(api_url: str, contact: str | None):
    from urllib.parse import urlsplit

    from auditor.sources.mediawiki import WikiClient
    from auditor.sources.wikis import check_contact

    return WikiClient(api_url, check_contact(contact, urlsplit(api_url).netloc))


def list_titles(source: str, plan: Plan) -> list[str]:
    """The titles named by ``titles:FILE`` (one a line, # comments) or ``category:NAME``."""
    kind, _, name = source.partition(":")
    if kind == "titles":
        lines = read_file(name, "a titles file", MAX_LIST_BYTES).splitlines()
        titles = list(dict.fromkeys(t.strip() for t in lines if t.strip() and not t.lstrip().startswith("#")))
        if not titles:
            raise UserError(f"{name}: the titles file names no page")
        return titles
    with _client(plan.api_url, plan.contact) as client:
        return list(client.category_members(name, plan.depth))


def read_titles(chunk: Chunk) -> Iterator[PageText]:
    """Fetch the latest revision of every title of a chunk."""
    from auditor.sources.wiki_input import fetcher, source_of

    with _client(chunk.wiki, chunk.contact) as client:
        fetch = fetcher(client, chunk.rendered)
        for title in chunk.items:
            try:
                revision = fetch(title=title)
            except UserError as error:  # FetchError included: one page's failure, not the run's
                yield PageText(key=f"{client.wiki}:{title}", title=title, text="",
                               source=SourceInfo("wiki", title, wiki=client.wiki), error=str(error))
                continue
            source = source_of(revision)
            yield PageText(key=f"{revision.wiki}:{revision.page_id}", title=revision.title,
                           text=revision.text, source=source, page_id=revision.page_id,
                           input_format=revision.content_format)
