"""``relparty details`` and ``relparty reconcile`` through the real command line."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from relparty.cli import build_parser, main
from relparty.details.rows import TAGGED_COLUMNS
from relparty.exports.rows import RECONCILIATION_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "details"
SCORER = ROOT / "tools" / "score_details.py"  # the project's scorer, vendored from shared/tools


def test_commands_are_registered() -> None:
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"extract", "schema", "details", "reconcile", "locate"} <= set(commands)


@pytest.mark.parametrize("folder", [CORPUS], ids=["corpus"])
def test_details_jsonl_scores_f1_one(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "facts.jsonl"
    assert main(["details", str(folder), "-o", str(out), "-q"]) == 0
    res = subprocess.run([sys.executable, str(SCORER), str(folder), str(out)], capture_output=True, text=True, check=True)
    assert " F1 1.000 " in res.stdout and "claimed as placed 0" in res.stdout, res.stdout


def test_details_csv(tmp_path: Path) -> None:
    out = tmp_path / "facts.csv"
    assert main(["details", str(ROOT / "corpus" / "details" / "cloopen-2021-revenue.details.txt"), "-o", str(out),
                 "--cells", "-q"]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert tuple(rows[0]) == TAGGED_COLUMNS
    assert rows[0]["text"] == "¥ 17,800" and rows[0]["value"] == "17800000" and rows[0]["columns"] == "1"
    assert {r["kind"] for r in rows} == {"money", "count", "duration"}


def test_details_warns_on_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "b.details.txt"
    binary.write_bytes(bytes(range(256)))
    out = tmp_path / "o.jsonl"
    assert main(["details", str(binary), str(CORPUS / "ambow-2021-rpt.txt"), str(tmp_path / "missing.txt"),
                 "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "b.details.txt: warning: binary" in err
    assert "does not look like a details page" in err
    assert "missing.txt: no such file" in err
    assert out.read_text(encoding="utf-8") == ""


def test_reconcile_one_note_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reconcile", str(CORPUS / "ambow-2021-rpt.gold.json"), str(CORPUS / "ambow-2021-rpt.details.txt"),
                 "-q"]) == 0
    out = capsys.readouterr().out
    assert "agree 11, differ 0, blank-in-text 0, text-only 26, tagged-only 0" in out
    assert "text '950' = tagged '950'" in out


def test_reconcile_folder_pairs_notes_with_pages(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reconcile", str(CORPUS), "--from-gold", "-q"]) == 0
    out = capsys.readouterr().out
    total = next(line for line in out.splitlines() if line.startswith("total"))
    assert total.split() == ["total", "35", "0", "0", "117", "67"]
    for name in ("ambow-2021-rpt", "the9-2020-rpt", "liauto-2022-rpt"):
        assert f"== {name}:" in out


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "json", "html"])
def test_reconcile_formats(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"rec.{fmt}"
    assert main(["reconcile", str(CORPUS / "liauto-2022-rpt.txt"), "--from-gold", "-o", str(out), "-q"]) == 0
    text = out.read_text(encoding="utf-8")
    if fmt == "jsonl":
        rows = [json.loads(line) for line in text.splitlines()]
        assert tuple(rows[0]) == RECONCILIATION_COLUMNS and sum(r["status"] == "agree" for r in rows) == 11
    elif fmt == "csv":
        rows = list(csv.DictReader(text.splitlines()))
        assert tuple(rows[0]) == RECONCILIATION_COLUMNS
    elif fmt == "json":
        (rec,) = json.loads(text)
        assert rec["scale"] == 1000 and len(rec["items"]) == 32
    else:
        assert text.startswith("<!doctype html>") and 'class="reconciliation"' in text


def test_reconcile_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lonely = tmp_path / "lonely.txt"
    lonely.write_text("Revenue from X was RMB1.", encoding="utf-8")
    assert main(["reconcile", str(lonely)]) == 2
    assert main(["reconcile", str(tmp_path / "nope.txt")]) == 2
    assert main(["reconcile", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "no NAME.details*.txt beside the note" in err and "no such file" in err


def test_reconcile_real_note_end_to_end(capsys: pytest.CaptureFixture[str]) -> None:
    """The narrative is extracted by the live pipeline, then reconciled (counts depend on the extractor)."""
    assert main(["reconcile", str(CORPUS / "liauto-2022-rpt.txt"), "-q", "--format", "jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and {r["status"] for r in rows} <= {"agree", "differ", "blank-in-text", "text-only", "tagged-only"}
    assert sum(r["tagged_text"] is not None for r in rows) == 11  # every tagged fact of the page, once
