"""HTML escaping for every page relparty writes: one function, so no page escapes differently."""

from __future__ import annotations

import html
import re

__all__ = ["esc"]

_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def esc(value: object) -> str:
    """HTML-escape any value (quotes included); control characters and lone surrogates become U+FFFD."""
    return html.escape(_UNSAFE_CHARS.sub("\ufffd", str(value)), quote=True)
