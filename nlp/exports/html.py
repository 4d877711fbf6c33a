"""The audit review: one self-contained HTML page for a batch of notes, or for a large batch an index
page beside one page per note (``NAME.html`` and ``NAME-notes/note-K.html``), written note by note
(:class:`ReviewWriter`) so memory does not grow with the batch and each page opens at once.

At the top a summary (notes, records, facts, blanks, warnings, a legend, links to each note);
then a section per note with its text, laid out (``relparty.exports.blocks``): the lines the reader drops
(EDGAR rulers, header rows, the page's date row, the definition footer) folded in a ``<details>`` that
still holds them exactly, and the flattened tables the layout stage finds (one cell per line, or pipe
rows) shown as HTML tables, the pipes and newlines kept as hidden separators so every character of
the note is in the page once and in order. Every extracted party, period and amount is highlighted from
the character spans (displaCy-like, a colour per kind), a visible badge where a blank amount's
number was dropped, and a table of the note's facts. Fact row ``#fact-N`` links to its evidence
mark ``#ev-N`` and the mark's label links back; ``:target`` styling shows where a link landed.
A note with ``NAME.details*.txt`` pages beside its file also shows, after its facts, its
reconciliation with them (``relparty.exports.reconciliation.reconciliation_html``), and the summary counts the
items of every such note by status.

The summary's totals link to a list of every blank and every warning, each linking to its place in the
note. The page has no script and loads nothing: a Content-Security-Policy forbids both, and every piece
of note text and every value is HTML-escaped, so a hostile note stays inert text.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from pathlib import Path

from relparty.atomic import atomic_output, current_umask, remove_stale_temps, temp_name_prefix
from relparty.exports.blocks import Box, note_boxes
from relparty.exports.markup import esc
from relparty.exports.reconciliation import reconciliation_html
from relparty.exports.rows import (
    NO_DETAILS_MESSAGE,
    fact_warnings,
    format_amount,
    note_name,
    note_row,
    period_label,
    plain_number,
    reconciliation_of,
    reconciliation_totals,
    warning_rows,
)
from relparty.filings.review import located_html  # a whole filing: where its sections are
from relparty.models import Balance, Fact, NoteExtraction, Reconciliation, Transaction
from relparty.models.details import STATUSES
from relparty.results import FileResult

__all__ = ["write_review", "render_review", "ReviewWriter", "review_link", "pages_dir_name", "page_name",
           "SINGLE_PAGE_MAX_NOTES", "KINDS", "KIND_COLOURS", "STATUS_COLOURS"]

#: A batch of more notes than this gets an index page and one page per note.
SINGLE_PAGE_MAX_NOTES = 100

KINDS = ("revenue", "cost", "receivable", "payable", "other")
KIND_COLOURS = {  # background of an amount of the kind (the workbook uses the same palette)
    "revenue": "#c8e6c9",
    "cost": "#ffe0b2",
    "receivable": "#bbdefb",
    "payable": "#e1bee7",
    "other": "#e0e0e0",
}
STATUS_COLOURS = {  # background of a reconciliation status (the workbook uses the same palette)
    "agree": "#c8e6c9",
    "differ": "#ffcdd2",
    "blank-in-text": "#ffe082",
    "text-only": "#e0e0e0",
    "tagged-only": "#e0e0e0",
}

# Layers, outermost first: sentences and warnings wrap periods, parties and amounts; a table's hidden
# separators (its pipes and newlines) are innermost.
_SENTENCE, _PERIOD, _PARTY, _AMOUNT, _SEP = 0, 1, 2, 3, 4


@dataclass
class _Mark:
    """A highlight over characters ``[start, end)``; rendered in pieces if another one crosses it."""

    start: int
    end: int
    layer: int
    tag: str
    classes: str
    title: str = ""
    ids: list[str] = field(default_factory=list)  # the first on the element, the rest as anchors inside
    label: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (href, text) shown after the label
    head: bool = True  # this piece holds the mark's first character (a mark cut at a fold or cell is in pieces)
    tail: bool = True  # ... and its last

    def clip(self, start: int, end: int) -> _Mark:
        """The piece of this mark inside ``[start, end)``."""
        return replace(self, start=max(self.start, start), end=min(self.end, end),
                       head=self.head and self.start >= start, tail=self.tail and self.end <= end)

    def open(self, first: bool) -> str:
        attrs = f' class="{esc(self.classes)}{"" if first else " cont"}"'
        if first and self.ids:
            attrs += f' id="{esc(self.ids[0])}"'
        if self.title:
            attrs += f' title="{esc(self.title)}"'
        anchors = "".join(f'<span class="anchor" id="{esc(i)}"></span>' for i in self.ids[1:]) if first else ""
        return f"<{self.tag}{attrs}>{anchors}"

    def close(self, final: bool) -> str:
        tail = ""
        if final and (self.label or self.links):
            tail = '<span class="lbl">'
            if self.label:
                tail += esc(self.label)
            tail += "".join(f' <a class="back" href="{esc(h)}">{esc(t)}</a>' for h, t in self.links)
            tail += "</span>"
        return f"{tail}</{self.tag}>"


@dataclass
class _Point:
    """Something shown at a character position without covering text (a blank slot, an anchor)."""

    at: int
    html: str
    id: str | None = None  # the fact anchor it carries, if any


@dataclass
class _Numbered:
    n: int
    fact: Fact
    warnings: list[str]


def _kind_class(kind: str) -> str:
    return f"k-{kind}" if kind in KINDS else "k-other"


def _fact_key(kind: str, party: str, end: date, months: int | None, value: Decimal | None, blank: bool,
              detail: str | None) -> tuple[object, ...]:
    return (kind, party, end, months, value, blank, detail)


def _marks(ex: NoteExtraction, facts: list[_Numbered], length: int) -> tuple[list[_Mark], list[_Point]]:
    """Highlights of one note from its records and numbered facts (positions in the original text)."""
    marks: list[_Mark] = []
    points: list[_Point] = []

    def inside(s: int, e: int) -> bool:
        return 0 <= s <= e <= length

    # Amounts of facts: one mark per span, carrying the ids of every fact it states.
    by_span: dict[tuple[int, int], list[_Numbered]] = defaultdict(list)
    by_key: dict[tuple[object, ...], _Numbered] = {}
    for nf in facts:
        f = nf.fact
        by_key.setdefault(_fact_key(f.kind, f.counterparty, f.period_end, f.period_months, f.amount, f.blank, f.detail), nf)
        s, e = f.amount_start, f.amount_end
        if f.blank:
            at = s if s is not None and inside(s, s) else f.start
            title = f"blank: the {f.kind} amount for {f.period_end.isoformat()} was dropped here (fact {nf.n})"
            points.append(_Point(min(max(at, 0), length), (
                f'<a class="blank {_kind_class(f.kind)}" id="ev-{nf.n}" href="#fact-{nf.n}" title="{esc(title)}">'
                f"\u2205 blank #{nf.n}</a>"), id=f"ev-{nf.n}"))
        elif s is not None and e is not None and s < e and inside(s, e):
            by_span[(s, e)].append(nf)
        else:  # no characters for the number: anchor the fact where it would be, else at its sentence
            at = s if s is not None and e is not None and inside(s, e) else f.start
            points.append(_Point(min(max(at, 0), length),
                                 f'<a class="anchor-link" id="ev-{nf.n}" href="#fact-{nf.n}">\u21a9 #{nf.n}</a>',
                                 id=f"ev-{nf.n}"))
    for (s, e), group in by_span.items():
        f0 = group[0].fact
        kinds = " ".join(dict.fromkeys(_kind_class(g.fact.kind) for g in group))  # "no amount due from or to": two
        marks.append(_Mark(
            s, e, _AMOUNT, "mark", f"hl amt {kinds}",
            title="; ".join(f"fact {g.n}: {g.fact.kind} {g.fact.counterparty} {g.fact.period_end.isoformat()} "
                            f"{format_amount(g.fact.amount, g.fact.currency)}{_fact_rules(g.fact)}" for g in group),
            ids=[f"ev-{g.n}" for g in group],
            label=f0.kind,
            links=[(f"#fact-{g.n}", f"#{g.n}") for g in group],
        ))

    seen_amounts = set(by_span)
    seen_periods: dict[tuple[int, int], _Mark] = {}
    seen_parties: set[tuple[int, int]] = set()
    seen_sentences: set[tuple[int, int]] = set()
    for rec in ex.records:
        party = rec.counterparty
        detail = rec.detail if rec.record == "transaction" else rec.nature
        ev = rec.evidence
        if ev.start < ev.end and inside(ev.start, ev.end) and (ev.start, ev.end) not in seen_sentences:
            seen_sentences.add((ev.start, ev.end))
            marks.append(_Mark(ev.start, ev.end, _SENTENCE, "span", "ev"))
        ps = party.span
        if ps is not None and ps.start < ps.end and inside(ps.start, ps.end) and (ps.start, ps.end) not in seen_parties:
            seen_parties.add((ps.start, ps.end))
            aliases = f" (also {', '.join(party.aliases)})" if party.aliases else ""
            marks.append(_Mark(ps.start, ps.end, _PARTY, "mark", "hl party",
                               title=f"party: {party.name}{aliases} [{party.type}]", label="party"))
        for pa in rec.amounts:
            p, a = pa.period, pa.amount
            if p.span is not None and p.span.start < p.span.end and inside(p.span.start, p.span.end):
                key = (p.span.start, p.span.end)
                if key not in seen_periods:
                    seen_periods[key] = _Mark(key[0], key[1], _PERIOD, "mark", "hl period", title="period:", label="period")
                    marks.append(seen_periods[key])
                pm = seen_periods[key]
                if period_label(pa) not in pm.title:
                    pm.title += f" {period_label(pa)}"
            # Amounts no fact points at (the same amount stated again is one fact): still shown.
            if a.span is None or not inside(a.span.start, a.span.end):
                continue
            twin = by_key.get(_fact_key(rec.kind, party.name, p.end, p.months, a.value, a.blank, detail))
            links = [(f"#fact-{twin.n}", f"#{twin.n} (again)")] if twin is not None else []
            if a.span.start < a.span.end and (a.span.start, a.span.end) not in seen_amounts:
                seen_amounts.add((a.span.start, a.span.end))
                marks.append(_Mark(a.span.start, a.span.end, _AMOUNT, "mark", f"hl amt {_kind_class(rec.kind)}",
                                   title=f"{rec.kind} {party.name} {period_label(pa)}: "
                                         f"{format_amount(a.value, a.currency)}{_rules(rec)}",
                                   label=rec.kind, links=links))
            elif a.blank and twin is None:
                points.append(_Point(a.span.start, f'<span class="blank {_kind_class(rec.kind)}">\u2205 blank</span>'))
    return marks, points


def _fact_rules(f: Fact) -> str:
    """A fact's tooltip tail: the mention that gave the party and the rules behind party and kind."""
    said = f" \u201c{f.party_mention}\u201d" if f.party_mention else ""
    return f" (party{said} by {f.party_rule or '?'}; kind by {f.kind_rule or '?'})"


