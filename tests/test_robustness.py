"""Any input returns a NoteExtraction with warnings: never an exception, and no blow-up on
pathological text (every case here is large enough that quadratic work would not finish)."""

from __future__ import annotations

import pytest
from relparty import extract
from relparty.models import NoteExtraction

SEED = open("corpus/notes/cloopen-2024-r29.txt", encoding="utf-8").read()

CASES = {
    "empty": "",
    "whitespace": " \n\t\n ",
    "binary": "\x00\x01\x02\xff\xfe" * 2000,
    "unbalanced quotes": "The Company (“Shanghai Keshen paid RMB5 to “X (the “Y " * 2000,
    "no amounts": "The Company has no related party transactions. " * 500,
    "parentheses": "(" * 50_000 + ")" * 10,
    "commas": ", " * 100_000 + "RMB",
    "currency marks": "RMB " * 50_000,
    "blank separators": "were and , " * 30_000,
    "capitalised words": "Alpha Beta Gamma Delta " * 20_000 + "Co., Ltd",
    "dates": "as of December 31, " + ", ".join(["2023"] * 30_000),
    "table lines": "As of December 31,\n2022\n2023\nRMB\nRMB\n" + "Xiaomi\n1\n2\n" * 20_000,
}


@pytest.mark.parametrize("name", list(CASES))
def test_never_raises(name: str) -> None:
    ex = extract(CASES[name], source=f"{name}.txt")
    assert isinstance(ex, NoteExtraction)
    assert ex.note == name
    assert ex.records == [] or name == "table lines"
    assert ex.warnings, "a note with nothing extracted says why"


def test_empty_note_says_so() -> None:
    assert [w.message for w in extract("").warnings] == ["empty note"]


def test_binary_is_flagged() -> None:
    assert any("NUL" in w.message for w in extract("\x00abc\x00").warnings)


def test_bytes_are_decoded_with_a_warning() -> None:
    ex = extract(SEED.encode("utf-8"))  # type: ignore[arg-type]
    assert ex.records and any("bytes" in w.message for w in ex.warnings)


def test_five_megabytes() -> None:
    text = (SEED * 1000)[:5_000_000]
    ex = extract(text)
    assert ex.length == 5_000_000
    assert len(ex.records) > 5000  # facts() folds the repeated statements into one fact each
    last = max(r.evidence.end for r in ex.records)
    assert last > 4_900_000  # the end of the text was read, not cut off


def test_table_lines_are_read() -> None:
    ex = extract(CASES["table lines"])
    assert len(ex.records) == 0 or all(r.kind in ("receivable", "payable") for r in ex.records)
