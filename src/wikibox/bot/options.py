"""Command-line arguments, read the way pywikibot scripts read them.

``pywikibot.handle_args`` takes the global options (``-simulate``, ``-family:``, ``-lang:``,
``-user:``, ``-dir:``, ``-log``, ``-maxlag:`` …); pywikibot's ``GeneratorFactory`` takes the page
generators and filters (``-page:``, ``-cat:``, ``-transcludes:``, ``-file:``, ``-search:``,
``-ref:``, ``-ns:``, ``-limit:`` …).  What is left are wikibox's own options, in the same
``-name[:value]`` form; an unknown one is an error that names it.

pywikibot keeps its global options in the module ``pywikibot.config``.  :func:`pywikibot_args`
applies them for the length of one command and restores the previous values afterwards, so
nothing set by one command leaks into the next (the tests run many in one process); wikibox
itself reads only the :class:`BotOptions` built here.
"""

from __future__ import annotations

import contextlib
import copy
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wikibox.errors import WikiboxError
from wikibox.lint.checker import settings_for_file
from wikibox.lint.config import Settings, resolve_selection, validate_rule_settings
from wikibox.lint.rules import REGISTRY

__all__ = [
    "COMMANDS",
    "LOCAL_OPTIONS",
    "RENDER_PARTS",
    "BotOptions",
    "BotUsageError",
    "bot_options",
    "parse_local_args",
    "pywikibot_args",
    "user_schema_dir",
]

EDITING = ("fix", "set", "render", "sync-series")
RENDER_PARTS = ("infobox", "references", "article")
COMMANDS = ("check", *EDITING)

# name: (takes a value, the commands that take it, help)
LOCAL_OPTIONS: dict[str, tuple[bool, tuple[str, ...], str]] = {
    "always": (False, EDITING, "save without asking (the diff is still shown)"),
    "cosmetic": (False, EDITING, "also save cosmetic-only changes (whitespace, info fixes)"),
    "summary": (True, EDITING, "the edit summary (default: what changed, naming the rules)"),
    "format": (True, ("check",), "text, json, sarif or github (default: text)"),
    "unsafe": (False, ("fix",), "also apply fixes that may change meaning"),
    "force": (False, ("set",), "set the value even if the rules find fault with it"),
    "follow": (False, ("sync-series",), "also follow the pages' previous/next links"),
    "part": (True, ("render",), "what to regenerate: infobox, references or article"),
    "wiki": (True, COMMANDS, "whose conventions apply: enwiki, jawiki … (default: the site's)"),
    "select": (True, ("check", "fix"), "rules or families to run, comma-separated"),
    "ignore": (True, ("check", "fix"), "rules or families to skip, comma-separated"),
    "severity": (True, ("check",), "report only findings at or above: error, warning, info"),
    "today": (True, COMMANDS, "the date 'in the future' is judged against, YYYY-MM-DD"),
    "schemas": (True, COMMANDS, "an extra TemplateData directory (repeatable)"),
}


class BotUsageError(WikiboxError):
    """The command line cannot be used: an unknown option, a missing value, no pages."""


@dataclass(frozen=True)
class BotOptions:
    """Everything a bot run needs to know, taken from the command line once."""

    command: str
    settings: Settings
    always: bool = False
    simulate: bool = False
    cosmetic: bool = False
    summary: str | None = None
    output_format: str = "text"
    unsafe: bool = False
    force: bool = False
    follow: bool = False
    part: str = "infobox"
    positional: tuple[str, ...] = field(default=())


def user_schema_dir() -> Path:
    """Where ``wikibox schema pull`` saves TemplateData (``~/.config/wikibox/schemas``)."""
    import click

    return Path(click.get_app_dir("wikibox")) / "schemas"


