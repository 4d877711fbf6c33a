from __future__ import annotations

import os

import pytest
from relparty.api import default_extractor
from spacy.language import Language


@pytest.fixture(scope="session")
def pipeline() -> Language:
    return default_extractor().nlp


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--fuzz-long", action="store_true", default=False,
                     help="tests/test_fuzz.py: 100,000 examples per property instead of a few dozen (hours)")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--fuzz-long"):
        os.environ["RELPARTY_FUZZ_LONG"] = "1"  # read by tests/test_fuzz.py when it is imported
