"""Settings for a check, layered with one stated precedence.

    packaged defaults  <  [tool.wikibox] in pyproject.toml, or wikibox.toml, found upward
    from the checked file  <  --config FILE  <  command-line flags

Keys (in ``wikibox.toml`` at top level, in ``pyproject.toml`` under ``[tool.wikibox]``)::

    wiki = "jawiki"
    select = ["infobox", "cite-bare-url"]     # rule names, family names, or "all"
    ignore = ["wt-empty-section"]
    severity = "warning"                      # report findings at or above this
    schemas = ["schemas/"]                    # extra TemplateData directories
    pages = "drafts/"                         # *.wiki files that resolve series links
    profiles = ["profiles.yaml"]              # extra wiki / infobox profiles
    profile = "mywiki.yaml"                   # the same, one file (--profile FILE)
    [rules.infobox-date-invalid]              # [tool.wikibox.rules.…] in pyproject.toml
    severity = "warning"                      # per-rule severity
    # …and the rule's declared options

An unknown key, rule name, option or value is a :class:`~wikibox.errors.ConfigError` that names
it and the file.
"""

from __future__ import annotations

import datetime
import math
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from wikibox.errors import ConfigError
from wikibox.lint.findings import Severity

__all__ = ["Settings", "find_config_file", "load_config_file", "resolve_selection"]

TOP_LEVEL_KEYS = {
    "wiki",
    "select",
    "ignore",
    "severity",
    "schemas",
    "pages",
    "profiles",
    "profile",
    "rules",
    "templates",  # read by `wikibox render` (user Jinja2 templates before the bundled ones)
    "max_page_bytes",
    "page_timeout",
}


@dataclass(frozen=True)
class Settings:
    wiki: str = "enwiki"
    select: tuple[str, ...] = ("all",)
    ignore: tuple[str, ...] = ()
    threshold: Severity = Severity.INFO
    severities: Mapping[str, Severity] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    today: datetime.date = field(default_factory=datetime.date.today)
    schema_dirs: tuple[Path, ...] = ()
    profile_files: tuple[Path, ...] = ()
    pages: Path | None = None
    #: The largest page `check` and `fix` read (None: the built-in MAX_PAGE_BYTES).
    max_page_bytes: int | None = None
    #: Seconds one page may take in `check`, `fix`, `extract` and `set` (0: no limit); a page
    #: past it is an input error naming the file, and the other files go on.
    page_timeout: float = 60.0

    def merged(self, layer: Mapping[str, Any], *, source: str) -> Settings:
        """These settings with one more layer (a parsed config file or the flags) on top."""
        unknown = set(layer) - TOP_LEVEL_KEYS - {"today"}
        if unknown:
            raise ConfigError(f"unknown setting {sorted(unknown)[0]!r}", source=source)
        base = Path(source).parent if source not in ("<flags>", "<defaults>") else Path.cwd()
        changes: dict[str, Any] = {}
        if "wiki" in layer:
            changes["wiki"] = _string(layer["wiki"], "wiki", source)
        if "max_page_bytes" in layer:
            size = layer["max_page_bytes"]
            if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
                raise ConfigError("'max_page_bytes' must be a positive integer", source=source)
            changes["max_page_bytes"] = size
        if "page_timeout" in layer:
            seconds = layer["page_timeout"]
            valid = isinstance(seconds, int | float) and not isinstance(seconds, bool)
            if not valid or not math.isfinite(seconds) or seconds < 0:
                raise ConfigError("'page_timeout' must be a number of seconds >= 0", source=source)
            changes["page_timeout"] = float(seconds)
        if "select" in layer:
            changes["select"] = tuple(_names(layer["select"], "select", source))
        if "ignore" in layer:
            changes["ignore"] = tuple(_names(layer["ignore"], "ignore", source))
        if "severity" in layer:
            changes["threshold"] = _severity(layer["severity"], "severity", source)
        if "today" in layer:
            changes["today"] = _date(layer["today"], source)
        if "schemas" in layer:
            dirs = [base / p for p in _names(layer["schemas"], "schemas", source)]
            changes["schema_dirs"] = self.schema_dirs + tuple(dirs)
        for key in ("profiles", "profile"):
            if key in layer:
                files = [base / p for p in _names(layer[key], key, source)]
                changes["profile_files"] = changes.get("profile_files", self.profile_files) + tuple(
                    files
                )
        if "pages" in layer:
            changes["pages"] = base / _string(layer["pages"], "pages", source)
        if "rules" in layer:
            severities, options = _rule_tables(layer["rules"], source)
            changes["severities"] = {**self.severities, **severities}
            changes["options"] = {
                name: {**self.options.get(name, {}), **opts} for name, opts in options.items()
            } | {n: o for n, o in self.options.items() if n not in options}
        return replace(self, **changes)


