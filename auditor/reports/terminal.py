"""Text bound for a terminal: control characters from an article are shown, never obeyed.

An article (its title, its claims, the first line of a redirect) can hold ESC
and BEL, which a terminal would obey: set the window title, clear the screen,
move the cursor, hide what follows. Every text report and every line on
stderr goes through ``escape_controls`` on its way out.
"""

from __future__ import annotations

import re

#: C0 controls but tab and newline, DEL, and C1 controls (a terminal may read 0x9b as ESC [).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def escape_controls(text: str) -> str:
    """``text`` with each control character but tab and newline written as a visible escape.

    >>> escape_controls("Title\\x1b]0;owned\\x07 here\\r")
    'Title\\\\x1b]0;owned\\\\x07 here\\\\x0d'
    """
    return _CONTROLS.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
