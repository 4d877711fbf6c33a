from __future__ import annotations

import pytest
from spacy.language import Language

from nlp.api import default_extractor


@pytest.fixture(scope="session")
def pipeline() -> Language:
    return default_extractor().nlp
