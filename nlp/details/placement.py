"""Where can each value of a row be? Placement of values whose empty neighbours the rendering dropped.

A details row lists its non-empty cells left to right, one per line; the empty ones are not shown.
So the i-th value of a row sits in some column, the values' columns increase strictly, and a value
can only sit in a column its marks allow (``¥`` only in a CNY column, ``$`` only in a USD column).
``candidate_columns`` returns, for each value, EVERY column it occupies in at least one placement
of the whole row that obeys these rules: exactly the set a careful reader could not narrow further.
A value is placed when its set has one column. Time is O(values x columns) per row.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Mapping, Sequence

__all__ = ["candidate_columns"]


def candidate_columns(
    allowed: Sequence[Collection[int]],
    n_columns: int,
    pins: Mapping[int, int] | None = None,
) -> list[list[int]] | None:
    """Every column each value of a row can occupy, or None when the row cannot be placed at all.

    ``allowed[i]``: the columns (1-based) value ``i`` may occupy on its own (its currency mark, the
    row's unit). ``pins``: value index -> the one column it is known to occupy (from other evidence).
    """
    sets: list[list[int]] = []
    for i, cols in enumerate(allowed):
        s = sorted({c for c in cols if 1 <= c <= n_columns})
        if pins is not None and i in pins:
            s = [pins[i]] if pins[i] in s else []
        sets.append(s)
    k = len(sets)
    # earliest column of each value in any placement of the values before it (greedy from the left)
    earliest: list[int] = []
    prev = 0
    for s in sets:
        j = bisect_right(s, prev)
        if j == len(s):
            return None
        prev = s[j]
        earliest.append(prev)
    # latest column of each value in any placement of the values after it (greedy from the right)
    latest = [0] * k
    nxt = n_columns + 1
    for i in range(k - 1, -1, -1):
        j = bisect_left(sets[i], nxt)
        if j == 0:
            return None
        nxt = sets[i][j - 1]
        latest[i] = nxt
    out: list[list[int]] = []
    for i, s in enumerate(sets):
        low = earliest[i - 1] if i else 0
        high = latest[i + 1] if i + 1 < k else n_columns + 1
        out.append(s[bisect_right(s, low): bisect_left(s, high)])
    return out
