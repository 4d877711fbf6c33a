"""The Spark recipe of docs/spark.md, run as written in local mode over the corpus."""

from __future__ import annotations

import os
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from relparty.batch import expand_paths, extract_files

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "spark.md"
CORPUS = ROOT / "corpus" / "notes"

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install pyspark; CI skips it: see docs/spark.md)")
pq = pytest.importorskip("pyarrow.parquet", reason="relparty[frames] is not installed")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java runtime (java on the PATH or JAVA_HOME) for Spark's local mode", allow_module_level=True)


def test_the_spark_recipe_gives_the_facts_of_relparty_extract(tmp_path: Path) -> None:
    code = DOC.read_text(encoding="utf-8").split("```python\n", 1)[1].split("```", 1)[0]
    notes = tmp_path / "notes"
    notes.mkdir()
    names = sorted(CORPUS.glob("*.txt"))[:12]
    for p in names:
        shutil.copy(p, notes / p.name)
    out = tmp_path / "facts.parquet"
    env = {"MASTER": "local[2]", "NOTES": str(notes / "*.txt"), "OUT": str(out)}
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    try:
        exec(compile(code, str(DOC), "exec"), env)  # the recipe, as the doc writes it
    finally:
        spark = env.get("spark")
        if spark is not None:
            spark.stop()
    rows = pq.read_table(out).to_pylist()
    got = sorted((Path(r["id"].removeprefix("file:")).name, r["counterparty"], r["kind"], r["period_end"], str(r["amount"]),
                  r["blank"], r["start"], r["end"]) for r in rows)
    want = sorted((Path(res.path).name, f.counterparty, f.kind, f.period_end,
                   str(f.amount.quantize(Decimal("1e-10")) if f.amount is not None else None), f.blank, f.start, f.end)
                  for res in extract_files(p.path for p in expand_paths([notes])) if res.extraction
                  for f in res.extraction.facts())
    assert got == want and len(want) > 50
