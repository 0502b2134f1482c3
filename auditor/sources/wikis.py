"""Which wiki to talk to: API URLs, permalinks, Wikimedia hosts and contacts.

Pure string rules with no HTTP, used by the client in ``mediawiki.py``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from auditor.errors import UserError
from auditor.sources.siteinfo import guessed

DEFAULT_WIKI = "en.wikipedia.org"
CONTACT_HELP = (
    "pass --contact EMAIL-or-URL, set 'contact =' under [auditor] in setup.cfg, "
    "or set the AUDITOR_CONTACT environment variable"
)
#: Domains run by the Wikimedia Foundation, whose API etiquette asks for a contact.
WIKIMEDIA_DOMAINS = (
    "wikipedia.org", "wikimedia.org", "wiktionary.org", "wikidata.org", "mediawiki.org",
    "wikibooks.org", "wikinews.org", "wikiquote.org", "wikisource.org", "wikiversity.org",
    "wikivoyage.org", "wikifunctions.org", "wmcloud.org", "wmflabs.org", "toolforge.org",
)
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$")


def resolve_api_url(wiki: str | None, api: str | None) -> str:
    """The api.php URL from ``--wiki HOST`` or ``--api URL`` (default en.wikipedia.org).

    ``--wiki en.wikipedia.org`` -> ``https://en.wikipedia.org/w/api.php``.
    """
    if wiki and api:
        raise UserError("give --wiki or --api, not both")
    if api:
        parts = urlsplit(api.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise UserError(f"--api must be an http(s) URL of api.php, got {api!r}")
        return api.strip()
    host = (wiki or DEFAULT_WIKI).strip()
    host = re.sub(r"^https?://", "", host).rstrip("/")
    if not _HOST.match(host):
        raise UserError(f"--wiki must be a host name such as en.wikipedia.org, got {wiki!r}")
    return f"https://{host}/w/api.php"


def is_wikimedia_host(host: str) -> bool:
    """True for hosts of Wikimedia projects (en.wikipedia.org, commons.wikimedia.org, ...)."""
    host = host.lower().split(":")[0].rstrip(".")
    return any(host == d or host.endswith("." + d) for d in WIKIMEDIA_DOMAINS)


def permalink(api_url: str, revid: int) -> str:
    """``https://host/w/index.php?oldid=N`` for the wiki whose API is ``api_url`` (index.php beside api.php)."""
    return guessed(api_url.split("?", 1)[0]).permalink(revid)


def check_contact(contact: str | None, host: str) -> str | None:
    """Validate the contact; Wikimedia hosts refuse to be called without one."""
    if contact is not None:
        contact = contact.strip()
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in contact):
            raise UserError("the contact may not contain control characters or line breaks")
        contact = contact or None
    if contact is None and is_wikimedia_host(host):
        raise UserError(f"{host} asks API clients for contact details: {CONTACT_HELP}")
    return contact


def check_oldid(oldid: int) -> int:
    """A positive revision id, or a UserError."""
    try:
        value = int(oldid)
    except (TypeError, ValueError):
        raise UserError(f"--oldid must be a revision number, got {oldid!r}") from None
    if value <= 0:
        raise UserError(f"--oldid must be a positive revision number, got {oldid!r}")
    return value


def check_title(title: str | None) -> str:
    """A title worth asking for (stripped), or a UserError."""
    if title is None or not title.strip():
        raise UserError("give a page title or a revision id (--title or --oldid)")
    if "|" in title:
        raise UserError(f"a page title may not contain '|': {title!r}")
    return title.strip()


def category_title(category: str) -> str:
    """``Category:Name`` from a name given with or without its namespace."""
    name = category.strip()
    if not name:
        raise UserError("give a category name, e.g. 'Category:Albanian resistance'")
    return name if name.lower().startswith("category:") else f"Category:{name}"
