"""What a filing says about itself: filer, CIK, form, period of report, fiscal year end.

Read from the inline XBRL cover facts (``dei:``), else from an SGML submission header (``COMPANY CONFORMED
NAME:`` ...), else from the cover page text ("FORM 10-K", "SCHEDULE 14A"). Each is None when the filing does
not say it: nothing is guessed from the file name.
"""

from __future__ import annotations

import re
from datetime import date

from relparty.filings.visible import Visible, strip_tags
from relparty.fiscal import FiscalCalendar, calendar_for, stated_rule
from relparty.models import Provenance

__all__ = ["provenance", "fiscal_calendar"]

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
    r"(?im)^[^\S\n]*(?:form\s+(10-K(?:/A)?|10-Q(?:/A)?|20-F(?:/A)?|40-F(?:/A)?|8-K|S-1(?:/A)?|F-1)|schedule\s+(14A))\b")
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
        if not el.may_name("dei:"):
            continue  # the attributes of the other elements are never read
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


_ANNUAL = re.compile(r"(?i)^(?:10-K|10-KT|20-F|40-F|N-CSR|10-K405)(?:/A)?$")
_MONTH_DAY = re.compile(r"^-*(\d{2})-?(\d{2})$")


def _fye_month_day(value: str | None) -> tuple[int, int] | None:
    """``dei:CurrentFiscalYearEndDate`` ("--08-31", "August 31", "February 2") or an SGML "0831"."""
    if not value:
        return None
    v = value.strip()
    m = _MONTH_DAY.match(v)
    if m:
        md = int(m.group(1)), int(m.group(2))
    else:
        d = _date(f"{v} 2000")
        md = (d.month, d.day) if d else (0, 0)
    return md if 1 <= md[0] <= 12 and 1 <= md[1] <= 31 else None


def fiscal_calendar(vis: Visible, prov: Provenance) -> FiscalCalendar | None:
    """The filer's fiscal calendar, from what the filing says: the period of report of an annual report
    (or, in a 10-Q, the first fiscal year end on or after it), ``dei:DocumentFiscalYearFocus`` for that
    year's name, and a 52/53-week sentence ("ends on the Friday nearest the end of January"). None when the
    filing states no period."""
    if prov.period_of_report is None:
        return None
    focus_text = next((strip_tags(vis.document[e.inner_start:min(e.inner_end, e.inner_start + 200)])
                       for e in vis.ix if e.may_name("dei:") and e.name == "dei:DocumentFiscalYearFocus" and e.inner_end > e.inner_start), "")
    period_focus = next((strip_tags(vis.document[e.inner_start:min(e.inner_end, e.inner_start + 200)]).strip().upper()
                         for e in vis.ix if e.may_name("dei:") and e.name == "dei:DocumentFiscalPeriodFocus" and e.inner_end > e.inner_start), "")
    rule = stated_rule(vis.text)
    por = prov.period_of_report
    fye = _fye_month_day(prov.fiscal_year_end)
    how = ["period of report"]
    if (prov.form and _ANNUAL.match(prov.form.strip())) or period_focus == "FY" or fye == (por.month, por.day):
        anchor = por
    elif rule is not None:  # a 10-Q of a 52/53-week filer: the first year end by its rule on or after the period
        probe = FiscalCalendar(por, por.year, rule[0], rule[1], rule[2])
        anchor = next((d for d in (probe.end(y) for y in range(por.year - 1, por.year + 3)) if d >= por), por)
        how = ["first fiscal year end after the period of report"]
    elif fye is not None:
        y = por.year if (fye[0], fye[1]) >= (por.month, por.day) else por.year + 1
        try:
            anchor = date(y, *fye)
        except ValueError:  # "--02-29" in a year without it
            anchor = date(y, fye[0], 28)
        how = ["first fiscal year end after the period of report"]
    else:
        return None
    label = int(focus_text.strip()) if focus_text.strip().isdigit() else None
    if label is not None and abs(label - anchor.year) > 1:
        label = None  # a focus year that is not this year's name
    if label is not None:
        how.append("dei:DocumentFiscalYearFocus")
    return calendar_for(anchor, label, rule, "+".join(how))
