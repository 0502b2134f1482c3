"""Text-only inline templates: wrappers ({{nowrap}}, {{small}}), marks ({{sic}}, {{circa}}), languages
({{lang}}, {{langx}}, {{lang-xx}}, {{nihongo}}, {{IPA}}), numbers ({{frac}}, {{val}}, money), {{coord}},
{{convert}} (convert.py does the arithmetic) and the small fixed ones ({{ndash}}, {{snd}}, {{'}}).
"""

from __future__ import annotations

import re

from auditor.parse.inline.base import NOT_TEXT, Call, InlineTable, Rendering
from auditor.parse.inline.convert import render_convert, with_separator

def param(call: Call, table: InlineTable) -> str:
    """The argument that holds the text: {{nowrap|text}}, {{small|text}}, {{color|red|text}}."""
    for name in call.options.get("show", ("1",)):
        if name == "last":
            value = next((p.strip() for p in reversed(call.positional) if p.strip()), "")
        else:
            value = call.arg(int(name)) if name.isdigit() else call.get(name)
        if value:
            return value
    return ""


def fixed(call: Call, table: InlineTable) -> str:
    """The template's one text ({{ndash}}); {{nbsp|3}} too: one space however many (spaces fold in claims)."""
    return str(call.options["text"])


def tag(call: Call, table: InlineTable) -> Rendering | str:
    """{{tag|span}} -> "<span>...</span>", the tag as code text: the second parameter chooses the form (p or pair, the
    default: the pair around content= or "..."; o or open the opening tag, c or close the closing one, s or single a
    self-closing one), attribs= goes inside the opening tag. Another form is known but not rendered."""
    name, form = call.arg(1), (call.arg(2) or "p")[0].lower()
    attributes = f" {call.get('attribs')}" if call.get("attribs") else ""
    shown = {"p": f"<{name}{attributes}>{call.get('content') or '...'}</{name}>", "o": f"<{name}{attributes}>",
             "c": f"</{name}>", "s": f"<{name}{attributes} />"}.get(form)
    return shown if shown is not None and name else Rendering("", rendered=False)


def current_year(call: Call, table: InlineTable) -> Rendering | str:
    """{{CURRENTYEAR}}: the year of the audit date, as the page shows it the day it is read (not rendered without
    one)."""
    return call.today[:4] if call.today else Rendering("", rendered=False)


def prefixed(call: Call, table: InlineTable) -> str:
    """{{circa|1200}} -> "c. 1200", {{fl.|1200|1250}} -> "fl. 1200–1250", bare {{c.}} -> "c."."""
    years = "–".join(p.strip() for p in call.positional[:2] if p.strip())
    prefix = str(call.options["prefix"]) + (" c." if call.yes("c") else "")
    return f"{prefix} {years}" if years else prefix


def sic(call: Call, table: InlineTable) -> str:
    """{{sic}} -> "[sic]"; {{sic|teh}} -> "teh [sic]"; hide=y shows the text alone."""
    text = "".join(p.strip() for p in call.positional if p.strip() and p.strip() != "?")
    if call.yes("hide"):
        return text
    return f"{text} [sic]" if text else "[sic]"


def _language(call: Call, table: InlineTable, code: str) -> str:
    return table.languages.get(code.lower(), table.languages.get(code.lower().split("-")[0], ""))


def lang(call: Call, table: InlineTable) -> str:
    """{{lang|fr|texte}} -> "texte"."""
    return call.arg(2)


def _labelled(call: Call, table: InlineTable, code: str, text: str, translit: str) -> str:
    """"French: texte", with a transliteration (", romanized: ...") and a translation (", lit. '...'")."""
    label = call.get("label")
    name = _language(call, table, code)
    shown = text if label == "none" or not (label or name) else f"{label or name}: {text}"
    translit = translit or call.get("translit", "tr")
    if translit:
        shown += f", romanized: {translit}"
    if call.get("lit"):
        shown += f", lit. '{call.get('lit')}'"
    return shown


def langx(call: Call, table: InlineTable) -> str:
    """{{langx|fr|texte}} -> "French: texte"."""
    return _labelled(call, table, call.arg(1), call.arg(2), call.arg(3))


def lang_xx(call: Call, table: InlineTable) -> str:
    """{{lang-fr|texte}} -> "French: texte"."""
    return _labelled(call, table, str(call.options["code"]), call.arg(1), call.arg(2))


