"""A whole filing's visible text in one linear pass, with a compact map back to the document as given.

The visible text follows ``shared/filings/SOURCES.md``: tags stripped; script, style, comments, processing
instructions, declarations and the hidden ``ix:header`` dropped; entities decoded, NBSP as a space; block tags
end a line, ``td``/``th`` open a `` | `` cell; runs of white space collapsed (a legacy text document wrapped in
HTML keeps its line breaks). Offsets into this text are what SOURCES.md records.

The same pass records every inline XBRL element (``ix:nonNumeric``, ``ix:nonFraction``, ``ix:continuation``)
with its attributes and its visible and original extent, and the contexts and units of ``ix:header``.

Robustness: no recursion and no tree (100,000 nested tags cost a counter); every scan moves forward (an
unterminated comment or script ends the document with a warning instead of being searched for again);
entities are decoded one reference at a time and DTD entity declarations are never expanded (an "entity
bomb" is inert text); the map is one entry per run of kept characters, not one per character.
"""

from __future__ import annotations

import html
import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field

__all__ = ["IxElement", "Context", "Visible", "visible_text", "strip_tags"]

_TOKEN = re.compile(
    r"<(?:(!--)|(!\[CDATA\[)|([!?])|(/?)([A-Za-z][\w:.-]*)([^<>]*)>)"
    r"|&(?:#\d{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});?",
)
_WS_CHARS = " \t\n\r\f\v\u00a0\u2007\u202f\u2009\u200b"
_WS = re.compile(f"[{_WS_CHARS}]+")
_LEAD = re.compile(f"[{_WS_CHARS}]+")
_TRAIL = re.compile(f"[{_WS_CHARS}]+$")
_EDGE_OR_RUN = re.compile(f"^[{_WS_CHARS}]+|[{_WS_CHARS}]+$|[{_WS_CHARS}]{{2,}}")
_RUN = re.compile(f"[{_WS_CHARS}]{{2,}}")  # what collapses inside a piece (one white-space character stays)
_ONE_SPACE = str.maketrans({c: " " for c in _WS_CHARS[1:]})
_ONE_SPACE_LEGACY = str.maketrans({c: " " for c in _WS_CHARS[1:] if c != "\n"})
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
BLOCK = frozenset({
    "p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
    "header", "footer", "blockquote", "pre", "hr", "dt", "dd", "title", "dl", "center", "caption", "tbody", "thead",
    "tfoot", "form", "body", "html", "head", "page", "document", "text", "type", "sequence", "filename", "description",
})
CELL = frozenset({"td", "th"})
_DROP = frozenset({"script", "style"})
_PLAIN = frozenset({"span", "font", "b", "i", "u", "a", "strong", "em", "sup", "sub", "small", "big", "img", "col",
                    "colgroup", "ins", "del", "s", "strike", "abbr", "label", "nobr", "wbr"})
_IX = frozenset({"nonnumeric", "nonfraction", "continuation", "header", "exclude", "footnote", "fraction"})
_HEADER_TEXT = frozenset({"startdate", "enddate", "instant", "explicitmember", "measure", "typedmember"})


def attributes(raw: str) -> dict[str, str]:
    """The attributes of a start tag's inside, names as written (``continuedAt``), values entity-decoded."""
    out: dict[str, str] = {}
    for m in _ATTR.finditer(raw):
        v = m.group(2) if m.group(2) is not None else m.group(3) if m.group(3) is not None else m.group(4)
        out[m.group(1)] = html.unescape(v) if "&" in v else v
    return out


@dataclass
class IxElement:
    """One inline XBRL element: ``kind`` is nonnumeric / nonfraction / continuation (lower case)."""

    kind: str
    attrs: dict[str, str]
    tag_start: int  # where its start tag begins in the document
    inner_start: int  # first character after the start tag
    vis_start: int
    inner_end: int = -1  # where its end tag begins (-1: never closed)
    vis_end: int = -1
    parent: int = -1  # index of the enclosing ix element (-1: none)
    hidden: bool = False  # inside ix:header (ix:hidden): not visible, no visible extent

    @property
    def name(self) -> str:
        return self.attrs.get("name", "")