def _rules(rec: Transaction | Balance) -> str:
    """The tooltip's tail: the mention that gave the party and the rules behind party and kind."""
    party = rec.counterparty
    said = f" \u201c{party.mention.text}\u201d" if party.mention else ""
    return f" (party{said} by {party.rule or '?'}; kind by {rec.kind_rule or '?'})"


def _warning_marks(ex: NoteExtraction, first_id: int, length: int) -> tuple[list[_Mark], dict[int, str]]:
    """Wavy underlines over the sentences warnings name; returns the marks and warning index -> id."""
    marks: list[_Mark] = []
    ids: dict[int, str] = {}
    for i, w in enumerate(ex.warnings):
        s = w.span
        if s is None or not (0 <= s.start < s.end <= length):
            continue
        ids[i] = f"w-{first_id + i}"
        marks.append(_Mark(s.start, s.end, _SENTENCE, "span", "warn", title=f"warning: {w.message}", ids=[ids[i]]))
    return marks, ids


def _render(text: str, base: int, marks: list[_Mark], points: list[_Point]) -> str:
    """``text`` (which starts at ``base`` of the original) with the marks and points that fall inside it.

    Marks open outermost first (longest, then by layer); a mark that ends while one opened inside it
    is still open closes that one and reopens it after, so the markup always nests."""
    end_all = base + len(text)
    marks = [m for m in marks if base <= m.start < m.end <= end_all]
    points = [p for p in points if base <= p.at <= end_all]
    starts: dict[int, list[_Mark]] = defaultdict(list)
    for m in marks:
        starts[m.start].append(m)
    at: dict[int, list[_Point]] = defaultdict(list)
    for p in points:
        at[p.at].append(p)
    positions = sorted({base, end_all} | {m.start for m in marks} | {m.end for m in marks} | set(at))

    out: list[str] = []
    stack: list[_Mark] = []
    for i, pos in enumerate(positions):
        reopen: list[_Mark] = []
        ending = [j for j, m in enumerate(stack) if m.end == pos]
        if ending:
            while len(stack) > ending[0]:
                m = stack.pop()
                out.append(m.close(final=m.end == pos and m.tail))
                if m.end > pos:
                    reopen.append(m)
        to_open = sorted(reopen + starts.get(pos, []), key=lambda m: (-m.end, m.layer, m.start))
        for m in (m for m in to_open if m.layer == _SENTENCE):
            out.append(m.open(first=m.start == pos and m.head))
            stack.append(m)
        out.extend(p.html for p in at.get(pos, []))
        for m in (m for m in to_open if m.layer != _SENTENCE):
            out.append(m.open(first=m.start == pos and m.head))
            stack.append(m)
        if i + 1 < len(positions):
            out.append(esc(text[pos - base: positions[i + 1] - base]))
    while stack:  # only if a mark ran past the end, which the filter above rules out
        out.append(stack.pop().close(final=True))
    return "".join(out)