def transl(call: Call, table: InlineTable) -> str:
    """{{transl|ar|ALA|text}}, {{transl|ru|text}}: the transliterated text (the last argument)."""
    return next((p.strip() for p in reversed(call.positional[1:]) if p.strip()), "")


def ill(call: Call, table: InlineTable) -> str:
    """{{ill|Local title|fr|Foreign title}} -> "Local title [fr]" (the bracketed link to the other wiki)."""
    shown = call.get("lt") or call.arg(1)
    codes = [p.strip() for p in call.positional[1::2] if p.strip()]
    return f"{shown} [{codes[0]}]" if shown and codes else shown


def nihongo(call: Call, table: InlineTable) -> str:
    """{{nihongo|Tokyo Tower|東京タワー|Tōkyō tawā}} -> "Tokyo Tower (東京タワー, Tōkyō tawā)"; with no English
    the rōmaji leads: "Tōkyō tawā (東京タワー)"; lead=yes adds "Japanese:" and "Hepburn:"."""
    english, kanji, romaji = call.arg(1), call.arg(2), call.arg(3)
    extra = call.arg(4) or call.get("extra")
    lead = call.yes("lead")
    kanji = f"Japanese: {kanji}" if lead and kanji else kanji
    if english:
        inside = [kanji, f"Hepburn: {romaji}" if lead and romaji else romaji, extra]
    else:
        english, inside = romaji, [kanji, extra]
    inside = [part for part in inside if part]
    if not english:
        return ", ".join(inside)
    return f"{english} ({', '.join(inside)})" if inside else english


def ipa(call: Call, table: InlineTable) -> str:
    """{{IPA|/ˈæ/}} -> "/ˈæ/"; {{IPA|fr|bɔ̃ʒuʁ}} -> "[bɔ̃ʒuʁ]" (language code first)."""
    text = call.arg(2) if len(call.positional) > 1 and call.arg(1).lower() in table.languages else call.arg(1)
    return text if text[:1] in ("/", "[") else f"[{text}]" if text else ""


def ipa_xx(call: Call, table: InlineTable) -> str:
    """{{IPA-fr|bɔ̃ʒuʁ}} -> "[bɔ̃ʒuʁ]"; with "lang" or "pron" after it, "French pronunciation: [bɔ̃ʒuʁ]"."""
    text = call.arg(1)
    shown = text if text[:1] in ("/", "[") else f"[{text}]" if text else ""
    name = _language(call, table, str(call.options["code"]))
    if call.arg(2).lower() in ("lang", "pron") and name and shown:
        return f"{name} pronunciation: {shown}"
    return shown


_IPAC_LABELS = {"lang": "English pronunciation:", "pron": "pronounced", "local": "locally", "uk": "UK:",
                "us": "US:", "ipa": "", "audio": ""}


def ipac(call: Call, table: InlineTable) -> str:
    """{{IPAc-en|ˈ|æ|d|əm|z}} -> "/ˈædəmz/"; a leading label (lang, pron, US, UK) is shown before it."""
    parts = [p.strip() for p in call.positional]
    labels = []
    while parts and parts[0].lower() in _IPAC_LABELS:
        labels.append(_IPAC_LABELS[parts.pop(0).lower()])
    chunks = " ".join("".join(p for p in chunk) for chunk in _split_on(parts, ","))
    return " ".join(filter(None, (*labels, f"/{chunks}/" if chunks else "")))


def _split_on(parts: list[str], mark: str) -> list[list[str]]:
    chunks: list[list[str]] = [[]]
    for part in parts:
        if part == mark:
            chunks[-1].append(",")
            chunks.append([])
        else:
            chunks[-1].append(part)
    return chunks


def respell(call: Call, table: InlineTable) -> str:
    """{{respell|AD|əmz}} -> "AD-əmz" (syllables joined by hyphens; "_" marks a space)."""
    return "-".join(p.strip() for p in call.positional if p.strip()).replace("_", " ").replace("- ", " ")


def currency(call: Call, table: InlineTable) -> str:
    """{{US$|1000}} -> "US$1,000"; {{currency|1000|EUR}}; {{£|5}} -> "£5"."""
    amount = call.arg(1)
    symbol = str(call.options["symbol"]) or (call.arg(2) or call.get("type", "code")).upper() + " "
    if symbol == "USD ":
        symbol = "US$"
    if re.fullmatch(r"\d+(\.\d+)?", amount):
        amount = with_separator(amount)
    return f"{symbol}{amount}" if amount else symbol.strip()