@dataclass
class Context:
    id: str
    start: str | None = None
    end: str | None = None
    instant: str | None = None
    members: list[tuple[str, str]] = field(default_factory=list)  # (dimension, member)


@dataclass
class Visible:
    """The visible text, its map to the document and what the pass found."""

    text: str
    document: str
    vis_starts: array  # start of each run in the visible text
    doc_starts: array  # where the run starts in the document
    kept: bytearray  # 1: the run is document characters one for one; 0: synthetic (mapped to one point)
    ix: list[IxElement]
    contexts: dict[str, Context]
    units: dict[str, str]
    warnings: list[str]
    legacy: bool = False

    def to_document(self, i: int) -> int:
        """The document offset of visible character ``i`` (``len(text)`` maps to the document's end)."""
        if i >= len(self.text):
            return len(self.document)
        k = bisect_right(self.vis_starts, i) - 1
        if k < 0:
            return 0
        base = self.doc_starts[k]
        return base + (i - self.vis_starts[k]) if self.kept[k] else base

    def offsets(self, start: int, end: int) -> array:
        """Per-character document offsets of visible ``[start, end)``, plus one for ``end``."""
        out = array("q")
        k = max(0, bisect_right(self.vis_starts, start) - 1)
        n = len(self.vis_starts)
        i = start
        while i < end and k < n:
            run_end = self.vis_starts[k + 1] if k + 1 < n else len(self.text)
            if run_end <= i:
                k += 1
                continue
            stop = min(run_end, end)
            base = self.doc_starts[k]
            if self.kept[k]:
                first = base + (i - self.vis_starts[k])
                out.extend(range(first, first + (stop - i)))
            else:
                out.extend([base] * (stop - i))
            i = stop
            k += 1
        out.append(self.to_document(end - 1) + 1 if end > start else self.to_document(end))
        return out

    def named(self, kind: str) -> list[IxElement]:
        return [e for e in self.ix if e.kind == kind]


class _Out:
    """Collapses white space as pieces arrive: a pending space or line break is written only before text."""

    def __init__(self, legacy: bool) -> None:
        self.parts: list[str] = []
        self.vis_starts = array("q")
        self.doc_starts = array("q")
        self.kept = bytearray()
        self.length = 0
        self.pending = ""  # "", " ", "\n"
        self.pending_at = 0
        self.legacy = legacy
        self.one_space = _ONE_SPACE_LEGACY if legacy else _ONE_SPACE

    def _emit(self, s: str, at: int, kept: bool) -> None:
        self.parts.append(s)
        self.vis_starts.append(self.length)
        self.doc_starts.append(at)
        self.kept.append(kept)
        self.length += len(s)

    def _flush(self) -> None:
        if self.pending and self.length:
            self._emit(self.pending, self.pending_at, False)
        self.pending = ""

    def space(self, at: int) -> None:
        if not self.pending:
            self.pending, self.pending_at = " ", at

    def newline(self, at: int) -> None:
        if self.pending != "\n":
            self.pending, self.pending_at = "\n", at

    def cell(self, at: int) -> None:
        """`` | `` between table cells (the first cell of a line opens none); its spaces merge with those around."""
        if self.pending == "\n" or not self.length or self.parts[-1].endswith("\n"):
            return
        self.space(at)
        self._flush()
        self._emit("|", at, False)
        self.space(at)

    def text(self, s: str, at: int) -> None:
        """Document text ``s`` found at ``at``. A single white-space character inside it stays in the run (it
        becomes a space, one for one); longer runs and white space at the piece's edges collapse."""
        s = s.translate(self.one_space)  # one for one: offsets hold
        if s and s[0] != " " and s[-1] != " " and "  " not in s and not self.legacy:
            if self.pending:  # no white space at its edges and no run inside: the piece as it is
                self._flush()
            self._emit(s, at, True)
            return
        pos = 0
        for m in _EDGE_OR_RUN.finditer(s):
            a, b = m.span()
            if a > pos:
                if self.pending:
                    self._flush()
                self._emit(s[pos:a], at + pos, True)
            self._ws(m.group(0), at + a)
            pos = b
        if pos < len(s):
            if self.pending:
                self._flush()
            self._emit(s[pos:], at + pos, True)

    def _ws(self, ws: str, at: int) -> None:
        if self.legacy and "\n" in ws:
            self.newline(at)
        else:
            self.space(at)

    def decoded(self, s: str, at: int) -> None:
        """An entity's decoded text: every character maps to the reference's first character."""
        if not s:
            return
        if _WS.fullmatch(s):
            self.space(at)
            return
        self._flush()
        self._emit(s, at, False)


