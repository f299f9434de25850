"""The bot's transforms: pure functions from one page's wikitext to its new text.

Each task returns a :class:`Change`: the new text, an edit summary that says what changed
(naming the rules a fix applied), and whether the change is cosmetic.  The runner decides what
to do with it (show the diff, ask, save, skip); nothing here talks to a wiki, so every task is
tested on plain strings.  On an edit conflict the runner calls the same task again on the fresh
text, which is why a task must depend on nothing but its arguments.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from wikibox.edit.fixes import fix_text
from wikibox.edit.update import set_value
from wikibox.errors import WikiboxError
from wikibox.lint.config import Settings
from wikibox.lint.findings import Finding, Severity
from wikibox.model.resolve import Resolver

__all__ = [
    "SUMMARY_LIMIT",
    "Change",
    "Task",
    "fix_change",
    "fix_summary",
    "set_change",
    "whitespace_only",
]

#: MediaWiki cuts edit summaries at 500 characters; we stop before it does, at a word.
SUMMARY_LIMIT = 480
_NOT_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Change:
    """What a task wants a page to become.

    ``refused`` is set when the task declines to change this page (a value the rules reject,
    a page without an infobox …); the runner skips the page and reports the reason.
    """

    text: str
    summary: str = ""
    cosmetic: bool = False
    refused: str | None = None


#: A task: ``(text, title) -> Change``.  Bind its options with a closure or functools.partial.
Task = Callable[[str, str], Change]


def whitespace_only(old: str, new: str) -> bool:
    """True when the two texts differ in whitespace only (a cosmetic edit, WP:COSMETICBOT)."""
    return old != new and _NOT_SPACE.sub("", old) == _NOT_SPACE.sub("", new)


def fix_change(
    text: str,
    title: str,
    *,
    settings: Settings,
    unsafe: bool = False,
    resolver: Resolver | None = None,
) -> Change:
    """Apply the rules' fixes; the summary names every rule that fixed something.

    A change made only of ``info`` fixes is cosmetic: bot policy forbids saving it alone.
    """
    new_text, applied = fix_text(
        text, settings=settings, unsafe=unsafe, title=title, resolver=resolver
    )
    if new_text == text:
        return Change(text)
    cosmetic = all(finding.severity is Severity.INFO for finding in applied)
    return Change(new_text, fix_summary(applied), cosmetic=cosmetic)


def fix_summary(applied: Iterable[Finding]) -> str:
    """``wikibox: fixed cite-deprecated-param (×2), infobox-duplicate-param``."""
    counts = Counter(finding.rule for finding in applied)
    names = [f"{rule} (×{n})" if n > 1 else rule for rule, n in sorted(counts.items())]
    return shorten("wikibox: fixed " + ", ".join(names) if names else "wikibox: fixes")


def set_change(
    text: str, title: str, *, path: str, value: str, settings: Settings, force: bool = False
) -> Change:
    """Set ``path`` (``infobox.PARAM``, ``reference.KEY.PARAM``) to ``value``.

    The value is validated by the rules first (unless ``force``): a value that would add a
    finding is refused for this page, and the page is left as it is.
    """
    try:
        new_text = set_value(text, path, value, settings=settings, title=title, validate=not force)
    except WikiboxError as error:
        return Change(text, refused=error.message)
    return Change(new_text, shorten(f"wikibox: set {path} = {value}"))


def shorten(summary: str, limit: int = SUMMARY_LIMIT) -> str:
    """Cut an edit summary at a word boundary, marking the cut with an ellipsis."""
    summary = " ".join(summary.split())
    if len(summary) <= limit:
        return summary
    cut = summary[: limit - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;") + "…"