def _box_tags(box: Box, columns: int) -> tuple[str, str]:
    """The opening and closing markup of a box of the note's structure (see ``relparty.exports.blocks``)."""
    if box.kind == "fold":
        lines = len(box.reasons)
        what = ", ".join(dict.fromkeys(r for r in box.reasons if r != "empty")) or "empty lines"
        label = f"{_count(lines, 'line')} hidden ({what})"
        return (f'<details class="fold"><summary class="fold-label" title="{esc(label)}: shown exactly when opened">'
                f"{esc(label)}</summary>", "</details>")
    if box.kind == "table":
        return '<table class="flat"><tbody>', "</tbody></table>"
    if box.kind == "row":
        return "<tr>", "</tr>"
    if box.kind == "fold-row":
        return f'<tr class="fold-row"><td colspan="{max(columns, 1)}">', "</td></tr>"
    return ('<td class="num">' if box.numeric else "<td>"), "</td>"


def _render_boxes(text: str, boxes: list[Box], marks: list[_Mark], points: list[_Point]) -> str:
    """The whole note with its structure: folds of hidden lines and tables (``boxes``) wrap the text, and
    the marks inside are cut at every box edge (a piece keeps the mark's classes; the first its ids, the
    last its label), so elements always nest and every character is written once, in order."""
    seps = [_Mark(b.start, b.end, _SEP, "span", "sep") for box in boxes for b in _walk(box) if b.kind == "sep"]
    marks = sorted(marks + seps, key=lambda m: m.start)
    ends_at_text_end = [p for p in points if p.at >= len(text)]
    points = sorted((p for p in points if p.at < len(text)), key=lambda p: p.at)
    out: list[str] = []
    active: list[_Mark] = []
    nxt = pi = 0

    def leaf(a: int, b: int) -> None:
        nonlocal nxt, pi
        while nxt < len(marks) and marks[nxt].start < b:
            active.append(marks[nxt])
            nxt += 1
        active[:] = [m for m in active if m.end > a]
        here: list[_Point] = []
        while pi < len(points) and points[pi].at < b:
            here.append(points[pi])
            pi += 1
        inside = [m.clip(a, b) for m in active if m.start < b and m.end > a]
        out.append(_render(text[a:b], a, inside, here))

    def emit(a: int, b: int, kids: list[Box], columns: int) -> None:
        pos = a
        for c in kids:
            if c.kind == "sep":
                continue
            if c.start > pos:
                leaf(pos, c.start)
            opening, closing = _box_tags(c, columns)
            out.append(opening)
            emit(c.start, c.end, c.children, c.columns or columns)
            out.append(closing)
            pos = c.end
        if b > pos:
            leaf(pos, b)

    emit(0, len(text), boxes, 0)
    out.extend(p.html for p in ends_at_text_end)
    return "".join(out)


