"""Speed of whole-filing reading: locating the related-party sections and reading a primary document.

    .venv/bin/python bench/filings.py [--mb 10] [--repeat 3]

Builds a synthetic inline XBRL primary document of about ``--mb`` megabytes (cover, hidden ix:header with
contexts, many notes of paragraphs and tagged tables, the related-party note in three continuedAt parts near
the end) and times, best of ``--repeat``: the visible text pass (tags, entities, ix index, offset map), the
locator (text blocks and the heading search), and both together, in MB/s of the document. Extraction of the
located note (spaCy) is timed on its own. Also times the real filings of ../shared/filings when present.
Each figure is the best of the runs in wall time and in CPU time of this process (CPU time is what a busy
machine changes least); the load average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from relparty.filings.locate import locate
from relparty.filings.provenance import fiscal_calendar, provenance
from relparty.filings.read import read_document, section_source
from relparty.filings.visible import visible_text

FILINGS = Path(__file__).resolve().parents[1].parent / "shared" / "filings"  # ../shared/filings of the checkout
if not FILINGS.is_dir():
    FILINGS = Path("/work/shared/filings")


def synthetic(mb: float) -> str:
    head = ('<html><body><div style="display:none"><ix:header><ix:resources>'
            + "".join(f'<xbrli:context id="c{i}"><xbrli:period><xbrli:startDate>2024-01-01</xbrli:startDate>'
                      f"<xbrli:endDate>2024-12-31</xbrli:endDate></xbrli:period></xbrli:context>" for i in range(400))
            + '<xbrli:unit id="usd"><xbrli:measure>iso4217:USD</xbrli:measure></xbrli:unit></ix:resources></ix:header></div>'
            "<div>SECURITIES AND EXCHANGE COMMISSION</div><div>FORM 10-K</div>")
    words = ("We recognize revenue when control of the promised goods or services is transferred to our customers, in an "
             "amount that reflects the consideration we expect to be entitled to in exchange for those goods or services. ")
    para = ('<div style="margin-bottom:12pt"><span style="font-family:Arial;font-size:10pt">' + words + "</span>"
            '<span style="font-family:Arial;font-size:10pt">Revenue from customers was $<ix:nonFraction '
            'name="us-gaap:Revenues" contextRef="c1" unitRef="usd" scale="6" decimals="-6">1,234</ix:nonFraction> million '
            "in 2024 &amp; $1,100 million in 2023. </span><span>" + words * 2 + "</span></div>")
    row = ('<tr><td><span>Cost of sales</span></td><td>$</td><td><ix:nonFraction name="us-gaap:CostOfRevenue" '
           'contextRef="c2" unitRef="usd" scale="6">812</ix:nonFraction></td><td>&#160;</td><td>790</td></tr>')
    note = para * 12 + "<table>" + row * 8 + "</table>"
    body = []
    size = len(head)
    n = 0
    while size < mb * 1_000_000 * 0.99:
        n += 1
        body.append(f"<div>{n}. Other Matters</div>" + note)
        size += len(body[-1])
    rp = ('<div>19. <ix:nonNumeric name="us-gaap:RelatedPartyTransactionsDisclosureTextBlock" contextRef="c1" id="rp" '
          'continuedAt="rp-1">Related Party Transactions</ix:nonNumeric></div>'
          '<ix:continuation id="rp-1" continuedAt="rp-2"><div>The Company purchased services from Acme Holdings of '
          '$<ix:nonFraction name="us-gaap:RelatedPartyTransactionPurchasesFromRelatedParty" contextRef="c1" unitRef="usd" '
          'scale="3">1,250</ix:nonFraction> thousand in 2024.</div></ix:continuation><div>Page 90</div>'
          '<ix:continuation id="rp-2"><div>Amounts due to Acme Holdings were $300 thousand as of December 31, 2024.'
          "</div></ix:continuation><div>20. Subsequent Events</div>")
    return head + "".join(body) + rp + "</body></html>"


def best(fn, repeat: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(best wall time, best CPU time) of ``repeat`` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus)


def _line(label: str, t: tuple[float, float], size: float) -> str:
    return f"  {label:<40} {t[0]:.3f} s wall ({size / t[0]:.1f} MB/s), {t[1]:.3f} s CPU ({size / t[1]:.1f} MB/s)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    doc = synthetic(a.mb)
    size = len(doc.encode("utf-8")) / 1e6
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    vis = visible_text(doc)
    t_vis = best(lambda: visible_text(doc), a.repeat)
    t_prov = best(lambda: fiscal_calendar(vis, provenance(vis)), a.repeat)
    t_loc = best(lambda: locate(vis), a.repeat)
    sections = locate(vis)
    t_src = best(lambda: [section_source(vis, s) for s in sections], a.repeat)
    total = tuple(sum(x) for x in zip(t_vis, t_prov, t_loc, t_src))
    print(f"synthetic inline XBRL document: {size:.1f} MB, {len(vis.ix):,} ix elements, {len(sections)} section(s); "
          f"load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end" if hasattr(os, "getloadavg") else "")
    print(_line("visible text + ix index + map checkpoints:", t_vis, size))
    print(_line("provenance and fiscal calendar:", t_prov, size))
    print(_line("locate sections:", t_loc, size))
    print(_line("section text mapped to the document:", t_src, size))
    print(_line("located and read, before extraction:", total, size))  # type: ignore[arg-type]
    read_document(doc, source="synthetic.htm")  # warm the pipeline
    t_all = best(lambda: read_document(doc, source="synthetic.htm"), 1)
    print(f"  read_filing with extraction of the note: {t_all[0]:.3f} s wall, {t_all[1]:.3f} s CPU")
    if FILINGS.is_dir():
        files = sorted(p for p in FILINGS.rglob("*") if p.suffix in (".htm", ".html", ".txt")
                       and not (p.name.startswith("R") and p.name[1:2].isdigit()))
        mb = sum(p.stat().st_size for p in files) / 1e6
        texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
        t = best(lambda: [locate(visible_text(x)) for x in texts], 1)
        print(f"../shared/filings: {len(files)} primary documents, {mb:.1f} MB: located and read in {t[0]:.2f} s wall "
              f"({mb / t[0]:.1f} MB/s), {t[1]:.2f} s CPU ({mb / t[1]:.1f} MB/s); load average {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
