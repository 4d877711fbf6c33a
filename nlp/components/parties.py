"""Former home of party finding, now :mod:`relparty.components.mentions` (and linking).

Kept only so that an install made before the split, whose spaCy entry points still name
``relparty.components.parties:make_parties``, imports; it holds no logic. Reinstall
(``pip install -e .``) and this module is not used."""

from relparty.components.mentions import make_mentions as make_parties

__all__ = ["make_parties"]
