"""The public library API: ``extract`` and ``Extractor``."""

from __future__ import annotations

import gc
import re
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from relparty.assemble import assemble
from relparty.layout import Layout, lay_out
from relparty.models import Balance, ExtractionWarning, NoteExtraction, TextSpan, Transaction
from relparty.pipeline import COMPONENTS, build_pipeline
from relparty.readers import LONG_RUN, SourceText, offset_array, read_text
from relparty.results import INTERNAL_ERROR
from relparty.scales import note_scale, set_scales
from relparty.windows import LEAD, WINDOW, Window, in_part, plan_windows, window_source
from spacy.language import Language
from spacy.tokens import Doc

MAX_CHARS = 20_000_000
BATCH_CHARS = 400_000  # characters the pipeline holds as Docs at once (past a batch's first window)
KEPT_WORDS = 20_000  # words without digits whose lexemes outlive the memory zones (see ``Extractor._keep``)
_SURROGATE = re.compile("[\ud800-\udfff]")
_DIGIT = re.compile(r"\d")


class Extractor:
    """Loads the pipeline once; ``extract`` one note, ``pipe`` many (streaming).

    ``filer``: the name of the company whose notes these are (a filing's cover, ``--filer``): it and
    its short name are read as the filer, never as a counterparty. ``extract``/``pipe`` may name
    one per note instead. ``window``/``lead``: see ``relparty.windows``."""

    def __init__(self, pattern_dir: Path | None = None, filer: str | None = None,
                 window: int = WINDOW, lead: int = LEAD) -> None:
        self.nlp: Language = build_pipeline(pattern_dir, span_groups=False)
        self.filer = filer
        self.window, self.lead = window, lead  # see relparty.windows
        self._kept: set[str] = set()  # the words made permanent lexemes so far (``_keep``)

    def extract(self, text: str, source: str | None = None, kind: str | None = None,
                filer: str | None = None) -> NoteExtraction:
        return next(self.pipe([text], sources=[source], kind=kind, filers=[filer]))

    def pipe(self, texts: Iterable[str], sources: Iterable[str | None] | None = None,
             kind: str | None = None, batch_size: int = 64,
             filers: Iterable[str | None] | None = None,
             times: dict[str, float] | None = None) -> Iterator[NoteExtraction]:
        """Extract from many texts, yielding results in input order as they are ready; ``filers``
        (one per text, None for the Extractor's own) names the filer of each.

        A note longer than ``relparty.windows.WINDOW`` characters is read in windows (see
        ``relparty.windows``); a batch holds at most ``batch_size`` windows and about
        ``BATCH_CHARS`` characters, so memory is bounded however long a note is.

        ``times``: if given, the CPU seconds of each stage are added to it, keyed by
        :data:`STAGES` (``"read"``, ``"tokenizer"``, each component's name, ``"assemble"``,
        ``"result"``), for profiling (``bench/throughput.py``); the results are the same."""
        src_iter = iter(sources) if sources is not None else None
        filer_iter = iter(filers) if filers is not None else None

        def notes() -> Iterator[_Note]:
            for text in texts:
                source = next(src_iter, None) if src_iter is not None else None
                filer = (next(filer_iter, None) if filer_iter is not None else None) or self.filer
                with _timed(times, "read"):
                    try:
                        laid, warns = _prepare(text, kind)
                    except MemoryError:
                        raise
                    except Exception as e:  # one note the reader cannot read: a warning for it, the batch goes on
                        laid, warns = None, [_internal("reading the note", e)]
                yield _Note(laid, source, warns, filer)

        pieces = (p for note in notes() for p in note.pieces(self.window, self.lead))
        pause = _CollectorPause()
        try:
            yield from self._batches_run(pieces, batch_size, times, pause)
        finally:
            pause.release()

    def _batches_run(self, pieces: Iterator[_Piece], batch_size: int, times: dict[str, float] | None,
                     pause: _CollectorPause) -> Iterator[NoteExtraction]:
        for chunk in _batches(pieces, batch_size, BATCH_CHARS):
            # strings and lexemes the batch added are freed when the zone closes: memory stays flat
            # however many notes stream through (results are pydantic models, no spaCy objects)
            pause.hold()
            with self.nlp.memory_zone():
                docs, errors = self._run([p.text for p in chunk], [p.note.filer for p in chunk], times)
                with _timed(times, "assemble"):
                    for doc, err, piece in zip(docs, errors, chunk):
                        piece.note.add(piece, doc, err)
                with _timed(times, "tokenizer"):
                    new = self._new_words(docs)
                # the Docs unreachable before the collector is back: their cycles (marks refer to
                # their Doc) are then young garbage, freed at once; kept alive past it, they aged
                # into the old generation and piled up over the windows of a long note (+40 MB/MB)
                _release(docs)
                del docs, doc
            with _timed(times, "tokenizer"):
                self._keep(new)  # outside the zone: these lexemes stay
            with _timed(times, "result"):
                # (still paused: a long note's result sets a scale on each of its amounts, and the collector
                # back on walked all of its records again every few hundred of them)
                results = [piece.note.result() for piece in chunk if piece.last]
            if chunk[-1].last:  # no note goes on into the next batch (see _CollectorPause)
                pause.release()
            yield from results

    @property
    def kept_words(self) -> frozenset[str]:
        """The words whose lexemes this Extractor keeps from batch to batch (see ``_keep``)."""
        return frozenset(self._kept)

    def _new_words(self, docs: list[Doc | None]) -> set[str]:
        """The token texts of a batch without digits that are not kept yet (none past the bound)."""
        if len(self._kept) >= KEPT_WORDS:
            return set()
        kept = self._kept
        return {w for doc in docs if doc is not None for w in doc.user_data.get("rp_words", ())
                if w not in kept and not _DIGIT.search(w)}

    def _keep(self, words: set[str]) -> None:
        """Make ``words`` permanent lexemes, up to ``KEPT_WORDS`` in all.

        A batch runs in a memory zone, so each word it reads becomes a new lexeme there (its string
        stored, its lexical attributes computed) and is freed at the end: the same words again in
        every batch, half the tokenizer's time. Words without digits ("the", "Company", "RMB",
        ",") recur from note to note; kept outside the zones they are read once. Numbers and
        whatever comes past the bound still live and die with their batch, so memory stays flat.
        A kept lexeme is the lexeme the zone would have made: the results are the same."""
        vocab = self.nlp.vocab
        for w in words:
            if len(self._kept) >= KEPT_WORDS:
                break
            vocab[w]  # noqa: B018  (making the lexeme outside a zone is the point)
            self._kept.add(w)

    def _run(self, texts: list[str], filers: list[str | None] | None = None,
             times: dict[str, float] | None = None) -> tuple[list[Doc | None], list[ExtractionWarning | None]]:
        """The pipeline over a batch, stage by stage: the tokenizer over every text, then each
        component over every Doc. Each stage's code stays hot in the processor's caches, which
        made a batch about a tenth faster than passing one Doc at a time through all stages.

        A stage that fails on one Doc fails that note only (a warning naming the stage; the
        later stages skip it): the rest of the batch is read. Out of memory is not caught."""
        docs: list[Doc | None] = []
        errors: list[ExtractionWarning | None] = []
        with _timed(times, "tokenizer"):
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
            with _timed(times, name):
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