def _walk(box: Box) -> Iterable[Box]:
    yield box
    for c in box.children:
        yield from _walk(c)


def _text_matches(text: str, ex: NoteExtraction) -> bool:
    return all(text[r.evidence.start: r.evidence.end] == r.evidence.text for r in ex.records)


def _note_text(result: FileResult, facts: list[_Numbered], first_warning: int) -> tuple[str, dict[int, str]]:
    ex = result.extraction
    text = result.text
    if ex is None:
        if text is None:
            return '<p class="notice">The text of this file could not be read.</p>', {}
        boxes = note_boxes(text, result.path)
        return f'<div class="text">{_render_boxes(text, boxes, [], []) if boxes else esc(text)}</div>', {}
    if text is not None and _text_matches(text, ex):
        marks, points = _marks(ex, facts, len(text))
        wmarks, wids = _warning_marks(ex, first_warning, len(text))
        boxes = note_boxes(text, result.path)
        body = _render_boxes(text, boxes, marks + wmarks, points) if boxes else _render(text, 0, marks + wmarks, points)
        return f'<div class="text">{body}</div>', wids
    # No text (or not the text that was read): show each evidence sentence with its highlights.
    notice = ("The original text is not available; each evidence sentence is shown on its own."
              if text is None else
              "This text differs from the text that was read; each evidence sentence is shown on its own.")
    length = max([ex.length] + [r.evidence.end for r in ex.records])
    marks, points = _marks(ex, facts, length)
    # Sentences that overlap are shown once, as one passage (an id must appear only once).
    windows: list[tuple[int, int, str]] = []
    for r in sorted(ex.records, key=lambda r: (r.evidence.start, r.evidence.end)):
        ev = r.evidence
        if len(ev.text) != ev.end - ev.start or ev.start == ev.end:
            continue
        if windows and ev.start <= windows[-1][1]:
            start, end, passage = windows[-1]
            if ev.end > end:
                windows[-1] = (start, ev.end, passage + ev.text[end - ev.start:])
        else:
            windows.append((ev.start, ev.end, ev.text))
    parts = [f'<p class="text sentence"><span class="offset">{start}\u2013{end}</span> '
             f"{_render(passage, start, marks, points)}</p>" for start, end, passage in windows]
    seen = {(start, end) for start, end, _ in windows}
    placed = {i for m in marks if _within(m.start, m.end, seen) for i in m.ids}
    placed |= {p.id for p in points if p.id is not None and _within(p.at, p.at, seen)}
    missing = [nf for nf in facts if f"ev-{nf.n}" not in placed]
    for nf in missing:  # keep every fact's link alive
        parts.append(f'<p class="text sentence"><a class="anchor-link" id="ev-{nf.n}" href="#fact-{nf.n}">'
                     f"\u21a9 #{nf.n}</a> {esc(nf.fact.evidence)}</p>")
    return f'<p class="notice">{esc(notice)}</p>' + "".join(parts), {}


