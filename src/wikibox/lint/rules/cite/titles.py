"""Citation rules on the title: a site name pasted after it, or a title that is not the page's.

Browsers and citation tools copy the page's ``<title>``: it carries the site's name (which
belongs in ``|website=``/``|work=``), and when the tool was served an error, a login or a bot
check, it is a generic text that says nothing about the source.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from wikibox.lint.findings import Report, SetParam, Severity
from wikibox.lint.rules.base import Context, rule, short
from wikibox.lint.rules.cite.view import WORK, may_cite
from wikibox.model.citation import Citation
from wikibox.wikitext.names import strip_comments
from wikibox.wikitext.parser import plain_text

__all__ = ["generic_title", "title_site_suffix"]


# --- title ends with the site name -------------------------------------------------------------

_SEPARATOR = re.compile(
    r"\s+[-–—|·•]\s+|\s+::\s+|\s*\{\{\s*!\s*\}\}\s*|\s*&#(?:124|x7[cC]);\s*|\s*｜\s*|:\s+"
)
_SITE_ENDING = re.compile(
    r"(?:\S.*\s(?:News|Politics|Online)|\S.*\.(?:com|co\.uk|org|net|jp)"
    r"|\S.*(?:ニュース|ポリティクス|新聞|新聞社|通信|デジタル|オンライン|ドットコム))$",
    re.IGNORECASE,
)
_KNOWN_SITES = (
    "Reuters", "YouTube", "Bloomberg", "Forbes", "CNN", "BBC", "NPR", "AP News", "AFP",
    "Politico", "Axios", "Al Jazeera", "The Guardian", "The New York Times",
    "The Washington Post", "NHK", "ロイター", "日本経済新聞", "時事ドットコム", "共同通信",
    "朝日新聞デジタル", "毎日新聞", "読売新聞オンライン", "産経ニュース",
)  # fmt: skip
_TLD = re.compile(r"(?:com|couk|org|net|jp|cojp)$")


def _site_key(text: str) -> str:
    key = re.sub(r"[\W_]+", "", plain_text(text).casefold())
    key = key.removeprefix("the") if len(key) > 6 else key
    return _TLD.sub("", key) if len(key) > 5 else key


@lru_cache(maxsize=1)
def _known_site_keys() -> frozenset[str]:
    return frozenset(_site_key(name) for name in _KNOWN_SITES)


def _site_suffix(raw: str, work_keys: set[str]) -> tuple[str, str, bool] | None:
    """(title without the suffix, the site name, whether it matched a work) or None."""
    head, site, matched = raw, None, False
    while True:
        separators = list(_SEPARATOR.finditer(head))
        if not separators:
            break
        last = separators[-1]
        suffix = head[last.end() :].strip()
        key = _site_key(suffix)
        plain = plain_text(suffix)
        is_site = (
            not last.group(0).strip().startswith(":")
            and len(plain) <= 40
            and len(plain.split()) <= 5
            and (key in _known_site_keys() or bool(_SITE_ENDING.search(plain)))
        )
        # "CNN Politics" with work=CNN is the work's own site; a longer phrase that merely
        # starts with the work's name ("USA Today Sports' Player of the Year") is a title.
        is_work = bool(key) and (
            key in work_keys or (is_site and any(key.startswith(w) for w in work_keys))
        )
        rest = head[: last.start()].rstrip()
        if not (is_work or is_site) or len(re.findall(r"[^\W\d_]", plain_text(rest))) < 3:
            break
        if not _balanced(suffix):  # the end of a quotation, not a site name
            break
        head, site, matched = rest, site or plain, matched or is_work
    return (head, site, matched) if site else None


_PAIRS = (("(", ")"), ("[", "]"), ("“", "”"), ("「", "」"), ("『", "』"), ("«", "»"))


def _balanced(text: str) -> bool:
    """Quotes and brackets are closed: a split inside them would cut a quoted title."""
    plain = plain_text(text)
    if plain.count('"') % 2:
        return False
    return all(plain.count(opening) == plain.count(closing) for opening, closing in _PAIRS)


@rule(
    name="cite-title-site-suffix",
    severity=Severity.WARNING,
    visits="citation",
    fixable=True,
    needs=may_cite,
)
def title_site_suffix(ctx: Context, cite: Citation) -> Iterator[Report]:
    """The title ends with the name of the site (`` - CBS News``, ``{{!}}CNNポリティクス``).

    Why:
        Browsers and citation tools copy the page's ``<title>``, which carries the site's
        name; in a citation the site belongs in ``|website=``/``|work=``, where CS1 styles it,
        and it is shown twice otherwise.  The module is silent on it; it is a defect of fact
        (a warning).  When the suffix is the citation's own work or publisher, the fix
        removes it; when it only looks like a site name and the citation names no website,
        moving it to ``|website=`` is an unsafe fix (``--unsafe-fixes``): the split may be
        wrong.  No fix is offered when the split would cut through quotes or brackets.
    Fails:
        {{cite news |title=Trump calls Putin - CBS News |work=CBS News}}
        {{Cite web|和書|title=首脳が電話会談 {{!}} CNNポリティクス|url=…}}
    Passes:
        {{cite news |title=Trump calls Putin |work=CBS News}}
    Does not flag:
        A suffix after a colon unless it is the citation's own work (``Ukraine: Good News``
        is a title); a last part that is not a site name (``Profile - Part 2``); dashes
        without spaces (``Russia–United States``); titles that would be left with almost
        nothing; a last part that closes a quotation (``"Info - Asda" at Example.com``).
    """
    title = cite.filled("title")
    if title is None or "<!--" in title.raw:
        return
    work_names = cite.names(WORK)
    work = cite.filled(*work_names)
    owners = [p for p in cite.params if p.name in (*work_names, "publisher") and not p.is_empty]
    work_keys = {_site_key(p.raw) for p in owners} - {""}
    found = _site_suffix(title.raw.strip(), work_keys)
    if found is None:
        return
    head, site, matched = found
    fix = None
    field = "work" if cite.kind == "cite news" else "website"
    can_add = cite.schema is None or cite.schema.is_known(field)
    whole = _balanced(title.raw) and _balanced(head) and _balanced(site)
    if whole and cite.count("title") == 1 and (matched if work is not None else can_add):
        fix = [SetParam(cite.node, "title", head)]
        if work is None:
            fix.append(SetParam(cite.node, field, site))
    where = "the citation's work" if matched else "a site name"
    shown = plain_text(title.raw.replace("{{!}}", "|"))
    yield Report(
        f"|title= {short(shown)!r} of {{{{{cite.name}}}}} ends with {where} "
        f"{site!r}; it belongs in |{field}=",
        title.value_span,
        fix=tuple(fix) if fix else None,
        unsafe_fix=bool(fix) and not matched,
        data={"site": site},
    )


# --- generic titles ----------------------------------------------------------------------------

_GENERIC_TITLES = frozenset(
    (
        "wayback machine", "internet archive wayback machine", "archived copy", "page not found",
        "not found", "404", "404 not found", "404 error", "error 404", "403 forbidden",
        "forbidden", "access denied", "are you a robot", "bloomberg are you a robot",
        "just a moment", "attention required cloudflare", "login", "log in", "sign in",
        "log into facebook", "login instagram", "untitled", "untitled document", "no title",
        "home page", "homepage", "subscribe to read", "redirecting", "usurped title",
        "webcite query result", "wikiwix s cache", "website is for sale", "hugedomains com",
        "ページが見つかりません", "お探しのページは見つかりませんでした",
        "アクセスが拒否されました", "ログイン", "無題", "タイトルなし",
    )
)  # fmt: skip
_GENERIC_SEPARATOR = re.compile(r"\s+[-–—|·•]\s+|\s*\|\s*|:\s+")


def _generic_key(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", text).casefold()).split())


# Failure pages are generic even beside the site's name; "Home page" or "Login" only alone.
_GENERIC_PARTS = frozenset(
    key
    for key in _GENERIC_TITLES
    if not key.startswith(("home", "log", "sign", "untitled", "no title", "ログイン", "無題"))
)


def _generic(title: str) -> bool:
    """A generic title, whole or as the first or last part (``Page not found | Example``)."""
    key = _generic_key(title)
    if key in _GENERIC_TITLES or key.startswith("404 "):  # CS1: ^404
        return True
    parts = [part for part in _GENERIC_SEPARATOR.split(title) if part.strip()]
    return any(
        _generic_key(part) in _GENERIC_PARTS or _generic_key(part).startswith("404 ")
        for part in {*parts[:1], *parts[-1:]}
    )


@rule(name="cite-generic-title", severity=Severity.ERROR, visits="citation", needs=may_cite)
def generic_title(ctx: Context, cite: Citation) -> Iterator[Report]:
    """The title is what a website shows instead of the page: an error, a login or bot check.

    Why:
        Citation bots and browser tools copy the page title they were served: "Page not
        found", "Just a moment...", "Are you a robot?", "Wayback Machine".  The reader gets
        no idea what the source says.  CS1 shows err_generic_title ("Cite uses generic
        title", category "CS1 errors: generic title") for the titles of its own list
        (Configuration's generic_titles, read from the generated module data where wikibox
        has it: "Wayback Machine", "Page not found", "Are you a robot" …); without the
        module's data a longer hand-made list is used (error pages, logins, "Just a
        moment…").  "Archived copy" is only a maintenance category of the module, so it is
        not an error here.
    Fails:
        {{cite web |url=https://example.com/a |title=Page not found}}
        {{cite web |url=https://example.com/a |title=Are you a robot?}}
    Passes:
        {{cite web |url=https://example.com/a |title=Summit ends without a deal}}
    Does not flag:
        On wikis with the module's data, what the module's list does not name ("Login",
        "Home page", "Archived copy"); elsewhere a generic phrase inside a longer real
        title ("Why the login page failed"); it is flagged whole, or as the first or last
        part between separators ("Page not found | Example"), but "Home page" or "Login" only alone
        ("AVTEC – Home Page" names the page it cites); titles made only of templates;
        ``|trans-title=``.
    """
    title = cite.filled("title")
    if title is None:
        return
    if cite.module is not None:  # the module's own list decides
        written = strip_comments(title.raw).replace("{{!}}", "|").strip()
        if written.startswith("((") and written.endswith("))"):
            return  # accept-as-written markup
        if not written.endswith("...") and not re.search(
            r"\.\s*[A-Za-z]\.$|\s+[A-Za-z]\.$", written
        ):
            written = written.removesuffix(".")
        if cite.module.is_generic_title(written):
            shown = plain_text(written)
            yield Report(f"Cite uses generic title: |title={short(shown)!r}", title.value_span)
        return
    text = plain_text(title.raw.replace("{{!}}", "|"))
    if text and _generic(text):
        yield Report(f"Cite uses generic title: |title={short(text)!r}", title.value_span)
