"""Profiles: what wikibox knows about each wiki and each infobox template, kept as data.

``wikis.yaml`` holds per-wiki conventions (infobox name prefixes, reference-list templates,
accepted date formats); ``infoboxes.yaml`` maps the parameters of an infobox template to roles
(date, participants, previous, next …).  Users add wikis or templates without code by passing
extra profile files (``--profiles``, or config).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from wikibox.errors import ConfigError
from wikibox.model.yaml_errors import yaml_problem
from wikibox.wikitext.names import normalize_template_name

__all__ = [
    "ExpansionTable",
    "InfoboxFamilies",
    "InfoboxProfile",
    "WikiConfig",
    "expansion_table",
    "infobox_families",
    "infobox_profile",
    "known_wikis",
    "wiki_config",
]

# The citation module families a profile may name; rules that need CS1's conventions run on
# "cs1" wikis only.
CITATION_MODULE_FAMILIES = ("cs1", "none", "unknown")


@dataclass(frozen=True)
class WikiConfig:
    name: str
    language: str
    script: str
    date_formats: tuple[str, ...]
    infobox_prefixes: tuple[str, ...]
    infobox_names: frozenset[str]
    reference_lists: frozenset[str]
    citation_needed: frozenset[str]
    url: str | None = None
    # The family of the wiki's citation module ("cs1": Module:Citation/CS1 or a port of it;
    # "none"; "unknown") and the name of its generated data (model/cs1/data/<name>.json).
    citation_module: str = "unknown"
    module_data: str | None = None
    # Answers of is_infobox_name so far: every template of every page asks, names repeat.
    _infobox_answers: dict[str, bool] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def is_infobox_name(self, normalized: str) -> bool:
        """The wiki's own infobox names and prefixes, then the families of every language
        (``infobox_names.yaml``); never a navbox or a sidebar."""
        answers = self._infobox_answers
        answer = answers.get(normalized)
        if answer is None:
            if len(answers) > 50_000:  # a dump has many names; keep memory bounded
                answers.clear()
            answer = answers[normalized] = self._is_infobox_name(normalized)
        return answer

    def _is_infobox_name(self, normalized: str) -> bool:
        families = infobox_families()
        folded = normalized.casefold()
        if any(word in folded for word in families.never):
            return False
        if normalized in self.infobox_names or _has_prefix(folded, self.infobox_prefixes):
            return True
        return families.matches(folded)

    def page_url(self, title: str) -> str | None:
        return self.url + title.replace(" ", "_") if self.url else None


def _has_prefix(folded: str, prefixes) -> bool:
    return any(
        folded == p.casefold() or folded.startswith((p.casefold() + " ", p.casefold() + ":"))
        for p in prefixes
    )


@dataclass(frozen=True)
class InfoboxFamilies:
    """The generic fallback of infobox detection: infobox names of every language."""

    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]
    names: frozenset[str]
    never: tuple[str, ...]

    def matches(self, folded: str) -> bool:
        if folded in self.names or folded.endswith(self.suffixes):
            return True
        return any(
            folded == p
            or folded.startswith((p + " ", p + ":", p + "/"))
            or (p.endswith(":") and folded.startswith(p))
            for p in self.prefixes
        )


@lru_cache(maxsize=1)
def infobox_families() -> InfoboxFamilies:
    data = _load_yaml("infobox_names.yaml")

    def folded(key: str) -> tuple[str, ...]:
        return tuple(normalize_template_name(str(n)).casefold() for n in data.get(key, ()))

    return InfoboxFamilies(
        prefixes=folded("prefixes"),
        suffixes=tuple(str(s).casefold() for s in data.get("suffixes", ())),
        names=frozenset(folded("names")),
        never=tuple(str(s).casefold() for s in data.get("never", ())),
    )


@dataclass(frozen=True)
class InfoboxProfile:
    template: str
    kind: str
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    nested: frozenset[str] = frozenset()  # templates in a value that hold roles too

    def label(self, role: str, wiki: str) -> str:
        return self.labels.get(wiki, self.labels.get("enwiki", {})).get(role, role.capitalize())


def _load_yaml(name: str) -> Any:
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _load_user_yaml(path: Path) -> dict[str, Any]:
    """A user's profile file, read and checked: every problem is one line with its position."""
    source = str(path)
    text = ""
    try:
        text = path.read_bytes().decode("utf-8")
        data = yaml.safe_load(text)
    except OSError as exc:
        raise ConfigError(f"cannot read profile file: {exc.strerror}", source=source) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"profile file: not UTF-8: byte 0x{exc.object[exc.start]:02x} at byte offset "
            f"{exc.start}",
            source=source,
        ) from None
    except yaml.YAMLError as exc:
        problem, line, column = yaml_problem(exc, text)
        raise ConfigError(
            f"profile file: {problem}", source=source, line=line, column=column
        ) from None
    except RecursionError:
        raise ConfigError("profile file: nested too deeply", source=str(path)) from None
    if not isinstance(data, dict):
        raise ConfigError("a profile file must be a mapping", source=str(path))
    problem = profile_shape_problem(data)
    if problem:
        raise ConfigError(f"profile file: {problem}", source=str(path))
    return data


