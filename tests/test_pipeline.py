"""The pipeline as a spaCy Language: what it leaves on the Doc."""

from __future__ import annotations

from nlp.pipeline import build_pipeline


def test_span_groups_for_display_only() -> None:
    text = ("Revenues from Shanghai Keshen Information Technology Co., Ltd (“Shanghai Keshen”) were RMB2, and RMB1 "
            "for the years ended December 31, 2022, 2023 and 2024, respectively.")
    shown, bare = build_pipeline()(text), build_pipeline(span_groups=False)(text)
    for key in ("rp_lexicon", "rp_periods", "rp_amounts", "rp_parties", "rp_kinds"):
        assert len(shown.spans[key]) > 0, key
        assert key not in bare.spans
    assert [s.text for s in shown.spans["rp_amounts"]] == ["RMB2", "RMB1"]
    # the results proper are the same either way
    for attr in ("rp_amount_lists", "rp_period_groups", "rp_triggers"):
        assert repr(getattr(shown._, attr)) == repr(getattr(bare._, attr))