def frac(call: Call, table: InlineTable) -> str:
    """{{frac|1|2}} -> "1⁄2"; {{frac|2|1|2}} -> "2+1⁄2" (as a copy of the page reads); {{frac|4}} -> "1⁄4"."""
    parts = [p.strip() for p in call.positional if p.strip()]
    if len(parts) == 1:
        return f"1\u2044{parts[0]}"
    if len(parts) == 2:
        return f"{parts[0]}\u2044{parts[1]}"
    return f"{parts[0]}+{parts[1]}\u2044{parts[2]}" if parts else ""


_SUPERSCRIPT = str.maketrans("0123456789-−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻")


def val(call: Call, table: InlineTable) -> str:
    """{{val|1.23|0.05|e=5|u=kg}} -> "1.23±0.05×10⁵ kg"."""
    shown = call.arg(1)
    if call.arg(2) and call.arg(3):
        shown += f"+{call.arg(2)}−{call.arg(3).lstrip('-')}"
    elif call.arg(2):
        shown += f"±{call.arg(2)}"
    if call.get("e"):
        shown += "×10" + call.get("e").translate(_SUPERSCRIPT)
    unit = call.get("u", "ul")
    if unit:
        shown += ("" if unit in ("%", "°", "′", "″") else " ") + unit
    return shown


def coord(call: Call, table: InlineTable) -> Rendering | str:
    """{{coord|40|26|46|N|79|58|56|W}} -> "40°26′46″N 79°58′56″W"; display=title alone shows nothing here."""
    if call.get("display").lower() in ("title", "t"):
        return NOT_TEXT
    parts = [p.strip() for p in call.positional if p.strip() and ":" not in p]
    hemis = [i for i, p in enumerate(parts) if p.upper() in ("N", "S", "E", "W")]
    if len(hemis) >= 2:
        lat, lon = parts[:hemis[0] + 1], parts[hemis[0] + 1:hemis[1] + 1]
        return f"{_dms(lat)} {_dms(lon)}"
    if len(parts) >= 2:
        lat, lon = float(parts[0]), float(parts[1])
        return f"{abs(lat):g}°{'N' if lat >= 0 else 'S'} {abs(lon):g}°{'E' if lon >= 0 else 'W'}"
    return ""


def _dms(parts: list[str]) -> str:
    marks = ("°", "′", "″")
    return "".join(f"{v}{m}" for v, m in zip(parts[:-1], marks)) + parts[-1].upper()


def convert(call: Call, table: InlineTable) -> Rendering | str:
    """{{convert|5|km}} -> "5 kilometres (3.1 mi)"; an input it cannot read keeps its number and unit."""
    shown = render_convert(call.positional, call.named, table.units, str(call.options.get("abbr", "out")))
    if shown is None:
        return Rendering(" ".join(p.strip() for p in call.positional[:2] if p.strip()), rendered=False)
    return shown


def joined(call: Call, table: InlineTable) -> str:
    """{{sortname|John|Smith}} -> "John Smith"; {{keypress|Ctrl|C}} -> "Ctrl+C"."""
    parts = call.positional[:int(call.options["count"])] if "count" in call.options else call.positional
    return str(call.options["separator"]).join(p.strip() for p in parts if p.strip())


_YEAR = re.compile(r"\d{3,4}[a-z]?|n\.d\.[a-z]?|nd[a-z]?|c\. \d{3,4}[a-z]?|\d{4}–\d{2}(\d{2})?[a-z]?")


