"""Where a filing's related-party sections are: tagged text blocks first, then headings.

1. **Text blocks.** An ``ix:nonNumeric`` whose concept is a related-party disclosure (``patterns/filings.json``:
   the us-gaap and IFRS concepts, and a filer's extension concept whose name says related party) and the
   ``ix:continuation`` parts its ``continuedAt`` chain links (a chain pointing nowhere or looping stops with
   a warning naming the id).
2. **Headings.** A line that is a related-party heading (an optional note, item or letter number, then one of
   the heading phrases, nothing else but a short tail) and not a line of a table of contents (a page number
   at its end, or an index: the next heading of its kind follows with no sentence between), nor a
   cross-reference ("See Note 15 ..."). A numbered heading ends at the next heading numbered the same way
   ("20." after "19.", "Item 14." after "Item 13."); an unnumbered one at the next heading-like line that is
   not itself about related-party transactions (a subheading such as "Certain Transactions" stays inside).
   A heading inside a tagged text block is that block, not a second section.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from relparty.filings.visible import IxElement, Visible
from relparty.models import TextSpan
from relparty.models.filings import FilingSection, SectionPart
from relparty.patterns import PATTERN_DIR

__all__ = ["locate", "LocateRules", "rules"]

_KEYS = {"//", "text_block_concepts", "extension_concept", "not_a_note_concept", "standard_prefixes", "headings",
         "cross_reference", "subheading_words"}


@dataclass(frozen=True)
class LocateRules:
    concepts: frozenset[str]
    extension: re.Pattern[str]
    not_a_note: re.Pattern[str]
    standard: frozenset[str]
    heading: re.Pattern[str]
    cross_reference: re.Pattern[str]
    subheading_words: frozenset[str]


@cache
def rules(path: Path | None = None) -> LocateRules:
    """The rules of ``patterns/filings.json`` (unknown keys rejected)."""
    p = path or PATTERN_DIR / "filings.json"
    data: dict[str, Any] = json.loads(p.read_text(encoding="utf-8"))
    unknown = set(data) - _KEYS
    if unknown:
        raise ValueError(f"{p}: unknown keys {sorted(unknown)}")
    phrases = "|".join(f"(?:{h})" for h in data["headings"])
    heading = re.compile(
        r"(?i)^(?P<num>(?:(?:note|item)\s*\d{1,2}[a-z]?(?:\.\d{1,2})?|\d{1,2}[a-z]?|[a-z]|[ivxl]{1,5})"
        r"\s*(?:[.:)]|\s[-–—]|[-–—])?\s*(?:[-–—]\s*)?)?"
        rf"(?P<title>{phrases})"
        r"(?P<tail>\s*\((?:continued|predecessor|successor|unaudited)\)|\s*[.:]|,? and director independence\.?)*"
        r"(?P<rest>\s*[:\-–—]\s*\S.*)?$")
    return LocateRules(frozenset(data["text_block_concepts"]), re.compile(data["extension_concept"]),
                       re.compile(data["not_a_note_concept"]), frozenset(data["standard_prefixes"]), heading,
                       re.compile(data["cross_reference"]), frozenset(data["subheading_words"]))


# --- text blocks -----------------------------------------------------------------------------------


def _is_rpt_block(el: IxElement, r: LocateRules) -> bool:
    name = el.name
    if name in r.concepts:
        return True
    prefix, _, local = name.partition(":")
    return bool(local) and prefix not in r.standard and bool(r.extension.search(local)) and not r.not_a_note.search(local)


def _chain(vis: Visible, first: IxElement, by_id: dict[str, IxElement]) -> tuple[list[IxElement], list[str]]:
    parts, warns, seen = [first], [], {first.attrs.get("id", "")}
    nxt = first.attrs.get("continuedAt")
    while nxt:
        if nxt in seen:
            warns.append(f"continuedAt chain of {first.name} loops back to {nxt!r}; read up to there")
            break
        seen.add(nxt)
        el = by_id.get(nxt)
        if el is None:
            warns.append(f"continuedAt {nxt!r} of {first.name} points to no ix:continuation; the text block ends there")
            break
        parts.append(el)
        nxt = el.attrs.get("continuedAt")
    return parts, warns


def _text_blocks(vis: Visible, r: LocateRules) -> list[FilingSection]:
    by_id = {el.attrs["id"]: el for el in vis.ix if el.kind == "continuation" and "id" in el.attrs and not el.hidden}
    blocks = [el for el in vis.ix if el.kind == "nonnumeric" and not el.hidden and _is_rpt_block(el, r)]
    nested = {id(el) for el in blocks if el.parent >= 0 and any(vis.ix[el.parent] is b for b in blocks)}
    out: list[FilingSection] = []
    for el in blocks:
        if id(el) in nested:
            continue
        parts, warns = _chain(vis, el, by_id)
        spans = [(p.vis_start, p.vis_end, p.inner_start, p.inner_end) for p in parts if p.vis_end >= p.vis_start]
        spans = [(_skip_space(vis.text, a, b), b, c, d) for a, b, c, d in spans]
        start = min(s[0] for s in spans)
        end = max(s[1] for s in spans)
        line_start = vis.text.rfind("\n", 0, start) + 1
        line_end = vis.text.find("\n", start)
        heading = vis.text[line_start:line_end if line_end >= 0 else len(vis.text)].strip()
        inside = [(p.vis_start, p.vis_end) for p in parts]
        tagged = sum(1 for x in vis.ix if x.kind == "nonfraction" and not x.hidden and any(a <= x.vis_start < b for a, b in inside))
        out.append(FilingSection(
            n=1, heading=heading[:200], found_by="text-block", concept=el.name, kind="note", start=start, end=end,
            span=TextSpan(start=min(s[2] for s in spans), end=max(s[3] for s in spans)),
            parts=[SectionPart(start=a, end=b, span=TextSpan(start=c, end=d)) for a, b, c, d in spans],
            tagged_values=tagged, warnings=warns))
    return out


def _skip_space(text: str, start: int, end: int) -> int:
    """A part's first visible character (the line break before it is written lazily, after its start)."""
    while start < end and text[start] in " \n":
        start += 1
    return start


