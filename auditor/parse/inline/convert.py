"""{{convert}} as the reader sees it: "5 kilometres (3.1 mi)", with Module:Convert's default rounding.

Pure: the unit table comes from auditor/data/inline_templates.json (see INLINE.md); nothing here parses
wikitext. The default precision follows Module:Convert's ``default_precision``: the output keeps the
input's precision, shifted by the size of the conversion factor, and never fewer than two significant
figures (three, counted in kelvin, for temperatures); every value of a range gets the largest of the
precisions its values would get alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from auditor.compiled import lazy_compile

_NUMBER = lazy_compile(r"^[-−+]?(\d*)(\.?)(\d*)(?:[eE]([-+]?\d+))?$")
_FUDGE = 1e-14
_MINUS = "\u2212"
# what the reader sees between the value and the result, by disp=
_JOINS = {"b": (" (", ")"), "or": (" or ", ""), "comma": (", ", ""), "semicolon": ("; ", ""),
          "slash": (" / ", ""), "sqbr": (" [", "]"), "br": (" ", ""), "br()": (" (", ")"), "(or)": (" (", ")")}


@dataclass(frozen=True)
class Unit:
    """One unit of the table: its kind, its size in the kind's SI unit and how it is written."""

    code: str
    type: str
    scale: float
    symbol: str
    name1: str
    name2: str
    name1_us: str
    default: str
    offset: float | None = None
    symbol_first: bool = False

    def name(self, singular: bool, us: bool) -> str:
        """The unit's name, singular or plural, in British (default) or US spelling."""
        name = self.name1_us if us and self.name1_us else self.name1
        if singular:
            return name
        if self.name2 and not (us and self.name1_us):
            return self.name2
        return name + "s"


class UnitTable:
    """The units {{convert}} knows, by code and alias."""

    def __init__(self, data: Mapping) -> None:
        self.units = {code: Unit(code=code, type=u["type"], scale=u["scale"], symbol=u["symbol"],
                                 name1=u["name1"], name2=u.get("name2", ""), name1_us=u.get("name1_us", ""),
                                 default=u["default"], offset=u.get("offset"),
                                 symbol_first=u.get("symbol_first", False))
                      for code, u in data["units"].items()}
        self.aliases = dict(data["unit_aliases"])
        self.multiples = {code: tuple(m) for code, m in data["multiples"].items()}
        self.composites = {code: tuple(c) for code, c in data["composites"].items()}
        self.range_words = dict(data["range_words"])
        self.more_precision = frozenset(data["more_precision_integer"])

    def unit(self, code: str) -> Unit | None:
        """The unit a code stands for, or None."""
        return self.units.get(code) or self.units.get(self.aliases.get(code, ""))


def parse_number(text: str) -> tuple[float, str] | None:
    """A convert input number and its clean digits ("1,200" -> (1200.0, "1200")), or None."""
    clean = text.strip().replace(",", "").replace(_MINUS, "-")
    if not _NUMBER.match(clean) or not any(c.isdigit() for c in clean):
        return None
    return float(clean), clean.lstrip("+-")


def default_precision(clean: str, invalue: float, outvalue: float, inunit: Unit, outunit: Unit,
                      table: UnitTable, composite: str = "") -> int:
    """Module:Convert's default number of decimals (negative: zeros before the point).

    ``composite`` is the smaller unit of a two-unit input (|6|ft|5|in|): its trailing zeros count, and
    inches ask for more precision.
    """
    integer, dot, decimals, exponent = _NUMBER.match(clean).groups()
    if dot:
        prec = len(decimals)
    else:
        prec = 0 if composite else -(len(integer) - len(integer.rstrip("0")))
    if exponent:
        prec -= int(exponent)
    if inunit.offset is not None and outunit.offset is not None:
        kelvin = abs(invalue * inunit.scale + inunit.offset)
        minprec = 2 if kelvin < 1e-8 else 2 - math.floor(math.log10(kelvin) + _FUDGE)
        return max(prec, minprec)
    if invalue == 0 or outvalue <= 0:
        return 0
    if composite == "in":
        adjust = math.log10(outunit.scale) + 2
    elif outunit.code in table.more_precision and float(invalue).is_integer():
        adjust = -math.log10(inunit.scale)
    else:
        adjust = math.log10(abs(invalue / outvalue))
    adjust += math.log10(2)
    minprec = 1 - math.floor(math.log10(outvalue) + _FUDGE)
    return max(math.floor(prec + adjust), minprec)


def convert_value(value: float, inunit: Unit, outunit: Unit) -> float:
    """The value in the output unit (temperatures with their offsets)."""
    if inunit.offset is not None and outunit.offset is not None:
        kelvin = value * inunit.scale + inunit.offset
        return (kelvin - outunit.offset) / outunit.scale
    return value * inunit.scale / outunit.scale


