"""The public library API: ``extract`` and ``Extractor``."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from relparty.assemble import assemble
from relparty.layout import lay_out
from relparty.models import ExtractionWarning, NoteExtraction, TextSpan
from relparty.pipeline import build_pipeline
from relparty.readers import LONG_RUN, SourceText, read_text
from relparty.results import INTERNAL_ERROR
from relparty.scales import note_scale, set_scales
from spacy.language import Language
from spacy.tokens import Doc

MAX_CHARS = 20_000_000
_SURROGATE = re.compile("[\ud800-\udfff]")


class Extractor:
    """Loads the pipeline once; ``extract`` one note, ``pipe`` many (streaming).

    ``filer``: the name of the company whose notes these are (a filing's cover, ``--filer``): it and
    its short name are read as the filer, never as a counterparty. ``extract``/``pipe`` may name
    one per note instead."""

    def __init__(self, pattern_dir: Path | None = None, filer: str | None = None) -> None:
        self.nlp: Language = build_pipeline(pattern_dir, span_groups=False)
        self.filer = filer

    def extract(self, text: str, source: str | None = None, kind: str | None = None,
                filer: str | None = None) -> NoteExtraction:
        return next(self.pipe([text], sources=[source], kind=kind, filers=[filer]))

    def pipe(self, texts: Iterable[str], sources: Iterable[str | None] | None = None,
             kind: str | None = None, batch_size: int = 64,
             filers: Iterable[str | None] | None = None) -> Iterator[NoteExtraction]:
        """Extract from many texts, yielding results in input order as they are ready; ``filers``
        (one per text, None for the Extractor's own) names the filer of each."""
        src_iter = iter(sources) if sources is not None else None
        filer_iter = iter(filers) if filers is not None else None

        def prepared() -> Iterator[tuple[str, tuple[SourceText | None, str | None, list[ExtractionWarning], str | None]]]:
            for text in texts:
                source = next(src_iter, None) if src_iter is not None else None
                filer = (next(filer_iter, None) if filer_iter is not None else None) or self.filer
                try:
                    st, warns = _prepare(text, kind)
                except MemoryError:
                    raise
                except Exception as e:  # one note the reader cannot read: a warning for it, the batch goes on
                    st, warns = None, [_internal("reading the note", e)]
                yield (st.text if st is not None else ""), (st, source, warns, filer)

        items = prepared()
        while True:
            chunk = list(islice(items, batch_size))
            if not chunk:
                return
            # strings and lexemes the batch added are freed when the zone closes: memory stays flat
            # however many notes stream through (results are pydantic models, no spaCy objects)
            with self.nlp.memory_zone(), _collector_paused():
                docs, errors = self._run([text for text, _ in chunk], [item[3] for _, item in chunk])
                done = [_finish(doc, st, source, warns) if err is None
                        else _failed(st, source, warns + [err])
                        for doc, err, (_, (st, source, warns, _f)) in zip(docs, errors, chunk)]
            yield from done

    def _run(self, texts: list[str], filers: list[str | None] | None = None
             ) -> tuple[list[Doc | None], list[ExtractionWarning | None]]:
        """The pipeline over a batch, stage by stage: the tokenizer over every text, then each
        component over every Doc. Each stage's code stays hot in the processor's caches, which
        made a batch about a tenth faster than passing one Doc at a time through all stages.

        A stage that fails on one Doc fails that note only (a warning naming the stage; the
        later stages skip it): the rest of the batch is read. Out of memory is not caught."""
        docs: list[Doc | None] = []
        errors: list[ExtractionWarning | None] = []
        for k, text in enumerate(texts):
            try:
                doc = self.nlp.make_doc(text)
                if filers and filers[k]:
                    doc.user_data["rp_filer"] = filers[k]  # read by relparty_mentions: the filer is no party
                docs.append(doc)
                errors.append(None)
            except MemoryError:
                raise
            except Exception as e:
                docs.append(None)
                errors.append(_internal("tokenizing", e))
        for name, proc in self.nlp.pipeline:
            for k, doc in enumerate(docs):
                if doc is None:
                    continue
                try:
                    proc(doc)
                except MemoryError:
                    raise
                except Exception as e:
                    docs[k], errors[k] = None, _internal(f"the {name} stage", e)
        return docs, errors


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
    if _SURROGATE.search(text):  # not encodable: spaCy's string store would fail on them
        n = len(_SURROGATE.findall(text))
        text = _SURROGATE.sub("\ufffd", text)  # one character for one: offsets hold
        warns.append(ExtractionWarning(message=f"input holds {n} lone surrogate code point{'s' if n != 1 else ''} "
                                               "(not text); read as U+FFFD"))
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


def _internal(where: str, e: BaseException) -> ExtractionWarning:
    return ExtractionWarning(message=f"{INTERNAL_ERROR} in {where}: {type(e).__name__}: {e}", span=TextSpan(start=0, end=0))


def _failed(st: SourceText | None, source: str | None, warns: list[ExtractionWarning]) -> NoteExtraction:
    note = Path(source).stem if source else None
    return NoteExtraction(source=source, note=note, length=len(st.original) if st is not None else 0, warnings=warns)


def _finish(doc, st: SourceText | None, source: str | None, warns: list[ExtractionWarning]) -> NoteExtraction:  # type: ignore[no-untyped-def]
    note = Path(source).stem if source else None
    if st is None:
        return NoteExtraction(source=source, note=note, warnings=warns)
    try:
        records, more = assemble(doc, st)  # errors in one sentence or table row are contained there
        set_scales(records, note_scale(st.original))
    except MemoryError:
        raise
    except Exception as e:  # never lose a batch to one odd note; say what happened
        return _failed(st, source, warns + [_internal("assembling records", e)])
    if not records and st.text.strip():
        more.append(ExtractionWarning(message="no related-party amounts found"))
    return NoteExtraction(source=source, note=note, length=len(st.original), records=records, warnings=warns + more)


_DEFAULT: Extractor | None = None


def default_extractor() -> Extractor:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Extractor()
    return _DEFAULT


def extract(text: str, source: str | None = None, kind: str | None = None, filer: str | None = None) -> NoteExtraction:
    """Read one related-party note: records (transactions, balances), facts() view, warnings.
    ``filer``: the company whose note it is (its name and short name are never a counterparty)."""
    return default_extractor().extract(text, source=source, kind=kind, filer=filer)
