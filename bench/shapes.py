"""Hostile and ordinary input shapes of any size, for ``bench/scaling.py`` and the hostile tests.

Each shape is a function of a size in characters that returns a note of about that size (and the
reader kind to read it with: ``"html"``, or ``None`` to let the reader sniff). They are grouped in
families: the reader (rulers, header rows, footers, white space), the grammar (amounts, periods,
run-on sentences), parties (defined short names, roles), tables, HTML and the corpus itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "notes"

Shape = Callable[[int], tuple[str, str | None]]


def _fill(prefix: str, unit: str, suffix: str, size: int) -> str:
    n = max(1, (size - len(prefix) - len(suffix)) // max(1, len(unit)))
    return prefix + unit * n + suffix


def _rep(prefix: str, unit: str, suffix: str = "", kind: str | None = None) -> Shape:
    return lambda size: (_fill(prefix, unit, suffix, size), kind)


def _numbered(unit: str, prefix: str = "", kind: str | None = None) -> Shape:
    """``unit`` formatted with a running number (new names, new amounts) until ``size``."""
    def make(size: int) -> tuple[str, str | None]:
        parts, n, i = [prefix], len(prefix), 0
        while n < size:
            s = unit.format(i=i, a=_letters(i))
            parts.append(s)
            n += len(s)
            i += 1
        return "".join(parts), kind
    return make


def _letters(i: int) -> str:
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def _nested(open_: str, inner: str, close: str, kind: str | None = "html") -> Shape:
    def make(size: int) -> tuple[str, str | None]:
        n = max(1, (size - len(inner)) // (len(open_) + len(close)))
        return open_ * n + inner + close * n, kind
    return make


_FOOTER = re.compile(r"^\|?\s*X\s*\n\s*-\s*(?:Definition|References|Details)", re.M)


def corpus_text() -> str:
    """The corpus notes one after another, each without its R-page definition footer (the reader
    stops at a footer, as it should: the rest of a page is not the note)."""
    notes = (p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    return "\n".join(_FOOTER.split(n, maxsplit=1)[0] for n in notes)


def _corpus(size: int) -> tuple[str, str | None]:
    base = corpus_text()
    reps = max(1, -(-size // len(base)))
    return ("\n".join([base] * reps))[:size], None


_SENT = "The Company sold services to Alpha Holdings Ltd. (\u201cAlpha\u201d) of $1,200 and $900 for the years ended December 31, 2023 and 2022. "

SHAPES: dict[str, dict[str, Shape]] = {
    "reader": {
        "dashes_then_words": _rep("", "-", " Note 5"),
        "ruler_cells": _rep("", "---|", " Note 5"),
        "ruler_spaced": _rep("", "--- ", " Note 5"),
        "pipes_only_lines": _rep("Revenue of $5 from A Ltd.\n", "| | |\n", "x"),
        "footer_blank_lines": _rep("Revenue\n", " \n", "x"),
        "footer_x_lines": _rep("Revenue of $5 from A Ltd.\n", "| X \n", "- Definition"),
        "header_rows": _rep("", "12 Months Ended | |\n", "Revenue of $5 from A Ltd."),
        "date_rows": _rep("", "| Dec. 31, 2024 | |\n", "Revenue of $5 from A Ltd."),
        "unclosed_abstract": _rep("", "Related Party [Abstract ", "\n"),
        "spaces_and_newlines": _rep("x", " \n \t ", "x"),
        "odd_spaces": _rep("x", "\u00a0\u2009", "x"),
        "one_long_word": _rep("", "a", ""),
        "open_parens": _rep("", "(", ""),
        "brackets_spaced": _rep("", "[ ( { ", ""),
        "dots_and_commas": _rep("", ". , ; : ", ""),
        "quotes": _rep("", "\u201c \" ' \u201d ", ""),
    },
    "grammar": {
        "years_under_header": _rep("Related party transactions\n", "2022\n", ""),
        "runon_amounts": _rep("Revenue from Alpha Ltd. were ", "$1,000, ", "."),
        "runon_blank_amounts": _rep("Revenue from Alpha Ltd. were ", "$1,000 and , ", "."),
        "runon_periods": _rep("Revenue of $5 from Alpha Ltd. ", "for the years ended December 31, 2022, 2023 ", "."),
        "runon_sentence_amounts": _rep("", "revenue from Alpha Ltd. of $1,000 and ", "."),
        "amounts_new_numbers": _numbered("${i},000 and ", "Purchases from Alpha Ltd. were "),
        "digits_spaced": _rep("", "2022 ", ""),
        "months_durations": _rep("Fees to Alpha Ltd. ", "for the 12 months ended June 30, 2024 of $5 ", "."),
        "percents": _rep("Alpha Ltd. holds ", "5% and ", "."),
        "scale_words": _rep("Loans to Alpha Ltd. of ", "RMB 1.5 million and ", "."),
        "sentences": _rep("", _SENT, ""),
    },
    "parties": {
        "defined_short_names": _numbered("Alpha {a} Holdings Ltd. (\u201c{a}\u201d) paid $5. "),
        "defined_names_runon": _numbered("Alpha {a} Holdings Ltd. (\u201c{a}\u201d), "),
        "same_name_repeated": _rep("Shanghai Keshen Information Technology Co., Ltd (\u201cShanghai Keshen\u201d). ",
                                   "Amounts due from Shanghai Keshen were RMB4. ", ""),
        "roles_runon": _rep("Loans to ", "its director Mr. Smith, ", "of $5."),
        "triggers_repeated": _rep("Alpha Ltd. ", "due from due to purchases from ", "$5."),
        "repeated_word": _rep("", "related ", ""),
        "capitalised_words": _rep("", "Alpha Beta Gamma ", "Ltd."),
    },
    "tables": {
        "rows_with_triggers": _rep("| 2023 | 2024\n", "Due from related parties | 1,000 | 2,000\n", ""),
        "rows_with_amounts": _rep("Revenue from Alpha Ltd. | 2023 | 2024\n", "Alpha Ltd. | $1 | $2\n", ""),
        "balance_caption_rows": _rep("Balance | 2023 | 2024\n", "Amounts due from Alpha Ltd. | 1 | 2\n", ""),
        "wide_row": _rep("Revenue from Alpha Ltd. ", "| 1,000 ", "\n"),
        "empty_cells": _rep("Due to Alpha Ltd. ", "| ", "| 5\n"),
    },
    "html": {
        "unclosed_comment": _rep("<div>Revenue of $5 from A Ltd.</div><!--", "x ", "", "html"),
        "unclosed_script": _rep("<div>Revenue of $5 from A Ltd.</div><script>", "x ", "", "html"),
        "unclosed_style": _rep("<div>Revenue of $5 from A Ltd.</div><style>", "x ", "", "html"),
        "unclosed_a": _rep("<div>Revenue of $5 from A Ltd.</div><a", " href=x", "", "html"),
        "many_unclosed_tags": _rep("<div>", "<a x ", "", "html"),
        "nested_divs": _nested("<div>", "Revenue of $5 from A Ltd.", "</div>"),
        "unclosed_divs": _rep("", "<div>", "x", "html"),
        "many_lt": _rep("<div>", "< ", "", "html"),
        "ampersands": _rep("<div>", "&", "", "html"),
        "entities": _rep("<div>", "&amp;&#160;&#x2014; ", "", "html"),
        "table_rows": _rep("<table>", "<tr><td>Due from Alpha Ltd.</td><td>$1</td><td>$2</td></tr>", "</table>", "html"),
        "comments_closed": _rep("<div>", "<!-- c --> x ", "", "html"),
    },
    "corpus": {
        "notes_concatenated": _corpus,
    },
}


def all_shapes() -> dict[str, Shape]:
    """Every shape by its qualified name ``family/shape``."""
    return {f"{fam}/{name}": make for fam, shapes in SHAPES.items() for name, make in shapes.items()}