def round_to(value: float, precision: int) -> str:
    """Digits of an unsigned value rounded to ``precision`` decimals, as Module:Convert prints them."""
    if precision >= 0:
        return f"{value + (2e-14 if precision <= 8 else 0):.{precision}f}"
    shift = 10 ** -precision
    shown = f"{value / shift:.0f}"
    return shown + "0" * -precision if shown != "0" else "0"


def sigfig(value: float, figures: int) -> str:
    """An unsigned value rounded to a number of significant figures."""
    if value == 0:
        return "0"
    return round_to(value, figures - 1 - math.floor(math.log10(value) + _FUDGE))


def with_separator(digits: str) -> str:
    """Group the integer part with commas ("1765" -> "1,765"), as convert does from four digits."""
    whole, dot, fraction = digits.partition(".")
    if len(whole) > 3:
        whole = f"{int(whole):,}"
    return whole + dot + fraction


def signed(value: float, digits: str) -> str:
    """Digits with a minus sign (U+2212) for a negative value that does not round to zero."""
    return (_MINUS if value < 0 and digits.strip("0.") else "") + with_separator(digits)


def _is_one(digits: str) -> bool:
    return digits == "1" or bool(re.fullmatch(r"1\.0*", digits))


def render_convert(positional: Sequence[str], named: Mapping[str, str], table: UnitTable,
                   abbr_default: str = "out") -> str | None:
    """What {{convert}} shows for these arguments, or None if the input cannot be read."""
    args = [a.strip() for a in positional]
    first = parse_number(args[0]) if args else None
    if first is None:
        return None
    values, words, i = [first], [], 1
    while i + 1 < len(args) and args[i] in table.range_words and parse_number(args[i + 1]):
        words.append(table.range_words[args[i]])
        values.append(parse_number(args[i + 1]))
        i += 2
    inunit = table.unit(args[i]) if i < len(args) else None
    if inunit is None:
        return None
    i += 1
    sub = _composite_part(args, i, inunit, table)
    if sub is not None:
        return _render_composite(values[0], inunit, sub, args[i + 3:], named, table, abbr_default)
    outcode = args[i] if i < len(args) and parse_number(args[i]) is None else ""
    i += 1 if outcode else 0
    precision = int(args[i]) if i < len(args) and re.fullmatch(r"-?\d+", args[i]) else None
    options = _Options(named, abbr_default)
    outputs = _outputs(outcode or _default_code(inunit, values[0][0]), inunit, table)
    if outputs is None:
        return None
    shown_in = _show_input(values, words, inunit, options)
    shown_out = "; ".join(_show_output(values, words, inunit, out, precision, options, table) for out in outputs)
    return options.join(shown_in, shown_out)


class _Options:
    """The named arguments that change how the values are shown."""

    def __init__(self, named: Mapping[str, str], abbr_default: str) -> None:
        self.abbr = named.get("abbr", "").strip().lower() or abbr_default
        self.adj = named.get("adj", "").strip().lower() in ("on", "yes", "y", "mid")
        self.us = named.get("sp", "").strip().lower() == "us"
        self.disp = named.get("disp", "").strip().lower() or "b"
        self.flip = named.get("order", "").strip().lower() == "flip"
        self.sigfig = int(named["sigfig"]) if named.get("sigfig", "").strip().isdigit() else None
        self.explicit_abbr = "abbr" in named
        if self.disp in ("slash", "br") and not self.explicit_abbr:
            self.abbr = "off"

    def wants_name(self, side: str, unit: Unit) -> bool:
        """Whether a side ("in" or "out") shows the unit's name rather than its symbol."""
        if self.abbr == "values":
            return False
        if unit.symbol_first and not self.explicit_abbr:
            return False
        return not (self.abbr in ("on", "unit", side) or (self.abbr == "mos" and side == "out"))

    def join(self, shown_in: str, shown_out: str) -> str:
        """Both sides as disp= and order= put them."""
        if self.disp in ("output only", "out", "number", "output number only"):
            return shown_out
        if self.disp == "unit":
            return shown_in
        if self.flip:
            shown_in, shown_out = shown_out, shown_in
        before, after = _JOINS.get(self.disp, _JOINS["b"])
        return f"{shown_in}{before}{shown_out}{after}"


def _unit_text(unit: Unit, digits: str, name: bool, options: _Options) -> tuple[str, str]:
    """The separator and the unit as shown after a value."""
    if options.abbr == "values":
        return "", ""
    if not name:
        return " ", unit.symbol
    if options.adj:
        return "-", unit.name(True, options.us)
    return " ", unit.name(_is_one(digits), options.us)


def _show_input(values, words, unit: Unit, options: _Options) -> str:
    numbers = [signed(v, clean) for v, clean in values]
    sep, id_ = _unit_text(unit, values[-1][1], options.wants_name("in", unit), options)
    return _ranged(numbers, words) + (sep + id_ if id_ else "")


