"""``relparty locate FILING...``: where each related-party section of a filing is (the parser is ``relparty.cli``'s).

One line per section (a table by default, or JSON lines): the file, the section's number, the visible-text
start and end (SOURCES.md's offsets), the document offsets, its heading, how it was found (a text block and
its parts, or a heading) and the tagged values inside. A filing without a section prints "none" for it and a
warning; a file that cannot be read is reported as ``relparty: FILE: reason`` and the run goes on (exit 1).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterator

from relparty.filings.folder import is_filing_folder, summary_reports
from relparty.filings.locate import locate
from relparty.filings.read import MAX_FILING_BYTES, read_file
from relparty.filings.visible import visible_text
from relparty.models.filings import FilingSection

__all__ = ["run_locate", "located"]


def located(path: str) -> tuple[list[FilingSection], list[str], str | None]:
    """(sections, warnings, error) of one filing path."""
    target = path
    if os.path.isdir(path):
        if not is_filing_folder(path):
            return [], [], "a directory without FilingSummary.xml"
        xml, _, _ = read_file(os.path.join(path, "FilingSummary.xml"))
        _, instances = summary_reports(xml or "")
        docs = [os.path.join(path, i) for i in instances if os.path.isfile(os.path.join(path, i))]
        if not docs:
            return [], ["no primary document in the folder"], None
        target = docs[0]
    text, error, warns = read_file(target, MAX_FILING_BYTES)
    if text is None:
        return [], warns, error
    vis = visible_text(text)
    sections = locate(vis)
    return sections, warns + vis.warnings + [w for s in sections for w in s.warnings], None


def _rows(path: str, sections: list[FilingSection]) -> Iterator[dict[str, object]]:
    for s in sections:
        how = s.found_by if s.concept is None else f"{s.concept} ({len(s.parts)} part{'s' if len(s.parts) != 1 else ''})"
        yield {"file": path, "section": s.n, "start": s.start, "end": s.end, "doc_start": s.span.start,
               "doc_end": s.span.end, "heading": s.heading, "found_by": how, "kind": s.kind, "inside": s.inside,
               "tagged_values": s.tagged_values}


def _expand(paths: list[str]) -> Iterator[str]:
    """A folder with FilingSummary.xml is one filing; another folder stands for the documents in it."""
    for p in paths:
        if os.path.isdir(p) and not is_filing_folder(p):
            docs = sorted(os.path.join(p, n) for n in os.listdir(p)
                          if n.lower().endswith((".htm", ".html", ".txt")) and not re.fullmatch(r"(?i)R\d+\.html?", n))
            yield from docs or [p]
        else:
            yield p


def run_locate(args: argparse.Namespace, *, prog: str) -> int:
    """``relparty locate``: ``args`` as ``relparty.cli`` parses them; messages begin with ``prog``."""
    out = sys.stdout
    failed = 0
    for path in _expand(args.filings):
        sections, warns, error = located(path)
        if error is not None:
            failed += 1
            print(f"{prog}: {path}: {error}", file=sys.stderr)
            continue
        if not args.quiet:
            for w in warns:
                print(f"{prog}: {path}: warning: {w}", file=sys.stderr)
        if not sections:
            if not args.quiet:
                print(f"{prog}: {path}: warning: no related-party note or section found", file=sys.stderr)
            if args.format == "jsonl":
                out.write(json.dumps({"file": path, "section": None, "found_by": "none"}) + "\n")
            else:
                out.write(f"{path}\tnone\n")
            continue
        for row in _rows(path, sections):
            if args.format == "jsonl":
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            else:
                inside = f" (inside {row['inside']})" if row["inside"] else ""
                out.write(f"{path}\t{row['section']}\t{row['start']}-{row['end']}\tdoc {row['doc_start']}-{row['doc_end']}\t"
                          f"{row['found_by']}{inside}\t{row['heading']}\n")
    out.flush()
    return 1 if failed else 0