# --- headings --------------------------------------------------------------------------------------


@dataclass
class _Line:
    start: int
    end: int
    text: str


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for part in text.split("\n"):
        out.append(_Line(pos, pos + len(part), part))
        pos += len(part) + 1
    return out


_NIL = re.compile(r"(?i)\s*(?:not applicable|none|n/a)\.?\s*")
_DIGITS = re.compile(r"\d+")
_CONTINUED = re.compile(r"(?i)\(continued\)\s*$")
_CELL_SEP = re.compile(r"\s*\|\s*")
_PREFIX_ONLY = re.compile(r"(?i)(?:note|item)\s*\d{1,2}[a-z]?\s*[.:)]?|(?:\d{1,2}[a-z]?|[A-Za-z])\s*[.:)]")
# a page number ending a line ("| 45", "A-3", "xii"); no leading white-space run (searched, that was quadratic)
_PAGE_NO = re.compile(r"(?:\|\s*)?(?:\d{1,3}|[A-Z]-\d{1,3}|[ivxl]{1,5})\s*$")
_SENTENCE = re.compile(r"\b\w+\b(?:\W+\b\w+\b){6,}")
_NUM_STYLE = [
    ("note", re.compile(r"(?i)^note\s*(\d{1,2})")),
    ("item", re.compile(r"(?i)^item\s*(\d{1,2})")),
    ("number", re.compile(r"^(\d{1,2})[a-z]?\s*[.:)\-–—]")),
    ("letter", re.compile(r"^([A-Za-z])\s*[.)]\s")),
]


