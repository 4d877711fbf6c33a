"""What a filing says about itself: filer, CIK, form, period of report, fiscal year end.

Read from the inline XBRL cover facts (``dei:``), else from an SGML submission header (``COMPANY CONFORMED
NAME:`` ...), else from the cover page text ("FORM 10-K", "SCHEDULE 14A"). Each is None when the filing does
not say it: nothing is guessed from the file name.
"""

from __future__ import annotations

import re
from datetime import date

from relparty.filings.visible import Visible, strip_tags
from relparty.models import Provenance

__all__ = ["provenance"]

_DEI = {
    "dei:EntityRegistrantName": "filer",
    "dei:EntityCentralIndexKey": "cik",
    "dei:DocumentType": "form",
    "dei:DocumentPeriodEndDate": "period_of_report",
    "dei:CurrentFiscalYearEndDate": "fiscal_year_end",
}
_SGML = {
    "filer": re.compile(r"COMPANY CONFORMED NAME:\s*(.+)"),
    "cik": re.compile(r"CENTRAL INDEX KEY:\s*(\d+)"),
    "form": re.compile(r"CONFORMED SUBMISSION TYPE:\s*(.+)"),
    "period_of_report": re.compile(r"CONFORMED PERIOD OF REPORT:\s*(\d{8})"),
    "fiscal_year_end": re.compile(r"FISCAL YEAR END:\s*(\d{4})"),
}
_FORM_TEXT = re.compile(
    r"(?im)^\s*(?:form\s+(10-K(?:/A)?|10-Q(?:/A)?|20-F(?:/A)?|40-F(?:/A)?|8-K|S-1(?:/A)?|F-1)|schedule\s+(14A))\b")
_PROSPECTUS = re.compile(r"(?i)filed pursuant to rule\s+(424\(b\)\(\d\))")
_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"), 1)}
_LONG_DATE = re.compile(r"(?i)\b(january|february|march|april|may|june|july|august|september|october|november|december)"
                        r"\s+(\d{1,2}),?\s+(\d{4})")


def _date(value: str) -> date | None:
    value = value.strip()
    try:
        if re.fullmatch(r"\d{8}", value):
            return date(int(value[:4]), int(value[4:6]), int(value[6:]))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
        m = _LONG_DATE.search(value)
        if m:
            return date(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
    except ValueError:
        return None
    return None


def provenance(vis: Visible) -> Provenance:
    """The filing's own statement of who, what form and what period (each None when it does not say)."""
    found: dict[str, str] = {}
    for el in vis.ix:
        key = _DEI.get(el.name)
        if key and key not in found and el.inner_end > el.inner_start:
            found[key] = strip_tags(vis.document[el.inner_start:min(el.inner_end, el.inner_start + 2000)])
    head = vis.document[:20_000]
    if "<SEC-HEADER>" in head or "CONFORMED SUBMISSION TYPE:" in head:
        for key, rx in _SGML.items():
            m = rx.search(head)
            if m and key not in found:
                found[key] = m.group(1).strip()
    if "form" not in found:
        cover = vis.text[:20_000]
        m = _PROSPECTUS.search(cover)
        if m:
            found["form"] = "424B" + m.group(1)[5]
        else:
            m = _FORM_TEXT.search(cover)
            if m:
                found["form"] = (m.group(1) or "DEF 14A").upper()
    period = _date(found["period_of_report"]) if "period_of_report" in found else None
    fye = found.get("fiscal_year_end")
    return Provenance(filer=found.get("filer") or None, cik=found.get("cik") or None, form=found.get("form") or None,
                      period_of_report=period, fiscal_year_end=fye or None)
