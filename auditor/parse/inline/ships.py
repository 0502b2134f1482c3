"""Ship names and ship classes: {{ship}}, {{SS}}, {{USS}}, ... and {{sclass}}, {{sclass2}} and their hyphenated
forms, as their documentation shows them (INLINE.md)."""

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
