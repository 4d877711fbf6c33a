"""Facts as tables: relparty.to_frame (exact decimals or floats), Arrow, Parquet and Arrow files from
``relparty extract -o``, and the README's DuckDB query over them."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import relparty
from relparty.batch import expand_paths, extract_files
from relparty.frames import FRAME_COLUMNS, to_arrow

pd = pytest.importorskip("pandas", reason="relparty[frames] is not installed (pip install -e '.[frames]')")
pa = pytest.importorskip("pyarrow", reason="relparty[frames] is not installed (pip install -e '.[frames]')")
import pyarrow.parquet as pq  # noqa: E402
from helpers import CMD, CORPUS, ROOT  # noqa: E402


@pytest.fixture(scope="module")
def results() -> list:
    return list(extract_files(p.path for p in expand_paths([CORPUS])))


def facts_of(results: list) -> list:
    return [(f, r.path) for r in results if r.extraction for f in r.extraction.facts()]


def test_to_frame_keeps_every_fact_exact(results: list) -> None:
    df = relparty.to_frame(results)
    facts = facts_of(results)
    assert list(df.columns) == list(FRAME_COLUMNS) and len(df) == len(facts) > 500
    for (f, path), row in zip(facts, df.itertuples(index=False)):
        assert row.counterparty == f.counterparty and row.kind == f.kind and row.file == path
        assert row.period_end.date() == f.period_end
        if f.blank:
            assert row.amount is None and row.blank
        else:
            assert isinstance(row.amount, Decimal) and row.amount == f.amount  # exact, not a float
        assert list(row.aliases) == f.aliases
    floats = relparty.to_frame(results, decimals="float")
    assert floats["amount"].dtype == "float64"
    assert floats["amount"].isna().sum() == df["blank"].sum() >= 1
    assert floats["amount"].sum() == pytest.approx(float(sum(f.amount for f, _ in facts if f.amount is not None)))


def test_to_frame_of_extractions_and_facts() -> None:
    text = (CORPUS / "cloopen-2024-r29.txt").read_text(encoding="utf-8")
    ex = relparty.extract(text, source="cloopen.txt")
    a, b = relparty.to_frame([ex]), relparty.to_frame(ex.facts())
    assert len(a) == len(b) == len(ex.facts()) == 27
    assert set(a["file"]) == {"cloopen.txt"} and b["file"].isna().all()
    assert relparty.to_frame([]).shape == (0, len(FRAME_COLUMNS))
    with pytest.raises(TypeError):
        relparty.to_frame(["not a result"])


def test_an_amount_finer_than_the_decimal_scale_is_refused() -> None:
    ex = relparty.extract((CORPUS / "cloopen-2024-r29.txt").read_text(encoding="utf-8"))
    fact = next(f for f in ex.facts() if not f.blank).model_copy(update={"amount": Decimal("1.00000000001")})
    with pytest.raises(ValueError, match="decimal places"):
        to_arrow([fact])
    assert to_arrow([fact], decimals="float").column("amount")[0].as_py() == 1.00000000001


@pytest.mark.parametrize("fmt", ["parquet", "arrow"])
def test_the_table_writer_gathers_batches_into_row_groups_and_loses_no_fact(results: list, tmp_path: Path, fmt: str,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Facts become Arrow batches every BATCH_FACTS facts and a row group every ROW_GROUP_FACTS
    (small here, so that a few notes make several of each): the file holds the same table."""
    import relparty.frames as frames

    monkeypatch.setattr(frames, "BATCH_FACTS", 5)
    monkeypatch.setattr(frames, "ROW_GROUP_FACTS", 40)
    writer = frames.TableWriter(tmp_path / f"facts.{fmt}", fmt)
    for r in results:
        writer.add(r)
        assert writer.pending < 5 + max(1, len(r.extraction.facts()) if r.extraction else 0)
    writer.close()
    if fmt == "parquet":
        groups = [g.num_rows for g in (pq.ParquetFile(tmp_path / "facts.parquet").metadata.row_group(k)
                                       for k in range(pq.ParquetFile(tmp_path / "facts.parquet").num_row_groups))]
        table = pq.read_table(tmp_path / "facts.parquet")
        assert len(groups) >= 5 and all(n >= 40 for n in groups[:-1])
    else:
        table = pa.ipc.open_file(tmp_path / "facts.arrow").read_all()
    assert table.equals(to_arrow(results))


def test_parquet_and_arrow_files_from_the_cli(results: list, tmp_path: Path) -> None:
    shutil.copytree(CORPUS, tmp_path / "notes", ignore=shutil.ignore_patterns("*.json"))
    for name in ("facts.parquet", "facts.arrow"):
        p = subprocess.run([*CMD, "extract", "notes", "-q", "--jobs", "2", "-o", name], cwd=tmp_path,
                           capture_output=True, timeout=600)
        assert p.returncode == 0, p.stderr
    table = pq.read_table(tmp_path / "facts.parquet")
    assert table.schema.field("amount").type == pa.decimal128(38, 10)
    assert table.schema.field("period_end").type == pa.date32()
    arrow = pa.ipc.open_file(tmp_path / "facts.arrow").read_all()
    assert arrow.equals(table)
    expected = [f for f, _ in facts_of(results)]
    assert table.num_rows == len(expected)
    got = table.to_pylist()
    for row, f in zip(got, expected):
        assert (row["counterparty"], row["period_end"], row["amount"], row["blank"]) == (
            f.counterparty, f.period_end, f.amount, f.blank)
    assert isinstance(got[0]["period_end"], date)
    bad = subprocess.run([*CMD, "extract", "notes", "--view", "records", "-o", "r.parquet"], cwd=tmp_path,
                         capture_output=True, timeout=300)
    assert bad.returncode == 2 and b"facts view only" in bad.stderr
    out = subprocess.run([*CMD, "extract", "notes", "--format", "parquet"], cwd=tmp_path, capture_output=True, timeout=300)
    assert out.returncode == 2 and b"writes a file" in out.stderr


def test_the_readme_duckdb_query(results: list, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb", reason="duckdb is not installed (pip install duckdb) for the README's example")
    shutil.copytree(CORPUS, tmp_path / "notes", ignore=shutil.ignore_patterns("*.json"))
    p = subprocess.run([*CMD, "extract", "notes", "-q", "-o", "facts.parquet"], cwd=tmp_path, capture_output=True, timeout=600)
    assert p.returncode == 0, p.stderr
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    query = readme.split("```sql\n", 1)[1].split("```", 1)[0]  # the README's query, as written
    rows = duckdb.connect().execute(query.replace("'facts.parquet'", f"'{tmp_path / 'facts.parquet'}'")).fetchall()
    totals: dict[tuple[str, str, str | None], Decimal] = {}
    for f, _ in facts_of(results):
        if f.kind == "revenue" and not f.blank:
            key = (f.counterparty, f.period_end.isoformat()[:4], f.currency)
            totals[key] = totals.get(key, Decimal(0)) + f.amount
    # SQL's order: NULL currencies last
    want = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0][0], kv[0][1], kv[0][2] is None, kv[0][2] or ""))[:10]
    assert [((r[0], str(r[1]), r[2]), Decimal(r[3])) for r in rows] == want
