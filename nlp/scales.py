"""The unit of each amount: ``Amount.scale`` from the note's unit statement.

Amounts keep their value as written ("RMB2,000" is 2000, "RMB2.0 million" is 2000000). ``scale`` says
what unit that value is in, so notes can be compared: 1 when the amount writes its own scale word
("RMB2.0 million"), else the unit the page or note states for its amounts ("RMB in Thousands",
"in thousands of U.S. dollars", "RMB'000": 1000), else None (nothing says it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from relparty.models import Balance, Transaction
from relparty.vocabulary import exact_scales_pattern, glued_scales_pattern, scale_words_pattern, stated_scale

__all__ = ["set_scales", "note_scale"]


@cache
def _written_scale() -> re.Pattern[str]:
    words = f"{scale_words_pattern()}|{glued_scales_pattern()}"
    return re.compile(rf"(?i)(?:\d\s*|\b)(?:{words})\b|\d\s*(?:{exact_scales_pattern()})\b")


def note_scale(original: str) -> int | None:
    """The unit the note (with its page header) states for its amounts, or None."""
    return stated_scale(original)


def set_scales(records: Iterable[Transaction | Balance], scale: int | None) -> None:
    written = _written_scale()
    for rec in records:
        for pa in rec.amounts:
            a = pa.amount
            a.scale = 1 if a.text and written.search(a.text) else scale