#: The stages ``Extractor.pipe(times=...)`` times, in pipeline order: the reader and layout, the
#: tokenizer, the components (``relparty.pipeline.COMPONENTS`` and the lexicon), assembly of the
#: records, the note's result (its models and scales).
STAGES: tuple[str, ...] = ("read", "tokenizer", "relparty_sentences", "relparty_lexicon", *COMPONENTS[1:],
                           "assemble", "result")


@contextmanager
def _timed(times: dict[str, float] | None, stage: str) -> Iterator[None]:
    """Add the CPU time of the block to ``times[stage]`` (nothing when not timing)."""
    if times is None:
        yield
        return
    t0 = time.process_time()
    yield
    times[stage] = times.get(stage, 0.0) + time.process_time() - t0


def _release(docs: list[Doc | None]) -> None:
    """Break the reference cycles of a finished batch's Docs (the marks, mentions and cached lists
    in ``doc.user_data`` point back at their Doc), so they are freed as soon as the batch lets go
    of them instead of waiting for the cyclic collector, which would first walk all of them."""
    for doc in docs:
        if doc is not None:
            doc.user_data.clear()


class _CollectorPause:
    """Python's cyclic garbage collector paused while batches run (and restored as it was after them).

    A batch makes hundreds of thousands of short-lived containers, so the collector would run
    dozens of times per batch, each time walking the young objects and now and then the 90,000
    long-lived ones of spaCy and the patterns: a fifth of the time, measured. Whatever a batch
    leaves (Docs and their spans refer to each other) is collected once the collector is back,
    before the next batch; memory stays flat (``bench/throughput.py`` measures it).

    The windows of one long note are batches of their own, and the note's records pile up until
    its last window: resumed after each window, the collector walked all of them again and again
    (a tenth of a 10 MB note's time, and growing faster than the note). So it stays paused until
    the note's last window (``release`` is then called); nothing is yielded in between. Each
    window's Docs are freed by breaking their cycles (``_release``), so little is left for it."""

    def __init__(self) -> None:
        self.was_enabled: bool | None = None  # None: not paused by this object

    def hold(self) -> None:
        if self.was_enabled is None:
            self.was_enabled = gc.isenabled()
            gc.disable()

    def release(self) -> None:
        if self.was_enabled is not None:
            if self.was_enabled:
                gc.enable()
            self.was_enabled = None


