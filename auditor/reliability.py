"""Source reliability: the tier and source types of the domain a cited URL points to.

The shipped table (auditor/data/reliability.json, built by scripts/build_reliability.py from WP:RSP and
cite-unseen; see auditor/data/RELIABILITY.md) can be overridden by the users' own lists, in the line format
described in docs/source-lists.md. Lookup rules: the host is lowercased and stripped of "www."/"m."/
"mobile."; archive URLs are judged by the original they hold (auditor.urlhost); the most specific entry wins
(host with path, then host, then each parent domain, never a bare public suffix such as co.uk or com).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

from auditor.compiled import lazy_compile
from auditor.data import FOLDER
from auditor.errors import UserError
from auditor.model import DomainInfo, Tier
from auditor.sources.files import MAX_LIST_BYTES, read_file
from auditor.urlhost import Target, normalize_host, resolve

#: The tiers, most reliable first ("multi", the last, is no verdict a list can give).
TIERS = tuple(Tier)
# Words a WikiProject sources page or WP:RSP uses for a verdict, folded to lower case and single spaces.
TIER_WORDS = {
    "generally reliable": Tier.GENERALLY_RELIABLE, "reliable": Tier.GENERALLY_RELIABLE,
    "no consensus": Tier.NO_CONSENSUS, "marginally reliable": Tier.NO_CONSENSUS, "marginal": Tier.NO_CONSENSUS,
    "situational": Tier.NO_CONSENSUS, "unclear": Tier.NO_CONSENSUS,
    "generally unreliable": Tier.GENERALLY_UNRELIABLE, "unreliable": Tier.GENERALLY_UNRELIABLE,
    "deprecated": Tier.DEPRECATED, "blacklisted": Tier.BLACKLISTED, "spam blacklisted": Tier.BLACKLISTED,
}
# Second-level labels under which a country registry sells names to anyone (bbc.co.uk stops at co.uk).
_OPEN_SLDS = frozenset("co com org net ac gov edu or ne go gob gouv govt gub mil nic ltd plc sch nhs gv gc "
                       "info biz nom gen firm web int res lg ed gr in mod police asn id tm".split())
_MAX_PATH_SEGMENTS = 4
_COMMENT = lazy_compile(r"(?:^|\s)#.*$")


def is_public_suffix(domain: str) -> bool:
    """True for a name nobody publishes under as such: a top-level domain or co.uk, com.au, gov.uk, ...

    >>> is_public_suffix("co.uk"), is_public_suffix("bbc.co.uk"), is_public_suffix("go.com")
    (True, False, False)
    """
    labels = domain.split(".")
    return len(labels) == 1 or (len(labels) == 2 and len(labels[1]) == 2 and labels[0] in _OPEN_SLDS)


def candidate_keys(target: Target, has_paths: Callable[[str], bool] = lambda host: True) -> Iterator[str]:
    """Table keys to try for a host and path, most specific first (host/path keys only for a host of which
    ``has_paths`` says the table holds some)."""
    segments = [s for s in target.path.split("/") if s][:_MAX_PATH_SEGMENTS]
    labels = target.host.split(".")
    is_ip = all(label.isdigit() for label in labels)
    for start in range(len(labels) - 1 if not is_ip else 1):
        host = ".".join(labels[start:])
        if start and is_public_suffix(host):
            return
        if segments and has_paths(host):
            for end in range(len(segments), 0, -1):
                yield host + "/" + "/".join(segments[:end])
        yield host


class ReliabilityTable:
    """The shipped table plus any user lists; classify() answers for one URL."""

    def __init__(self, domains: Mapping[str, dict], suffix_labels: Mapping[str, dict],
                 overrides: Mapping[str, dict] | None = None) -> None:
        self._domains = domains
        self._suffix_labels = suffix_labels
        self._overrides = dict(overrides or {})
        with_paths = [_paths_finder(table) for table in (self._overrides, domains) if table]
        self._has_paths = lambda host: any(has_paths(host) for has_paths in with_paths)

    def _entries(self, target: Target) -> Iterator[tuple[str, dict]]:
        tables = (self._overrides, self._domains) if self._overrides else (self._domains,)
        for key in candidate_keys(target, self._has_paths):
            for table in tables:
                entry = table.get(key)
                if entry is not None:
                    yield key, entry

    def _suffix_types(self, host: str) -> tuple[str | None, tuple[str, ...]]:
        labels = host.split(".")
        last = self._suffix_labels.get(labels[-1])
        if last and last.get("tld"):
            return labels[-1], tuple(last["types"])
        second = self._suffix_labels.get(labels[-2]) if len(labels) > 2 and len(labels[-1]) == 2 else None
        return (".".join(labels[-2:]), tuple(second["types"])) if second else (None, ())

    def classify(self, url: str) -> DomainInfo:
        """Tier, types and matching entry for a cited URL; domain None when it is no web URL."""
        target = resolve(url)
        if target is None:
            return DomainInfo(url, None, None, None, (), None, False)
        tiered: tuple[str, dict] | None = None
        typed: tuple[str, dict] | None = None
        for key, entry in self._entries(target):
            if tiered is None and entry.get("tier"):
                tiered = (key, entry)
            if typed is None and entry.get("types"):
                typed = (key, entry)
        if typed is not None:
            types = tuple(typed[1]["types"])
        else:
            suffix, types = self._suffix_types(target.host)
            typed = (suffix, {}) if suffix else None
        chosen = tiered or typed
        entry = tiered[1] if tiered else {}
        return DomainInfo(url=url, domain=target.host, matched=chosen[0] if chosen else None,
                          tier=Tier(entry["tier"]) if entry.get("tier") else None, types=types,
                          source=entry.get("source"), archived=target.archived,
                          tiers=tuple(Tier(t) for t in entry.get("tiers", ())))


def _fold_tier(words: str) -> Tier | None:
    folded = re.sub(r"[\s_-]+", " ", words.strip().strip("\"'").lower())
    dashed = folded.replace(" ", "-")
    return TIER_WORDS.get(folded) or (Tier(dashed) if dashed in TIERS[:5] else None)


def parse_source_list(text: str, origin: str) -> dict[str, dict]:
    """Read a user's source list: one "domain[/path]  tier  # optional comment" per line.

    Blank lines and lines starting with # are skipped. A malformed line raises UserError naming origin and
    line number. Returns {key: {"tier", "source"}}, the source being the comment or else origin.
    """
    entries: dict[str, dict] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        comment_match = _COMMENT.search(line)
        body = line[:comment_match.start()] if comment_match else line
        comment = comment_match.group(0).strip().lstrip("#").strip() if comment_match else ""
        if not body.strip():
            continue
        parts = body.split(None, 1)
        where = f"{origin}, line {number}"
        if len(parts) < 2:
            raise UserError(f"{where}: expected 'domain tier', got {body.strip()!r}")
        key = _list_key(parts[0])
        if key is None:
            raise UserError(f"{where}: {parts[0]!r} is not a domain")
        tier = _fold_tier(parts[1])
        if tier is None:
            raise UserError(f"{where}: unknown tier {parts[1].strip()!r} (use one of: {', '.join(TIERS[:5])})")
        entries[key] = {"tier": tier, "source": comment or origin}
    return entries


def _list_key(token: str) -> str | None:
    """A user list's domain token (example.com, example.com/blog, or a whole URL) as a table key."""
    target = resolve(token)
    if target is None or normalize_host(target.host) is None or is_public_suffix(target.host):
        return None
    path = "/".join(s for s in target.path.split("/") if s)
    return f"{target.host}/{path}" if path else target.host


