"""``relparty extract -o``: the format follows the suffix, a directory gets a default name, the output is
never an input nor read back, a file named twice is read once, and --jobs is capped."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from helpers import CMD, CORPUS
from relparty.models import Fact

NOTES = ("abcam-2022-r37", "cloopen-2024-r29", "euroseas-2015-r16")


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*CMD, *map(str, args)], cwd=cwd, capture_output=True, timeout=300, stdin=subprocess.DEVNULL)


def summary(p: subprocess.CompletedProcess[bytes]) -> str:
    return p.stderr.decode().splitlines()[-1]


def facts(path: Path) -> list[Fact]:
    return [Fact.model_validate_json(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "notes").mkdir()
    for stem in NOTES:
        shutil.copy(CORPUS / f"{stem}.txt", tmp_path / "notes" / f"{stem}.txt")
    return tmp_path


def test_the_suffix_of_o_picks_the_format(folder: Path) -> None:
    for name in ("f.jsonl", "f.json", "f.csv", "r.xlsx", "r.html", "f.JSON", "f.out"):
        assert run("extract", "notes", "-q", "-o", name, cwd=folder).returncode == 0, name
    jsonl = facts(folder / "f.jsonl")
    assert [Fact.model_validate(o) for o in json.loads((folder / "f.json").read_bytes())] == jsonl
    assert [Fact.model_validate(o) for o in json.loads((folder / "f.JSON").read_bytes())] == jsonl
    with open(folder / "f.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == len(jsonl) and rows[0]["counterparty"] == jsonl[0].counterparty
    with zipfile.ZipFile(folder / "r.xlsx") as z:
        assert "xl/workbook.xml" in z.namelist()
    assert (folder / "r.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert facts(folder / "f.out") == jsonl  # an unknown suffix: JSON Lines, the default
    # --format that agrees with the suffix is fine
    assert run("extract", "notes", "-q", "--format", "csv", "-o", "g.csv", cwd=folder).returncode == 0
    assert (folder / "g.csv").read_bytes() == (folder / "f.csv").read_bytes()


def test_o_directory_writes_a_default_name_in_it(folder: Path) -> None:
    (folder / "out").mkdir()
    assert run("extract", "notes", "-q", "-o", "out/", cwd=folder).returncode == 0
    assert run("extract", "notes", "-q", "--view", "records", "-o", "out", cwd=folder).returncode == 0
    assert run("extract", "notes", "-q", "--format", "xlsx", "-o", "out", cwd=folder).returncode == 0
    assert run("extract", "notes", "-q", "--format", "csv", "-o", "out", cwd=folder).returncode == 0
    assert sorted(p.name for p in (folder / "out").iterdir()) == ["facts.csv", "facts.jsonl", "records.jsonl", "review.xlsx"]
    assert len(facts(folder / "out" / "facts.jsonl")) > 27


def test_an_output_that_is_an_input_is_refused_and_left_alone(folder: Path) -> None:
    note = folder / "notes" / "abcam-2022-r37.txt"
    before = note.read_bytes()
    for args in (["notes/abcam-2022-r37.txt"], ["notes", "./notes/../notes/abcam-2022-r37.txt"]):
        p = run("extract", *args, "-o", "notes/abcam-2022-r37.txt", cwd=folder)
        assert p.returncode == 2 and b"is also an input" in p.stderr
    (folder / "alias.txt").symlink_to(note)
    p = run("extract", "alias.txt", "-o", "notes/abcam-2022-r37.txt", cwd=folder)
    assert p.returncode == 2 and b"is also an input" in p.stderr
    assert note.read_bytes() == before


@pytest.mark.parametrize("name", ["facts.txt", "review.html"])
def test_an_output_inside_the_input_folder_is_not_read_back(folder: Path, name: str) -> None:
    first = run("extract", "notes", "-o", f"notes/{name}", cwd=folder)
    kept = (folder / "notes" / name).read_bytes()
    second = run("extract", "notes", "-o", f"notes/{name}", cwd=folder)
    assert first.returncode == second.returncode == 0
    assert summary(first).startswith(f"{len(NOTES)} files, 0 failed") and summary(second).startswith(f"{len(NOTES)} files, 0 failed")
    assert (folder / "notes" / name).read_bytes() == kept  # the same output: the first run's file was not a note


def test_a_file_named_twice_is_read_once(folder: Path) -> None:
    once = run("extract", "notes", "-o", "once.jsonl", cwd=folder)
    twice = run("extract", "notes", "notes/cloopen-2024-r29.txt", "notes/*.txt", "./notes", "-o", "twice.jsonl", cwd=folder)
    assert once.returncode == twice.returncode == 0
    assert summary(twice).startswith(f"{len(NOTES)} files, 0 failed")
    assert (folder / "twice.jsonl").read_bytes() == (folder / "once.jsonl").read_bytes()


def test_jobs_beyond_the_files_and_cores_give_the_same_output(folder: Path) -> None:
    one = run("extract", "notes", "-q", "-o", "one.jsonl", cwd=folder)
    many = run("extract", "notes", "-q", "--jobs", "64", "-o", "many.jsonl", cwd=folder)
    assert one.returncode == many.returncode == 0
    assert (folder / "many.jsonl").read_bytes() == (folder / "one.jsonl").read_bytes()
