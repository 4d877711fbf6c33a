"""The review page's part for a whole filing: where each related-party section is, the located text, the tags."""

from __future__ import annotations

from html import escape

from relparty.exports.reconciliation import reconciliation_html
from relparty.models.filings import FilingExtraction
from relparty.results import FileResult

__all__ = ["located_html"]


def _e(v: object) -> str:
    return escape("" if v is None else str(v), quote=True)


def located_html(result: FileResult) -> str:
    """An escaped ``<div class="located">`` for a result read as a whole filing ("" for a note file)."""
    fx = result.filing
    if not isinstance(fx, FilingExtraction):
        return ""
    p = fx.provenance
    who = " \u00b7 ".join(_e(x) for x in (p.filer, p.form, p.cik and f"CIK {p.cik}",
                                            p.period_of_report and f"period {p.period_of_report}") if x)
    out = ['<div class="located">', f'<p class="meta">Whole filing: {who or "the filing does not name itself"}</p>']
    if not fx.sections:
        out.append('<p class="notice">No related-party note or section was found in this filing; no facts are given.</p>')
    for s in fx.sections:
        how = f"{s.concept} ({len(s.parts)} part{'s' if len(s.parts) != 1 else ''})" if s.concept else "its heading"
        inside = f", inside section {s.inside}" if s.inside else ""
        out.append(f'<h3 id="section-{s.n}">Section {s.n}: {_e(s.heading)}</h3>'
                   f'<p class="meta">Found by {_e(how)}{_e(inside)}; characters {s.span.start}\u2013{s.span.end} of the '
                   f"document as given ({s.start}\u2013{s.end} of its visible text, "
                   f"{100 * s.span.start / max(fx.length, 1):.0f}% into the filing); {s.tagged_values} tagged values</p>")
        if s.text:
            out.append(f'<div class="text located-text">{_e(s.text)}</div>')
    if fx.reconciliations:
        out += [reconciliation_html(r, heading="The section's own tags (ix:nonFraction), reconciled in place")
                for r in fx.reconciliations]
    out.append("</div>")
    return "".join(out)
