"""The bot commands, from raw pywikibot-style arguments to an exit code.

Each command reads its arguments the pywikibot way (:mod:`.options`), builds the pages from
pywikibot's ``GeneratorFactory``, binds its pure transform (:mod:`.tasks`, :mod:`.series`) and
hands both to the :class:`~.runner.Runner`.  ``wikibox.cli.bot`` is only the click shell around
:func:`run_bot` and :func:`run_schema_pull`.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from wikibox.bot.options import (
    BotOptions,
    BotUsageError,
    bot_options,
    parse_local_args,
    pywikibot_args,
    user_schema_dir,
)
from wikibox.bot.render_task import load_specs, render_task
from wikibox.bot.runner import Ask, Runner
from wikibox.bot.schema_pull import pull_citation_module, pull_templatedata
from wikibox.bot.series import collect_series, plan_series, sync_change
from wikibox.bot.tasks import Task, fix_change, set_change
from wikibox.errors import WikiboxError
from wikibox.lint.output import FORMATTERS
from wikibox.lint.rules import REGISTRY
from wikibox.model.schema import BUNDLED_DIR
from wikibox.wikitext.names import normalize_page_title

if TYPE_CHECKING:
    import pywikibot

__all__ = ["CLEAN", "FINDINGS", "USAGE", "run_bot", "run_schema_pull", "site_wiki"]

# The exit codes of `wikibox.cli.Exit` (the bot does not import the CLI).
CLEAN, FINDINGS, USAGE = 0, 1, 2
# command: (how many positional arguments, what they are)
POSITIONAL = {"set": (2, "PATH VALUE"), "render": (1, "SPEC (a spec file or a directory)")}
NO_PAGES = (
    "no pages to work on: give a page generator such as -page:TITLE, -cat:CATEGORY, "
    "-transcludes:TEMPLATE, -links:LIST_PAGE or -file:FILE (see -help)"
)


def site_wiki(site: pywikibot.site.BaseSite) -> str:
    """The wiki whose conventions apply: the site's database name if wikibox knows it."""

    name = str(site.dbName())
    return name if (BUNDLED_DIR / name).is_dir() else "enwiki"


class _RetryNoise(logging.Filter):
    """pywikibot logs a traceback at every retry of a request to a wiki that does not answer;
    wikibox says it once, in one line (-verbose or -debug show pywikibot's own log).  The URL
    that failed is kept for that line."""

    NOISE = ("Traceback (most recent call last)", "An error occurred for uri", "before retrying")

    def __init__(self, quiet: bool) -> None:
        super().__init__()
        self.quiet = quiet
        self.uri: str | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("An error occurred for uri "):
            self.uri = message.removeprefix("An error occurred for uri ").strip()
        return not (self.quiet and any(noise in message for noise in self.NOISE))


@contextlib.contextmanager
def wiki_errors() -> Iterator[None]:
    """A wiki that is down or unreachable becomes one WikiboxError naming it and what failed
    (the CLI prints one line and exits 2), instead of pywikibot's tracebacks.  Wraps
    :func:`pywikibot_args` too: pywikibot logs in while it reads its global options."""
    import requests
    from pywikibot import config
    from pywikibot.exceptions import ApiTimeoutError, ServerError

    # on the logger, not its handlers: pywikibot may replace the handlers on first output
    logger = logging.getLogger("pywiki")
    noise = _RetryNoise(quiet=not (config.verbose_output or config.debug_log))
    logger.addFilter(noise)
    try:
        yield
    except (
        ApiTimeoutError,
        ServerError,
        requests.exceptions.RequestException,
    ) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        wiki = f"{config.family}:{config.mylang}" + (f" ({noise.uri})" if noise.uri else "")
        raise WikiboxError(f"the wiki {wiki} did not answer: {reason}") from None
    finally:
        logger.removeFilter(noise)


def run_bot(command: str, args: Sequence[str], *, out: TextIO, ask: Ask | None = None) -> int:
    """Run ``wikibox bot COMMAND ARGS…``; returns the exit code."""
    with wiki_errors(), pywikibot_args(args) as rest:
        return _run_bot(command, rest, out=out, ask=ask)