_WIKI_STRINGS = ("language", "script")
_WIKI_LISTS = (
    "date_formats",
    "infobox_prefixes",
    "infobox_names",
    "reference_lists",
    "citation_needed",
)


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def profile_shape_problem(data: dict[str, Any]) -> str | None:
    """What is wrong with the shape of a user's profile file (None: nothing), so that a wrong
    shape is one error naming the key, not a crash deep in the rules."""
    wikis = data.get("wikis", {})
    if not isinstance(wikis, dict):
        return "'wikis' must be a mapping of wiki names to settings"
    for wiki, entry in wikis.items():
        if not isinstance(entry, dict):
            return f"wikis.{wiki} must be a mapping"
        for key in _WIKI_STRINGS:
            if key in entry and not isinstance(entry[key], str):
                return f"wikis.{wiki}.{key} must be a string"
        for key in _WIKI_LISTS:
            if key in entry and not _strings(entry[key]):
                return f"wikis.{wiki}.{key} must be a list of strings"
        if entry.get("url") is not None and not isinstance(entry["url"], str):
            return f"wikis.{wiki}.url must be a string"
    infoboxes = data.get("infoboxes", {})
    if not isinstance(infoboxes, dict):
        return "'infoboxes' must be a mapping of template names to profiles"
    for template, entry in infoboxes.items():
        where = f"infoboxes.{template!r}"
        if not isinstance(entry, dict):
            return f"{where} must be a mapping"
        if "kind" in entry and not isinstance(entry["kind"], str):
            return f"{where}.kind must be a string"
        roles = entry.get("roles") or {}
        if not isinstance(roles, dict):
            return f"{where}.roles must be a mapping of roles to parameter names"
        for role, names in roles.items():
            if not (isinstance(names, str) or (_strings(names) and names)):
                return f"{where}.roles.{role} must be a parameter name or a list of them"
        labels = entry.get("labels") or {}
        if not isinstance(labels, dict) or not all(
            isinstance(table, dict) and all(isinstance(v, str) for v in table.values())
            for table in labels.values()
        ):
            return f"{where}.labels must map each wiki to a mapping of roles to labels"
    return None


@lru_cache(maxsize=32)
def _wikis(extra: tuple[Path, ...]) -> dict[str, Any]:
    data = dict(_load_yaml("wikis.yaml"))
    for path in extra:
        data.update(_load_user_yaml(path).get("wikis", {}))
    return data


def known_wikis(extra: tuple[Path, ...] = ()) -> list[str]:
    """The wikis wikibox has a profile for: the bundled ones and those of ``extra`` files."""
    return sorted(_wikis(extra))


_HOW_TO_ADD = (
    'describe it in a profile file (--profile FILE, or profile = "FILE" in wikibox.toml) '
    "with a 'wikis:' entry: language, script, reference_lists, citation_needed, "
    "citation_module (cs1, none or unknown) and date_formats; see wikibox/model/profiles/"
    "wikis.yaml"
)


@lru_cache(maxsize=64)
def wiki_config(
    wiki: str = "enwiki", extra: tuple[Path, ...] = (), *, strict: bool = False
) -> WikiConfig:
    """The conventions of ``wiki``.

    With ``strict`` a wiki without a profile is a :class:`ConfigError` that lists the known
    ones and says how to add one (checking an unknown wiki as enwiki reports its own templates
    as errors); otherwise it gets enwiki's conventions with its own language code and an
    unknown citation module, for callers that only render or extract.
    """
    data = _wikis(extra)
    entry = data.get(wiki)
    if entry is None and strict:
        raise ConfigError(
            f"unknown wiki {wiki!r}: wikibox has profiles for {', '.join(sorted(data))}; "
            f"to check {wiki}, {_HOW_TO_ADD}"
        )
    if entry is None:
        entry = dict(data["enwiki"])
        entry["language"] = wiki.removesuffix("wiki") or "en"
        entry["url"] = None
        entry["citation_module"] = "unknown"
        entry["module_data"] = None
    if not isinstance(entry, dict):
        raise ConfigError(f"the profile of {wiki!r} must be a mapping")
    family = str(entry.get("citation_module", "unknown"))
    if family not in CITATION_MODULE_FAMILIES:
        raise ConfigError(
            f"citation_module of {wiki!r} must be one of {', '.join(CITATION_MODULE_FAMILIES)}, "
            f"not {family!r}"
        )
    return WikiConfig(
        name=wiki,
        language=entry["language"],
        script=entry.get("script", "Latin"),
        date_formats=tuple(entry.get("date_formats", ())),
        infobox_prefixes=tuple(entry.get("infobox_prefixes", ("Infobox",))),
        infobox_names=frozenset(normalize_template_name(n) for n in entry.get("infobox_names", ())),
        reference_lists=frozenset(
            normalize_template_name(n) for n in entry.get("reference_lists", ())
        ),
        citation_needed=frozenset(
            normalize_template_name(n) for n in entry.get("citation_needed", ())
        ),
        url=entry.get("url"),
        citation_module=family,
        module_data=entry.get("module_data"),
    )


