"""relparty on Dask: a LocalCluster of two workers gives the same facts as ``--jobs 1``, through
``relparty.dask.extract_bag`` and through ``relparty extract --engine dask --scheduler``."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from relparty.batch import expand_paths, extract_files
from relparty.engine import ROW_COLUMNS, extract_rows, fact_row

distributed = pytest.importorskip("distributed", reason="relparty[dask] is not installed (pip install -e '.[dask]')")
from helpers import CMD, CORPUS  # noqa: E402
from relparty.dask import extract_bag  # noqa: E402


@pytest.fixture(scope="module")
def cluster():  # type: ignore[no-untyped-def]
    # two workers of one thread each, in this process (processes would each load spaCy: slow for a test),
    # on a TCP address so that a relparty CLI process can connect to the scheduler
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=None) as c:
        yield c


@pytest.fixture(scope="module")
def notes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dask") / "notes"
    shutil.copytree(CORPUS, folder, ignore=shutil.ignore_patterns("*.json"))
    (folder / "empty.txt").write_bytes(b"")  # a file that fails: reported, not fatal
    return folder


def test_engine_neutral_rows_are_the_facts_view() -> None:
    text = (CORPUS / "cloopen-2024-r29.txt").read_text(encoding="utf-8")
    rows = list(extract_rows([("a/cloopen.txt", text), ("b", "no amounts here")]))
    assert len(rows) == 27 and all(list(r) == list(ROW_COLUMNS) for r in rows)
    assert {r["id"] for r in rows} == {"a/cloopen.txt"} and {r["note"] for r in rows} == {"cloopen"}
    from relparty import extract

    assert rows == [fact_row("a/cloopen.txt", f) for f in extract(text, source="a/cloopen.txt").facts()]


def test_extract_bag_on_two_workers_matches_one_process(cluster, notes: Path) -> None:  # type: ignore[no-untyped-def]
    paths = [p.path for p in expand_paths([notes])]
    expected = [fact_row(r.path, f) for r in extract_files(paths) if r.extraction for f in r.extraction.facts()]
    with distributed.Client(cluster) as client:
        bag = extract_bag(paths, partition_size=8)
        assert bag.npartitions >= 2
        got = bag.compute()
        assert len(client.nthreads()) == 2  # two workers
        pairs = [(p, Path(p).read_text(encoding="utf-8", errors="replace")) for p in paths[:6]]
        import dask.bag

        from_text = extract_bag(dask.bag.from_sequence(pairs, npartitions=2)).compute()
    assert got == expected and len(got) > 500
    assert from_text == [r for r in expected if r["id"] in dict(pairs)]


def test_cli_engine_dask_writes_what_jobs_1_writes(cluster, notes: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([*CMD, "extract", str(notes), *args], cwd=tmp_path, capture_output=True, timeout=600)

    one = run("-o", "one.jsonl")
    dask = run("--engine", "dask", "--scheduler", cluster.scheduler_address, "-o", "dask.jsonl")
    assert one.returncode == dask.returncode == 1  # the empty file
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "one.jsonl").read_bytes()
    assert f"relparty: {notes / 'empty.txt'}: empty file".encode() in dask.stderr
    assert dask.stderr.splitlines()[-1].split(b",")[:4] == one.stderr.splitlines()[-1].split(b",")[:4]
    csv_one = run("-o", "one.csv")
    csv_dask = run("--engine", "dask", "--scheduler", cluster.scheduler_address, "-o", "dask.csv")
    assert csv_one.returncode == csv_dask.returncode == 1
    assert (tmp_path / "dask.csv").read_bytes() == (tmp_path / "one.csv").read_bytes()


@pytest.mark.parametrize(("args", "message"), [
    (["--engine", "dask"], b"--engine dask needs --scheduler ADDRESS"),
    (["--scheduler", "tcp://127.0.0.1:1"], b"--scheduler is for --engine dask"),
    (["--engine", "dask", "--scheduler", "tcp://127.0.0.1:1", "-o", "r.xlsx"], b"--engine dask writes jsonl, json or csv"),
])
def test_cli_engine_dask_usage_errors(notes: Path, tmp_path: Path, args: list[str], message: bytes) -> None:
    p = subprocess.run([*CMD, "extract", str(notes), *args], cwd=tmp_path, capture_output=True, timeout=120)
    assert p.returncode == 2 and message in p.stderr, p.stderr