def _run_bot(command: str, rest: list[str], *, out: TextIO, ask: Ask | None) -> int:
    import pywikibot
    from pywikibot import pagegenerators

    site = pywikibot.Site()
    factory = pagegenerators.GeneratorFactory(site)
    local, positional = parse_local_args(command, factory.handle_args(rest))
    options = bot_options(command, local, positional, site_wiki=site_wiki(site))
    _check_positional(options)
    pages = factory.getCombinedGenerator(preload=True)
    if pages is None:
        raise BotUsageError(NO_PAGES)
    runner = Runner(site, options, ask=ask, out=out)
    if command == "check":
        return _check(runner, pages, out)
    if command == "sync-series":
        _sync_series(runner, pages)
        return CLEAN
    runner.run(pages, _task(options, runner))
    return CLEAN


def _check_positional(options: BotOptions) -> None:
    wanted, usage = POSITIONAL.get(options.command, (0, "no positional arguments"))
    if len(options.positional) != wanted:
        extra = " ".join(options.positional) or "nothing"
        raise BotUsageError(f"`wikibox bot {options.command}` takes {usage}, not: {extra}")


def _task(options: BotOptions, runner: Runner) -> Task:
    if options.command == "fix":
        return functools.partial(
            fix_change, settings=options.settings, unsafe=options.unsafe, resolver=runner.resolver
        )
    if options.command == "set":
        path, value = options.positional
        return functools.partial(
            set_change, path=path, value=value, settings=options.settings, force=options.force
        )
    if options.command == "render":
        specs = load_specs(Path(options.positional[0]).expanduser())
        return render_task(specs, part=options.part, settings=options.settings)
    raise BotUsageError(f"unknown bot command {options.command!r}")


def _check(runner: Runner, pages, out: TextIO) -> int:
    import pywikibot

    results = runner.check(pages)
    fmt = runner.options.output_format
    FORMATTERS[fmt](results, REGISTRY, out, fmt == "text" and runner.colour)
    if fmt == "text":  # json, sarif and github stay one parseable document
        runner.echo(runner.report.line())
    else:
        pywikibot.info(runner.report.line())
    return FINDINGS if any(findings for _, findings in results) else CLEAN


def _sync_series(runner: Runner, pages) -> None:
    """Collect the series, show its order, then set the links page by page."""
    import pywikibot

    titles = []
    for page in pages:  # preloaded: remember the texts rather than fetch them again
        titles.append(page.title())
        if page.exists() and not page.isRedirectPage():
            runner.resolver.remember(page.title(), page.text)
    articles, missing = collect_series(titles, runner.resolver, follow=runner.options.follow)
    plan = plan_series(articles, runner.resolver)
    runner.echo("Series in date order:\n" + "\n".join(plan.describe()))
    for title, why in {**missing, **plan.left_out}.items():
        runner.report.skipped.append((title, f"not in the series: {why}"))
    changes = {title: plan.changes.get(title, {}) for title in (p.title for p in plan.pages)}

    def task(text: str, title: str):
        links = changes.get(normalize_page_title(title), {})
        return sync_change(text, title, changes=links, settings=runner.options.settings)

    series_pages = [pywikibot.Page(runner.site, title) for title in changes]
    runner.run(runner.site.preloadpages(series_pages), task)


def run_schema_pull(
    templates: Sequence[str],
    args: Sequence[str],
    *,
    directory: Path | None,
    wiki: str | None,
    citation_module: bool = False,
) -> list:
    """``wikibox schema pull TEMPLATE…``: returns what was saved where (or why not); with
    ``citation_module`` also the wiki's citation module data."""

    with wiki_errors(), pywikibot_args(args) as rest:
        import pywikibot

        if rest:
            raise BotUsageError(f"unknown option {rest[0]!r} for `wikibox schema pull`")
        site = pywikibot.Site()
        target = directory or user_schema_dir() / (wiki or site_wiki(site))
        pulled = pull_templatedata(site, templates, target) if templates else []
        if citation_module:
            pulled.append(pull_citation_module(site, target))
        return pulled