def find_config_file(start: Path) -> Path | None:
    """The nearest ``wikibox.toml``, or ``pyproject.toml`` with ``[tool.wikibox]``, upward."""
    start = start.resolve()
    for directory in [start, *start.parents] if start.is_dir() else start.parents:
        candidate = directory / "wikibox.toml"
        if candidate.is_file():
            return candidate
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and "wikibox" in _read_toml(candidate).get("tool", {}):
            return candidate
    return None


def load_config_file(path: Path) -> dict[str, Any]:
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("wikibox", {})
    if not isinstance(data, dict):
        raise ConfigError("the wikibox settings must be a table", source=str(path))
    return data


def resolve_selection(settings: Settings, registry: Mapping[str, Any]) -> list[str]:
    """The rule names that run: ``select`` minus ``ignore``; families and "all" expand."""
    chosen = _expand(settings.select, registry, "select")
    dropped = set(_expand(settings.ignore, registry, "ignore"))
    return [name for name in registry if name in chosen and name not in dropped]


def validate_rule_settings(settings: Settings, registry: Mapping[str, Any]) -> None:
    """Check that every rule named in severities/options exists and every option is declared."""
    for name in list(settings.severities) + list(settings.options):
        if name not in registry:
            raise ConfigError(f"unknown rule {name!r} in settings{suggest(name, registry)}")
    for name, options in settings.options.items():
        declared = registry[name].options
        for option, value in options.items():
            if option not in declared:
                known = ", ".join(sorted(declared)) or "none"
                raise ConfigError(f"rule {name!r} has no option {option!r} (its options: {known})")
            try:
                declared[option].coerce(name, option, value)
            except TypeError as exc:
                raise ConfigError(str(exc)) from None


def rule_options(settings: Settings, rule: Any) -> dict[str, Any]:
    configured = settings.options.get(rule.name, {})
    return {
        name: option.coerce(rule.name, name, configured[name])
        if name in configured
        else option.default
        for name, option in rule.options.items()
    }


# -- helpers ------------------------------------------------------------------------------
def _expand(names: Iterable[str], registry: Mapping[str, Any], what: str) -> set[str]:
    out: set[str] = set()
    families = {rule.family for rule in registry.values()}
    for name in names:
        if name == "all":
            out.update(registry)
        elif name in registry:
            out.add(name)
        elif name in families:
            out.update(n for n, r in registry.items() if r.family == name)
        else:
            raise ConfigError(f"unknown rule or family {name!r} in {what}{suggest(name, registry)}")
    return out


def suggest(name: str, registry: Mapping[str, Any]) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(registry), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError("no such config file", source=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", source=str(path)) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"not UTF-8: byte 0x{exc.object[exc.start]:02x} at byte offset {exc.start}",
            source=str(path),
        ) from None
    except RecursionError:
        raise ConfigError("invalid TOML: nested too deeply", source=str(path)) from None
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", source=str(path)) from None


def _string(value: Any, key: str, source: str) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{key!r} must be a string", source=source)
    return value


def _names(value: Any, key: str, source: str) -> list[str]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key!r} must be a list of strings", source=source)
    return value


def _severity(value: Any, key: str, source: str) -> Severity:
    try:
        return Severity.parse(_string(value, key, source))
    except ValueError as exc:
        raise ConfigError(f"{key!r}: {exc}", source=source) from None


def _date(value: Any, source: str) -> datetime.date:
    # A TOML date-time is a datetime, which is a date too, but cannot be compared with one.
    if isinstance(value, datetime.datetime):
        raise ConfigError(
            f"'today' must be a date YYYY-MM-DD, not the date and time {value.isoformat()}",
            source=source,
        )
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(_string(value, "today", source))
    except ValueError:
        raise ConfigError(
            f"'today' must be a date YYYY-MM-DD, not {value!r}", source=source
        ) from None


def _rule_tables(value: Any, source: str) -> tuple[dict[str, Severity], dict[str, dict[str, Any]]]:
    if not isinstance(value, dict):
        raise ConfigError("'rules' must be a table of rule tables", source=source)
    severities, options = {}, {}
    for name, table in value.items():
        if not isinstance(table, dict):
            raise ConfigError(f"'rules.{name}' must be a table", source=source)
        table = dict(table)
        if "severity" in table:
            severities[name] = _severity(table.pop("severity"), f"rules.{name}.severity", source)
        if table:
            options[name] = table
    return severities, options
