from __future__ import annotations

import pytest
from relparty.api import default_extractor
from spacy.language import Language


@pytest.fixture(scope="session")
def pipeline() -> Language:
    return default_extractor().nlp