def _style(num: str | None) -> tuple[str, str] | None:
    if not num:
        return None
    for style, rx in _NUM_STYLE:
        m = rx.match(num.strip() + " ")
        if m:
            return style, m.group(1)
    return None


def _heading_like(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 90 or s.endswith((".", ",", ";")) or "|" in s:
        return False
    words = re.findall(r"[A-Za-z][\w'’-]*", s)
    if not words or len(words) > 12:
        return False
    small = {"and", "or", "of", "the", "a", "an", "in", "on", "for", "to", "with", "by", "at", "from"}
    caps = [w for w in words if w.lower() not in small]
    return bool(caps) and sum(w[0].isupper() for w in caps) >= 0.8 * len(caps)


def _peer(line: str, style: tuple[str, str] | None) -> bool:
    """Does ``line`` start a heading numbered like ``style`` (another number)?"""
    assert style is not None
    kind, value = style
    rx = dict(_NUM_STYLE)[kind]
    line = _CELL_SEP.sub(" ", line).strip(" |")
    m = rx.match(line + " ")
    if not m or m.group(1) == value:
        return False
    rest = line.strip()[m.end():].strip(" .:-–—")
    if not rest:
        return True
    if kind == "letter" and not _heading_like(rest):
        return False
    if kind in ("number", "note") and value.isdigit() and m.group(1).isdigit():
        return int(m.group(1)) > int(value) and len(line) <= 120
    return len(line) <= 160


def _still_inside(line: str, words: frozenset[str]) -> bool:
    return any(w in words for w in re.findall(r"[a-z]+", line.lower()))


def _section_end(lines: list[_Line], i: int, style: tuple[str, str] | None, title_words: frozenset[str],
                 furniture: set[str], r: LocateRules, limit: int, caps: bool) -> int:
    """Index of the line that ends the section whose heading is ``lines[i]``."""
    inside_words = r.subheading_words
    for j in range(i + 1, min(len(lines), i + limit)):
        s = lines[j].text.strip()
        if not s:
            continue
        if style is not None:
            if _peer(s, style):
                return j
            continue
        if _DIGITS.sub("#", s) in furniture:
            nxt = next((x.text.strip() for x in lines[j + 1:j + 8]
                        if x.text.strip() and _DIGITS.sub("#", x.text.strip()) not in furniture), "")
            if _ends(nxt, False, inside_words):  # a page break, then a new heading
                return j
            continue
        if _ends(s, caps, inside_words):
            return j
    return min(len(lines), i + limit)


def _ends(line: str, caps: bool, inside_words: frozenset[str]) -> bool:
    """Is ``line`` the heading of what follows a section (an all-capitals heading is followed by another)?"""
    if caps and not (line.isupper() and len(re.findall(r"[A-Z]{2,}", line)) >= 1):
        return False
    return _heading_like(line) and not _still_inside(line, inside_words) and not _CONTINUED.search(line)


def _is_toc(lines: list[_Line], i: int, style: tuple[str, str] | None, m: re.Match[str], r: LocateRules) -> bool:
    line = lines[i].text.strip()
    if _PAGE_NO.search(line[m.end("title"):] if m.end("title") < len(line) else "") and m.group("rest") is None:
        return bool(re.search(r"\d\s*$", line))
    # an index of titles: the next heading-like line comes before any sentence
    for j in range(i + 1, min(len(lines), i + 6)):
        s = lines[j].text.strip()
        if not s:
            continue
        if _SENTENCE.search(s) and not _PAGE_NO.fullmatch(s):
            return False
        if style is not None and _peer(s, style):
            return True
        if r.heading.match(s) and style is None:
            return True
        if _PAGE_NO.fullmatch(s):
            return True
    return False


def _furniture(lines: list[_Line]) -> set[str]:
    """Lines repeated on many pages (running headers and footers)."""
    counts = Counter(_DIGITS.sub("#", x.text.strip()) for x in lines if 0 < len(x.text.strip()) <= 80)
    return {t for t, c in counts.items() if c >= 8 and len(re.findall(r"[A-Za-z]{2,}", t)) >= 2 and not _NIL.fullmatch(t)}


def _headings(vis: Visible, r: LocateRules) -> list[FilingSection]:
    lines = _lines(vis.text)
    furniture = _furniture(lines)
    out: list[FilingSection] = []
    for i, ln in enumerate(lines):
        s = ln.text.strip()
        if not s or len(s) > 200 or "related" not in s.lower() and "interest of management" not in s.lower():
            continue
        if r.cross_reference.search(s):
            continue
        s = _CELL_SEP.sub(" ", s)
        first = i
        prev = next((k for k in range(i - 1, max(-1, i - 3), -1) if lines[k].text.strip()), None)
        lead_in = _CELL_SEP.sub(" ", lines[prev].text).strip(" |") if prev is not None else ""
        if prev is not None and _PREFIX_ONLY.fullmatch(lead_in):
            s = lead_in + " " + s  # "5." alone on the line before the title
            first = prev
        m = r.heading.match(s)
        if m is None:
            continue
        style = _style(m.group("num"))
        if _is_toc(lines, i, style, m, r):
            continue
        title_words = frozenset(re.findall(r"[a-z]+", m.group("title").lower()))
        caps = m.group("title").isupper()
        j = _section_end(lines, i, style, title_words, furniture, r, limit=4000, caps=caps)
        if m.group("rest") is None and not any((_SENTENCE.search(x.text) or _NIL.fullmatch(x.text))
                                               and _DIGITS.sub("#", x.text.strip()) not in furniture
                                               for x in lines[i + 1:j]):
            continue  # a title with no sentence under it: an index or contents entry
        ln = lines[first]
        lead = len(ln.text) - len(ln.text.lstrip())
        start = ln.start + lead
        end = lines[j].start + (len(lines[j].text) - len(lines[j].text.lstrip())) if j < len(lines) else len(vis.text)
        kind = "item" if style and style[0] == "item" else "note" if style and style[0] in ("note", "number") else "section"
        if kind == "section" and re.match(r"(?i)^[a-z]\.", s) and "related party transactions" in s.lower():
            kind = "item"  # "B. Related Party Transactions" of a 20-F's Item 7
        out.append(FilingSection(n=1, heading=s[:200], found_by="heading", kind=kind, start=start, end=end,
                                 span=TextSpan(start=vis.to_document(start), end=vis.to_document(end)),
                                 parts=[SectionPart(start=start, end=end, span=TextSpan(
                                     start=vis.to_document(start), end=vis.to_document(end)))]))
    return out


# --- together --------------------------------------------------------------------------------------


def _tagged_inside(vis: Visible, start: int, end: int) -> int:
    return sum(1 for x in vis.ix if x.kind == "nonfraction" and not x.hidden and start <= x.vis_start < end)


def locate(vis: Visible, rule_path: Path | None = None) -> list[FilingSection]:
    """Every related-party section of the filing, in document order, numbered from 1; ``inside`` names the
    section that contains a nested one (a subsection of an Item, a statement under a policy heading)."""
    r = rules(rule_path)
    blocks = _text_blocks(vis, r)
    found = list(blocks)
    for h in _headings(vis, r):
        if any(b.start - 200 <= h.start <= b.end and h.start < b.end for b in blocks):
            continue  # the heading of (or a heading inside) a tagged block: that block
        if any(f.start == h.start for f in found):
            continue
        h.tagged_values = _tagged_inside(vis, h.start, h.end)
        found.append(h)
    found.sort(key=lambda s: (s.start, -s.end))
    for k, sec in enumerate(found, 1):
        sec.n = k
    for sec in found:
        outer = [o for o in found if o is not sec and o.start <= sec.start and sec.end <= o.end
                 and (o.start, -o.end) < (sec.start, -sec.end)]
        if outer:
            sec.inside = max(outer, key=lambda o: o.start).n
    return found
