"""Names that templates write: ships ({{ship}}, {{SS}}, {{USS}}, ...), ship classes ({{sclass}}, {{sclass2}} and their
hyphenated forms), countries ({{flagcountry}}, {{fb}}, {{fbw}}) and Olympic teams ({{flagIOC}}), as their documentation shows them (INLINE.md)."""

from __future__ import annotations

from auditor.parse.inline.base import Call, InlineTable, Rendering


def ship(call: Call, table: InlineTable) -> Rendering | str:
    """{{ship|HMS|Victory}} -> "HMS Victory"; {{SS|City of Los Angeles|1922}} -> "SS City of Los Angeles (1922)".

    The display value is read as bits: 4 the prefix, 2 the name, 1 the ID ({{MV|Aurora|2000|3}} ->
    "Aurora (2000)"); a value whose wording the documentation does not show is known but not rendered.
    """
    args = [p.strip() for p in call.positional]
    prefix = str(call.options["prefix"]) if "prefix" in call.options else (args.pop(0) if args else "")
    name, ident, display = (args + ["", "", ""])[:3]
    parts = {4: prefix, 2: name, 1: f"({ident})" if ident else ""}
    bits = int(display) if display.isdigit() else 7
    if bits == 1:
        return ident
    shown = " ".join(parts[bit] for bit in (4, 2, 1) if bits & bit and parts[bit])
    return shown if bits in (2, 3, 6, 7) else Rendering(shown, rendered=False)


def ship_class(call: Call, table: InlineTable) -> Rendering | str:
    """{{sclass|Valiant|harbor tug}} -> "Valiant-class harbor tug"; the third parameter chooses the form, as
    Template:Sclass/doc shows it: 0 "Valiant-class" (adjectival), 1-3 "Valiant-class harbor tug" (3, the default,
    links the type apart), 4 "Valiant class" (noun), 5 "Valiant" (the name alone, for tables). {{sclass2}} differs
    only in italics, {{sclass-}} and {{sclass2-}} only in the article they link. Another form is not rendered.
    """
    name, kind, form = call.arg(1), call.arg(2), call.arg(3) or "3"
    shown = {"0": f"{name}-class", "1": f"{name}-class {kind}", "2": f"{name}-class {kind}",
             "3": f"{name}-class {kind}", "4": f"{name} class", "5": name}.get(form)
    if shown is None or not name:
        return Rendering("", rendered=False)
    return shown.strip()


def country(call: Call, table: InlineTable) -> Rendering | str:
    """{{fb|ENG}} -> "England", {{flagcountry|USA}} -> "United States": the country's name from the shipped table of
    codes (the names of Template:Country data's articles); a name of the table ({{fb|England}}) shows itself; the
    flag itself shows no text. A flag variant (a second parameter: {{fb|GER|1949}}) changes the flag, and a few of
    Template:Country data's variants rename the country as well, which the table does not hold: the name is shown,
    not counted as rendered. A code or name the table lacks is known but not rendered.
    """
    name = country_name(call.arg(1), table)
    if name is None:
        return Rendering("", rendered=False)
    return Rendering(name, rendered=False) if call.arg(2) else name


def olympic_team(call: Call, table: InlineTable) -> Rendering | str:
    """{{flagIOC|CHN|2008 Summer}} -> "China", {{flagIOC|CAN|2010 Winter|206}} -> "Canada (206)": the country's name,
    linked to its team at the games (the second parameter, no text of its own), then the number of its athletes in
    brackets when a third parameter gives it, as Template:Flag IOC/doc shows it. A code the table lacks is known but
    not rendered.
    """
    name = country_name(call.arg(1), table)
    if name is None:
        return Rendering("", rendered=False)
    return f"{name} ({call.arg(3)})" if call.arg(3) else name


def country_name(given: str, table: InlineTable) -> str | None:
    """The name a country template shows for a code of the table ("ENG" England) or a name of it, else None."""
    name = table.countries.get(given) if given.isupper() else None
    return name if name is not None or given not in table.country_names else given


def athlete(call: Call, table: InlineTable) -> Rendering | str:
    """{{flagathlete|[[Usain Bolt]]|JAM}} -> "Usain Bolt (JAM)": the athlete's name (the first parameter), then the
    code of the country given in brackets, as Template:Flag athlete/doc shows it ("Michael Phelps (USA)");
    {{flagIOCathlete|Michael Phelps|USA|2008 Summer}} likewise (its games change only the code's link). A country
    given by its name, which the template shows as its code, is not rendered: the name alone is shown.
    """
    name, code = call.arg(1), call.arg(2)
    if not name:
        return Rendering("", rendered=False)
    if len(code) == 3 and code.isalpha() and code.isupper():
        return f"{name} ({code})"
    return Rendering(name, rendered=False)
