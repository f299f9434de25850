"""What a template takes, as wikibox looks it up: :class:`ParamSpec`, :class:`TemplateSchema`
and the :class:`SchemaSet` of one wiki.

Rules ask these objects whether a parameter name is known, what it stands for (an alias, a
deprecated name and its replacement) and which known name a misspelt one was meant to be; a
template name is found through the wiki's redirects.  They are built from TemplateData by
:func:`~wikibox.schema.parse_templatedata` and loaded by :func:`~wikibox.schema.load_schemas`.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from wikibox.wikitext.names import normalize_template_name

__all__ = ["ParamSpec", "SchemaSet", "TemplateSchema"]

# "Use |access-date= instead." or "use {{para|access-date}}" -> access-date
_REPLACEMENT = (
    re.compile(r"\|\s*([^|={}]+?)\s*="),
    re.compile(r"\{\{\s*para\s*\|\s*([^|{}]+?)\s*[|}]"),
)


@dataclass(frozen=True)
class ParamSpec:
    """One parameter as TemplateData describes it (after ``inherits`` and type normalisation)."""

    name: str
    label: str | None = None
    type: str = "unknown"
    required: bool = False
    suggested: bool = False
    deprecated: bool | str = False
    aliases: tuple[str, ...] = ()
    description: str | None = None
    default: str | None = None
    example: str | None = None
    suggested_values: tuple[str, ...] = ()
    autovalue: str | None = None

    @property
    def replacement(self) -> str | None:
        """The parameter a deprecation message tells editors to use instead, if it names one."""
        if not isinstance(self.deprecated, str):
            return None
        for pattern in _REPLACEMENT:
            match = pattern.search(self.deprecated)
            if match and match.group(1).strip() != self.name:
                return match.group(1).strip()
        return None


@dataclass(frozen=True, eq=False)
class TemplateSchema:
    """A template's parameters, with lookups by name or alias.

    MediaWiki compares parameter names case-sensitively after trimming whitespace, so
    ``lookup`` does the same; only :meth:`closest` tries other spellings.
    """

    name: str
    params: Mapping[str, ParamSpec]
    param_order: tuple[str, ...]
    format: str | None
    description: str | None
    source: Path | None
    raw: Mapping[str, Any]
    _aliases: Mapping[str, str] = field(repr=False, default_factory=dict)
    _closest_cache: dict[tuple[str, float], str | None] = field(
        repr=False, default_factory=dict, compare=False
    )
    _names_cache: dict[tuple[str, ...], tuple[str, ...]] = field(
        repr=False, default_factory=dict, compare=False
    )

    def lookup(self, name: str) -> ParamSpec | None:
        key = str(name).strip()
        spec = self.params.get(key)
        if spec is None and key in self._aliases:
            spec = self.params[self._aliases[key]]
        return spec

    def with_aliases(self, base: tuple[str, ...]) -> tuple[str, ...]:
        """``base`` plus the names of the same parameters here (each's name and aliases), in
        order without repeats; kept per ``base``, since every citation rule asks for its few."""
        found = self._names_cache.get(base)
        if found is None:
            names = list(base)
            for name in base:
                spec = self.lookup(name)
                if spec is not None:
                    names += [spec.name, *spec.aliases]
            found = self._names_cache[base] = tuple(dict.fromkeys(names))
        return found

    def canonical(self, name: str) -> str | None:
        spec = self.lookup(name)
        return spec.name if spec else None

    def is_known(self, name: str) -> bool:
        return self.lookup(name) is not None

    def required_params(self) -> tuple[str, ...]:
        return tuple(name for name, spec in self.params.items() if spec.required)

    def closest(self, name: str, cutoff: float = 0.75) -> str | None:
        """Suggest a known name for a mistyped one: other separators, case, then fuzzy match.

        A deprecated name that names its replacement is answered with the replacement, so
        ``accessdate`` or ``acessdate`` on enwiki suggests ``access-date``.
        """
        key = str(name).strip()
        if not key:
            return None
        if self.is_known(key):
            return self._preferred(key)
        for variant in _spelling_variants(key):
            if self.is_known(variant):
                return self._preferred(variant)
        cache_key = (key, cutoff)
        if cache_key not in self._closest_cache:
            best = _fuzzy_best(key.casefold(), [*self.params, *self._aliases], cutoff)
            self._closest_cache[cache_key] = self._preferred(best) if best is not None else None
        return self._closest_cache[cache_key]

    def _preferred(self, known: str) -> str:
        spec = self.lookup(known)
        if spec is not None and spec.replacement and self.is_known(spec.replacement):
            return spec.replacement
        return known


def _fuzzy_best(folded: str, candidates: list[str], cutoff: float) -> str | None:
    """The candidate most like ``folded`` (difflib ratio), above ``cutoff``.

    ``real_quick_ratio`` and ``quick_ratio`` are upper bounds of ``ratio``, so most candidates
    are rejected without the full comparison.
    """
    best, best_ratio = None, cutoff
    matcher = difflib.SequenceMatcher(None, "", folded)
    for candidate in candidates:
        matcher.set_seq1(candidate.casefold())
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio or (ratio == best_ratio and best is None):
            best, best_ratio = candidate, ratio
    return best


def _spelling_variants(name: str) -> Iterator[str]:
    seen = {name}
    for base in (name, name.lower()):
        for old, new in (("_", "-"), ("_", " "), (" ", "-"), (" ", "_"), ("-", "_"), ("-", " ")):
            for variant in (base, base.replace(old, new)):
                if variant not in seen:
                    seen.add(variant)
                    yield variant
    squashed = re.sub(r"[-_ ]", "", name.lower())
    if squashed not in seen:
        yield squashed


class SchemaSet:
    """The templates known for one wiki, found by any spelling MediaWiki would accept."""

    def __init__(
        self,
        wiki: str,
        schemas: Mapping[str, TemplateSchema],
        redirects: Mapping[str, str] | None = None,
        *,
        citation_module: Path | None = None,
    ) -> None:
        self.wiki = wiki
        self._schemas = dict(schemas)
        self._redirects = dict(redirects or {})
        # a pulled CITATION_MODULE_FILE among the schema directories, if any
        self.citation_module = citation_module

    def resolve(self, template_name: str) -> str:
        """Normalise a template name and follow redirects (a loop stops where it repeats)."""
        name = normalize_template_name(template_name)
        seen = {name}
        while name not in self._schemas and name in self._redirects:
            name = self._redirects[name]
            if name in seen:
                break
            seen.add(name)
        return name

    def get(self, template_name: str) -> TemplateSchema | None:
        return self._schemas.get(self.resolve(template_name))

    def __contains__(self, template_name: object) -> bool:
        return isinstance(template_name, str) and self.get(template_name) is not None

    def __iter__(self) -> Iterator[TemplateSchema]:
        return iter(self._schemas[name] for name in self.names())

    def __len__(self) -> int:
        return len(self._schemas)

    def names(self) -> list[str]:
        return sorted(self._schemas)

    @property
    def redirects(self) -> Mapping[str, str]:
        return MappingProxyType(self._redirects)

    def __repr__(self) -> str:
        return f"SchemaSet({self.wiki!r}, {len(self._schemas)} templates)"
