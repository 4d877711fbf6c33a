"""Checks on written workbooks shared by the export tests."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

# relparty's own link cells: a row of the Notes sheet, or a fact's place in the HTML review
OWN_LINK = re.compile(r'HYPERLINK\("(#\'Notes\'!A\d+|[^"]*\.html#ev-\d+)","(note|#\d+)"\)')


def assert_no_formulas(path: Path) -> None:
    """No worksheet of the workbook at ``path`` holds a formula (``<f>`` element) other than relparty's
    own HYPERLINK cells in the Facts sheet's ``note_row`` and ``review`` columns (row numbers and the
    review's file name, never note text)."""
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                xml = z.read(name).decode("utf-8")
                for formula in re.findall(r"<f>(.*?)</f>", xml, flags=re.S):
                    assert OWN_LINK.fullmatch(html.unescape(formula)), f"a formula in {name}: {formula[:200]}"
