"""Access to the lexicon marks that the ``span_ruler`` sets from ``patterns/*.jsonl``."""

from __future__ import annotations

from collections.abc import Iterable

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc, Span

LEXICON_KEY = "rp_lexicon"
MARKS_KEY = "rp_marks"
SENTENCES_KEY = "rp_sentence_bounds"  # (start, end) token pairs, set by relparty_sentences


class Mark:
    """One lexicon match: the part of a spaCy ``Span`` the components read (``start``, ``end``,
    ``label_``, ``id_``, ``start_char``, ``end_char``, ``text``), at a fraction of its cost; a
    note has about a hundred. ``span()`` gives the Span itself."""

    __slots__ = ("doc", "start", "end", "label_", "id_", "rule")

    def __init__(self, doc: Doc, start: int, end: int, label: str, id_: str, rule: str = "") -> None:
        self.doc, self.start, self.end, self.label_, self.id_, self.rule = doc, start, end, label, id_, rule

    @property
    def start_char(self) -> int:
        return token_chars(self.doc, self.start, self.end)[0]

    @property
    def end_char(self) -> int:
        return token_chars(self.doc, self.start, self.end)[1]

    @property
    def text(self) -> str:
        a, b = token_chars(self.doc, self.start, self.end)
        return doc_text(self.doc)[a:b]

    def __len__(self) -> int:
        return self.end - self.start

    def span(self) -> Span:
        return Span(self.doc, self.start, self.end, label=self.label_, span_id=self.id_)

    def __repr__(self) -> str:
        return f"Mark({self.label_}:{self.id_} {self.start}-{self.end} {self.text!r})"


def _by_label(doc: Doc) -> dict[str, list[Mark]]:
    grouped = doc.user_data.get(MARKS_KEY)
    if grouped is None:
        grouped = {}
        if LEXICON_KEY in doc.spans:
            for sp in doc.spans[LEXICON_KEY]:
                grouped.setdefault(sp.label_, []).append(Mark(doc, sp.start, sp.end, sp.label_, sp.id_))
        doc.user_data[MARKS_KEY] = grouped
    return grouped


def marks_by_start(doc: Doc, labels: Iterable[str]) -> dict[int, list[Mark]]:
    """Marks of the given labels, keyed by their first token (longest first)."""
    out: dict[int, list[Mark]] = {}
    grouped = _by_label(doc)
    for label in labels:
        for sp in grouped.get(label, ()):
            out.setdefault(sp.start, []).append(sp)
    for v in out.values():
        v.sort(key=lambda s: -(s.end - s.start))
    return out


def marks(doc: Doc, labels: Iterable[str]) -> list[Mark]:
    """Marks of the given labels, in document order."""
    grouped = _by_label(doc)
    out = [sp for label in labels for sp in grouped.get(label, ())]
    out.sort(key=lambda s: (s.start, s.end))
    return out


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per Doc (spaCy joins the tokens again on every access)."""
    text = doc.user_data.get("rp_text")
    if text is None:
        text = doc.user_data["rp_text"] = doc.text
    return text


def words(doc: Doc) -> list[str]:
    """Each token's text, one list per Doc (``doc[i].text`` makes a Token object per call).
    relparty's tokenizer leaves the list on the Doc. These per-Doc lists (and the marks) are made
    once: a component that changes the tokens (merges, splits) must drop the ``rp_*`` entries of
    ``doc.user_data``."""
    out = doc.user_data.get("rp_words")
    if out is None:
        out = doc.user_data["rp_words"] = [t.text for t in doc]
    return out


def lowers(doc: Doc) -> list[str]:
    """Each token's lower-case text (``token.lower_``), one list per Doc."""
    out = doc.user_data.get("rp_lowers")
    if out is None:
        out = doc.user_data["rp_lowers"] = [w.lower() for w in words(doc)]
    return out


