"""Spreadsheet cell safety: untrusted text never becomes a formula (CSV and workbook exports)."""

from __future__ import annotations

from decimal import Decimal

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Numbers, booleans and None pass through; text starting like a formula is made inert
    by a leading apostrophe (spreadsheets show the text as written, never evaluate it)."""
    if value is None or isinstance(value, (bool, int, float, Decimal)):
        return value
    s = str(value)
    if s.startswith(FORMULA_START):
        return "'" + s
    return s