def _is_legacy(doc: str) -> bool:
    """A plain-text document wrapped in HTML: few block tags for its many lines."""
    head = doc[:200_000]
    lines = head.count("\n")
    blocks = len(re.findall(r"(?i)<(?:p|div|br|tr|td)\b", head))
    return lines > 500 and blocks * 20 < lines


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1].lower()


def visible_text(doc: str, legacy: bool | None = None) -> Visible:  # noqa: C901 - one tokenizer loop
    """Read ``doc`` (HTML, XHTML, inline XBRL, or an SGML submission) in one forward pass."""
    if legacy is None:
        legacy = _is_legacy(doc)
    out = _Out(legacy)
    ix: list[IxElement] = []
    open_ix: list[int] = []
    contexts: dict[str, Context] = {}
    units: dict[str, str] = {}
    warnings: list[str] = []
    header_depth = 0
    ctx: Context | None = None
    unit_id: str | None = None
    pos = 0
    n = len(doc)
    search = _TOKEN.search
    while pos < n:
        m = search(doc, pos)
        if m is None:
            break
        tok_start, tok_end = m.span()
        if header_depth == 0 and tok_start > pos:
            out.text(doc[pos:tok_start], pos)
        pos = tok_end
        g_comment, g_cdata, g_decl, g_close, name, raw = m.groups()
        if name is not None:
            low = name.lower()
            if low in _PLAIN and header_depth == 0:  # the common case: an inline tag, nothing to do
                continue
            if low in BLOCK and header_depth == 0:
                if not legacy:
                    out.newline(tok_start)
                continue
        if g_comment:  # a comment: to its end, or the document's
            close = doc.find("-->", pos)
            if close < 0:
                warnings.append(f"unterminated comment at character {tok_start}: the rest of the document is ignored")
                pos = n
                break
            pos = close + 3
            continue
        if g_cdata:  # CDATA
            close = doc.find("]]>", pos)
            stop = close if close >= 0 else n
            if header_depth == 0:
                out.text(doc[pos:stop], pos)
            pos = stop + 3 if close >= 0 else n
            continue
        if g_decl:  # <!DOCTYPE ...>, <!ENTITY ...>, <?xml ...?>: declarations, never expanded
            close = _declaration_end(doc, pos)
            if close < 0:
                warnings.append(f"unterminated declaration at character {tok_start}: the rest of the document is ignored")
                pos = n
                break
            if "ENTITY" in doc[tok_start:min(close, tok_start + 4096)].upper():
                if not any(w.startswith("entity declarations") for w in warnings):
                    warnings.append("entity declarations (DTD) found and ignored: entities are never expanded")
            pos = close + 1
            continue
        if name is None:  # an entity reference
            if header_depth == 0:
                out.decoded(html.unescape(m.group(0)), tok_start)
            continue
        closing = bool(g_close)
        if low in _DROP and not closing:
            close = re.compile(rf"</{low}\s*>", re.I).search(doc, pos)
            if close is None:
                warnings.append(f"unterminated <{low}> at character {tok_start}: the rest of the document is ignored")
                pos = n
                break
            pos = close.end()
            continue
        local = _local(name) if ":" in name else low
        if ":" in name and local in _IX:
            if local == "header":
                header_depth += -1 if closing else (0 if raw.rstrip().endswith("/") else 1)
                header_depth = max(header_depth, 0)
                continue
            if local in ("nonnumeric", "nonfraction", "continuation", "exclude", "footnote", "fraction"):
                if closing:
                    k = _pop(open_ix, ix, local)
                    if k is not None:
                        ix[k].inner_end, ix[k].vis_end = tok_start, out.length
                else:
                    el = IxElement(local, attributes(raw), tok_start, pos, out.length,
                                   parent=open_ix[-1] if open_ix else -1, hidden=header_depth > 0)
                    ix.append(el)
                    if raw.rstrip().endswith("/"):
                        el.inner_end, el.vis_end = pos, out.length
                    else:
                        open_ix.append(len(ix) - 1)
                continue
        if header_depth:
            ctx, unit_id = _header_tag(doc, low, local, closing, raw, pos, contexts, units, ctx, unit_id)
            continue
        if low in BLOCK or (legacy and low in ("s", "c", "caption", "table", "page")):
            if not legacy:
                out.newline(tok_start)
        elif low in CELL and not closing:
            out.cell(tok_start)
    if pos < n and header_depth == 0:
        out.text(doc[pos:n], pos)
    if open_ix:
        warnings.append(f"{len(open_ix)} inline XBRL element(s) never closed (truncated document?)")
        for k in open_ix:
            ix[k].inner_end, ix[k].vis_end = n, out.length
    if header_depth:
        warnings.append("ix:header never closed (truncated document?)")
    text = "".join(out.parts)
    return Visible(text, doc, out.vis_starts, out.doc_starts, out.kept, ix, contexts, units, warnings, legacy)


