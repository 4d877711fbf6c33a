"""Packaging: the wheel holds one top-level package, ``relparty``, and works from a user's folder that has
its own ``models.py``, ``nlp.py`` and ``patterns/``; a saved pipeline loads in a fresh process through
spaCy's entry points; one version source."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from importlib.metadata import entry_points, version
from pathlib import Path

import pytest
import relparty
from relparty.components.lexicon_ruler import LexiconRuler
from relparty.models import Fact
from relparty.patterns import PATTERN_DIR
from relparty.pipeline import COMPONENTS, build_pipeline
from relparty.vocabulary import all_patterns

ROOT = Path(__file__).resolve().parent.parent
NOTE = ROOT / "corpus" / "notes" / "cloopen-2024-r29.txt"
SOURCES = ("pyproject.toml", "README.md", "LICENSE", "nlp", "models", "patterns")


def clean_env() -> dict[str, str]:
    """The environment of a fresh shell: nothing that puts the checkout or this venv on the path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PYTHONNOUSERSITE"] = "1"
    return env


def test_one_version_source() -> None:
    assert relparty.__version__ == version("relparty")  # pyproject.toml's version, read from the metadata
    text = (ROOT / "nlp" / "__init__.py").read_text(encoding="utf-8")
    assert '__version__ = "' not in text  # no second copy of the number


def test_entry_points_name_every_component_and_the_tokenizer() -> None:
    factories = {ep.name: ep for ep in entry_points(group="spacy_factories") if ep.value.startswith("relparty.")}
    assert set(factories) == {"relparty_lexicon", *COMPONENTS}
    for ep in factories.values():
        assert callable(ep.load())
    tokenizers = {ep.name: ep for ep in entry_points(group="spacy_tokenizers") if ep.value.startswith("relparty.")}
    assert set(tokenizers) == {"relparty.Tokenizer.v1"}
    assert callable(tokenizers["relparty.Tokenizer.v1"].load())


LOAD_AND_READ = textwrap.dedent("""
    import json, sys
    import spacy
    nlp = spacy.load(sys.argv[1])  # nothing of relparty imported first: spaCy finds it by entry points
    from relparty.assemble import assemble
    from relparty.models import NoteExtraction
    from relparty.readers import read_text
    st = read_text(open(sys.argv[2], encoding="utf-8").read(), None)
    records, _ = assemble(nlp(st.text), st)
    facts = [f.model_dump(mode="json") for f in NoteExtraction(records=records).facts()]
    print(json.dumps({"pipes": nlp.pipe_names, "facts": facts}))
""")


