"""The pipeline as a spaCy Language: what it leaves on the Doc."""

from __future__ import annotations

from relparty.pipeline import build_pipeline


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


def test_find_names_is_the_regex_alternation_it_replaces() -> None:
    import random
    import re

    from relparty.components.mentions import find_names

    rnd = random.Random(7)
    pieces = ["Acme", "Acme Co", "Acme Co.", "Co", "Ltd", " ", " ", ", ", "&", "_", "x", "é", "(", "Li", "Li Wei", "\n"]
    for _ in range(3000):
        text = "".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 14)))
        names = sorted({rnd.choice(["Acme", "Acme Co", "Acme Co.", "Co", "Li", "Li Wei", "Wei", "Co. Ltd"])
                        for _ in range(rnd.randint(1, 4))})
        pat = re.compile(r"(?<![\w&])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
                         + r")(?![\w&])")
        want = [(m.start(), m.end(), m.group(0)) for m in pat.finditer(text)]
        assert find_names(text, names) == want, (text, names)


def test_token_lists_and_sentence_bounds_agree_with_spacy() -> None:
    from pathlib import Path

    from relparty.components.lexicon import lowers, sentence_bounds, starts, token_chars, words
    from relparty.readers import read_text

    nlp = build_pipeline(span_groups=False)
    notes = sorted(Path("corpus/notes").glob("*.txt"))[:12]
    for p in notes:
        doc = nlp(read_text(p.read_text(encoding="utf-8")).text)
        assert words(doc) == [t.text for t in doc]
        assert lowers(doc) == [t.lower_ for t in doc]
        assert starts(doc) == [t.idx for t in doc]
        assert sentence_bounds(doc) == [(s.start, s.end) for s in doc.sents]
        for s, e in sentence_bounds(doc)[:10]:
            assert token_chars(doc, s, e) == (doc[s:e].start_char, doc[s:e].end_char)


def test_extractor_pipe_pauses_the_collector_per_batch_only() -> None:
    import gc

    from relparty.api import default_extractor
    from spacy.tokens import Doc

    ex = default_extractor()
    text = "Revenues from Acme Co., Ltd were RMB5 and RMB6 for the years ended December 31, 2022 and 2023, respectively."
    seen: list[bool] = []
    for note in ex.pipe([text] * 5, batch_size=2):
        seen.append(gc.isenabled())  # the caller's code between batches runs with the collector on
        assert [f.amount for f in note.facts()] == [5, 6]
    assert seen == [True] * 5 and gc.isenabled()
    gc.disable()
    try:
        assert len(list(ex.pipe([text] * 3))) == 3
        assert not gc.isenabled()  # a collector the caller switched off stays off
    finally:
        gc.enable()
    gc.collect()
    assert not [o for o in gc.get_objects() if isinstance(o, Doc)]  # no Doc outlives its batch


def test_extractor_pipe_times_each_stage_and_gives_the_same_results() -> None:
    from relparty.api import STAGES, default_extractor

    ex = default_extractor()
    texts = ["Revenues from Acme Co., Ltd were RMB5 and RMB6 for the years ended December 31, 2022 and 2023, respectively.",
             "| Amount due to Acme Co., Ltd | 2023 | 2024 |\n| Services | 1,200 | 900 |", ""]
    times: dict[str, float] = {}
    timed = [n.model_dump_json() for n in ex.pipe(texts, batch_size=2, times=times)]
    assert timed == [n.model_dump_json() for n in ex.pipe(texts, batch_size=2)]
    assert sorted(times) == sorted(STAGES)  # every stage timed, no other key
    assert all(s >= 0 for s in times.values()) and sum(times.values()) > 0
    assert [name for name, _ in ex.nlp.pipeline] == [s for s in STAGES if s.startswith("relparty_")]


def test_lexicon_marks_read_like_the_spans_they_stand_for() -> None:
    from pathlib import Path

    from relparty.components.lexicon import MARKS_KEY
    from relparty.readers import read_text

    nlp = build_pipeline()
    text = read_text(Path("corpus/notes/cloopen-2024-r29.txt").read_text(encoding="utf-8")).text
    doc = nlp(text)
    marks = sorted((m for ms in doc.user_data[MARKS_KEY].values() for m in ms), key=lambda m: (m.start, m.end, m.label_))
    spans = sorted(doc.spans["rp_lexicon"], key=lambda s: (s.start, s.end, s.label_))
    assert len(marks) == len(spans) > 50
    for m, s in zip(marks, spans):
        assert (m.start, m.end, m.label_, m.id_, m.start_char, m.end_char, m.text, len(m)) == (
            s.start, s.end, s.label_, s.id_, s.start_char, s.end_char, s.text, len(s))