def _show_output(values, words, inunit: Unit, outunit: Unit, precision: int | None, options: _Options,
                 table: UnitTable) -> str:
    if isinstance(outunit, str):
        return _ranged([_show_multiple(v, clean, inunit, outunit, options, table) for v, clean in values], words)
    converted = [convert_value(v, inunit, outunit) for v, _ in values]
    if precision is None and options.sigfig is None:
        precision = max(default_precision(clean, v, abs(out), inunit, outunit, table)
                        for (v, clean), out in zip(values, converted))
    digits = [sigfig(abs(out), options.sigfig) if precision is None else round_to(abs(out), precision)
              for out in converted]
    numbers = [signed(out, d) for out, d in zip(converted, digits)]
    if options.disp == "number":
        return _ranged(numbers, words)
    sep, id_ = _unit_text(outunit, digits[-1], options.wants_name("out", outunit), options)
    return _ranged(numbers, words) + (sep + id_ if id_ else "")


def _show_multiple(value: float, clean: str, inunit: Unit, code: str, options: _Options, table: UnitTable) -> str:
    """One value in an output of two units, such as ftin: "5 ft 11 in" (the smaller unit rounded)."""
    big, small, per = table.multiples[code]
    big, small = table.unit(big), table.unit(small)
    out = abs(convert_value(value, inunit, small))
    digits = round_to(out, max(0, default_precision(clean, value, out, inunit, small, table)))
    whole, part = divmod(float(digits) if "." in digits else math.floor(out + 0.5), per)
    name = options.wants_name("out", small)
    shown = f"{_number(part)} {small.name(part == 1, options.us) if name else small.symbol}"
    if whole:
        shown = f"{with_separator(str(int(whole)))} {big.name(whole == 1, options.us) if name else big.symbol} {shown}"
    return (_MINUS if value < 0 else "") + shown


def _number(value: float) -> str:
    return with_separator(str(int(value))) if float(value).is_integer() else with_separator(f"{value:g}")


def _ranged(numbers: list[str], words: list[str]) -> str:
    text = numbers[0]
    for word, number in zip(words, numbers[1:]):
        text += word + number
    return text


def _default_code(unit: Unit, value: float) -> str:
    """The unit's default output; a default like "v < 3 ! ftin ! ft" depends on the value."""
    default = unit.default
    if "!" not in default:
        return default
    condition, small, big = (part.strip() for part in default.split("!"))
    limits = re.findall(r"v\s*([<>]=?)\s*(-?[\d.]+)", condition)
    holds = all(value < float(n) if op == "<" else value <= float(n) if op == "<=" else
                value > float(n) if op == ">" else value >= float(n) for op, n in limits)
    return small if holds else big


def _outputs(code: str, inunit: Unit, table: UnitTable) -> list | None:
    """The output units of a code: one unit, a multiple such as ftin, or several ("km mi")."""
    outputs = []
    for part in code.split():
        unit = table.unit(part) or (table.multiples.get(part) and part)
        if unit is None or (isinstance(unit, Unit) and unit.type != inunit.type):
            return None
        outputs.append(unit)
    return outputs or None


def _composite_part(args: list[str], i: int, unit: Unit, table: UnitTable) -> tuple | None:
    """The smaller unit of an input such as |6|ft|5|in|: (value, clean, unit), or None."""
    second = table.composites.get(unit.code)
    if second and i + 1 < len(args) and args[i + 1] == second[0] and parse_number(args[i]):
        return (*parse_number(args[i]), table.unit(second[0]), second[1])
    return None


def _render_composite(first, unit: Unit, sub, rest: list[str], named, table: UnitTable, abbr_default: str) -> str:
    """An input in two units ("6 feet 5 inches (1.96 m)")."""
    options = _Options(named, abbr_default)
    subvalue, subclean, subunit, default_out = sub
    outunit = table.unit(rest[0]) if rest and parse_number(rest[0]) is None else table.unit(default_out)
    if outunit is None or outunit.type != unit.type:
        return None
    total = first[0] + subvalue * subunit.scale / unit.scale  # in the larger unit
    out = convert_value(total, unit, outunit)
    precision = default_precision(subclean, total, out, unit, outunit, table, composite=subunit.code)
    shown_in = " ".join(
        signed(v, clean) + "".join(_unit_text(u, clean, options.wants_name("in", u), options))
        for (v, clean), u in (((first[0], first[1]), unit), ((subvalue, subclean), subunit)))
    digits = round_to(abs(out), precision)
    shown_out = signed(out, digits) + "".join(_unit_text(outunit, digits, options.wants_name("out", outunit), options))
    return options.join(shown_in, shown_out)
