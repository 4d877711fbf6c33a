"""Every filing of ../shared/filings located and checked against the location SOURCES.md records for it.

SOURCES.md gives each related-party place as ``"HEADING" text[START:END] N chars, ends before "MARKER"`` (and
``ix CONCEPT text[START:END] N chars, P parts, K ix:nonFraction inside`` for a tagged text block), in offsets of
the document's visible text. The locator's sections must start and end there (within a few characters: the
two tag strippers differ on a space or two) and begin with the recorded heading; a place nested in another
recorded place (a subsection) must lie inside a located section; an index line recorded as a trap must not be
a section; a filing recorded with no related-party place must give none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from relparty.filings.locate import locate
from relparty.filings.read import read_file
from relparty.filings.visible import visible_text
from relparty.models.filings import FilingSection

FILINGS = Path(__file__).resolve().parents[1].parent / "shared" / "filings"
if not FILINGS.is_dir():
    FILINGS = Path("/work/shared/filings")
SOURCES = FILINGS / "SOURCES.md"
NEEDS = pytest.mark.skipif(not SOURCES.is_file(), reason=f"needs the shared filings ({SOURCES} is absent)")

TOLERANCE = 200  # characters: the tag strippers differ by a few spaces over a megabyte


@dataclass
class Place:
    heading: str
    start: int
    end: int
    marker: str | None
    trap: bool = False


@dataclass
class Block:
    concept: str
    start: int
    end: int
    parts: int
    tagged: int


@dataclass
class Row:
    file: str
    places: list[Place]
    blocks: list[Block]
    none: bool


_PLACE = re.compile(r'(?P<label>[^;]*?)"(?P<h>(?:[^"\\]|\\.)*)" text\[(?P<s>\d+):(?P<e>\d+)\](?: \d+ chars)?(?:, ends before "(?P<m>[^"]*)")?')
_BLOCK = re.compile(r"ix (?P<c>\S+) text\[(?P<s>\d+):(?P<e>\d+)\] \d+ chars, (?P<p>\d+) parts?, (?P<k>\d+) ix:nonFraction")


def _rows() -> list[Row]:
    if not SOURCES.is_file():
        return []
    out = []
    for line in SOURCES.read_text(encoding="utf-8").splitlines():
        cols = line.split(" | ")
        if len(cols) < 8 or cols[0] in ("file", "---") or not cols[0].endswith((".htm", ".html", ".txt")):
            continue
        loc = cols[6]
        places = [Place(m.group("h").replace("\\|", "|"), int(m.group("s")), int(m.group("e")), m.group("m"),
                        trap="trap" in m.group("label")) for m in _PLACE.finditer(loc)]
        blocks = [Block(m.group("c"), int(m.group("s")), int(m.group("e")), int(m.group("p")), int(m.group("k")))
                  for m in _BLOCK.finditer(loc)]
        out.append(Row(cols[0], places, blocks, none=loc.startswith("no related-party")))
    return out


ROWS = _rows()


def _norm(s: str) -> str:
    return re.sub(r"[\s|]+", " ", s).strip().lower()


_CACHE: dict[str, tuple[str, list[FilingSection]]] = {}


def _located(name: str) -> tuple[str, list[FilingSection]]:
    if name not in _CACHE:
        text, error, _ = read_file(str(FILINGS / name))
        assert text is not None, error
        vis = visible_text(text)
        _CACHE[name] = (vis.text, locate(vis))
    return _CACHE[name]


def _nested(p: Place, places: list[Place], blocks: list[Block]) -> bool:
    outer = [(q.start, q.end) for q in places if q is not p and not q.trap] + [(b.start, b.end) for b in blocks]
    return any(s <= p.start and p.end <= e and (s, e) != (p.start, p.end) for s, e in outer)


def test_sources_lists_the_filings() -> None:
    if not ROWS:
        pytest.skip(f"needs the shared filings ({SOURCES} is absent)")
    assert len(ROWS) >= 25
    assert sum(len(r.places) + len(r.blocks) for r in ROWS) >= 40


@NEEDS
@pytest.mark.parametrize("row", ROWS, ids=[r.file for r in ROWS])
def test_filing_located_where_sources_says(row: Row) -> None:
    text, sections = _located(row.file)
    if row.none:
        assert sections == [], f"{row.file}: no related-party place is recorded, found {[s.heading for s in sections]}"
        return
    for b in row.blocks:
        got = [s for s in sections if s.found_by == "text-block" and s.concept == b.concept]
        assert got, f"{row.file}: text block {b.concept} not found"
        s = min(got, key=lambda s: abs(s.start - b.start))
        assert abs(s.start - b.start) <= TOLERANCE and abs(s.end - b.end) <= TOLERANCE, (s.start, s.end, b)
        assert len(s.parts) == b.parts
        assert s.tagged_values == b.tagged
    for p in row.places:
        near = [s for s in sections if abs(s.start - p.start) <= TOLERANCE]
        if p.trap:
            assert not near, f"{row.file}: the index line {p.heading!r} was taken for a section"
            continue
        if _nested(p, row.places, row.blocks):
            assert any(s.start - TOLERANCE <= p.start and p.end <= s.end + TOLERANCE for s in sections), \
                f"{row.file}: subsection {p.heading!r} is inside no located section"
            continue
        assert near, f"{row.file}: {p.heading!r} at {p.start} not found; sections at {[s.start for s in sections]}"
        s = min(near, key=lambda s: abs(s.start - p.start))
        line = text.rfind("\n", 0, s.start) + 1  # a text block may begin after the note's number ("19. ")
        assert _norm(text[line:s.end]).startswith(_norm(p.heading)[:40]), (p.heading, text[line:s.start + 80])
        assert abs(s.end - p.end) <= max(TOLERANCE, (p.end - p.start) // 20), (p, s.start, s.end)
        if p.marker:
            assert _norm(text[s.end:s.end + len(p.marker) + 10]).startswith(_norm(p.marker)), text[s.end:s.end + 80]


@NEEDS
def test_tagged_note_is_one_section_not_two() -> None:
    """The heading of a tagged text block is that block: not a second section beside it."""
    _, sections = _located("unp-10-k-2025-02-07.html")
    notes = [s for s in sections if "related parties" in s.heading.lower()]
    assert len(notes) == 1 and notes[0].found_by == "text-block"