def starts(doc: Doc) -> list[int]:
    """Each token's character offset (``token.idx``), one list per Doc."""
    out = doc.user_data.get("rp_starts")
    if out is None:
        out = doc.user_data["rp_starts"] = doc.to_array([IDX]).reshape(-1).tolist()
    return out


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """The sentences as (start token, end token), from ``SENT_START``; no Span objects. The sentence
    component leaves its list on the Doc (``SENTENCES_KEY``); without it they are read from the array."""
    cached = doc.user_data.get(SENTENCES_KEY)
    if cached is not None:
        return cached
    n = len(doc)
    if not n:
        return []
    cuts = numpy.flatnonzero(doc.to_array([SENT_START]).reshape(-1) == 1).tolist()
    if not cuts or cuts[0] != 0:
        cuts.insert(0, 0)
    return list(zip(cuts, cuts[1:] + [n]))


def token_chars(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """The characters of tokens ``s..e``: ``doc[s:e].start_char`` and ``.end_char``, with no Span."""
    st = starts(doc)
    if e <= s:
        at = st[s] if s < len(st) else len(doc_text(doc))
        return at, at
    return st[s], st[e - 1] + len(words(doc)[e - 1])


def first_chars(doc: Doc) -> numpy.ndarray:
    """The code point of each token's first character (one array per Doc, no Token objects)."""
    arr = doc.user_data.get("rp_first_chars")
    if arr is None:
        idx = doc.to_array([IDX]).reshape(-1).astype("int64")
        codes = numpy.frombuffer(doc_text(doc).encode("utf-32-le"), dtype=numpy.uint32)
        arr = codes[idx] if len(idx) else numpy.zeros(0, dtype=numpy.uint32)
        doc.user_data["rp_first_chars"] = arr
    return arr


def _index_of(doc: Doc, key: str, of: list[str]) -> dict[str, list[int]]:
    """``of[i]`` -> the indices ``i`` holding it, in order: one dict per Doc, built on first use
    (one pass over the tokens; each question after it is a few dict look-ups)."""
    index = doc.user_data.get(key)
    if index is None:
        index = {}
        for i, v in enumerate(of):
            at = index.get(v)
            if at is None:
                index[v] = [i]
            else:
                at.append(i)
        doc.user_data[key] = index
    return index


def _merged(index: dict[str, list[int]], keys: Iterable[str]) -> list[int]:
    hits = [index[k] for k in set(keys) if k in index]
    if len(hits) == 1:
        return list(hits[0])
    return sorted(i for at in hits for i in at)  # different keys never share a token


def tokens_starting_with(doc: Doc, chars: str) -> list[int]:
    """Indices of tokens whose text starts with one of ``chars``."""
    return _indices_equal(first_chars(doc), [ord(c) for c in chars])


def tokens_lower_in(doc: Doc, words: Iterable[str]) -> list[int]:
    """Indices of tokens whose lower-case form is one of ``words``."""
    index = doc.user_data.get("rp_lower_index")
    if index is None:
        index = _index_of(doc, "rp_lower_index", lowers(doc))
    return _merged(index, words)


def _indices_equal(values: numpy.ndarray, keys: list[int]) -> list[int]:
    """Where ``values`` holds one of ``keys``: an OR of a few comparisons (numpy's ``isin`` sorts,
    which costs more on a note's few hundred tokens), a run of consecutive keys ("0" to "9") as
    one range test."""
    if not len(values) or not keys:
        return []
    if len(keys) > 24:
        return numpy.flatnonzero(numpy.isin(values, numpy.asarray(keys, dtype=values.dtype))).tolist()
    hit = None
    for lo, hi in key_runs(keys):
        part = values == values.dtype.type(lo) if lo == hi else (values >= values.dtype.type(lo)) & (values <= values.dtype.type(hi))
        if hit is None:
            hit = part
        else:
            hit |= part
    return numpy.flatnonzero(hit).tolist()


def key_runs(keys: Iterable[int]) -> list[tuple[int, int]]:
    """The distinct ``keys`` as runs of consecutive integers, (first, last) each, in order."""
    runs: list[tuple[int, int]] = []
    for k in sorted(set(keys)):
        if runs and runs[-1][1] == k - 1:
            runs[-1] = (runs[-1][0], k)
        else:
            runs.append((k, k))
    return runs


def char_spans(doc: Doc, ranges: Iterable[tuple[int, int]], label: str) -> list[Span]:
    """Spans over character ranges (expanded to whole tokens), for a span group."""
    out = []
    for start, end in ranges:
        sp = doc.char_span(start, end, label=label, alignment_mode="expand")
        if sp is not None:
            out.append(sp)
    return out
