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

Speed: the text is built in bulk (:func:`_bulk`): between the few tokens that need the tokenizer loop
(comments, CDATA, declarations, script, style, ``ix:header``), the document is split on its tags and entities
by one regex, every tag becomes a marker (line, cell, inline XBRL element, nothing) by a table look-up,
entities are decoded once per spelling, and the white space is collapsed on the joined string, each run of
white space and markers by the same rules as the loop (cached per spelling). The map back to the document
is not built for the whole text: the pass records checkpoints (a visible offset and the document offset of
the same character, every few kilobytes, where nothing is pending), and a window of the map is built when
asked for, by the tokenizer loop (:class:`_Scanner`) run from the checkpoint before it. A document holding
the marker characters themselves (``\x01``-``\x04``) is read by the loop alone.
"""

from __future__ import annotations

import gc
import html
import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field

__all__ = ["IxElement", "Context", "Visible", "visible_text", "strip_tags"]

_TOKEN = re.compile(
    r"<(?:(!--)|(!\[CDATA\[)|([!?])|(/?)([A-Za-z][\w:.-]*+)([^<>]*)>)"
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
_ATTR = re.compile(r"""(?<![\w:.-])([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
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
    for name, dq, sq, bare in _ATTR.findall(raw):  # a name starts a word; only one value group is set
        v = dq or sq or bare
        out[name] = html.unescape(v) if "&" in v else v
    return out


@dataclass
class IxElement:
    """One inline XBRL element: ``kind`` is nonnumeric / nonfraction / continuation (lower case). Its
    attributes are read from ``raw`` (the start tag's inside) when first asked for."""

    kind: str
    raw: str = field(repr=False)
    tag_start: int  # where its start tag begins in the document
    inner_start: int  # first character after the start tag
    vis_start: int
    inner_end: int = -1  # where its end tag begins (-1: never closed)
    vis_end: int = -1
    parent: int = -1  # index of the enclosing ix element (-1: none)
    hidden: bool = False  # inside ix:header (ix:hidden): not visible, no visible extent
    _attrs: dict[str, str] | None = field(default=None, repr=False, compare=False)

    @property
    def attrs(self) -> dict[str, str]:
        if self._attrs is None:
            self._attrs = attributes(self.raw)
        return self._attrs

    @property
    def name(self) -> str:
        return self.attrs.get("name", "")

    def may_name(self, part: str) -> bool:
        """Can the element's name contain ``part``? False only when its start tag cannot spell it (the
        attributes are then never read): a value is its characters as written unless it has an entity."""
        return part in self.raw or "&" in self.raw


@dataclass
class Context:
    id: str
    start: str | None = None
    end: str | None = None
    instant: str | None = None
    members: list[tuple[str, str]] = field(default_factory=list)  # (dimension, member)


@dataclass
class Visible:
    """The visible text, its map to the document and what the pass found.

    The map is kept as checkpoints (``marks_vis[k]`` is the visible offset of document offset
    ``marks_doc[k]``, nothing pending there); the runs after a checkpoint are built on first use."""

    text: str
    document: str
    ix: list[IxElement]
    contexts: dict[str, Context]
    units: dict[str, str]
    warnings: list[str]
    legacy: bool = False
    marks_vis: array = field(default_factory=lambda: array("q", [0]))
    marks_doc: array = field(default_factory=lambda: array("q", [0]))
    windows: dict[int, tuple[array, array, bytearray, int]] = field(default_factory=dict, repr=False)

    def _window(self, k: int) -> tuple[array, array, bytearray, int]:
        """The runs from checkpoint ``k`` to past the next one: (visible starts, document starts, kept, end)."""
        w = self.windows.get(k)
        if w is None:
            out = _Out(self.legacy, self.marks_vis[k])
            limit = self.marks_vis[k + 1] if k + 1 < len(self.marks_vis) else None
            _Scanner(self.document, self.legacy, out).run(self.marks_doc[k], limit)
            w = self.windows[k] = (out.vis_starts, out.doc_starts, out.kept, out.length)
        return w

    def to_document(self, i: int) -> int:
        """The document offset of visible character ``i`` (``len(text)`` maps to the document's end)."""
        if i >= len(self.text):
            return len(self.document)
        if i < 0:
            return 0
        vis_starts, doc_starts, kept, _ = self._window(bisect_right(self.marks_vis, i) - 1)
        k = bisect_right(vis_starts, i) - 1
        if k < 0:
            return 0
        base = doc_starts[k]
        return base + (i - vis_starts[k]) if kept[k] else base

    def offsets(self, start: int, end: int) -> array:
        """Per-character document offsets of visible ``[start, end)``, plus one for ``end``."""
        out = array("q")
        i = start
        marks = self.marks_vis
        while i < end:
            w = max(0, bisect_right(marks, i) - 1)
            vis_starts, doc_starts, kept, w_end = self._window(w)
            stop_w = min(end, marks[w + 1]) if w + 1 < len(marks) else end
            k = max(0, bisect_right(vis_starts, i) - 1)
            n = len(vis_starts)
            before = i
            while i < stop_w and k < n:
                run_end = vis_starts[k + 1] if k + 1 < n else w_end
                if run_end <= i:
                    k += 1
                    continue
                stop = min(run_end, stop_w)
                base = doc_starts[k]
                if kept[k]:
                    first = base + (i - vis_starts[k])
                    out.extend(range(first, first + (stop - i)))
                else:
                    out.extend([base] * (stop - i))
                i = stop
                k += 1
            if i == before:  # no run there (cannot happen): map the rest to the document's end
                out.extend([len(self.document)] * (end - i))
                i = end
        out.append(self.to_document(end - 1) + 1 if end > start else self.to_document(end))
        return out

    def named(self, kind: str) -> list[IxElement]:
        return [e for e in self.ix if e.kind == kind]


class _Out:
    """Collapses white space as pieces arrive: a pending space or line break is written only before text."""

    def __init__(self, legacy: bool, length: int = 0) -> None:
        self.parts: list[str] = [""] if length else []  # a window of the map starts at ``length``
        self.vis_starts = array("q")
        self.doc_starts = array("q")
        self.kept = bytearray()
        self.length = length
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


class _Scanner:
    """The tokenizer loop: one token at a time, every rule of the module docstring. It reads a whole document
    (when the bulk pass cannot), the ``ix:header`` regions for the bulk pass, and windows of the map."""

    def __init__(self, doc: str, legacy: bool, out: _Out, marks: list[str] | None = None,
                 events: list[tuple[IxElement, int] | None] | None = None) -> None:
        self.doc, self.legacy, self.out = doc, legacy, out
        self.ix: list[IxElement] = []
        self.open_ix = _Open()
        self.contexts: dict[str, Context] = {}
        self.units: dict[str, str] = {}
        self.warnings: list[str] = []
        self.header_depth = 0
        self.ctx: Context | None = None
        self.unit_id: str | None = None
        self.marks = marks  # bulk pass: an inline XBRL element's visible extent is a marker, resolved later
        self.events = events

    def _extent(self, el: IxElement, which: int) -> None:
        """``which``: 0 the start, 1 the end, 2 both (a self-closed element)."""
        if self.events is not None and self.marks is not None:
            self.events.append((el, which))
            self.marks.append(_IX_MARK)
            return
        if which != 1:
            el.vis_start = self.out.length
        if which != 0:
            el.vis_end = self.out.length

    def run(self, pos: int, limit: int | None = None, header_only: bool = False) -> tuple[int, bool]:  # noqa: C901
        """Read from ``pos`` (a token boundary): to the end, until the visible text is longer than ``limit``,
        or (``header_only``) until the ``ix:header`` being read closes. Returns (position, stopped), stopped
        when unterminated markup ended the document."""
        doc, out, legacy, warnings = self.doc, self.out, self.legacy, self.warnings
        ix, open_ix = self.ix, self.open_ix
        n = len(doc)
        search = _TOKEN.search
        while pos < n:
            if limit is not None and out.length > limit:
                return pos, False
            m = search(doc, pos)
            if m is None:
                break
            tok_start, tok_end = m.span()
            if self.header_depth == 0 and tok_start > pos:
                out.text(doc[pos:tok_start], pos)
            pos = tok_end
            g_comment, g_cdata, g_decl, g_close, name, raw = m.groups()
            if name is not None:
                low = name.lower()
                if low in _PLAIN and self.header_depth == 0:  # the common case: an inline tag, nothing to do
                    continue
                if low in BLOCK and self.header_depth == 0:
                    if not legacy:
                        out.newline(tok_start)
                    continue
            if g_comment:  # a comment: to its end, or the document's
                close = doc.find("-->", pos)
                if close < 0:
                    warnings.append(f"unterminated comment at character {tok_start}: the rest of the document is ignored")
                    return n, True
                pos = close + 3
                continue
            if g_cdata:  # CDATA
                close = doc.find("]]>", pos)
                stop = close if close >= 0 else n
                if self.header_depth == 0:
                    out.text(doc[pos:stop], pos)
                pos = stop + 3 if close >= 0 else n
                continue
            if g_decl:  # <!DOCTYPE ...>, <!ENTITY ...>, <?xml ...?>: declarations, never expanded
                pos = _declaration(doc, tok_start, pos, warnings)
                if pos < 0:
                    return n, True
                continue
            if name is None:  # an entity reference
                if self.header_depth == 0:
                    out.decoded(html.unescape(m.group(0)), tok_start)
                continue
            closing = bool(g_close)
            if low in _DROP and not closing:
                pos = _dropped(doc, low, tok_start, pos, warnings)
                if pos < 0:
                    return n, True
                continue
            local = _local(name) if ":" in name else low
            if ":" in name and local in _IX:
                if local == "header":
                    self.header_depth += -1 if closing else (0 if raw.rstrip().endswith("/") else 1)
                    self.header_depth = max(self.header_depth, 0)
                    if header_only and self.header_depth == 0:
                        return pos, False
                    continue
                if closing:
                    k = _pop(open_ix, ix, local)
                    if k is not None:
                        ix[k].inner_end = tok_start
                        self._extent(ix[k], 1)
                else:
                    el = IxElement(local, raw, tok_start, pos, out.length,
                                   parent=open_ix[-1] if open_ix else -1, hidden=self.header_depth > 0)
                    ix.append(el)
                    if raw.rstrip().endswith("/"):
                        el.inner_end = pos
                        self._extent(el, 2)
                    else:
                        open_ix.push(len(ix) - 1, local)
                        self._extent(el, 0)
                continue
            if self.header_depth:
                self.ctx, self.unit_id = _header_tag(doc, low, local, closing, raw, pos, self.contexts, self.units,
                                                     self.ctx, self.unit_id)
                continue
            if low in BLOCK or (legacy and low in ("s", "c", "caption", "table", "page")):
                if not legacy:
                    out.newline(tok_start)
            elif low in CELL and not closing:
                out.cell(tok_start)
        if pos < n and self.header_depth == 0:
            out.text(doc[pos:n], pos)
        return n, False


def _declaration(doc: str, tok_start: int, pos: int, warnings: list[str]) -> int:
    """The position after a declaration begun at ``tok_start`` (-1: unterminated, a warning given)."""
    close = _declaration_end(doc, pos)
    if close < 0:
        warnings.append(f"unterminated declaration at character {tok_start}: the rest of the document is ignored")
        return -1
    if "ENTITY" in doc[tok_start:min(close, tok_start + 4096)].upper():
        if not any(w.startswith("entity declarations") for w in warnings):
            warnings.append("entity declarations (DTD) found and ignored: entities are never expanded")
    return close + 1


def _dropped(doc: str, low: str, tok_start: int, pos: int, warnings: list[str]) -> int:
    """The position after the end tag of a script or style begun at ``tok_start`` (-1: unterminated)."""
    close = re.compile(rf"</{low}\s*>", re.I).search(doc, pos)
    if close is None:
        warnings.append(f"unterminated <{low}> at character {tok_start}: the rest of the document is ignored")
        return -1
    return close.end()


# --- the bulk pass -----------------------------------------------------------------------------------

_LINE_MARK, _CELL_MARK, _IX_MARK, _CHECK_MARK = "\x01", "\x02", "\x03", "\x04"
_MARKS = _LINE_MARK + _CELL_MARK + _IX_MARK + _CHECK_MARK
# the tokens only the loop reads: comments, CDATA, declarations, script and style, an ix:header start tag
_SPECIAL = re.compile(r"<(?:[!?]|(?i:script|style)(?![\w:.-])[^<>]*>|[A-Za-z][\w:.-]*:(?i:header)(?![\w:.-])([^<>]*)>)")
_SPLIT = re.compile(r"(<(?:/?[A-Za-z][\w:.-]*+[^<>]*>)|&(?:#\d{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});?)")
_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*+)([^<>]*)>")
_IX_ELEMENTS = frozenset(_IX - {"header"})
_SPACES = re.compile(" {2,}")
_CHECK_EVERY = 8_192  # document characters between checkpoints of the map
_CHUNK = 1_000_000  # document characters split at once
_REPS_KEPT = 100_000  # spellings of tags and entities whose replacement is remembered
_NOT_CONTENT = frozenset("<&" + _WS_CHARS)


def _gap(g: str, written: bool = True, final: bool = False) -> str:
    """The visible text of a run of white space and markers: the loop's pending space or line break, its
    cells, and the inline XBRL markers where the loop's length stood (``final``: nothing follows)."""
    pending = ""
    out: list[str] = []
    for ch in g:
        if ch == " ":
            if not pending:
                pending = " "
        elif ch == "\n" or ch == _LINE_MARK:
            pending = "\n"
        elif ch == _CELL_MARK:
            if pending != "\n" and written:
                out.append(" |")
                pending = " "
        elif ch == _IX_MARK:
            out.append(ch)
    if pending and written and not final:
        out.append(pending)
    return "".join(out)


class _Bulk:
    """The bulk pass over one document (see the module docstring)."""

    def __init__(self, doc: str, legacy: bool) -> None:
        self.doc, self.legacy = doc, legacy
        self.pieces: list[str] = []
        self.events: list[tuple[IxElement, int] | None] = []
        self.scanner = _Scanner(doc, legacy, _Out(legacy), self.pieces, self.events)
        self.marks_doc = array("q", [0])
        self.reps: dict[str, str] = {}

    def _rep(self, tok: str) -> str:
        """What a tag or entity leaves in the joined text (a marker, decoded text, or nothing)."""
        if tok[0] == "&":
            s = html.unescape(tok)
            rep = " " if s and _WS.fullmatch(s) else s
        else:
            m = _TAG.match(tok)
            assert m is not None
            name = m.group(2)
            low = name.lower()
            if low in _PLAIN:
                rep = ""
            elif low in BLOCK:
                rep = "" if self.legacy else _LINE_MARK
            elif ":" in name and _local(name) in _IX_ELEMENTS:
                rep = _IX_MARK
            elif low in CELL and not m.group(1):
                rep = _CELL_MARK
            else:
                rep = ""
        if len(self.reps) < _REPS_KEPT:  # tags with ids are each once: the cache stays bounded
            self.reps[tok] = rep
        return rep

    def stretch(self, a: int, b: int) -> None:
        """Document ``[a, b)``: no token in it needs the loop; read in chunks of about a megabyte (cut
        before a tag), so the split lists stay bounded."""
        while b - a > _CHUNK:
            m = _TAG.search(self.doc, a + _CHUNK, b)
            if m is None:
                break
            self._split(a, m.start())
            a = m.start()
        self._split(a, b)

    def _split(self, a: int, b: int) -> None:
        if b <= a:
            return
        parts = _SPLIT.split(self.doc[a:b])
        toks = parts[1::2]
        get = self.reps.get
        reps = [r if (r := get(t)) is not None else self._rep(t) for t in toks]
        if _IX_MARK in reps:
            self._elements(parts, reps, a)
        checks = self._checkpoints(parts, a, b)
        parts[1::2] = reps
        for i in checks:
            parts[i] = _CHECK_MARK + parts[i]
        self.pieces.append("".join(parts))

    def _checkpoints(self, parts: list[str], a: int, b: int) -> list[int]:
        """Every few kilobytes, a text piece that begins with a visible character (nothing is pending
        there): its index in ``parts``; its document offset goes to ``marks_doc``."""
        stride = max(2, 2 * ((len(parts) // 2) * _CHECK_EVERY // max(1, b - a)))
        out: list[int] = []
        i, done, at = stride, 0, a
        n = len(parts)
        while i < n:
            piece = parts[i]
            if piece and piece[0] not in _NOT_CONTENT:
                at += sum(map(len, parts[done:i]))
                done = i
                out.append(i)
                self.marks_doc.append(at)
                i += stride
            else:
                i += 2
        return out

    def _elements(self, parts: list[str], reps: list[str], at: int) -> None:
        """The inline XBRL elements among the tokens (``reps`` marks them), as the loop records them."""
        sc = self.scanner
        ix, open_ix, events = sc.ix, sc.open_ix, self.events
        i, done = -1, 0
        while True:
            try:
                i = reps.index(_IX_MARK, i + 1)
            except ValueError:
                return
            at += sum(map(len, parts[done:2 * i + 1]))
            done = 2 * i + 1
            tok = parts[done]
            m = _TAG.match(tok)
            assert m is not None
            local = _local(m.group(2))
            raw = m.group(3)
            end = at + len(tok)
            if m.group(1):
                k = _pop(open_ix, ix, local)
                if k is not None:
                    ix[k].inner_end = at
                events.append((ix[k], 1) if k is not None else None)
                continue
            el = IxElement(local, raw, at, end, 0, parent=open_ix[-1] if open_ix else -1)
            ix.append(el)
            if raw.rstrip().endswith("/"):
                el.inner_end = end
                events.append((el, 2))
            else:
                open_ix.push(len(ix) - 1, local)
                events.append((el, 0))

    def run(self) -> bool:
        """Read the document; False when the loop must read it instead."""
        doc, sc = self.doc, self.scanner
        n = len(doc)
        pos = scan = 0
        while True:
            m = _SPECIAL.search(doc, scan)
            if m is not None and m.group(1) is not None and m.group(1).rstrip().endswith("/"):
                scan = m.end()  # <ix:header/>: nothing to read
                continue
            self.stretch(pos, m.start() if m else n)
            if m is None:
                return True
            t, pos = m.start(), m.end()
            if m.group(1) is not None:  # ix:header: the loop reads it (contexts, units, hidden facts)
                sc.header_depth = 1
                pos, stopped = sc.run(pos, header_only=True)
            elif doc.startswith("<!--", t):
                close = doc.find("-->", t + 4)
                if close < 0:
                    sc.warnings.append(f"unterminated comment at character {t}: the rest of the document is ignored")
                    return True
                pos, stopped = close + 3, False
            elif doc.startswith("<![CDATA[", t):
                close = doc.find("]]>", t + 9)
                self.pieces.append(doc[t + 9:close if close >= 0 else n])
                pos, stopped = (close + 3 if close >= 0 else n), False
            elif doc[t + 1] in "!?":
                pos = _declaration(doc, t, t + 2, sc.warnings)
                stopped = pos < 0
            else:  # script, style
                pos = _dropped(doc, "script" if doc[t + 1:t + 7].lower() == "script" else "style", t, pos, sc.warnings)
                stopped = pos < 0
            if stopped:
                return True
            scan = pos

    def visible(self) -> Visible | None:
        """The visible text with its markers resolved, or None when they do not line up (the loop reads it)."""
        marked = _collapse("".join(self.pieces), self.legacy)
        marks_vis = array("q", [0])
        events = iter(self.events)
        count = 0
        for m in _RESOLVE.finditer(marked):
            at = m.start() - count
            count += 1
            if m.group(0) == _CHECK_MARK:
                marks_vis.append(at)
                continue
            ev = next(events, False)
            if ev is False:
                return None
            if ev is not None:
                el, which = ev
                if which != 1:
                    el.vis_start = at
                if which != 0:
                    el.vis_end = at
        if next(events, False) is not False or len(marks_vis) != len(self.marks_doc):
            return None
        text = marked.replace(_IX_MARK, "").replace(_CHECK_MARK, "") if count else marked
        sc = self.scanner
        return Visible(text, self.doc, sc.ix, sc.contexts, sc.units, sc.warnings, self.legacy, marks_vis,
                       self.marks_doc)


_RESOLVE = re.compile(f"[{_IX_MARK}{_CHECK_MARK}]")
_GAP_CHARS = " " + _LINE_MARK + _CELL_MARK + _IX_MARK
_MARK_LED = re.compile(f"([{_LINE_MARK}{_CELL_MARK}{_IX_MARK}][{_GAP_CHARS}]*)")
_LEGACY_GAP = re.compile(f"[ \n{_LINE_MARK}{_CELL_MARK}{_IX_MARK}]*[\n{_LINE_MARK}{_CELL_MARK}{_IX_MARK}]"
                         f"[ \n{_LINE_MARK}{_CELL_MARK}{_IX_MARK}]*")


def _collapse(joined: str, legacy: bool) -> str:
    """The joined text and markers with white space collapsed as the loop does (inline XBRL and checkpoint
    markers kept where the loop's length stood)."""
    for ch in _WS_CHARS[1:]:  # as _Out.text translates (str.translate is slow on a long text with non-ASCII
        if ch in joined and not (legacy and ch == "\n"):  # characters)
            joined = joined.replace(ch, " ")
    while "  " in joined:
        joined = joined.replace("  ", " ")
    gaps = _GAP_CHARS + "\n" if legacy else _GAP_CHARS
    lead = len(joined) - len(joined.lstrip(gaps))
    tail = len(joined.rstrip(gaps))
    if tail <= lead:  # no visible character: only the inline XBRL markers, all at 0
        return joined.replace(" ", "").replace("\n", "").replace(_LINE_MARK, "").replace(_CELL_MARK, "")
    cache: dict[str, str] = {}
    body = joined[lead:tail]
    if legacy:
        def repl(m: re.Match[str]) -> str:
            g = m.group(0)
            r = cache.get(g)
            if r is None:
                r = cache[g] = _gap(g)
            return r
        body = _LEGACY_GAP.sub(repl, body)
    else:
        # a space before a marker acts as one after it (a pending space is flushed only before text; a cell
        # writes its own; a line break replaces it): every run with a marker then begins with one
        for mark in (_LINE_MARK, _CELL_MARK, _IX_MARK):
            body = body.replace(" " + mark, mark + " ")
        pieces = _MARK_LED.split(body)
        get = cache.get
        pieces[1::2] = [r if (r := get(g)) is not None else cache.setdefault(g, _gap(g)) for g in pieces[1::2]]
        body = "".join(pieces)
    return _gap(joined[:lead], written=False) + body + _gap(joined[tail:], final=True)


def visible_text(doc: str, legacy: bool | None = None, bulk: bool = True) -> Visible:
    """Read ``doc`` (HTML, XHTML, inline XBRL, or an SGML submission) in one forward pass (``bulk=False``:
    by the tokenizer loop alone, with the whole map; the same result, slower)."""
    if legacy is None:
        legacy = _is_legacy(doc)
    vis = None
    if bulk and not any(ch in doc for ch in _MARKS):
        collect = gc.isenabled()
        gc.disable()  # the pass makes no cycles; the collector's passes over its objects cost a quarter of it
        try:
            bulk = _Bulk(doc, legacy)
            bulk.run()
            vis = bulk.visible()
        finally:
            if collect:
                gc.enable()
    if vis is None:
        out = _Out(legacy)
        sc = _Scanner(doc, legacy, out)
        sc.run(0)
        vis = Visible("".join(out.parts), doc, sc.ix, sc.contexts, sc.units, sc.warnings, legacy)
        vis.windows[0] = (out.vis_starts, out.doc_starts, out.kept, out.length)
        return _finish(vis, sc.open_ix, sc.header_depth)
    return _finish(vis, bulk.scanner.open_ix, bulk.scanner.header_depth)


def _finish(vis: Visible, open_ix: list[int], header_depth: int) -> Visible:
    n, length = len(vis.document), len(vis.text)
    if open_ix:
        vis.warnings.append(f"{len(open_ix)} inline XBRL element(s) never closed (truncated document?)")
        for k in open_ix:
            vis.ix[k].inner_end, vis.ix[k].vis_end = n, length
    if header_depth:
        vis.warnings.append("ix:header never closed (truncated document?)")
    return vis


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


class _Open(list[int]):
    """The open inline XBRL elements (indices into the index), innermost last, with the positions of each kind,
    so that an end tag finds its element at once: a run of end tags of a kind that is not open costs no search
    of the stack (it was quadratic)."""

    def __init__(self) -> None:
        super().__init__()
        self.where: dict[str, list[int]] = {}  # kind -> positions in the stack, innermost last

    def push(self, k: int, kind: str) -> None:
        self.where.setdefault(kind, []).append(len(self))
        self.append(k)


def _pop(open_ix: _Open, ix: list[IxElement], local: str) -> int | None:
    """The innermost open element of kind ``local``, closed with every element opened inside it."""
    at = open_ix.where.get(local)
    if not at:
        return None
    j = at[-1]
    k = open_ix[j]
    for q in open_ix[j:]:  # each element leaves the stack once: linear over the document
        open_ix.where[ix[q].kind].pop()
    del open_ix[j:]
    return k


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


_TAGS = re.compile(r"<(/?)([A-Za-z][\w:.-]*+)[^<>]*>")


def strip_tags(fragment: str) -> str:
    """A short fragment's text: tags dropped (a block or cell tag leaves a space), entities decoded, white
    space collapsed."""
    def repl(m: re.Match[str]) -> str:
        name = m.group(2).lower()
        return " " if name in BLOCK or name in CELL else ""
    return _WS.sub(" ", html.unescape(_TAGS.sub(repl, fragment))).strip()