@lru_cache(maxsize=32)
def _profiles(extra: tuple[Path, ...]) -> dict[str, InfoboxProfile]:
    raw = dict(_load_yaml("infoboxes.yaml"))
    for path in extra:
        raw.update(_load_user_yaml(path).get("infoboxes", {}))
    profiles = {}
    for template, entry in raw.items():
        roles = {
            role: tuple(names) if isinstance(names, list) else (names,)
            for role, names in (entry.get("roles") or {}).items()
        }
        name = normalize_template_name(template)
        profile = InfoboxProfile(
            template=name,
            kind=entry.get("kind", "event"),
            roles=roles,
            labels=entry.get("labels") or {},
            nested=frozenset(normalize_template_name(n) for n in entry.get("nested") or ()),
        )
        for alias in entry.get("aliases") or ():
            profiles.setdefault(normalize_template_name(alias).casefold(), profile)
        profiles[name] = profile
    for name, profile in list(profiles.items()):
        profiles.setdefault(name.casefold(), profile)
    return profiles


def infobox_profile(template: str, extra: tuple[Path, ...] = ()) -> InfoboxProfile | None:
    """The profile of an infobox template (name normalised; then its aliases and the name in
    any letter case: wikis keep redirects such as {{Infobox Officeholder}}), or None."""
    name = normalize_template_name(template)
    profiles = _profiles(extra)
    return profiles.get(name) or profiles.get(name.casefold())


@dataclass(frozen=True, eq=False)
class ExpansionTable:
    """How a wiki's templates read inside a value (``readings.yaml``), for
    :mod:`wikibox.model.readings`."""

    templates: dict[str, dict[str, Any]]
    prefixes: tuple[tuple[str, dict[str, Any]], ...]
    file_namespaces: frozenset[str]
    category_namespaces: frozenset[str]
    date_style: str
    date_formats: dict[str, dict[str, str]]
    months: tuple[str, ...]

    def lookup(self, name: str) -> dict[str, Any] | None:
        """The entry of a normalised template name (exact, then by case, then by prefix)."""
        entry = self.templates.get(name) or self.templates.get(name.casefold())
        if entry is not None:
            return entry
        return next((e for prefix, e in self.prefixes if name.startswith(prefix)), None)

    def date_text(self, date, style: str) -> str:
        """A date as the wiki's date templates write it in ``style``."""
        formats = self.date_formats.get(style) or next(iter(self.date_formats.values()))
        month = self.months[date.month - 1] if date.month else ""
        return formats[date.precision].format(d=date.day, m=date.month, y=date.year, M=month)


@lru_cache(maxsize=64)
def expansion_table(wiki: str = "enwiki", extra: tuple[Path, ...] = ()) -> ExpansionTable:
    """The expansion table of ``wiki``: the common entries with the wiki's own on top."""
    data = _load_yaml("readings.yaml")
    templates: dict[str, dict[str, Any]] = {}
    sources = [data.get("common") or {}, (data.get("wikis") or {}).get(wiki) or {}]
    sources += [(_load_user_yaml(p).get("readings") or {}).get(wiki) or {} for p in extra]
    for source in sources:
        for name, entry in source.items():
            normalized = normalize_template_name(str(name))
            templates[normalized] = entry
            templates.setdefault(normalized.casefold(), entry)
    dates = data.get("dates") or {}
    default, own = dates.get("default") or {}, dates.get(wiki) or {}
    formats = {**(default.get("formats") or {}), **(own.get("formats") or {})}
    return ExpansionTable(
        templates=templates,
        prefixes=tuple((str(p), e) for p, e in (data.get("prefixes") or {}).items()),
        file_namespaces=frozenset(str(n).casefold() for n in data.get("file_namespaces", ())),
        category_namespaces=frozenset(
            str(n).casefold() for n in data.get("category_namespaces", ())
        ),
        date_style=own.get("style", default.get("style", "mdy")),
        date_formats=formats,
        months=tuple(own.get("months") or default.get("months") or ()),
    )
