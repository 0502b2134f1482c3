"""Inline templates whose output is text of the sentence: {{As of}}, {{convert}}, {{lang}}, {{circa}}, ...

Pure and free of parser objects: a renderer gets the template's folded name, its positional and named
arguments as plain strings and the audit date, and returns a ``Rendering`` (``NOT_TEXT`` for a template
that shows nothing, such as {{anchor}}; ``rendered=False`` for one whose text cannot be computed, such as
{{inflation}}), or None for a template the table does not know. The names, redirects, month and language
names and units live in auditor/data/inline_templates.json (INLINE.md says where each came from); the
modules here hold only the logic: dates.py, text.py, names.py, reviews.py, convert.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from auditor.parse.flagnames import fold_template_name
from auditor.parse.inline import dates, names, reviews, text
from auditor.parse.inline.base import NOT_TEXT, UNRENDERED, Call, InlineTable, Rendering, load_inline_table

__all__ = ["NOT_TEXT", "UNRENDERED", "InlineTable", "Rendering", "load_inline_table", "render_inline"]


def render_inline(name: str, positional: Sequence[str], named: Mapping[str, str], today: str = "",
                  table: InlineTable | None = None) -> Rendering | None:
    """What the reader sees for one inline template, or None if the table does not know it.

    ``name`` is folded (fold_template_name); ``today`` is the audit date (ISO, "2026-12-01"), used only
    by the templates that count years up to now ({{age}}, {{birth date and age}}).

    A module's call reads as the template its function stands for (``{{#invoke:flag|fb|JOR}}``: {{fb|JOR}}).

    >>> render_inline("as of", ["2012", "5"], {}).text
    'As of May 2012'
    >>> render_inline("#invoke:flag", ["fb", "JOR"], {}).text
    'Jordan'
    """
    table = table or load_inline_table()
    entry = table.lookup(name)
    if entry is None:
        return None
    kind, options = entry
    if options.get("colon") and ":" in name:
        positional = (name.partition(":")[2].strip(), *positional)  # {{formatnum:1039}}: its argument
    result = RENDERERS[kind](Call(tuple(positional), named, today, options), table)
    if result is None:
        return UNRENDERED
    return result if isinstance(result, Rendering) else Rendering(result)


def module(call: Call, table: InlineTable) -> Rendering | str | None:
    """{{#invoke:flag|fb|JOR}} reads as {{fb|JOR}}, "Jordan": the module's function (its first parameter) names
    the template it stands for (``functions``, from the module's documentation); another function is known but
    not rendered."""
    functions = call.options["functions"]
    template = functions.get(call.arg(1).lower()) if isinstance(functions, Mapping) else None
    entry = table.lookup(fold_template_name(template)) if template is not None else None  # "flag IOC"
    if entry is None:
        return None
    kind, options = entry
    return RENDERERS[kind](Call(call.positional[1:], call.named, call.today, options), table)


RENDERERS: dict[str, Callable[[Call, InlineTable], Rendering | str | None]] = {
    "as of": dates.as_of, "date": dates.date_, "date and age": dates.date_and_age,
    "year and age": dates.year_and_age, "age": dates.age,
    "param": text.param, "fixed": text.fixed, "repeat": text.fixed, "prefixed": text.prefixed,
    "sic": text.sic, "lang": text.lang, "langx": text.langx, "lang-xx": text.lang_xx, "transl": text.transl,
    "ill": text.ill, "nihongo": text.nihongo, "ipa": text.ipa, "ipa-xx": text.ipa_xx, "ipac": text.ipac, "respell": text.respell,
    "currency": text.currency, "frac": text.frac, "val": text.val, "coord": text.coord,
    "convert": text.convert, "joined": text.joined, "harvard text": text.harvard_text, "ordinal": text.ordinal,
    "formatnum": text.formatnum, "century": text.century, "day month year": dates.day_month_year,
    "number and unit": text.number_and_unit, "foreign link": text.foreign_link, "ship": names.ship,
    "ship class": names.ship_class, "country": names.country, "olympic team": names.olympic_team,
    "athlete": names.athlete, "height": text.height, "duration": text.duration,
    "tag": text.tag, "current year": text.current_year,
    "rotten tomatoes": reviews.rotten_tomatoes,
    "not text": text.not_text, "uncomputable": text.uncomputable, "module": module,
}
