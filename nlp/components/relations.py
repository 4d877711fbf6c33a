"""Former home of kind triggers, now :mod:`relparty.components.clauses`.

Kept only so that an install made before the split, whose spaCy entry points still name
``relparty.components.relations:make_relations``, imports; it holds no logic."""

from relparty.components.clauses import make_clauses as make_relations

__all__ = ["make_relations"]
