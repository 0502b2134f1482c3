"""Names that templates write: ships ({{ship}}, {{SS}}, {{USS}}, ...), ship classes ({{sclass}}, {{sclass2}} and their
hyphenated forms) and countries ({{flagcountry}}, {{fb}}, {{fbw}}), as their documentation shows them (INLINE.md)."""

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
    codes (the names of Template:Country data's articles); a name of the table ({{fb|England}}) shows itself. A code
    or name the table lacks, or a flag variant (a second parameter, which may rename the country: {{fb|GER|1949}}),
    is known but not rendered; the flag itself shows no text.
    """
    given = call.arg(1)
    if call.arg(2):
        return Rendering("", rendered=False)
    name = table.countries.get(given) if given.isupper() else None
    if name is None and given in table.country_names:
        name = given
    return name if name is not None else Rendering("", rendered=False)


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
