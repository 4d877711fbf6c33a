"""The public library API: ``extract`` and ``Extractor``."""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from relparty.assemble import assemble
from relparty.layout import lay_out
from relparty.models import ExtractionWarning, NoteExtraction, TextSpan
from relparty.pipeline import build_pipeline
from relparty.readers import LONG_RUN, SourceText, read_text
from relparty.scales import note_scale, set_scales
from spacy.language import Language
from spacy.tokens import Doc

MAX_CHARS = 20_000_000


class Extractor:
    """Loads the pipeline once; ``extract`` one note, ``pipe`` many (streaming)."""

    def __init__(self, pattern_dir: Path | None = None) -> None:
        self.nlp: Language = build_pipeline(pattern_dir, span_groups=False)

    def extract(self, text: str, source: str | None = None, kind: str | None = None) -> NoteExtraction:
        return next(self.pipe([text], sources=[source], kind=kind))

    def pipe(self, texts: Iterable[str], sources: Iterable[str | None] | None = None,
             kind: str | None = None, batch_size: int = 64) -> Iterator[NoteExtraction]:
        """Extract from many texts, yielding results in input order as they are ready."""
        src_iter = iter(sources) if sources is not None else None

        def prepared() -> Iterator[tuple[str, tuple[SourceText | None, str | None, list[ExtractionWarning]]]]:
            for text in texts:
                source = next(src_iter, None) if src_iter is not None else None
                st, warns = _prepare(text, kind)
                yield (st.text if st is not None else ""), (st, source, warns)

        items = prepared()
        while True:
            chunk = list(islice(items, batch_size))
            if not chunk:
                return
            # strings and lexemes the batch added are freed when the zone closes: memory stays flat
            # however many notes stream through (results are pydantic models, no spaCy objects)
            with self.nlp.memory_zone(), _collector_paused():
                done = [_finish(doc, st, source, warns)
                        for doc, (_, (st, source, warns)) in zip(self._run(text for text, _ in chunk), chunk)]
            yield from done

    def _run(self, texts: Iterable[str]) -> list[Doc]:
        """The pipeline over a batch, stage by stage: the tokenizer over every text, then each
        component over every Doc. Each stage's code stays hot in the processor's caches, which
        made a batch about a tenth faster than passing one Doc at a time through all stages."""
        docs = [self.nlp.make_doc(text) for text in texts]
        for _, proc in self.nlp.pipeline:
            for doc in docs:
                proc(doc)
        return docs


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for one batch (and restored as it was after it).

    A batch makes hundreds of thousands of short-lived containers, so the collector would run
    dozens of times per batch, each time walking the young objects and now and then the 90,000
    long-lived ones of spaCy and the patterns: a fifth of the time, measured. Whatever a batch
    leaves (Docs and their spans refer to each other) is collected once the collector is back,
    before the next batch; memory stays flat (``bench/throughput.py`` measures it)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _prepare(text: object, kind: str | None) -> tuple[SourceText | None, list[ExtractionWarning]]:
    warns: list[ExtractionWarning] = []
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
        warns.append(ExtractionWarning(message="input was bytes; decoded as UTF-8 with replacement"))
    if not isinstance(text, str):
        return None, [ExtractionWarning(message=f"input is not text but {type(text).__name__}")]
    if "\x00" in text:
        text = text.replace("\x00", " ")
        warns.append(ExtractionWarning(message="input contains NUL bytes (binary?); they were read as spaces"))
    if len(text) > MAX_CHARS:
        warns.append(ExtractionWarning(message=f"input longer than {MAX_CHARS} characters; only the start was read"))
        text = text[:MAX_CHARS]
    if not text.strip():
        warns.append(ExtractionWarning(message="empty note"))
    st = read_text(text, kind)
    if st.broken_runs:
        warns.append(ExtractionWarning(message=f"runs of more than {LONG_RUN} characters without a space were read in pieces"))
    laid = lay_out(st)  # read -> layout -> tokenize: prose joined, glue split, offsets still to the original
    warns.extend(ExtractionWarning(message=m) for m in laid.warnings)
    return laid.source, warns


def _finish(doc, st: SourceText | None, source: str | None, warns: list[ExtractionWarning]) -> NoteExtraction:  # type: ignore[no-untyped-def]
    note = Path(source).stem if source else None
    if st is None:
        return NoteExtraction(source=source, note=note, warnings=warns)
    try:
        records, more = assemble(doc, st)
        set_scales(records, note_scale(st.original))
    except Exception as e:  # never lose a batch to one odd note; say what happened
        return NoteExtraction(source=source, note=note, length=len(st.original), warnings=warns + [
            ExtractionWarning(message=f"internal error while assembling records: {type(e).__name__}: {e}",
                              span=TextSpan(start=0, end=0))])
    if not records and st.text.strip():
        more.append(ExtractionWarning(message="no related-party amounts found"))
    return NoteExtraction(source=source, note=note, length=len(st.original), records=records, warnings=warns + more)


_DEFAULT: Extractor | None = None


def default_extractor() -> Extractor:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Extractor()
    return _DEFAULT


def extract(text: str, source: str | None = None, kind: str | None = None) -> NoteExtraction:
    """Read one related-party note: records (transactions, balances), facts() view, warnings."""
    return default_extractor().extract(text, source=source, kind=kind)
