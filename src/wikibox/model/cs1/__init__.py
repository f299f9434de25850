"""The data of a wiki's citation module (Module:Citation/CS1), as the module itself holds it.

Which parameters a citation template takes, which are deprecated or no longer supported,
their aliases, the keywords an enumerated parameter accepts and the error and maintenance
messages the module can show are not typed by hand here: they are generated from the module's
own Lua tables (Module:Citation/CS1/Whitelist and /Configuration) by :mod:`.generate`, and the
bundled file ``data/<wiki>.json`` records the revisions it came from.  The rules ask
:class:`CitationModule` the questions the module's ``validate()`` answers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from wikibox.errors import ConfigError
from wikibox.model.cs1.patterns import lua_find

__all__ = ["DATA_DIR", "CitationModule", "ParamState", "citation_module", "load_module_data"]

DATA_DIR = Path(__file__).parent / "data"

ParamState = Literal["valid", "deprecated", "tracked", "unsupported"]

_STATES: dict[Any, ParamState] = {True: "valid", False: "deprecated", "tracked": "tracked"}
_TRAILING_NUMBER = re.compile(r"\d+$")
_INNER_NUMBER = re.compile(r"\d+([-l])")


def enumerated_name(name: str) -> str:
    """The whitelist key of a parameter name: its enumerator replaced by ``#`` (``last2`` →
    ``last#``, ``author2-link`` → ``author#-link``), as the module's ``validate()`` does."""
    return _INNER_NUMBER.sub(r"#\1", _TRAILING_NUMBER.sub("#", name))


@dataclass(frozen=True)
class CitationModule:
    """One wiki's citation module data; see :func:`citation_module`."""

    data: Mapping[str, Any]
    # Answers so far (the data never changes): every citation asks about each of its params.
    _answers: dict[tuple, Any] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    @property
    def source(self) -> Mapping[str, Any]:
        return self.data.get("source", {})

    def citation_class(self, template: str) -> str | None:
        """The ``CitationClass`` of a citation template (``cite web`` → ``web``), or None."""
        wanted = template.strip().casefold()
        classes = self._answers.get(("classes",))
        if classes is None:
            classes = self._answers[("classes",)] = {}
            for cite_class, name in self.data["citation_classes"].items():
                classes.setdefault(name.casefold(), cite_class)
        return classes.get(wanted)

    def param_state(self, cite_class: str, name: str, *, empty: bool = False) -> ParamState:
        """What the module makes of ``|name=`` in a template of ``cite_class``.

        Mirrors ``validate()`` of Module:Citation/CS1: preprint templates and ``{{cite
        document}}`` take a limited list, some classes add their own parameters, and every
        other template takes the common list.  An empty deprecated parameter counts as
        unsupported, as in the module.
        """
        key = (cite_class, name, empty)
        state = self._answers.get(key)
        if state is None:
            if len(self._answers) > 100_000:  # a dump's worth of odd names: stay bounded
                self._answers.clear()
            state = self._answers[key] = self._param_state(cite_class, name, empty=empty)
        return state

    def _param_state(self, cite_class: str, name: str, *, empty: bool) -> ParamState:
        whitelist = self.data["whitelist"]
        if "#" in name or not name:
            return "unsupported"
        enum_name = enumerated_name(name)
        if cite_class == "document":
            tables = [whitelist["document"].get(enum_name)]
        elif cite_class in whitelist["preprint"]:
            tables = [
                whitelist["limited"].get(enum_name),
                whitelist["preprint"][cite_class].get(name),
            ]
        else:
            tables = [whitelist["unique"].get(cite_class, {}).get(name)]
            tables.append(whitelist["common"].get(enum_name))
        for value in tables:
            state = _STATES.get(value)
            if state is None or (state == "deprecated" and empty):
                continue
            return state
        return "unsupported"

    def accepts(self, cite_class: str, name: str) -> bool:
        return self.param_state(cite_class, name) != "unsupported"

    def keywords(self, list_name: str) -> tuple[str, ...]:
        """The values an enumerated parameter accepts (``url-status``, ``df``, ``mode`` …)."""
        return tuple(self.data["keywords"].get(list_name, ()))

    def is_generic_title(self, title: str) -> bool:
        """is_generic('generic_titles', title) of the module: accept patterns first, then
        reject patterns; a plain entry is a substring of the lowercased title, a pattern is
        searched in the title as written."""

        for kind in ("accept", "reject"):
            for pattern, plain in self.data.get("generic_titles", {}).get(kind, ()):
                if lua_find(title.lower() if plain else title, pattern, plain=bool(plain)):
                    return kind == "reject"
        return False

    def aliases(self, meta: str) -> tuple[str, ...]:
        """The parameter names of one of the module's meta-parameters (``AccessDate`` …)."""
        names = self.data["aliases"].get(meta, ())
        return (names,) if isinstance(names, str) else tuple(names)


@cache
def load_module_data(path: Path) -> CitationModule:
    """Citation module data from a file (a pulled ``_citation_module.json``)."""
    try:
        return CitationModule(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as error:
        raise ConfigError(f"cannot read citation module data: {error}", source=str(path)) from None


@cache
def citation_module(wiki: str) -> CitationModule | None:
    """The bundled citation module data of ``wiki``, or None when none is bundled."""
    path = DATA_DIR / f"{wiki}.json"
    return load_module_data(path) if path.is_file() else None
