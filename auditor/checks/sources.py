"""Checks on where a reference points: the reliability tier and the type of its publisher (WP:RS, WP:RSP).

Each function takes a reference and the context; the runner gives its findings to every claim
citing the reference. The tier and types come from the reliability table (auditor/reliability.py),
which the context has already asked about each reference's URL. A generally reliable source is
no finding: scoring counts it in the claim's favour.
"""

from __future__ import annotations

from auditor.checks.base import Context, Hit
from auditor.model import Reference, Tier


def _info(reference: Reference, context: Context):
    return context.domains.get(reference.key)


# The verdict checks return their hit in a tuple (none: an empty one) rather than yield it: each runs on every
# reference, and a nested generator costs more than such a check's test (callgrind, United-Kingdom's 623
# references: the checks phase 106.9 -> 100.5 M instructions, commit 762d98b).
def _tiered(reference: Reference, context: Context, tier: Tier, words: str) -> tuple[Hit, ...]:
    info = _info(reference, context)
    if info is not None and (info.tier == tier or (info.tier == Tier.MULTI and info.tiers[:1] == (tier,)
                                                   and tier == Tier.NO_CONSENSUS)):
        named = f" ({info.source})" if info.source else ""
        return (Hit(f"cites {info.domain}{named}, {words} (WP:RSP)", reference=reference.key),)
    return ()


def _typed(reference: Reference, context: Context, kind: str, words: str) -> tuple[Hit, ...]:
    info = _info(reference, context)
    if info is not None and kind in info.types:
        return (Hit(f"cites {info.domain}, {words}", reference=reference.key),)
    return ()


def unreliable_source(reference: Reference, context: Context) -> tuple[Hit, ...]:
    """The reference points to a domain WP:RSP rates generally unreliable.

    WP:RS: such a source may back uncontroversial claims about itself at most;
    anything else needs a better source.

    Fails:  <ref>{{cite web |url=https://www.dailykos.com/x |title=X}}</ref>
    Passes: <ref>{{cite web |url=https://www.bbc.co.uk/news/x |title=X}}</ref>
    """
    return _tiered(reference, context, Tier.GENERALLY_UNRELIABLE, "rated generally unreliable")


def deprecated_source(reference: Reference, context: Context) -> tuple[Hit, ...]:
    """The reference points to a deprecated domain (an RfC decided it should not be used).

    WP:DEPS: deprecated sources are to be replaced; edit filters warn when they are added.

    Fails:  <ref>{{cite web |url=https://www.dailymail.co.uk/x |title=X}}</ref>
    Passes: <ref>{{cite web |url=https://apnews.com/x |title=X}}</ref>
    """
    return _tiered(reference, context, Tier.DEPRECATED, "deprecated")


def blacklisted_source(reference: Reference, context: Context) -> tuple[Hit, ...]:
    """The reference points to a domain on the spam blacklist.

    WP:RSP, WP:BLACKLIST: such links cannot even be saved without whitelisting;
    the citation is almost certainly unusable.

    Fails:  <ref>{{cite web |url=https://www.infowars.com/x |title=X}}</ref>
    Passes: <ref>{{cite web |url=https://www.reuters.com/x |title=X}}</ref>
    """
    return _tiered(reference, context, Tier.BLACKLISTED, "on the spam blacklist")


def no_consensus_source(reference: Reference, context: Context) -> tuple[Hit, ...]:
    """The reference points to a domain with no consensus on its reliability (a light signal).

    WP:RSP: "additional considerations apply": usable for some claims, not others;
    a reader may want to look.

    Fails:  <ref>{{cite web |url=https://www.britannica.com/plant/pear |title=X}}</ref>
    Passes: <ref>{{cite web |url=https://www.nature.com/articles/x |title=X}}</ref>
    """
    return _tiered(reference, context, Tier.NO_CONSENSUS, "with no consensus on its reliability")


def self_published_source(reference: Reference, context: Context) -> tuple[Hit, ...]:
    """The reference points to a self-published site or a blog platform.

    WP:SPS: self-published sources are largely not acceptable, except experts
    writing in their field and sources about themselves.

    Fails:  <ref>[https://someone.blogspot.com/2010/01/post.html Post]</ref>
    Passes: <ref>[https://www.theguardian.com/books/2014/x Article]</ref>
    """
    return _typed(reference, context, "self-published", "a self-published or blog site (WP:SPS)")


def user_generated_source(reference: Reference, context: Context) -> tuple[Hit, ...]:
    """The reference points to user-generated content: open wikis, fandom, IMDb, social media, forums.

    WP:UGC: content anyone can write is generally unacceptable as a source.

    Fails:  <ref>[https://www.imdb.com/title/tt0371724/ IMDb]</ref>
    Passes: <ref>[https://www.bfi.org.uk/films/x BFI]</ref>
    """
    return _typed(reference, context, "user-generated", "user-generated content (WP:UGC)")


def circular_source(reference: Reference, context: Context) -> tuple[Hit, ...]:
    """The reference points to Wikipedia itself or a mirror of it.

    WP:CIRCULAR: Wikipedia articles, and sites that copy them, are not reliable
    sources for Wikipedia; citing them is circular.

    Fails:  <ref>[https://en.wikipedia.org/wiki/Pear Pear]</ref>
    Passes: <ref>[https://www.britannica.com/plant/pear Pear]</ref>
    """
    return _typed(reference, context, "wikipedia", "Wikipedia or a mirror of it (WP:CIRCULAR)")


def press_release(reference: Reference, context: Context) -> tuple[Hit, ...]:
    """The reference points to a press-release distributor (or is a {{cite press release}}).

    WP:RS, WP:PRIMARY: a press release is the subject speaking about itself; it is
    not independent and may back only uncontroversial facts about the issuer.

    Fails:  <ref>[https://www.prnewswire.com/news-releases/x.html Release]</ref>
    Passes: <ref>[https://www.reuters.com/business/x Report]</ref>
    """
    if reference.field("type") == "press release" and reference.key not in context.domains:
        return (Hit("cites a press release (not independent)", reference=reference.key),)
    return _typed(reference, context, "press-release", "a press-release distributor")


def predatory_publisher(reference: Reference, context: Context) -> tuple[Hit, ...]:
    """The reference points to a predatory (pay-to-publish, unreviewed) journal publisher.

    WP:RS, WP:MEDRS: such journals skip real peer review; what they print is no
    better than self-published.

    Fails:  <ref>{{cite journal |url=https://www.omicsonline.org/x |title=X}}</ref>
    Passes: <ref>{{cite journal |url=https://www.nejm.org/doi/x |title=X}}</ref>
    """
    return _typed(reference, context, "predatory", "a predatory publisher")