def test_label_service_tail_search_is_the_whole_label_search() -> None:
    import random
    import re

    from relparty.components.tables import _label_service

    def slow(label: str, party: str) -> str | None:
        s = label
        if party and party in s:
            s = s[: s.index(party)]
        s = re.sub(r"\b(?:generated|derived|received|paid|charged|incurred|provided|earned)?\s*(?:from|to|by|with)\s*$", "", s.strip(),
                   flags=re.I)
        return s.strip(" ,:") or None

    rnd = random.Random(3)
    words = ["Sales", "services", "generated", "Paid", "from", "to", "BY", "with", "Acme", "x", ",", ":"]
    for _ in range(3000):
        parts = [rnd.choice(words) + " " * rnd.choice([0, 1, 1, 1, 3, 60]) for _ in range(rnd.randint(0, 30))]
        label = "".join(parts)
        party = rnd.choice(["", "Acme"])
        assert _label_service(label, party) == slow(label, party), (label, party)


def test_token_index_helpers_match_a_plain_scan() -> None:
    from relparty.components.lexicon import lowers, tokens_lower_in, tokens_starting_with, words

    nlp = build_pipeline(span_groups=False)
    doc = nlp("Of the RMB3,350 paid to Acme (2023: $5), 12 were due from “Beta” and (c) .5 to Gamma; of 7 of.")
    for chars in ("(", "0123456789.", "$“", "xyz", "(),-./", "9876543210", "aAbBcC(", "0-9"):  # runs of keys as ranges
        assert tokens_starting_with(doc, chars) == [i for i, w in enumerate(words(doc)) if w[:1] in chars]
    many = [f"w{i}" for i in range(40)] + ["of", "to"]  # past the few-keys path
    for keys in (["of"], ["to", "from", "of"], many, []):
        assert tokens_lower_in(doc, keys) == [i for i, w in enumerate(lowers(doc)) if w in keys]


def test_rules_read_only_the_lexical_attributes_the_vocabulary_computes() -> None:
    """The vocabulary computes only ``LEX_ATTRS`` for new words: a rule that read another lexical
    attribute (``token.is_digit``, ``token.shape_``...) would silently see nothing."""
    import re
    from pathlib import Path

    from relparty.pipeline import LEX_ATTRS

    lexical = {"is_alpha", "is_ascii", "is_digit", "is_lower", "is_upper", "is_title", "is_punct", "is_space",
               "is_stop", "is_bracket", "is_quote", "is_left_punct", "is_right_punct", "is_currency", "like_url",
               "like_num", "like_email", "shape_", "norm_", "lower_", "prefix_", "suffix_", "lang_", "is_oov"}
    allowed = {a.lower() for a in LEX_ATTRS} | {"lower_"}
    root = Path(__file__).resolve().parent.parent / "nlp"
    used = set()
    for p in [*root.glob("*.py"), *root.glob("components/*.py")]:
        used |= set(re.findall(r"\.(\w+)\b", p.read_text(encoding="utf-8"))) & lexical
    assert "is_alpha" in used and "like_num" in used  # the scan sees the rules
    assert used <= allowed, sorted(used - allowed)
    nlp = build_pipeline()
    tok = nlp("Acme paid 5 zzqx.")[3]  # a new word: its lexeme is made with the kept getters only
    assert (tok.lower_, tok.is_alpha, tok.is_lower, tok.is_title) == ("zzqx", True, True, False)


def test_extractor_keeps_the_lexemes_of_words_without_digits_up_to_a_bound(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import relparty.api as api
    from relparty.api import Extractor

    texts = ["Revenues from Acme Co., Ltd were RMB5 and RMB6 for the years ended December 31, 2022 and 2023, respectively.",
             "Amounts due to Birch Holdings were US$1,200 as of June 30, 2024."]
    want = [n.model_dump_json() for n in Extractor().pipe(texts * 3, batch_size=1)]
    monkeypatch.setattr(api, "KEPT_WORDS", 12)
    ex = Extractor()
    strings = len(ex.nlp.vocab.strings)
    assert [n.model_dump_json() for n in ex.pipe(texts * 3, batch_size=1)] == want  # the same results
    kept = ex.kept_words
    assert len(kept) == 12 and not any(c.isdigit() for w in kept for c in w)
    assert all(w in ex.nlp.vocab.strings for w in kept)  # permanent: they outlived the zones
    assert "2022" not in ex.nlp.vocab.strings and "1,200" not in ex.nlp.vocab.strings  # numbers did not
    assert len(ex.nlp.vocab.strings) <= strings + 12


def test_key_runs() -> None:
    from relparty.components.lexicon import key_runs

    assert key_runs([]) == []
    assert key_runs([57, 46, 48, 49, 50, 51, 52, 53, 54, 55, 56, 48]) == [(46, 46), (48, 57)]
    assert key_runs([3, 1, 5, 4]) == [(1, 1), (3, 5)]
