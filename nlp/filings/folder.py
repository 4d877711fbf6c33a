"""An EDGAR filing folder read as one filing: ``FilingSummary.xml``, its R pages, and the primary document.

The related-party note's R page and its "(Details)" pages are picked from the summary (a report whose short
name says related party: the note in the "Notes" menu, its details by ``ParentRole`` or a "(Details)" name),
never by a file-name convention. :func:`read_filing` is the one entry for a path or a text: a folder is read here,
a document by ``relparty.filings.read`` (which knows nothing of folders). The note page is extracted, the details pages are read into tagged facts and
the two reconciled with :func:`relparty.reconcile.reconcile`. When the primary document is in the folder it is
read too (its located sections and inline tags). A report listed but missing from the folder is a warning.
"""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from pathlib import Path

from relparty.details.reader import read_details
from relparty.filings.read import MAX_FILING_BYTES, read_document, read_file
from relparty.filings.visible import strip_tags
from relparty.models import ExtractionWarning, Provenance
from relparty.models.filings import FilingExtraction
from relparty.reconcile import reconcile

__all__ = ["is_filing_folder", "read_filing", "read_folder", "summary_reports", "rpage_text", "Report"]

_RP = re.compile(r"(?i)related[\s-]*(?:part(?:y|ies)|persons?)")
_REPORT = re.compile(r"(?s)<Report\b[^>]*>(.*?)</Report>")
_FIELD = re.compile(r"(?s)<(HtmlFileName|XmlFileName|LongName|ShortName|MenuCategory|Role|ParentRole|Position)>(.*?)</\1>")
_INSTANCE = re.compile(r'<Report\b[^>]*\binstance="([^"]+)"')


@dataclass
class Report:
    file: str
    short: str
    long: str
    menu: str
    role: str
    parent: str


def is_filing_folder(path: str | os.PathLike[str]) -> bool:
    return os.path.isfile(os.path.join(path, "FilingSummary.xml"))


def summary_reports(xml: str) -> tuple[list[Report], list[str]]:
    """The reports of a FilingSummary.xml and the instance documents it names."""
    out = []
    for m in _REPORT.finditer(xml):
        f = {k: html.unescape(v.strip()) for k, v in _FIELD.findall(m.group(1))}
        out.append(Report(f.get("HtmlFileName") or f.get("XmlFileName") or "", f.get("ShortName", ""),
                          f.get("LongName", ""), f.get("MenuCategory", ""), f.get("Role", ""), f.get("ParentRole", "")))
    return out, sorted(set(_INSTANCE.findall(xml)))


def pick(reports: list[Report]) -> tuple[Report | None, list[Report]]:
    """The related-party note report and its details reports."""
    notes = [r for r in reports if _RP.search(r.short) and r.menu.lower() == "notes"
             and "(details" not in r.short.lower() and "(tables" not in r.short.lower() and "(polic" not in r.short.lower()]
    note = notes[0] if notes else None
    details = [r for r in reports if "(details" in r.short.lower()
               and ((note is not None and r.parent and r.parent == note.role) or _RP.search(r.short))]
    return note, details


_CELL = re.compile(r"(?is)<(t[dh])\b[^>]*>(.*?)</\1\s*>")


def rpage_text(page_html: str) -> str:
    """An R page's HTML as EDGAR's text rendering (the layout ``relparty.details`` reads): the title cell's lines
    after a ``|`` line, a period group as ``|12 Months Ended``, a date header as ``|`` then the date, and one
    ``|cell`` line per non-empty body cell (the rendering drops empty cells)."""
    lines: list[str] = []
    for k, m in enumerate(_CELL.finditer(page_html)):
        inner = re.sub(r"(?i)<br\s*/?>", "\n", m.group(2))
        parts = [x for x in (strip_tags(x) for x in inner.split("\n")) if x]
        if not parts:
            continue
        if m.group(1).lower() == "th" and (k == 0 or not re.search(r"(?i)months? ended", parts[0])):
            lines += ["|", *parts]  # the title, or a column's date and unit lines
        else:
            lines.append("|" + " ".join(parts))
    return "\n".join(lines) + "\n"


