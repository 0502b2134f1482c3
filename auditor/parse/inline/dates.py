"""Dates as inline templates show them: {{As of}}, {{birth date}}, {{death date and age}}, {{age}}, {{dts}}.

The audit date comes in as an argument (Call.today), so a rendering never depends on the clock.
"""

from __future__ import annotations

import re
from datetime import date

from auditor.parse.inline.base import Call, InlineTable

# --- dates ---------------------------------------------------------------------------------------------

def _ymd(call: Call, table: InlineTable, first: int = 1) -> tuple[int | None, int | None, int | None]:
    """Year, month and day from positional arguments, or from one date written out ("1 May 2012")."""
    parts = [call.arg(first + i) for i in range(3)]
    if parts[0] and not parts[0].lstrip("-").isdigit():
        return _parse_date(parts[0], table)
    year = int(parts[0]) if parts[0].lstrip("-").isdigit() else None
    month = _month(parts[1], table)
    day = int(parts[2]) if parts[2].isdigit() else None
    return year, month, day


def _month(text: str, table: InlineTable) -> int | None:
    text = text.strip().rstrip(".").lower()
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else None
    return table.month_numbers.get(text) or table.month_numbers.get(text[:3])


def _parse_date(text: str, table: InlineTable) -> tuple[int | None, int | None, int | None]:
    """A date written as ISO (2006-08-04), "4 August 2006", "August 4, 2006" or "August 2006"."""
    iso = re.fullmatch(r"(\d{3,4})-(\d\d?)(?:-(\d\d?))?", text.strip())
    if iso:
        return int(iso[1]), int(iso[2]), int(iso[3]) if iso[3] else None
    words = re.findall(r"[^\W\d_]+\.?|\d+", text)
    numbers = [int(w) for w in words if w.isdigit()]
    month = next((m for m in (_month(w, table) for w in words if not w.isdigit()) if m), None)
    year = next((n for n in numbers if n > 31), numbers[-1] if numbers else None)
    day = next((n for n in numbers if n <= 31 and n != year), None)
    return year, month, day


def format_date(table: InlineTable, year: int | None, month: int | None, day: int | None, style: str) -> str:
    """A date as the reader sees it: "11 March 1952" (dmy) or "March 11, 1952" (mdy)."""
    if month is None or not 1 <= month <= 12:
        return str(year) if year is not None else ""
    name = table.months[month - 1]
    tail = f" {year}" if year is not None else ""
    if day is None:
        return f"{name}{tail}"
    if style == "mdy":
        return f"{name} {day}," + tail if tail else f"{name} {day}"
    return f"{day} {name}{tail}"


def _style(call: Call) -> str:
    """dmy or mdy from df=/mf= and the template's default."""
    if call.yes("df"):
        return "dmy"
    if call.yes("mf"):
        return "mdy"
    df = call.get("df", "format").lower()
    if df in ("us", "mdy"):
        return "mdy"
    return "dmy" if df == "dmy" else str(call.options.get("default", "dmy"))


def _years_between(start: tuple, end: tuple) -> int | None:
    (y1, m1, d1), (y2, m2, d2) = start, end
    if y1 is None or y2 is None:
        return None
    return y2 - y1 - ((m2 or 1, d2 or 1) < (m1 or 1, d1 or 1))


def _today(call: Call) -> tuple[int, int, int] | None:
    try:
        day = date.fromisoformat(call.today[:10])
    except ValueError:
        return None
    return day.year, day.month, day.day


def as_of(call: Call, table: InlineTable) -> str:
    """{{As of|2012|5}} -> "As of May 2012"; alt=, since=, lc=, df=, pre=, post=, bare=."""
    if call.get("alt"):
        return call.get("alt")
    year, month, day = _ymd(call, table)
    shown = format_date(table, year, month, day, "mdy" if call.get("df").lower() == "us" else "dmy")
    shown = " ".join(part for part in (call.get("pre"), shown) if part) + call.get("post")
    if call.yes("bare"):
        return shown
    lead = "Since" if call.yes("since") else "As of"
    return f"{lead.lower() if call.get('lc') else lead} {shown}"


def date_(call: Call, table: InlineTable) -> str:
    """{{birth date|1952|3|11|df=yes}} -> "11 March 1952"; {{date|2006-08-04}}; {{start date}}; {{dts}}."""
    year, month, day = _ymd(call, table)
    style = _style(call)
    if call.arg(4) in ("dmy", "mdy") and year is not None:
        style = call.arg(4)
    if call.arg(2) in ("dmy", "mdy"):
        style = call.arg(2)
    return format_date(table, year, month, day, style)


def date_and_age(call: Call, table: InlineTable) -> str | None:
    """{{death date and age|2001|5|11|1952|3|11|df=yes}} -> "11 May 2001 (aged 49)"; birth: "(age N)"."""
    first = _ymd(call, table)
    if call.options.get("order") == "death":
        other, word = _ymd(call, table, 4), "aged"
        age = _years_between(other, first)
    else:
        other, word = _today(call), "age"
        age = _years_between(first, other) if other else None
    shown = format_date(table, *first, _style(call))
    return f"{shown} ({word} {age})" if age is not None else shown


def year_and_age(call: Call, table: InlineTable) -> str:
    """{{birth year and age|1950}} -> "1950 (age 76)" (from the audit date); death: "2001 (aged 49)"."""
    year = call.arg(1)
    if call.options.get("order") == "death":
        age = _years_between((int(call.arg(2)), None, None), (int(year), None, None)) \
            if call.arg(2).isdigit() and year.isdigit() else None
        return f"{year} (aged {age - 1}–{age})" if age is not None else year
    now = _today(call)
    if not year.isdigit() or now is None:
        return year
    age = now[0] - int(year)
    return f"{year} (age {age - 1}–{age})"


def age(call: Call, table: InlineTable) -> str | None:
    """{{age|1989|7|23}}: whole years from a date to a second date or to the audit date."""
    start = _ymd(call, table)
    end = _ymd(call, table, 4) if call.arg(4) else _today(call)
    age = _years_between(start, end) if end else None
    return None if age is None else str(age)


def day_month_year(call: Call, table: InlineTable) -> str | None:
    """frwiki {{date|27|février|2008}} -> "27 février 2008", {{date||janvier|2005|en informatique}} -> "janvier
    2005", {{date|1|mai|1999}} -> "1er mai 1999": the words as written, in the wiki's order; a fourth parameter
    names a category of dates and shows nothing; the first of a month reads as option ``first`` says ("1er").
    A month given by its number takes the wiki's word for it (option ``months``: ruwiki {{ДР|1|2|1931}} -> "1
    февраля 1931"); past option ``arguments`` the call shows more than the date (ruwiki {{ДС|23|4|2007|1|2|1931}}
    adds the age at death): known, not rendered."""
    limit = int(call.options.get("arguments", 0))
    if limit and any(arg.strip() for arg in call.positional[limit:]):
        return None
    day, month, year = call.arg(1), call.arg(2), call.arg(3)
    months = call.options.get("months")
    if months and month.isdigit() and 1 <= int(month) <= 12:
        month = months[int(month) - 1]
    day = str(call.options.get("first", day)) if day == "1" else day
    return " ".join(part for part in (day, month, year) if part)
