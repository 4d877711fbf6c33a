"""The reconciliation of a note with its tagged details pages as an escaped HTML section (review pages,
``relparty details --format html``, a whole filing's own tags). The data comes from ``relparty.reconcile``;
the rows from :func:`relparty.exports.rows.reconciliation_rows`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from relparty.exports.markup import esc
from relparty.exports.rows import plain_number, reconciliation_rows
from relparty.models import Reconciliation

__all__ = ["reconciliation_html"]


_HTML_COLUMNS = (("status", "Status"), ("party", "Party"), ("kind", "Kind"), ("period_end", "Period end"),
                 ("period_months", "Months"), ("text_amount", "Text"), ("tagged_text", "Tagged"),
                 ("tagged_row", "Tagged row"), ("tagged_columns", "Columns"), ("message", "What was seen"))


def reconciliation_html(rec: Reconciliation, heading: str = "Reconciliation with the tagged details") -> str:
    """An escaped HTML ``<section>`` for a review page: counts, the scale used, warnings, one row per item."""
    e = esc

    def text(v: object) -> str:
        return "" if v is None else v.isoformat() if isinstance(v, date) else plain_number(v, grouped=True) if isinstance(v, Decimal) else str(v)
    counts = rec.counts()
    parts = [f'<section class="reconciliation" data-note="{e(rec.note or "")}">', f"<h2>{e(heading)}</h2>",
             '<p class="reconciliation-counts">' + ", ".join(f"{e(k)}: {v}" for k, v in counts.items()) + "</p>",
             f'<p class="reconciliation-scale">{e(rec.scale_reason)}</p>']
    if rec.pages:
        parts.append("<p>Details pages: " + ", ".join(e(str(p)) for p in rec.pages) + "</p>")
    if rec.warnings:
        parts.append('<ul class="reconciliation-warnings">' + "".join(f"<li>{e(w)}</li>" for w in rec.warnings) + "</ul>")
    parts.append("<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for _, h in _HTML_COLUMNS) + "</tr></thead><tbody>")
    for row in reconciliation_rows(rec):
        cells = "".join(f"<td>{e(text(row[k]))}</td>" for k, _ in _HTML_COLUMNS)
        parts.append(f'<tr class="status-{e(str(row["status"]))}" title="{e(str(row["match"] or ""))}">{cells}</tr>')
    parts.append("</tbody></table></section>")
    return "\n".join(parts)
