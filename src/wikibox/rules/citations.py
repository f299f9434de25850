"""(family module; rules are added by the family's issue)."""

from __future__ import annotations

from .base import Rule

RULES: list[Rule] = []
