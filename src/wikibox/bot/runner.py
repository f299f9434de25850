"""The one place where the bot reads pages and saves them.

Every editing command hands the runner its pages and a pure task (``text, title -> Change``);
the policy lives here, once:

* a page that is missing, a redirect, excluded by ``{{bots}}``/``{{nobots}}`` (pywikibot's
  ``botMayEdit``) or protected against the bot is skipped with a log line;
* unchanged text is never saved, and a cosmetic-only change (only whitespace, or only ``info``
  fixes) is skipped unless ``-cosmetic`` (WP:COSMETICBOT);
* the diff is shown, and the operator asked unless ``-always``;
* ``-simulate`` is enforced here: nothing below the check calls ``save``;
* the save names the revision the change was computed from (``baserevid`` and pywikibot's
  ``basetimestamp``), so MediaWiki reports an edit made in between instead of overwriting it.
  On a conflict the page is read again, the task re-applied to the new text, and saved once
  more; a second conflict skips the page.  When MediaWiki saves without a conflict although
  the page changed in between (it merged the edits, or took the other edit for ours because
  both fall in the same second), the saved text is compared with the task re-applied to the
  other edit, and the re-applied text is saved if they differ;
* API errors skip the page and the run goes on; the end prints read / changed / skipped (why).

pywikibot's ``BaseBot.userPut`` is not used: it swallows save errors into a log line and has no
way to re-apply a change after a conflict.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

import click

from wikibox.bot.options import BotOptions
from wikibox.bot.resolver import WikiResolver
from wikibox.bot.tasks import Change, Task, whitespace_only
from wikibox.errors import WikiboxError
from wikibox.lint.checker import check_text
from wikibox.lint.findings import Finding

if TYPE_CHECKING:
    import pywikibot

__all__ = ["Ask", "PageState", "RunReport", "Runner", "Skip"]

#: Asks the operator about one page's diff; answers "y" (save), "n", "a" (all) or "q" (quit).
Ask = Callable[[str], str]


class Skip(Exception):
    """This page is left as it is, for the reason given."""


class _Quit(Exception):
    """The operator ended the run."""


@dataclass
class RunReport:
    """What a run did, page by page; ``line()`` is the summary printed at the end."""

    read: int = 0
    checked: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    simulated: bool = False

    def reasons(self) -> dict[str, str]:
        return dict(self.skipped)

    def line(self) -> str:
        verb = "would change" if self.simulated else "changed"
        if self.checked:
            done = f"checked {len(self.checked)}"
        else:
            done = f"{verb} {len(self.changed)}, unchanged {len(self.unchanged)}"
        text = f"read {self.read}, {done}, skipped {len(self.skipped)}"
        kinds = Counter(reason.split(":")[0].split(" (")[0] for _, reason in self.skipped)
        if kinds:
            text += " (" + ", ".join(f"{n} {kind}" for kind, n in kinds.most_common()) + ")"
        return text


@dataclass(frozen=True)
class PageState:
    """A page as read: the text a change is computed from and the revision it belongs to."""

    title: str
    text: str
    revid: int


class Runner:
    """Runs a task over pages of one site, under the policy above."""

    def __init__(
        self,
        site: pywikibot.site.BaseSite,
        options: BotOptions,
        *,
        ask: Ask | None = None,
        resolver: WikiResolver | None = None,
        out: TextIO | None = None,
    ) -> None:
        self.site = site
        # Results (diffs, skips, the summary line) go to OUT, standard output by default, in
        # colour only on a terminal and without NO_COLOR; pywikibot's own messages and
        # warnings stay on standard error.
        self.out = out if out is not None else sys.stdout
        if options.command == "check" and options.output_format != "text":
            self.out = sys.stderr  # stdout holds one JSON/SARIF/GitHub document
        self.colour = _isatty(self.out) and not os.environ.get("NO_COLOR")
        self.options = options
        self.always = options.always
        self.ask = ask or _ask_operator
        self.resolver = resolver or WikiResolver(site, wiki=options.settings.wiki)
        self.report = RunReport(simulated=options.simulate)

    # -- reading only ------------------------------------------------------------------
    def check(self, pages: Iterable[pywikibot.Page]) -> list[tuple[str, list[Finding]]]:
        """The findings of every page, the series rules resolving links on the wiki."""
        import pywikibot

        results = []
        for page in pages:
            self.report.read += 1
            try:
                state = self._read(page, editing=False)
                findings = check_text(
                    state.text,
                    title=state.title,
                    settings=self.options.settings,
                    resolver=self.resolver,
                    source=state.title,
                )
            except Skip as skip:
                self._skip(page.title(), str(skip))
                continue
            except (pywikibot.exceptions.Error, WikiboxError) as error:
                self._skip(page.title(), f"error: {error}")
                continue
            results.append((state.title, findings))
            self.report.checked.append(state.title)
        return results

    # -- reading and saving ------------------------------------------------------------
    def run(self, pages: Iterable[pywikibot.Page], task: Task) -> RunReport:
        """Apply ``task`` to every page; returns (and logs) what happened to each."""
        from pywikibot.exceptions import (
            Error,
            LockedPageError,
            NoPageError,
            OtherPageSaveError,
            PageSaveRelatedError,
        )

        if not self.options.simulate:
            self.site.login()
        try:
            for page in pages:
                self.report.read += 1
                title = page.title()
                try:
                    outcome = self._treat(page, task)
                except Skip as skip:
                    self._skip(title, str(skip))
                except LockedPageError:
                    self._skip(title, "protected: the bot may not edit it")
                except NoPageError:
                    self._skip(title, "missing page")
                except OtherPageSaveError as error:
                    self._skip(title, f"not saved: {error.reason}")
                except PageSaveRelatedError as error:
                    self._skip(title, f"not saved: {error}")
                except (Error, WikiboxError) as error:
                    self._skip(title, f"API error: {error}")
                else:
                    (self.report.changed if outcome else self.report.unchanged).append(title)
        except _Quit:
            self.report.notes.append("stopped by the operator")
        self.echo(self.report.line())
        return self.report

    def _treat(self, page: pywikibot.Page, task: Task) -> bool:
        """True when the page was changed (or would be, with -simulate)."""
        import pywikibot
        from pywikibot.exceptions import EditConflictError

        for attempt in (1, 2):
            state = self._read(page, editing=True)
            change = task(state.text, state.title)
            if change.refused:
                raise Skip(f"refused: {change.refused}")
            if change.text == state.text:
                return False
            if not self.options.cosmetic and (
                change.cosmetic or whitespace_only(state.text, change.text)
            ):
                raise Skip("cosmetic only (-cosmetic saves it)")
            self.echo("\n>>> " + self._style(state.title, fg="magenta", bold=True) + " <<<")
            self.show_diff(state.text, change.text)
            if not self._confirm(state.title):
                raise Skip("declined by the operator")
            if self.options.simulate:  # the choke point: nothing below runs when simulating
                self.echo(f"simulate: {state.title} not saved ({self._summary(change)})")
                return True
            try:
                self._save(page, state, change, task)
                return True
            except EditConflictError:
                if attempt == 2:
                    raise Skip("edit conflict twice: left for a human") from None
                note = f"{state.title}: edit conflict; read again and re-applied"
                pywikibot.warning(note)
                self.report.notes.append(note)
                page = pywikibot.Page(page.site, page.title())
        raise AssertionError("unreachable")

    def _read(self, page: pywikibot.Page, *, editing: bool) -> PageState:
        if not page.exists():
            raise Skip("missing page")
        if page.isRedirectPage():
            raise Skip("redirect (the bot works on the target)")
        state = PageState(page.title(), page.text, page.latest_revision_id)
        self.resolver.remember(state.title, state.text)
        if editing:
            if not page.botMayEdit():
                raise Skip("excluded by {{bots}}/{{nobots}}")
            if not page.has_permission("edit"):
                raise Skip("protected: the bot may not edit it")
        return state

    def _confirm(self, title: str) -> bool:
        if self.always:
            return True
        answer = self.ask(title)
        if answer == "a":
            self.always = True
        if answer == "q":
            raise _Quit
        return answer in ("y", "a")

    def _summary(self, change: Change) -> str:
        return self.options.summary or change.summary or f"wikibox bot {self.options.command}"

    def _save(self, page: Any, state: PageState, change: Change, task: Task) -> None:
        page.text = change.text
        page.save(
            summary=self._summary(change),
            minor=True,
            bot=True,
            baserevid=state.revid,  # MediaWiki reports any edit made since we read
            quiet=True,
        )
        self.resolver.remember(state.title, change.text)
        self._verify_parent(page, state, change, task)

    def _verify_parent(self, page: Any, state: PageState, change: Change, task: Task) -> None:
        """Make sure an edit saved since we read the page survived our save.

        MediaWiki saves without reporting a conflict when it can merge the two edits, and also
        when it takes the other edit for our own: ``userWasLastToEdit`` compares timestamps
        to the second, so an edit made in the same second as the revision we read is
        silently overwritten.  Either way our revision's parent is not the one we read; the
        task is then re-applied to that edit and, if the result differs, saved over ours.
        """
        import pywikibot

        revisions = {rev.revid: rev for rev in page.revisions(total=5, content=True)}
        ours = revisions.get(page.latest_revision_id)
        if ours is None or ours.parentid in (state.revid, 0):
            return
        theirs = revisions.get(ours.parentid)
        if theirs is None:
            return
        expected = task(theirs.text, state.title).text
        note = f"{state.title}: revision {theirs.revid} was saved after the page was read"
        if ours.text.rstrip() == expected.rstrip():
            self.report.notes.append(f"{note}; MediaWiki merged it")
            return
        pywikibot.warning(f"{note} and MediaWiki saved over it; saving the change re-applied")
        self.report.notes.append(f"{note}; overwritten by MediaWiki, re-applied")
        page.text = expected
        page.save(
            summary=self._summary(change) + " (re-applied over a concurrent edit)",
            minor=True,
            bot=True,
            baserevid=ours.revid,
            quiet=True,
        )
        self.resolver.remember(state.title, expected)

    def echo(self, text: str) -> None:
        """One line of results to OUT (flushed: an operator may be asked next)."""
        click.echo(text, file=self.out, color=self.colour)
        self.out.flush()

    def _style(self, text: str, **style: Any) -> str:
        return click.style(text, **style) if self.colour else text

    def show_diff(self, old: str, new: str) -> None:
        """The changed lines (no context: pages are long), coloured on a terminal only."""
        lines = difflib.unified_diff(old.splitlines(), new.splitlines(), n=0, lineterm="")
        for line in list(lines)[2:]:  # without the ---/+++ header
            colour = {"-": "red", "+": "green", "@": "cyan"}.get(line[:1])
            self.echo(self._style(line, fg=colour) if colour else line)

    def _skip(self, title: str, reason: str) -> None:
        self.echo(f"skipped {title}: {reason}")
        self.report.skipped.append((title, reason))


def _ask_operator(title: str) -> str:
    import pywikibot
    from pywikibot.bot_choice import QuitKeyboardInterrupt

    try:
        return str(
            pywikibot.input_choice(
                "Do you want to accept these changes?",
                [("Yes", "y"), ("No", "n"), ("All", "a")],
                default="N",
            )
        ).lower()
    except QuitKeyboardInterrupt:
        return "q"


def _isatty(stream: Any) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