#: Where the shipped file's domains begin: scripts/build_reliability.py writes them last, one a line, sorted.
_DOMAINS = b',\n "domains": {\n'
#: A key json.dumps writes as it is, between quotes (every shipped key is one).
_PLAIN_KEY = re.compile(r"[a-z0-9._/-]+\Z")


def _probe(text: str) -> bytes:
    """The start of a shipped line for a key (or a key's beginning): ``    "text`` as the file spells it."""
    return f'    "{text}'.encode() if _PLAIN_KEY.match(text) else f"    {json.dumps(text)[:-1]}".encode()


class ShippedDomains(Mapping[str, dict]):
    """The shipped table's domains, each found by bisection among the file's sorted lines and read when asked for.

    Reading the whole file with json.loads costs more than auditing a short article (callgrind: about 40 M
    instructions); an audit asks for a few keys per reference. Lines are ``    "key": {entry}``, kept as the
    file's UTF-8 bytes, whose order is the text's: splitting them costs half what the decoded text's lines
    do, and the decoding is spared (callgrind: the table's load 8.56 -> 3.70 M, commit d802c77).
    """

    def __init__(self, lines: list[bytes]) -> None:
        self._lines = lines
        self._read: dict[str, dict | None] = {}
        self._paths: dict[str, bool] = {}

    def _entry(self, key: str) -> dict | None:
        if key not in self._read:
            probe = _probe(key) + b'": '
            at = bisect_left(self._lines, probe)
            found = at < len(self._lines) and self._lines[at].startswith(probe)
            self._read[key] = json.loads(self._lines[at][len(probe):].rstrip(b",")) if found else None
        return self._read[key]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._entry(key) is not None

    def has_paths(self, host: str) -> bool:
        """Whether some key is a path under ``host`` ("host/..."); sorted, such lines follow one another."""
        if host not in self._paths:
            probe = _probe(host + "/")
            at = bisect_left(self._lines, probe)
            self._paths[host] = at < len(self._lines) and self._lines[at].startswith(probe)
        return self._paths[host]

    def get(self, key: str, default: dict | None = None) -> dict | None:  # type: ignore[override]
        """The entry of ``key``, read once (Mapping.get would read it through a KeyError)."""
        entry = self._entry(key) if isinstance(key, str) else None
        return default if entry is None else entry

    def __getitem__(self, key: str) -> dict:
        entry = self._entry(key)
        if entry is None:
            raise KeyError(key)
        return entry

    def __iter__(self) -> Iterator[str]:
        return (json.loads(line[4:line.index(b'": ') + 1]) for line in self._lines)

    def __len__(self) -> int:
        return len(self._lines)