def _within(start: int, end: int, windows: set[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in windows)


def _facts_table(facts: list[_Numbered]) -> str:
    if not facts:
        return '<p class="empty">No facts were extracted from this note.</p>'
    head = ("<tr><th>#</th><th>Party</th><th>Kind</th><th>Service / detail</th><th>Period end</th>"
            '<th>Months</th><th class="num">Amount</th><th>Currency</th><th>Evidence span</th><th>Warnings</th></tr>')
    rows = []
    for nf in facts:
        f = nf.fact
        aliases = f'<div class="aliases">{esc(", ".join(f.aliases))}</div>' if f.aliases else ""
        service = " / ".join(esc(x) for x in (f.service, f.detail) if x)
        amount = ('<span class="blank-badge">\u2205 blank</span>' if f.blank
                  else esc(plain_number(f.amount, grouped=True)) if f.amount is not None else "")
        span = f"{f.start}\u2013{f.end}"
        if f.amount_start is not None and f.amount_end is not None:
            span += f'<div class="aliases">amount {f.amount_start}\u2013{f.amount_end}</div>'
        warns = "".join(f"<div>{esc(w)}</div>" for w in nf.warnings)
        rows.append(
            f'<tr id="fact-{nf.n}" class="{_kind_class(f.kind)}{" blank-row" if f.blank else ""}">'
            f'<td><a class="go" href="#ev-{nf.n}" title="{esc(f.evidence)}">#{nf.n}</a></td>'
            f"<td>{esc(f.counterparty)}{aliases}</td>"
            f'<td><span class="kind {_kind_class(f.kind)}">{esc(f.kind)}</span></td>'
            f"<td>{service}</td><td>{esc(f.period_end.isoformat())}</td>"
            f'<td class="num">{esc(f.period_months) if f.period_months is not None else ""}</td>'
            f'<td class="num">{amount}</td><td>{esc(f.currency or "")}</td>'
            f'<td class="span">{span}</td><td class="warn-cell">{warns}</td></tr>')
    return f'<table class="facts"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def _warnings_list(result: FileResult, wids: dict[int, str]) -> str:
    items = []
    ext_index = 0
    for row in warning_rows(result):
        link = ""
        if row["level"] == "extraction":
            wid = wids.get(ext_index)
            ext_index += 1
            if wid is not None:
                link = f' <a href="#{wid}">chars {row["start"]}\u2013{row["end"]}</a>'
        items.append(f'<li class="{esc(row["level"])}"><span class="lvl">{esc(row["level"])}</span> '
                     f"{esc(row['message'])}{link}</li>")
    if not items:
        return ""
    return f'<details class="warnings" open><summary>{esc(_count(len(items), "warning"))}</summary><ul>{"".join(items)}</ul></details>'


_CSS = """
:root { --ink: #1f2328; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
html { scroll-behavior: auto; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 1180px; padding: 0 24px 60vh; }
h1 { margin: 20px 0 4px; font-size: 1.6em; }
h2 { margin: 0 0 2px; font-size: 1.25em; }
a { color: #0550ae; }
.totals { display: flex; gap: 10px; flex-wrap: wrap; margin: 10px 0; padding: 0; list-style: none; }
.totals li { border: 1px solid var(--line); border-radius: 8px; padding: 6px 14px; background: #f6f8fa; }
.totals b { font-size: 1.3em; margin-right: 4px; }
.totals li.bad b { color: #b71c1c; }
.legend { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; margin: 8px 0 14px; font-size: .9em; }
table { border-collapse: collapse; width: 100%; font-size: .88em; margin: 8px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; position: sticky; top: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
section.note { border-top: 3px solid #37474f; margin-top: 28px; padding-top: 10px; }
.meta { color: var(--muted); font-size: .88em; margin: 0 0 6px; word-break: break-all; }
.up { float: right; font-size: .85em; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 2.3; background: #fff; border: 1px solid var(--line);
        border-radius: 8px; padding: 10px 14px; font-family: Georgia, "DejaVu Serif", serif; font-size: 15px; }
.text.sentence { margin: 6px 0; }
.offset { color: var(--muted); font: .75em monospace; }
.notice { background: #fff8e1; border-left: 4px solid #f9a825; padding: 6px 10px; }
span.ev { background: #fbfbf4; box-shadow: inset 0 -1px 0 #c9c9b0; }
span.warn { text-decoration: underline wavy #e65100; text-decoration-thickness: 1px; text-underline-offset: 4px; }
mark.hl { color: inherit; padding: .22em .4em; margin: 0 .12em; border-radius: .35em; line-height: 1;
          box-decoration-break: clone; -webkit-box-decoration-break: clone; }
mark.hl.cont { margin-left: 0; }
mark.amt { font-weight: 600; }
mark.party { background: #e0f2f1; box-shadow: inset 0 0 0 2px #00897b; }
mark.period { background: #fff8e1; box-shadow: inset 0 -2px 0 #f9a825; }
.k-revenue { --k: #c8e6c9; --kb: #2e7d32; } .k-cost { --k: #ffe0b2; --kb: #e65100; }
.k-receivable { --k: #bbdefb; --kb: #1565c0; } .k-payable { --k: #e1bee7; --kb: #6a1b9a; }
.k-other { --k: #e0e0e0; --kb: #424242; }
mark.amt, span.kind { background: var(--k); box-shadow: inset 0 -2px 0 var(--kb); }
span.kind { border-radius: .35em; padding: .05em .45em; font-size: .9em; }
.lbl { font: bold .62em system-ui, sans-serif; text-transform: uppercase; letter-spacing: .04em; margin-left: .45em;
       vertical-align: middle; color: #333; }
.lbl a.back { text-decoration: none; text-transform: none; color: #0550ae; }
a.blank, span.blank, .blank-badge { background: #d32f2f; color: #fff; border-radius: .35em; padding: .12em .45em;
       font: bold .72em system-ui, sans-serif; text-decoration: none; margin: 0 .2em; vertical-align: middle; }
a.blank { box-shadow: 0 0 0 2px var(--kb); }
.blank-badge { font-size: .85em; }
a.anchor-link { font: bold .72em system-ui, sans-serif; text-decoration: none; }
tr.blank-row td { background: #ffebee; }
.aliases { color: var(--muted); font-size: .85em; }
.warn-cell { color: #8a4b00; font-size: .9em; }
td.span { white-space: nowrap; font-variant-numeric: tabular-nums; }
details.warnings { margin: 6px 0; font-size: .88em; }
details.warnings li.error { color: #b71c1c; }
.lvl { display: inline-block; min-width: 6.5em; color: var(--muted); font-size: .85em; text-transform: uppercase; }
:target, mark.hl:has(> .anchor:target) { outline: 3px solid #ff6d00; outline-offset: 2px; scroll-margin: 35vh 0; }
tr:target td { background: #fff3c4 !important; }
tr:target { outline: 2px solid #ff6d00; }
.anchor { scroll-margin: 35vh 0; }
section.reconciliation { margin-top: 14px; border-top: 1px dashed var(--line); padding-top: 8px; }
section.reconciliation h2 { font-size: 1.05em; }
section.reconciliation td:nth-child(n+4):nth-child(-n+7) { white-space: nowrap; }
.reconciliation-counts, .reconciliation-scale { margin: 2px 0; font-size: .88em; }
.reconciliation-scale { color: var(--muted); }
ul.reconciliation-warnings { color: #8a4b00; font-size: .88em; }
.totals a { color: inherit; text-decoration: none; }
details.all { margin: 8px 0; font-size: .88em; }
details.all li { margin: 2px 0; }
nav.pager { display: flex; gap: 14px; margin: 12px 0; font-size: .9em; }
details.fold { display: block; margin: 0; line-height: 1.5; }
details.fold > summary { font: .75em system-ui, sans-serif; color: var(--muted); cursor: pointer; list-style-position: inside;
       user-select: none; }
details.fold[open] { background: #f6f8fa; border-left: 3px solid var(--line); padding-left: 6px; font: .8em/1.5 monospace; }
table.flat { display: block; overflow-x: auto; width: fit-content; max-width: 100%; margin: 4px 0; font: inherit; font-size: .95em; line-height: 2.1;
       border: 1px solid var(--line); }
table.flat td { border-bottom: 1px solid #eceff1; padding: 0 10px; white-space: pre-wrap; overflow-wrap: normal;
       vertical-align: middle; }
table.flat td.num { text-align: right; white-space: nowrap; }
table.flat tr.fold-row td { padding: 0 4px; }
.sep { display: none; }
"""
_CSS += "".join(f"section.reconciliation tr.status-{s} td:first-child, .totals li.status-{s} {{ background: {c}; }}\n"
                for s, c in STATUS_COLOURS.items())

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _legend() -> str:
    kinds = "".join(f'<mark class="hl amt {_kind_class(k)}">{esc(k)}</mark>' for k in KINDS)
    return (f'<div class="legend"><span>Amounts:</span>{kinds}<span>&nbsp; Also:</span>'
            '<mark class="hl party">party</mark><mark class="hl period">period</mark>'
            '<span class="blank-badge">\u2205 blank</span><span>amount dropped</span>'
            '<span class="ev">evidence sentence</span><span class="warn">warning</span></div>')


def _reconciliation_summary(recs: list[Reconciliation]) -> str:
    """The summary's line on reconciliation: items per status over every note with details pages."""
    if not recs:
        return f'<p class="meta" id="reconciliation-totals">Reconciliation: {esc(NO_DETAILS_MESSAGE)}.</p>'
    totals = reconciliation_totals(recs)
    items = "".join(f'<li class="status-{esc(s)}" id="rec-total-{esc(s)}"><b>{totals[s]}</b>{esc(s)}</li>'
                    for s in STATUSES)
    return (f'<p class="meta">Reconciliation with the details pages beside {esc(_count(len(recs), "note"))} '
            f"(each note\u2019s items follow its facts):</p>"
            f'<ul class="totals reconciliation-totals" id="reconciliation-totals">{items}</ul>')




def page_name(k: int) -> str:
    """The page of note ``k`` (from 1) in a paged review."""
    return f"note-{k}.html"


def pages_dir_name(review: str | os.PathLike[str]) -> str:
    """The folder, beside the index ``NAME.html``, that holds the note pages: ``NAME-notes``."""
    return f"{Path(review).stem}-notes"


def review_link(review: str | os.PathLike[str], paged: bool) -> Callable[[int, int], str]:
    """``(note index, fact number) -> href`` of a fact in the review ``review`` (relative to the folder
    it is in), as the workbook's ``review`` column links to it."""
    name = Path(review).name
    folder = pages_dir_name(review)
    if paged:
        return lambda k, n: f"{folder}/{page_name(k)}#ev-{n}"
    return lambda k, n: f"{name}#ev-{n}"


def _page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(_CSP)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{_CSS}</style></head><body>{body}</body></html>\n")


@dataclass
class _Section:
    k: int
    name: str
    html: str


class ReviewWriter:
    """The review, one file's result at a time (:meth:`add`), written at :meth:`close`.

    Up to ``single_page_max`` notes make one page at ``path``; more make ``path`` an index page with
    the totals, the lists of blanks and warnings and a row per note, and one page per note in the
    folder :func:`pages_dir_name` beside it. ``paged`` forces the one layout or the other. Sections
    are held only while the batch may still fit one page. Both files appear only at :meth:`close`
    (written beside and renamed); :meth:`abort` (or leaving a ``with`` block by an exception)
    removes what was written."""

    def __init__(self, path: str | os.PathLike[str], *, paged: bool | None = None,
                 single_page_max: int = SINGLE_PAGE_MAX_NOTES) -> None:
        self.path = Path(path)
        self.paged = paged
        self.single_page_max = single_page_max
        self.sections: list[_Section] = []
        self.index_rows: list[str] = []
        self.blank_items: list[tuple[int, str]] = []  # (note index, <li> with a link filled in at the end)
        self.warning_items: list[tuple[int, str]] = []
        self.totals = {"notes": 0, "records": 0, "facts": 0, "blanks": 0, "warnings": 0, "errors": 0}
        self.rec_counts: list[dict[str, int]] = []
        self.n = 0  # facts so far
        self.w = 0  # extraction warnings so far
        self._tmp_dir: Path | None = None
        if paged:
            self._start_pages()

    def __enter__(self) -> ReviewWriter:
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        if kind is None:
            self.close()
        else:
            self.abort()

    # --- the layout -----------------------------------------------------------------------------

    def _href(self, k: int, anchor: str = "") -> str:
        """A link from the index (or the one page) to note ``k`` or to an ``anchor`` in it."""
        if self._tmp_dir is None:
            return f"#{anchor or f'note-{k}'}"
        return f"{esc(pages_dir_name(self.path))}/{page_name(k)}" + (f"#{anchor}" if anchor else "")

    def _start_pages(self) -> None:
        pages = self.path.parent / pages_dir_name(self.path)
        remove_stale_temps(pages)  # left by a run killed outright (its process id is in the name)
        self._tmp_dir = Path(tempfile.mkdtemp(dir=self.path.parent, prefix=temp_name_prefix(pages), suffix=".tmp"))
        os.chmod(self._tmp_dir, 0o777 & ~current_umask())
        for sec in self.sections:
            self._write_page(sec)
        self.sections.clear()

    def _write_page(self, sec: _Section) -> None:
        assert self._tmp_dir is not None
        up = f"../{esc(self.path.name)}"
        nav = (f'<nav class="pager"><a href="{up}#top">\u2191 index</a>'
               + (f'<a href="{page_name(sec.k - 1)}">\u2190 previous note</a>' if sec.k > 1 else "")
               + f'<a href="{page_name(sec.k + 1)}">next note \u2192</a></nav>')
        html_text = sec.html.replace('<a class="up" href="#top">', f'<a class="up" href="{up}#top">', 1)
        (self._tmp_dir / page_name(sec.k)).write_text(_page(f"relparty review \u2014 {sec.name}", nav + html_text),
                                                       encoding="utf-8")

    # --- adding notes ---------------------------------------------------------------------------

    def add(self, result: FileResult) -> None:
        self.totals["notes"] += 1
        k = self.totals["notes"]
        if self._tmp_dir is None and self.paged is None and k > self.single_page_max:
            self._start_pages()
        ex = result.extraction
        counts = note_row(result)
        numbered: list[_Numbered] = []
        if ex is not None:
            for f in ex.facts():
                self.n += 1
                numbered.append(_Numbered(self.n, f, fact_warnings(f, ex)))
        for key in ("records", "facts", "blanks", "warnings"):
            self.totals[key] += _int(counts[key])
        self.totals["errors"] += 1 if result.error else 0
        name = note_name(result)
        text_html, wids = _note_text(result, numbered, self.w + 1)
        self.w += len(ex.warnings) if ex is not None else 0
        self._list_items(k, name, result, numbered, wids)
        status = f'<span class="err">error: {esc(result.error)}</span>' if result.error else "ok"
        stats = " \u00b7 ".join(_count(_int(counts[c]), c[:-1]) for c in ("records", "facts", "blanks", "warnings"))
        self.index_rows.append(
            f'<tr><td><a href="{{href}}">{esc(name)}</a></td><td class="meta">{esc(result.path)}</td>'
            f'<td class="num">{counts["records"]}</td><td class="num">{counts["facts"]}</td>'
            f'<td class="num">{counts["blanks"]}</td><td class="num">{counts["warnings"]}</td><td>{status}</td></tr>')
        error = f'<p class="notice">Error: {esc(result.error)}</p>' if result.error else ""
        rec = reconciliation_of(result)
        rec_html = ""
        if rec is not None:
            self.rec_counts.append(rec.counts())
            rec_html = reconciliation_html(rec)
        sec = _Section(k, name, (
            f'<section class="note" id="note-{k}"><a class="up" href="#top">\u2191 summary</a>'
            f"<h2>{esc(name)}</h2><p class=\"meta\">{esc(result.path)} \u2014 {esc(stats)}</p>{error}"
            f"{_warnings_list(result, wids)}{located_html(result)}{text_html}{_facts_table(numbered)}{rec_html}</section>"))
        if self._tmp_dir is not None:
            self._write_page(sec)
        else:
            self.sections.append(sec)

    def _list_items(self, k: int, name: str, result: FileResult, numbered: list[_Numbered], wids: dict[int, str]) -> None:
        """The note's entries in the summary's lists of blanks and warnings ({href} filled in at the end)."""
        for nf in numbered:
            f = nf.fact
            if f.blank:
                self.blank_items.append((k, (
                    f'<li><a href="{{href}}#ev-{nf.n}">blank #{nf.n}</a> {esc(f.kind)} \u00b7 {esc(f.counterparty)} '
                    f"\u00b7 {esc(f.period_end.isoformat())} \u2014 {esc(name)}</li>")))
        ext = 0
        for row in warning_rows(result):
            anchor = f"note-{k}"
            if row["level"] == "extraction":
                anchor = wids.get(ext, anchor)
                ext += 1
            self.warning_items.append((k, (
                f'<li><a href="{{href}}#{esc(anchor)}">{esc(name)}</a> <span class="lvl">{esc(row["level"])}</span> '
                f"{esc(row['message'])}</li>")))

    # --- the summary ----------------------------------------------------------------------------

    def _fill(self, k: int, item: str) -> str:
        """An item whose ``{href}#anchor`` links into note ``k``."""
        base = "" if self._tmp_dir is None else f"{esc(pages_dir_name(self.path))}/{page_name(k)}"
        return item.replace("{href}", base, 1)

    def _summary(self) -> str:
        totals = self.totals
        lists = {"blanks": "all-blanks", "warnings": "all-warnings"}

        def total(key: str) -> str:
            bad = ' class="bad"' if key in ("blanks", "errors", "warnings") and totals[key] else ""
            word = key[:-1] if totals[key] == 1 else key
            inner = f"<b>{totals[key]}</b>{word}"
            if key in lists and totals[key]:
                inner = f'<a href="#{lists[key]}">{inner}</a>'
            return f'<li{bad} id="total-{key}">{inner}</li>'

        def listing(key: str, title: str, items: list[tuple[int, str]]) -> str:
            if not items:
                return ""
            body = "".join(self._fill(k, item) for k, item in items)
            return f'<details class="all" id="{lists[key]}"><summary>{esc(title)}</summary><ul>{body}</ul></details>'

        rows = "".join(row.replace("{href}", self._href(k), 1) for k, row in enumerate(self.index_rows, start=1))
        return (
            '<header id="top"><h1>relparty review</h1>'
            '<p class="meta">Related-party facts with their evidence. Click a fact\u2019s # to see it in the note; '
            "click a highlight\u2019s # to come back.</p>"
            f'<ul class="totals">{"".join(total(k) for k in totals)}</ul>'
            f"{_legend()}{_reconciliation_summary_counts(self.rec_counts)}"
            f"{listing('blanks', f'Every blank amount ({len(self.blank_items)})', self.blank_items)}"
            f"{listing('warnings', f'Every warning ({len(self.warning_items)})', self.warning_items)}"
            '<table class="index"><thead><tr><th>Note</th><th>File</th><th class="num">Records</th>'
            '<th class="num">Facts</th><th class="num">Blanks</th><th class="num">Warnings</th><th>Status</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></header>")

    def render(self) -> str:
        """The one page (or the index page) as a string."""
        sections = "" if self._tmp_dir is not None else "".join(sec.html for sec in self.sections)
        title = f"relparty review \u2014 {self.totals['notes']} notes, {self.totals['facts']} facts"
        return _page(title, f"{self._summary()}<main>{sections}</main>")

    def close(self) -> None:
        """Write the page (or the index) and put the note pages in place."""
        final_dir = self.path.parent / pages_dir_name(self.path)
        if self._tmp_dir is not None:
            if final_dir.is_dir():
                shutil.rmtree(final_dir)
            os.replace(self._tmp_dir, final_dir)
            self._tmp_dir = final_dir  # links are relative: the same from here on
        with atomic_output(self.path) as fh:
            fh.write(self.render())

    def abort(self) -> None:
        if self._tmp_dir is not None and self._tmp_dir.name.endswith(".tmp"):
            shutil.rmtree(self._tmp_dir, ignore_errors=True)
        self._tmp_dir = None


def _reconciliation_summary_counts(counts: list[dict[str, int]]) -> str:
    """:func:`_reconciliation_summary` from each note's items per status."""
    if not counts:
        return _reconciliation_summary([])
    totals = dict.fromkeys(STATUSES, 0)
    for c in counts:
        for status, n in c.items():
            totals[status] += n
    items = "".join(f'<li class="status-{esc(s)}" id="rec-total-{esc(s)}"><b>{totals[s]}</b>{esc(s)}</li>'
                    for s in STATUSES)
    return (f'<p class="meta">Reconciliation with the details pages beside {esc(_count(len(counts), "note"))} '
            f"(each note\u2019s items follow its facts):</p>"
            f'<ul class="totals reconciliation-totals" id="reconciliation-totals">{items}</ul>')


def render_review(results: Iterable[FileResult]) -> str:
    """The review of ``results`` as one page, whatever their number (see :class:`ReviewWriter`)."""
    writer = ReviewWriter(Path("review.html"), paged=False)
    for r in results:
        writer.add(r)
    return writer.render()


def write_review(results: Iterable[FileResult], path: Path, paged: bool | None = None) -> None:
    """Write the review for ``results`` at ``path`` (UTF-8; one page, or an index and a page per note
    for more than :data:`SINGLE_PAGE_MAX_NOTES` notes; see :class:`ReviewWriter`)."""
    with ReviewWriter(path, paged=paged) as writer:
        for r in results:
            writer.add(r)
