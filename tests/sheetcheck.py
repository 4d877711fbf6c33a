"""Checks on written workbooks shared by the export tests."""

from __future__ import annotations

import zipfile
from pathlib import Path


def assert_no_formulas(path: Path) -> None:
    """No worksheet of the workbook at ``path`` holds a formula (``<f>`` element)."""
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in z.read(name).decode("utf-8"), f"a formula in {name}"