def harvard_text(call: Call, table: InlineTable) -> Rendering | str:
    """Harvard citations in prose, as Module:Footnotes' core() joins names, year and location:
    {{harvtxt|Tarjan|Van Wyk|1988}} -> "Tarjan & Van Wyk (1988)" and {{harvtxt|Smith|2001|p=3}} ->
    "Smith (2001, p. 3)" (the year and location bracketed), {{harvp|Smith|2001|p=3}} -> "Smith (2001), p. 3"
    (the year bracketed, as {{sfnp}} shows it), {{harv|Smith|2006|p=25}} -> "(Smith 2006, p. 25)" (all
    bracketed), {{harvnb|Smith|2006|pp=2–3}} -> "Smith 2006, pp. 2–3" (no brackets). Names: "A", "A & B",
    "A, B & C", "A et al." for four.
    """
    brackets = str(call.options.get("brackets", "year"))
    location = _harvard_location(call)
    names = [p.strip() for p in call.positional[:5] if p.strip()]
    year = names.pop() if len(names) > 1 and _YEAR.fullmatch(names[-1]) else ""
    if not names:
        return ""
    if len(names) >= 4:
        shown = f"{names[0]} et al."
    elif len(names) == 1:
        shown = names[0]
    else:
        shown = ", ".join(names[:-1]) + " & " + names[-1]
    if year and brackets == "year":
        shown += f" ({year}{location})"
    elif year and brackets == "year, then location":
        shown += f" ({year}){location}"
    else:
        shown += (f" {year}" if year else "") + location
    postscript = call.get("ps", "postscript")
    return (f"({shown})" if brackets == "all" else shown) + ("" if postscript == "none" else postscript)


def _harvard_location(call: Call) -> str:
    """", p. 25", ", pp. 25–26" and/or ", chap. 3" (loc=), in core()'s order: page or pages, then loc."""
    page, pages, loc = call.get("p", "page"), call.get("pp", "pages"), call.get("loc")
    shown = f", p. {page}" if page else f", pp. {pages}" if pages else ""
    return shown + (f", {loc}" if loc else "")


def ordinal(call: Call, table: InlineTable) -> str:
    n = call.arg(1)
    if not n.isdigit():
        return n
    suffix = "th" if 10 <= int(n) % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(int(n) % 10, "th")
    return n + suffix


def formatnum(call: Call, table: InlineTable) -> str:
    """{{formatnum:1039}} -> "1,039", with the wiki's separators ("1 039" on frwiki)."""
    n = call.arg(1)
    return table.group_digits(n) if re.fullmatch(r"\d+(\.\d+)?", n) else n


def number_and_unit(call: Call, table: InlineTable) -> str:
    """frwiki {{unité|24000|ports}} -> "24 000 ports": the number grouped as the wiki groups it, then its unit."""
    n, unit = call.arg(1), call.arg(2)
    n = table.group_digits(n) if re.fullmatch(r"\d+(\.\d+)?", n) else n
    return f"{n} {unit}".strip()


def century(call: Call, table: InlineTable) -> str:
    """frwiki {{s-|XVI|e}} -> "XVIe siècle", {{s|XIX}} -> "XIXe", {{-s-|V}} -> "Ve siècle av. J.-C.": the Roman
    numeral, its ordinal suffix (parameter 2; "er" for I, else "e") and the words the template adds."""
    roman = call.arg(1)
    suffix = call.arg(2) or ("er" if roman == "I" else "e")
    return f"{roman}{suffix}{call.options.get('after', '')}" if roman else ""


def foreign_link(call: Call, table: InlineTable) -> str:
    """frwiki {{Lien|fr=Computer Systems Research Group|lang=en}} -> "Computer Systems Research Group (en)": the
    local title with the language of the article it links to (as {{ill}} shows "[fr]")."""
    shown = param(call, table)
    code = call.get("lang")
    return f"{shown} ({code})" if shown and code else shown


def height(call: Call, table: InlineTable) -> str | None:
    """{{height|ft=6|in=5}} -> "6 ft 5 in (1.96 m)"; {{height|m=1.8}} -> "1.8 m (5 ft 11 in)"."""
    if call.get("m"):
        return render_convert([call.get("m"), "m", "ftin"], {"abbr": "on"}, table.units)
    if call.get("ft"):
        return render_convert([call.get("ft"), "ft", call.get("in") or "0", "in", "m"], {"abbr": "on"}, table.units)
    return None


def duration(call: Call, table: InlineTable) -> str:
    """{{Duration|m=42|s=50}} -> "42:50"; with h=, "1:02:03"."""
    h, m, s = call.get("h") or call.arg(1), call.get("m") or call.arg(2), call.get("s") or call.arg(3)
    if h:
        return f"{h}:{(m or '0').zfill(2)}:{(s or '0').zfill(2)}"
    return f"{m or '0'}:{(s or '0').zfill(2)}"


def not_text(call: Call, table: InlineTable) -> Rendering:
    return NOT_TEXT


def uncomputable(call: Call, table: InlineTable) -> None:
    return None