def _read(path: Path) -> str | None:
    text, _, _ = read_file(str(path))
    return text


def read_folder(path: str | os.PathLike[str], extractor: object | None = None, max_bytes: int = 100_000_000) -> FilingExtraction:
    from relparty.api import default_extractor

    folder = Path(path)
    name = folder.name
    xml = _read(folder / "FilingSummary.xml") or ""
    reports, instances = summary_reports(xml)
    warns: list[ExtractionWarning] = []
    primary = next((folder / i for i in instances if (folder / i).is_file()), None)
    if primary is not None:
        text, error, fw = read_file(str(primary), max_bytes)
        out = read_document(text, source=str(primary), extractor=extractor, warnings=fw) if text is not None else \
            FilingExtraction(source=str(primary), warnings=[ExtractionWarning(message=f"{primary.name}: {error}")])
    else:
        out = FilingExtraction(source=str(folder), provenance=Provenance())
        if instances:
            warns.append(ExtractionWarning(message=f"{name}: primary document {', '.join(instances)} not in the folder"))
    note, details = pick(reports)
    if note is None:
        if not out.sections:
            out.warnings = [w for w in out.warnings if "no related-party note" not in w.message]
            warns.append(ExtractionWarning(message=f"{name}: no related-party note in FilingSummary.xml "
                                                   f"({len(reports)} reports) nor in a primary document; no facts are given"))
        out.warnings += warns
        return out
    note_path = folder / note.file
    note_text = _read(note_path) if note_path.is_file() else None
    if note_text is None:
        warns.append(ExtractionWarning(message=f"{name}: FilingSummary.xml lists the note {note.short!r} as {note.file}, "
                                               f"which is not in the folder"))
        out.warnings += warns
        return out
    ex = extractor or default_extractor()
    extraction = ex.extract(note_text, source=str(note_path), kind="html",  # type: ignore[attr-defined]
                            filer=out.provenance.filer)  # the primary document's cover names the filer
    extraction.provenance = out.provenance
    extraction.section = note.short
    pages = []
    for d in details:
        p = folder / d.file
        t = _read(p) if p.is_file() else None
        if t is None:
            warns.append(ExtractionWarning(message=f"{name}: details report {d.short!r} ({d.file}) listed but not in the folder"))
            continue
        pages.append(read_details(rpage_text(t) if "<td" in t.lower() else t, source=str(p)))
    out.notes.insert(0, extraction)
    if pages:
        out.reconciliations.insert(0, reconcile(extraction, pages))
    out.warnings += warns
    out.source = str(folder)
    return out


def read_filing(path_or_text: str | os.PathLike[str], extractor: object | None = None,
                max_bytes: int = MAX_FILING_BYTES) -> FilingExtraction:
    """Read a whole filing: a primary document path, an EDGAR filing folder (FilingSummary.xml and R pages),
    or the document's text itself. Never raises on bad input: the warnings name the file and say why."""
    if isinstance(path_or_text, os.PathLike) or (isinstance(path_or_text, str) and _is_path(path_or_text)):
        path = os.fspath(path_or_text)
        if os.path.isdir(path):
            if is_filing_folder(path):
                return read_folder(path, extractor=extractor, max_bytes=max_bytes)
            return _failed(path, "a directory without FilingSummary.xml or a primary document")
        text, error, warns = read_file(path, max_bytes)
        if text is None:
            return _failed(path, error or "unreadable")
        return read_document(text, source=path, extractor=extractor, warnings=warns)
    if isinstance(path_or_text, bytes):
        path_or_text = path_or_text.decode("utf-8", errors="replace")
    return read_document(str(path_or_text), source=None, extractor=extractor)


def _is_path(s: str) -> bool:
    return len(s) < 4096 and "\n" not in s and "<" not in s and (os.path.exists(s) or s.lower().endswith((".htm", ".html", ".txt")))


def _failed(path: str, reason: str) -> FilingExtraction:
    return FilingExtraction(source=path, provenance=Provenance(),
                            warnings=[ExtractionWarning(message=f"{Path(path).name}: {reason}")])
