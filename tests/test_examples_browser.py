"""The committed example report (reports/balli-kombetar.html) in a real browser; its screenshot is the README's."""

from __future__ import annotations

import pytest

from examples import REPORTS
from tests.html_support import LAYOUT_JS
from tests.test_html_browser import ARTIFACTS, Watched, browser, pytestmark  # noqa: F401  (fixture and skip)


@pytest.mark.parametrize("width", [1400, 400])
def test_the_example_report_reads_in_a_browser(browser, tmp_path, width: int) -> None:
    """The example opens with no error or request, shows its weak claims, and fits the screen at both widths.

    Its screenshots go to test-artifacts/ (docs/images/balli-kombetar-report.png is the 1400 px one).
    """
    report = Watched(browser, (REPORTS / "balli-kombetar.html").read_text("utf-8"), tmp_path / "b.html", width)
    assert not report.errors and not report.requests
    assert "Balli Kombëtar" in report.page.title()
    layout = report.page.evaluate(LAYOUT_JS)
    assert layout["scroll"] <= layout["width"], "no sideways scroll"
    ARTIFACTS.mkdir(exist_ok=True)
    report.page.screenshot(path=str(ARTIFACTS / f"example-balli-kombetar-{width}.png"))
