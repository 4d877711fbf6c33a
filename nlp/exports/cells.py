"""Spreadsheet cell safety: untrusted text never becomes a formula (CSV and workbook exports)."""

from __future__ import annotations

from decimal import Decimal

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The compatibility forms of those characters (full-width, small, super- and subscript, "=="...): every
# character whose NFKC form starts with one of them. Spreadsheets in East-Asian locales (and any that
# normalise input) read "＝SUM(A1)" as a formula; tests hold this set equal to a scan of all of Unicode.
COMPAT_FORMULA_START = (
    "\u207a", "\u207c", "\u208a", "\u208c",  # ⁺ ⁼ ₊ ₌
    "\u2a75", "\u2a76",  # ⩵ ⩶
    "\ufb29",  # ﬩ Hebrew alternative plus
    "\ufe62", "\ufe63", "\ufe66", "\ufe6b",  # ﹢ ﹣ ﹦ ﹫
    "\uff0b", "\uff0d", "\uff1d", "\uff20",  # ＋ － ＝ ＠
)
_STARTS = FORMULA_START + COMPAT_FORMULA_START


def safe_cell(value: object) -> object:
    """Numbers, booleans and None pass through; text starting like a formula (or with a full-width
    or other compatibility form of ``= + - @``) is made inert by a leading apostrophe
    (spreadsheets show the text as written, never evaluate it)."""
    if value is None or isinstance(value, (bool, int, float, Decimal)):
        return value
    s = str(value)
    if s.startswith(_STARTS):
        return "'" + s
    return s