def _paths_finder(table: Mapping[str, dict]) -> Callable[[str], bool]:
    """Whether ``table`` holds a key that is a path under a host."""
    if isinstance(table, ShippedDomains):
        return table.has_paths
    hosts = frozenset(key.split("/", 1)[0] for key in table if "/" in key)
    return hosts.__contains__


@lru_cache(maxsize=1)
def _shipped() -> tuple[Mapping[str, dict], dict[str, dict]]:
    text = (FOLDER / "reliability.json").read_bytes()
    start = text.find(_DOMAINS)
    end = text.rfind(b"\n }\n}")
    if start < 0 or end < start:  # not in the build script's layout: read it all
        data = json.loads(text)
        return data["domains"], data["suffix_labels"]
    head = json.loads(text[:start] + b"\n}")
    return ShippedDomains(text[start + len(_DOMAINS):end].split(b"\n")), head["suffix_labels"]


def load_reliability(extra_lists: Sequence[Path] = ()) -> ReliabilityTable:
    """The shipped table (read once per process) with the given user lists on top, later lists winning."""
    domains, suffix_labels = _shipped()
    overrides: dict[str, dict] = {}
    for path in extra_lists:
        text = read_file(str(path), "a source list", MAX_LIST_BYTES)
        overrides.update(parse_source_list(text, str(path)))
    return ReliabilityTable(domains, suffix_labels, overrides)
