"""Decimals written out for people: the one way relparty prints an amount (exports, messages)."""

from __future__ import annotations

from decimal import Decimal

__all__ = ["plain_number"]


def plain_number(value: Decimal, grouped: bool = False) -> str:
    """``189700000`` for ``Decimal('189700000.0')``, ``1234.5`` for ``Decimal('1234.50')``; never an exponent."""
    if value == value.to_integral_value():
        n = int(value)
        return f"{n:,}" if grouped else str(n)
    v = value.normalize()
    return f"{v:,f}" if grouped else f"{v:f}"