def _prepare(text: object, kind: str | None) -> tuple[Layout | None, list[ExtractionWarning]]:
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
    return laid, warns


@dataclass
class _Piece:
    """One window of a note: what the pipeline reads at once."""

    note: _Note
    text: str
    source: SourceText
    window: Window
    last: bool


class _Note:
    """One note on its way through the pipeline: its windows' records gathered, then its result."""

    def __init__(self, laid: Layout | None, source: str | None, warns: list[ExtractionWarning],
                 filer: str | None = None) -> None:
        self.laid, self.source, self.warns, self.filer = laid, source, warns, filer
        self.records: list[Transaction | Balance] = []
        self.more: list[ExtractionWarning] = []
        self.errors: list[ExtractionWarning] = []
        self.failed = laid is None

    def pieces(self, window: int, lead: int) -> Iterator[_Piece]:
        if self.laid is None:
            yield _Piece(self, "", SourceText("", "", offset_array([0])), Window(0, 0, 0), True)
            return
        st = self.laid.source
        windows = plan_windows(self.laid, window, lead)
        for w in windows:
            if w.forced:
                self.more.append(ExtractionWarning(
                    message=f"a window of this long note ends where no paragraph or table begins (at character "
                            f"{st.to_original(w.end)}); a sentence there may be read in two parts",
                    span=st.span(w.end, w.end)))
        for k, w in enumerate(windows):
            wst = window_source(st, w)  # one at a time: a window's copy lives as long as its batch
            yield _Piece(self, wst.text, wst, w, k == len(windows) - 1)

    def add(self, piece: _Piece, doc: Doc | None, err: ExtractionWarning | None) -> None:
        """The records of one window (those in its own part) or its error."""
        if self.laid is None:
            return
        if err is not None:
            self.errors.append(err)
            return
        try:
            records, more = assemble(doc, piece.source)  # errors in one sentence or table row are contained there
        except MemoryError:
            raise
        except Exception as e:  # never lose a batch to one odd note; say what happened
            self.errors.append(_internal("assembling records", e))
            return
        whole = self.laid.source
        # kept as the models assembly made (a JSON array per window, read back at the end, cost a
        # third of a windowed note's time and saved no memory once a batch's Docs are freed early)
        self.records.extend(r for r in records if in_part(r, whole, piece.window))
        self.more.extend(w for w in more if w.span is None or piece.window.whole
                         or w.span.start >= whole.to_original(piece.window.part))

    def result(self) -> NoteExtraction:
        note = Path(self.source).stem if self.source else None
        if self.laid is None:
            return NoteExtraction(source=self.source, note=note, warnings=self.warns)
        st = self.laid.source
        set_scales(self.records, note_scale(st.original))
        more = self.more
        if not self.records and not self.errors and st.text.strip():
            more = more + [ExtractionWarning(message="no related-party amounts found")]
        return NoteExtraction(source=self.source, note=note, length=len(st.original), records=self.records,
                              warnings=self.warns + self.errors + more)


def _batches(pieces: Iterator[_Piece], size: int, chars: int) -> Iterator[list[_Piece]]:
    """Pieces in batches of at most ``size`` pieces and, past the first piece, ``chars`` characters.

    A window of a long note (one of several) is a batch of its own: one window's Doc and its
    per-Doc lists already fill the processor's caches, so reading four windows stage by stage
    only evicted each window's data before its next stage (a 1 MB note a sixth slower, growth
    x13.7 to x14.4 from 100 KB to 1 MB), and only one window's Doc is alive at a time."""
    batch: list[_Piece] = []
    n = 0
    for p in pieces:
        lone = not (p.last and p.window.start == 0)  # one window of several
        if batch and (lone or len(batch) >= size or n + len(p.text) > chars):
            yield batch
            batch, n = [], 0
        if lone:
            yield [p]
            continue
        batch.append(p)
        n += len(p.text)
    if batch:
        yield batch


def _internal(where: str, e: BaseException) -> ExtractionWarning:
    return ExtractionWarning(message=f"{INTERNAL_ERROR} in {where}: {type(e).__name__}: {e}", span=TextSpan(start=0, end=0))


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
