"""relparty on a Dask cluster (the optional extra ``relparty[dask]``: dask.bag and dask.distributed).

    from dask.distributed import Client
    import relparty.dask

    client = Client("tcp://scheduler:8786")
    bag = relparty.dask.extract_bag(["filings/a.htm", "filings/b.txt", ...])   # or a Bag of paths or (id, text)
    facts = bag.compute()                               # flat fact rows (relparty.engine.ROW_COLUMNS)
    df = bag.to_dataframe(meta=relparty.dask.row_meta())   # a dask DataFrame, e.g. to write Parquet

Each partition runs :func:`relparty.engine.read_rows` (paths) or :func:`relparty.engine.extract_rows`
(``(id, text)`` pairs) on a worker, with the worker's one cached Extractor. The files must be
readable by the workers at the paths given (a shared file system); for text already in memory or
in object storage, pass a Bag of ``(id, text)`` pairs.

``relparty extract --engine dask --scheduler ADDRESS`` sends the files of a batch to a running
cluster in partitions (:func:`rendered_partitions`) and writes what comes back in input order,
byte for byte what ``--jobs 1`` writes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import Any

from relparty.engine import ROW_COLUMNS, extract_rows, read_rows

__all__ = ["extract_bag", "row_meta", "rendered_partitions", "PARTITION_FILES"]

PARTITION_FILES = 64  # files per partition: enough to amortise a task, small enough to spread


def _dask_bag() -> Any:
    try:
        import dask.bag
    except ImportError as e:
        raise ImportError("relparty.dask needs dask: pip install 'relparty[dask]'") from e
    return dask.bag


def _rows_of(items: Iterable[Any], max_bytes: int | None) -> list[dict[str, Any]]:
    """A partition's rows: paths are read, ``(id, text)`` pairs extracted (both may be mixed)."""
    items = list(items)
    paths = [i for i in items if isinstance(i, str)]
    pairs = [tuple(i) for i in items if not isinstance(i, str)]
    out = list(read_rows(paths, max_bytes=max_bytes)) if paths else []
    if pairs:
        out += list(extract_rows(pairs))  # type: ignore[arg-type]
    return out if not (paths and pairs) else sorted(out, key=_order(items))


def _order(items: list[Any]) -> Callable[[dict[str, Any]], int]:
    where = {(i if isinstance(i, str) else str(i[0])): n for n, i in enumerate(items)}
    return lambda row: where.get(row["id"], len(where))


def extract_bag(paths_or_bag: Any, *, partition_size: int = PARTITION_FILES, max_bytes: int | None = None) -> Any:
    """A ``dask.bag.Bag`` of flat fact rows (dicts keyed by :data:`relparty.engine.ROW_COLUMNS`).

    ``paths_or_bag``: a sequence of note file paths, or a Bag whose items are paths or ``(id, text)``
    pairs. Rows come in the order of the input (partition by partition)."""
    bag_mod = _dask_bag()
    if isinstance(paths_or_bag, bag_mod.Bag):
        bag = paths_or_bag
    else:
        bag = bag_mod.from_sequence([str(p) for p in paths_or_bag], partition_size=partition_size)
    return bag.map_partitions(_rows_of, max_bytes)


def row_meta() -> Any:
    """An empty pandas DataFrame with the rows' columns (``meta`` for ``Bag.to_dataframe``)."""
    import pandas as pd

    return pd.DataFrame({c: pd.Series(dtype="object") for c in ROW_COLUMNS})


# --- the CLI's engine --------------------------------------------------------------------------


def _render_partition(tasks: Sequence[tuple[str, str | None]], fmt: str, view: str, max_bytes: int) -> list[Any]:
    """On a worker: read and extract a partition's files (``(path, error from expanding it)``) and
    render each as ``relparty extract`` would."""
    from relparty.batch import InputPath, run_batch
    from relparty.engine import worker_extractor
    from relparty.writers import render

    post = partial(render, fmt=fmt, view=view)
    return list(run_batch((InputPath(p, err) for p, err in tasks), jobs=1, max_bytes=max_bytes, keep_text=False,
                          post=post, extractor=worker_extractor()))


def rendered_partitions(client: Any, paths: Iterable[tuple[str, str | None]], *, fmt: str, view: str, max_bytes: int,
                        partition_size: int = PARTITION_FILES, window: int | None = None) -> Iterator[Any]:
    """Send ``paths`` to the cluster of ``client`` in partitions and yield each file's
    :class:`relparty.writers.Rendered` in input order; at most ``window`` partitions (default: two
    per worker thread) are in flight, so memory stays flat on a long batch."""
    if window is None:
        window = max(2, 2 * sum(client.nthreads().values()))
    it = iter(paths)
    pending: deque[Any] = deque()

    def submit() -> bool:
        chunk = [p for _, p in zip(range(partition_size), it)]
        if chunk:
            pending.append(client.submit(_render_partition, chunk, fmt, view, max_bytes, pure=False))
        return bool(chunk)

    while len(pending) < window and submit():
        pass
    while pending:
        future = pending.popleft()
        submit()
        yield from future.result()
        future.release()