@contextlib.contextmanager
def pywikibot_args(args: Sequence[str]) -> Iterator[list[str]]:
    """Apply pywikibot's global options for one command; yield the arguments left over.

    ``handle_args`` reads ``sys.argv`` when given no arguments and names its log after the
    script in ``argv[0]`` (``{{bots|denyscript=wikibox}}`` uses that name too), so both are
    set to ``wikibox`` for the call.
    """
    import pywikibot
    from pywikibot import bot, config

    saved = _config_snapshot(config)
    saved_argv, saved_user = pywikibot.argvu, bot._user_override
    try:
        pywikibot.argvu = ["wikibox", *args]
        with warnings.catch_warnings():
            # A long-lived process (a test run, a notebook) has Sites already: that is fine.
            warnings.filterwarnings("ignore", "Site objects have been created before")
            rest = pywikibot.handle_args(list(args), do_help=False)
        yield rest
    finally:
        for name, value in saved.items():
            setattr(config, name, value)
        pywikibot.argvu, bot._user_override = saved_argv, saved_user


def _validate(settings: Settings) -> None:
    """Unknown rule names are a usage error now, not a crash on the first page."""

    validate_rule_settings(settings, REGISTRY)
    resolve_selection(settings, REGISTRY)


def _config_snapshot(config: Any) -> dict[str, Any]:
    """The plain values of ``pywikibot.config`` (what ``handle_args`` may change)."""
    plain = (bool, int, float, str, list, dict, tuple, type(None))
    return {
        name: copy.deepcopy(value)
        for name, value in vars(config).items()
        if not name.startswith("_") and isinstance(value, plain)
    }


def parse_local_args(command: str, args: Sequence[str]) -> tuple[dict[str, Any], list[str]]:
    """Split wikibox's ``-name[:value]`` options from positional arguments.

    Returns the options (``schemas`` as a list, flags as True) and the positional arguments.
    """
    options: dict[str, Any] = {}
    positional: list[str] = []
    for arg in args:
        if not arg.startswith("-") or arg == "-":
            positional.append(arg)
            continue
        name, has_value, value = arg[1:].partition(":")
        spec = LOCAL_OPTIONS.get(name)
        if spec is None or command not in spec[1]:
            raise BotUsageError(f"unknown option {arg!r} for `wikibox bot {command}`")
        takes_value = spec[0]
        if takes_value and not (has_value and value):
            raise BotUsageError(f"option -{name} needs a value: -{name}:VALUE")
        if not takes_value and has_value:
            raise BotUsageError(f"option -{name} takes no value")
        if name == "schemas":
            options.setdefault(name, []).append(value)
        else:
            options[name] = value if takes_value else True
    return options, positional


def bot_options(
    command: str, local: dict[str, Any], positional: Sequence[str], *, site_wiki: str
) -> BotOptions:
    """Build the options of one run: settings layered as in ``wikibox check``, then flags."""
    from pywikibot import config

    fmt = local.get("format", "text")
    if fmt not in ("text", "json", "sarif", "github"):
        raise BotUsageError(f"-format:{fmt}: expected text, json, sarif or github")
    part = local.get("part", "infobox")
    if part not in RENDER_PARTS:
        raise BotUsageError(f"-part:{part}: expected infobox, references or article")
    schema_dirs = [Path(d).expanduser().resolve() for d in local.get("schemas", ())]
    user_dir = user_schema_dir()
    flags: dict[str, Any] = {"wiki": local.get("wiki", site_wiki)}
    if user_dir.is_dir():
        schema_dirs.insert(0, user_dir)  # lowest: every directory given on the line wins
    if schema_dirs:
        flags["schemas"] = [str(d) for d in schema_dirs]
    for name in ("select", "ignore", "severity", "today"):
        if name in local:
            flags[name] = local[name]
    settings = settings_for_file(Path.cwd(), Settings(), flags, None)
    _validate(settings)
    return BotOptions(
        command=command,
        settings=settings,
        always=bool(local.get("always")),
        simulate=bool(config.simulate),
        cosmetic=bool(local.get("cosmetic")),
        summary=local.get("summary"),
        output_format=fmt,
        unsafe=bool(local.get("unsafe")),
        force=bool(local.get("force")),
        follow=bool(local.get("follow")),
        part=part,
        positional=tuple(positional),
    )