def test_saved_pipeline_loads_in_a_fresh_process(tmp_path: Path) -> None:
    """``to_disk`` saves the whole lexicon: the pipeline loads after its pattern folder is gone."""
    own = tmp_path / "my-patterns"
    shutil.copytree(PATTERN_DIR, own, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    nlp = build_pipeline(own)
    saved = tmp_path / "pipeline"
    nlp.to_disk(saved)
    shutil.rmtree(own)  # the saved pipeline must not need it
    rows = [json.loads(line) for line in (saved / "relparty_lexicon" / "patterns.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rows == all_patterns(None, expand=False)  # every rule file's patterns, as written
    p = subprocess.run([sys.executable, "-c", LOAD_AND_READ, str(saved), str(NOTE)], capture_output=True, text=True,
                       cwd=tmp_path, env=clean_env(), timeout=300)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["pipes"] == nlp.pipe_names
    expected = [f.model_dump(mode="json") for f in relparty.extract(NOTE.read_text(encoding="utf-8")).facts()]
    assert out["facts"] == expected and len(expected) >= 27


def test_lexicon_ruler_from_disk_replaces_its_patterns(tmp_path: Path) -> None:
    nlp = build_pipeline()
    ruler = nlp.get_pipe("relparty_lexicon")
    assert isinstance(ruler, LexiconRuler)
    one = tmp_path / "one"
    one.mkdir()
    (one / "patterns.jsonl").write_text('{"label": "X", "pattern": [{"LOWER": "zebra"}], "id": "z"}\n', encoding="utf-8")
    ruler.from_disk(one)
    assert ruler.patterns == [{"label": "X", "pattern": [{"LOWER": "zebra"}], "id": "z"}]
    doc = nlp("A zebra crossed.")
    assert [(m.label_, m.text) for ms in doc.user_data["rp_marks"].values() for m in ms] == [("X", "zebra")]


# --- the wheel, installed outside the checkout -------------------------------------------------

USER_FILES = {
    "models.py": "WHOSE = 'the user'\n",
    "nlp.py": "WHOSE = 'the user'\n",
    "patterns/__init__.py": "WHOSE = 'the user'\n",
}
LIBRARY = textwrap.dedent("""
    import json, sys
    import models, nlp, patterns  # the user's own modules, from the current folder
    from relparty import Extractor, extract
    import relparty, relparty.models, relparty.patterns
    text = open(sys.argv[1], encoding="utf-8").read()
    facts = extract(text, source=sys.argv[1]).facts()
    print(json.dumps({"user": [models.WHOSE, nlp.WHOSE, patterns.WHOSE], "file": relparty.__file__,
                      "models": relparty.models.__file__, "patterns": relparty.patterns.__file__,
                      "version": relparty.__version__, "facts": len(facts),
                      "same": Extractor().extract(text, source=sys.argv[1]).facts() == facts}))
""")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the sources (no build files left in the checkout; no download)."""
    src = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(ROOT / name, src / name)
    dist = tmp_path_factory.mktemp("dist")
    p = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index",
                        "-w", str(dist), str(src)], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    (whl,) = dist.glob("relparty-*.whl")
    return whl


def test_wheel_holds_one_top_level_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
    dist_info = f"relparty-{relparty.__version__}.dist-info"
    assert {n.split("/")[0] for n in names} == {"relparty", dist_info}
    for needed in ("relparty/py.typed", "relparty/models/facts.py", "relparty/patterns/lexicon.json",
                   "relparty/patterns/money.jsonl", f"{dist_info}/entry_points.txt"):
        assert needed in names
    assert any(n.startswith(f"{dist_info}/licenses/LICENSE") or n == f"{dist_info}/LICENSE" for n in names)


def test_wheel_in_a_fresh_venv_from_a_folder_with_models_nlp_and_patterns(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    py = venv / "bin" / "python"
    p = subprocess.run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps", "--no-index",
                        str(wheel)], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True, env=clean_env()).stdout.strip())
    installed = sorted(n for n in os.listdir(site) if n != "__pycache__")
    assert installed == ["relparty", f"relparty-{relparty.__version__}.dist-info"]  # nothing else top-level
    # spaCy and the other dependencies come from this venv (no download): a path line, which also
    # puts this venv's relparty after the new one, whose copy must win
    (Path(site) / "zz_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")

    project = tmp_path / "project"
    for name, text in USER_FILES.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    shutil.copy(NOTE, project / "note.txt")

    lib = subprocess.run([str(py), "-c", LIBRARY, "note.txt"], cwd=project, capture_output=True, text=True,
                         env=clean_env(), timeout=300)
    assert lib.returncode == 0, lib.stderr
    out = json.loads(lib.stdout)
    assert out["user"] == ["the user"] * 3
    for key in ("file", "models", "patterns"):
        assert Path(out[key]).resolve().is_relative_to(Path(site).resolve()), out[key]  # the wheel's, not the checkout's
    assert out["version"] == relparty.__version__
    expected = relparty.extract(NOTE.read_text(encoding="utf-8"), source="note.txt").facts()
    assert out["facts"] == len(expected) >= 27 and out["same"]

    cli = subprocess.run([str(venv / "bin" / "relparty"), "extract", "note.txt", "-o", "facts.jsonl"], cwd=project,
                         capture_output=True, text=True, env=clean_env(), timeout=300)
    assert cli.returncode == 0, cli.stderr
    facts = [Fact.model_validate_json(line) for line in (project / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    assert facts == expected
    ver = subprocess.run([str(venv / "bin" / "relparty"), "--version"], cwd=project, capture_output=True, text=True,
                         env=clean_env(), timeout=300)
    assert ver.stdout.strip() == f"relparty {relparty.__version__}"
