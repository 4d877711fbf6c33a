"""``relparty_lexicon``: marks every phrase of ``patterns/*.jsonl`` (and the currencies and scale words of
``patterns/vocabulary.json``) in ``doc.spans["rp_lexicon"]``.

Patterns are spaCy token patterns (span_ruler's JSONL format). Literal ones, a sequence of
``{"LOWER": "..."}`` / ``{"ORTH": "..."}`` tokens (after IN-sets are spelled out), go into spaCy's
``PhraseMatcher`` (a hash trie: one pass over the tokens, whatever the number of patterns); any
other pattern goes into a ``Matcher``. Each mark is a Span with the pattern's ``label`` and ``id``.
``to_disk``/``from_disk`` write and read the patterns as JSONL, like ``span_ruler``: a saved
pipeline holds every pattern it was built with, so ``spacy.load()`` does not need the pattern folder
it was built from (the factory leaves a ``pattern_dir`` that is gone to ``from_disk``, and the ruler
refuses to run if nothing replaced it).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from relparty.components.lexicon import LEXICON_KEY, MARKS_KEY, Mark
from relparty.patterns import expand_in
from relparty.vocabulary import all_patterns
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc


@Language.factory("relparty_lexicon", default_config={"pattern_dir": None, "span_groups": True})
def make_lexicon(nlp: Language, name: str, pattern_dir: str | None, span_groups: bool) -> LexiconRuler:
    ruler = LexiconRuler(nlp, span_groups)
    if pattern_dir is not None and not Path(pattern_dir).is_dir():
        ruler.missing = pattern_dir  # spacy.load(): from_disk() brings the patterns saved with the pipeline
    else:  # read now, outside any memory zone (strings added inside one are freed when it closes)
        ruler.add_patterns(all_patterns(Path(pattern_dir) if pattern_dir else None, expand=False))
    return ruler


def _start_end(m: tuple[int, int, int]) -> tuple[int, int]:
    return m[1], m[2]


class LexiconRuler:
    def __init__(self, nlp: Language, span_groups: bool = True) -> None:
        self.nlp = nlp
        self.span_groups = span_groups  # doc.spans["rp_lexicon"], for display only
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.matcher = Matcher(nlp.vocab)
        self.patterns: list[dict[str, Any]] = []
        self.missing: str | None = None  # a pattern folder that was not found (see make_lexicon)
        self._keys: dict[int, tuple[str, ...]] = {}  # match id -> (label, id, rule), split once

    def add_patterns(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            self.patterns.append(row)
            key = f"{row['label']}\t{row.get('id') or ''}\t{row.get('rule') or ''}"
            for plain in expand_in(row, limit=10_000):
                toks = plain["pattern"]
                if isinstance(toks, list) and all(len(t) == 1 for t in toks):
                    # an ORTH token without upper case ("$", ".") matches the same as a LOWER one
                    toks = [{"LOWER": v} if a == "ORTH" and isinstance(v, str) and v == v.lower() else {a: v}
                            for t in toks for a, v in t.items()]
                attrs = {next(iter(t)) for t in toks} if isinstance(toks, list) else set()
                literal = isinstance(toks, list) and all(
                    len(t) == 1 and isinstance(next(iter(t.values())), str) for t in toks) and len(attrs) == 1
                if literal and attrs <= {"LOWER", "ORTH"}:
                    words = [next(iter(t.values())) for t in toks]
                    doc = Doc(self.nlp.vocab, words=words)
                    (self.lower if attrs == {"LOWER"} else self.orth).add(key, [doc])
                else:
                    self.matcher.add(key, [toks])

    def __call__(self, doc: Doc) -> Doc:
        if self.missing is not None:
            raise FileNotFoundError(f"relparty_lexicon: pattern folder not found: {self.missing}")
        found = set()
        for matcher in (self.lower, self.orth, self.matcher) if len(self.matcher) else (self.lower, self.orth):
            for match_id, start, end in matcher(doc):
                found.add((match_id, start, end))
        keys = self._keys
        found_marks = []
        grouped: dict[str, list[Mark]] = {}
        for match_id, start, end in sorted(found, key=_start_end):
            key = keys.get(match_id)
            if key is None:
                key = keys[match_id] = tuple(self.nlp.vocab.strings[match_id].split("\t"))
            label, pid, rule = key
            mark = Mark(doc, start, end, label, pid, rule)
            found_marks.append(mark)
            grouped.setdefault(label, []).append(mark)
        if self.span_groups:
            doc.spans[LEXICON_KEY] = [m.span() for m in found_marks]
        doc.user_data[MARKS_KEY] = grouped  # by label, for the components that follow
        return doc

    def to_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> None:
        p = Path(path)
        p.mkdir(parents=True, exist_ok=True)
        with (p / "patterns.jsonl").open("w", encoding="utf-8") as fh:
            for row in self.patterns:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")

    def from_disk(self, path: str | Path, *, exclude: tuple[str, ...] = ()) -> LexiconRuler:
        self.__init__(self.nlp, self.span_groups)  # type: ignore[misc]
        with (Path(path) / "patterns.jsonl").open(encoding="utf-8") as fh:
            self.add_patterns([json.loads(line) for line in fh if line.strip()])
        return self