def _declaration_end(doc: str, pos: int) -> int:
    """The ``>`` that ends a declaration begun before ``pos``, skipping an internal DTD subset ``[...]``."""
    close = doc.find(">", pos)
    bracket = doc.find("[", pos, close if close >= 0 else len(doc))
    if bracket >= 0:
        end_subset = doc.find("]", bracket)
        if end_subset < 0:
            return -1
        close = doc.find(">", end_subset)
    return close


def _pop(open_ix: list[int], ix: list[IxElement], local: str) -> int | None:
    for j in range(len(open_ix) - 1, -1, -1):
        if ix[open_ix[j]].kind == local:
            k = open_ix[j]
            del open_ix[j:]
            return k
    return None


def _header_tag(doc: str, low: str, local: str, closing: bool, raw: str, pos: int, contexts: dict[str, Context],
                units: dict[str, str], ctx: Context | None, unit_id: str | None) -> tuple[Context | None, str | None]:
    """Contexts and units of ``ix:header`` (the pass is inside it)."""
    if local == "context":
        if closing:
            return None, unit_id
        cid = attributes(raw).get("id", "")
        ctx = contexts.setdefault(cid, Context(cid))
        return ctx, unit_id
    if local == "unit":
        return ctx, (None if closing else attributes(raw).get("id"))
    if closing or local not in _HEADER_TEXT:
        return ctx, unit_id
    stop = doc.find("<", pos)
    value = html.unescape(doc[pos:stop if stop >= 0 else len(doc)]).strip()
    if local == "measure" and unit_id:
        units[unit_id] = (units[unit_id] + "/" + value) if unit_id in units else value
    elif ctx is not None:
        if local == "startdate":
            ctx.start = value
        elif local == "enddate":
            ctx.end = value
        elif local == "instant":
            ctx.instant = value
        elif local in ("explicitmember", "typedmember"):
            ctx.members.append((attributes(raw).get("dimension", ""), value))
    return ctx, unit_id


_TAGS = re.compile(r"<(/?)([A-Za-z][\w:.-]*)[^<>]*>")


def strip_tags(fragment: str) -> str:
    """A short fragment's text: tags dropped (a block or cell tag leaves a space), entities decoded, white
    space collapsed."""
    def repl(m: re.Match[str]) -> str:
        name = m.group(2).lower()
        return " " if name in BLOCK or name in CELL else ""
    return _WS.sub(" ", html.unescape(_TAGS.sub(repl, fragment))).strip()
