"""``relparty schema`` validates what ``relparty extract`` writes, in both views, over every corpus note,
and rejects what the models would not accept."""

from __future__ import annotations

import copy
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers import CMD, ROOT
from relparty.models import Fact, NoteExtraction

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is in the test extra: pip install -e '.[test]'")

CORPUS = ROOT / "corpus"  # notes and details pages


def relparty(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*CMD, *args], cwd=cwd, capture_output=True, timeout=600)


@pytest.fixture(scope="module")
def schema(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    p = relparty("schema", cwd=tmp_path_factory.mktemp("schema"))
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    jsonschema.Draft202012Validator.check_schema(doc)
    return doc


def validator(schema: dict[str, Any], ref: str | None = None) -> Any:
    target = schema if ref is None else {**schema, "oneOf": [{"$ref": f"#/$defs/{ref}"}]}
    return jsonschema.Draft202012Validator(target, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Any]]:
    """Every corpus note (corpus/notes and the notes of corpus/details) in both views, as written."""
    out = tmp_path_factory.mktemp("out")
    objs: dict[str, list[Any]] = {}
    for view in ("facts", "records"):
        p = relparty("extract", str(CORPUS / "notes"), str(CORPUS / "details"), "--view", view, "-q",
                     "-o", str(out / f"{view}.jsonl"), cwd=out)
        assert p.returncode == 0, p.stderr
        objs[view] = [json.loads(line) for line in (out / f"{view}.jsonl").read_text(encoding="utf-8").splitlines()]
    p = relparty("extract", str(CORPUS / "notes"), "--format", "json", "-q", "-o", str(out / "facts.json"), cwd=out)
    assert p.returncode == 0, p.stderr
    objs["json"] = json.loads((out / "facts.json").read_text(encoding="utf-8"))
    return objs


def test_schema_validates_every_corpus_output(schema: dict[str, Any], outputs: dict[str, list[Any]]) -> None:
    either, facts, records = validator(schema), validator(schema, "Fact"), validator(schema, "NoteExtraction")
    n_notes = len(list((CORPUS / "notes").glob("*.txt"))) + len(
        [p for p in (CORPUS / "details").glob("*.txt") if ".details" not in p.name])
    assert len(outputs["records"]) == n_notes and len(outputs["facts"]) > 500
    assert any(f["blank"] for f in outputs["facts"])  # blanks are in what is validated
    for obj in outputs["facts"] + outputs["json"]:
        errors = [e.message for e in facts.iter_errors(obj)]
        assert not errors, (obj, errors)
        assert either.is_valid(obj) and not records.is_valid(obj)
    for obj in outputs["records"]:
        errors = [e.message for e in records.iter_errors(obj)]
        assert not errors, (obj.get("note"), errors)
        assert either.is_valid(obj) and not facts.is_valid(obj)


def _first(outputs: dict[str, list[Any]], blank: bool) -> dict[str, Any]:
    return copy.deepcopy(next(f for f in outputs["facts"] if f["blank"] is blank))


def _record_amount(outputs: dict[str, list[Any]], blank: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    for ex in outputs["records"]:
        for i, rec in enumerate(ex["records"]):
            for j, pa in enumerate(rec["amounts"]):
                if pa["amount"]["blank"] is blank:
                    ex = copy.deepcopy(ex)
                    return ex, ex["records"][i]["amounts"][j]["amount"]
    raise AssertionError("no such amount in the corpus")


BAD_FACTS = {
    "unknown key": lambda f: f.update(colour="red"),
    "kind outside the five": lambda f: f.update(kind="dividend"),
    "no counterparty": lambda f: f.pop("counterparty"),
    "amount as text": lambda f: f.update(amount="1,200"),
    "period end not a date": lambda f: f.update(period_end="2023-13-45"),
    "offset as text": lambda f: f.update(start="12"),
    "aliases not a list": lambda f: f.update(aliases="Acme"),
}


@pytest.mark.parametrize("change", list(BAD_FACTS))
def test_schema_rejects_a_bad_fact(schema: dict[str, Any], outputs: dict[str, list[Any]], change: str) -> None:
    fact = _first(outputs, blank=False)
    assert validator(schema).is_valid(fact)
    BAD_FACTS[change](fact)
    assert not validator(schema).is_valid(fact)


def test_schema_holds_blank_iff_no_amount(schema: dict[str, Any], outputs: dict[str, list[Any]]) -> None:
    v = validator(schema)
    blank, plain = _first(outputs, blank=True), _first(outputs, blank=False)
    assert v.is_valid(blank) and v.is_valid(plain)
    assert not v.is_valid({**blank, "amount": 0})  # a blank is never 0
    assert not v.is_valid({**plain, "amount": None})  # a missing amount must say it is blank
    for obj in (blank, {**blank, "amount": 0}, {**plain, "amount": None}):  # the model agrees with the schema
        ok = v.is_valid(obj)
        try:
            Fact.model_validate(obj)
            model_ok = obj["blank"] == (obj["amount"] is None)
        except ValueError:
            model_ok = False
        assert ok == model_ok


def test_schema_rejects_bad_records(schema: dict[str, Any], outputs: dict[str, list[Any]]) -> None:
    v = validator(schema, "NoteExtraction")
    ex, amount = _record_amount(outputs, blank=True)
    assert v.is_valid(ex)
    amount["value"] = "0"
    assert not v.is_valid(ex)  # a blank slot with a value
    with pytest.raises(ValueError):
        NoteExtraction.model_validate(ex)
    ex, amount = _record_amount(outputs, blank=False)
    assert v.is_valid(ex)
    for bad in ("1,200", "RMB5", "", None):
        amount["value"] = bad
        assert not v.is_valid(ex), bad
    ex, amount = _record_amount(outputs, blank=False)
    ex["records"][0]["kind"] = "dividend"
    assert not v.is_valid(ex)
    ex, amount = _record_amount(outputs, blank=False)
    amount["span"]["start"] = -1
    assert not v.is_valid(ex)
    ex, _ = _record_amount(outputs, blank=False)
    ex["records"][0]["secret"] = 1
    assert not v.is_valid(ex)


def test_every_shipped_pattern_is_literal_so_the_slow_matcher_stays_empty() -> None:
    """A pattern with another attribute ("IS_ALPHA") or a nested value goes to spaCy's Matcher, whose one pass over
    every note doubled extraction time when the first such row landed; the shipped rows are literal, read by the
    PhraseMatchers alone (a new construct that needs more is checked in code after a literal mark)."""
    from relparty.pipeline import build_pipeline

    ruler = build_pipeline().get_pipe("relparty_lexicon")
    assert len(ruler.matcher) == 0, sorted({r["label"] for r in ruler.patterns if any(
        len(t) != 1 or next(iter(t)) not in ("LOWER", "ORTH") for t in r["pattern"] if isinstance(t, dict))})
