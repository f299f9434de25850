"""English Wikipedia's citation module (Module:Citation/CS1) on the test wiki, as an oracle.

wikibox's ``cite-*`` rules re-implement checks of the CS1 module in Python, before rendering.
Whether they say what the module says is a question the module itself can answer: this module
imports its Lua source (kept outside the repository, see ``shared/reference/cs1/PROVENANCE.md``)
into a running `TestWiki` as the wiki pages of their titles, creates the one-line citation
templates (``{{cite web}}`` is ``{{#invoke:Citation/CS1|citation|CitationClass=web}}``) and
expands many citations per API request.

What the module decided is read from the wikitext that ``action=expandtemplates`` returns for
each citation: the ``[[Category:CS1 …]]`` links it adds (errors, maintenance, properties), and
for each message the anchor of its ``[[Help:CS1 errors#anchor|…]]`` link and its text.
Categories of a whole parsed page could not be told apart per citation; expanded wikitext keeps
them next to the citation that emitted them.

The module reads "today" from the server's clock (``os.date`` and PHP's ``DateTime``), which a
wiki cannot be told to fake; `wiki_today` gives the date the server uses, so a comparison can
hand the same date to wikibox.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .wiki import ApiSession, TestWiki, TestWikiError

__all__ = [
    "CITATION_CLASSES",
    "PAGE_TITLE",
    "TEMPLATE_REDIRECTS",
    "CS1Message",
    "CS1Verdict",
    "cs1_source",
    "install_cs1",
    "render_citations",
    "wiki_today",
]

# The module's files, named after their wiki titles: "-" for "/", "_" for a space.
MODULE_FILES = (
    "Module-Citation-CS1.lua",
    "Module-Citation-CS1-Configuration.lua",
    "Module-Citation-CS1-Whitelist.lua",
    "Module-Citation-CS1-Utilities.lua",
    "Module-Citation-CS1-Date_validation.lua",
    "Module-Citation-CS1-Identifiers.lua",
    "Module-Citation-CS1-COinS.lua",
    "Module-Citation-CS1-Suggestions.lua",
    "Module-Citation-CS1-styles.css",
)
# Template name -> |CitationClass=, as on enwiki (the module's citation_class_map_t).
CITATION_CLASSES = {
    "Cite arXiv": "arxiv",
    "Cite AV media": "audio-visual",
    "Cite AV media notes": "AV-media-notes",
    "Cite bioRxiv": "biorxiv",
    "Cite book": "book",
    "Citation": "citation",
    "Cite CiteSeerX": "citeseerx",
    "Cite conference": "conference",
    "Cite document": "document",
    "Cite encyclopedia": "encyclopaedia",
    "Cite episode": "episode",
    "Cite interview": "interview",
    "Cite journal": "journal",
    "Cite magazine": "magazine",
    "Cite mailing list": "mailinglist",
    "Cite map": "map",
    "Cite medRxiv": "medrxiv",
    "Cite news": "news",
    "Cite newsgroup": "newsgroup",
    "Cite podcast": "podcast",
    "Cite press release": "pressrelease",
    "Cite report": "report",
    "Cite serial": "serial",
    "Cite sign": "sign",
    "Cite speech": "speech",
    "Cite SSRN": "ssrn",
    "Cite tech report": "techreport",
    "Cite thesis": "thesis",
    "Cite web": "web",
}
# enwiki redirects that corpus articles use (title case differences need none: MediaWiki
# upper-cases only the first letter, so "cite web" finds "Cite web" but "Cite Web" would not).
TEMPLATE_REDIRECTS = {
    "Cite Web": "Cite web",
    "Cite News": "Cite news",
    "Cite Book": "Cite book",
    "Cite Journal": "Cite journal",
    "Cite av media": "Cite AV media",
    "Cite video": "Cite AV media",
    "Cite techreport": "Cite tech report",
    "Cite arxiv": "Cite arXiv",
    "Cite biorxiv": "Cite bioRxiv",
    "Cite ssrn": "Cite SSRN",
    "Cite encyclopaedia": "Cite encyclopedia",
    "Cite dvd notes": "Cite AV media notes",
}
# expandtemplates runs as this page: main namespace, no subpage the module leaves uncategorized.
PAGE_TITLE = "Wikibox CS1 conformance"
# Where templatestyles is not installed, a tag that renders nothing stands in for it.
TEMPLATESTYLES_STUB = """
$wgHooks['ParserFirstCallInit'][] = static function ( Parser $parser ) {
    if ( !in_array( 'templatestyles', $parser->getTags(), true ) ) {
        $parser->setHook( 'templatestyles', static fn () => '' );
    }
};
"""
MARKER = "\n@@wikibox-cs1-{}@@\n"
MARKER_PATTERN = re.compile(r"\n@@wikibox-cs1-(\d+)@@\n")
CATEGORY = re.compile(r"\[\[Category:([^\]|]+)(?:\|[^\]]*)?\]\]")
HELP_ANCHOR = re.compile(r"\[\[Help:CS1 errors#([A-Za-z0-9_]+)\|")
SCRIPT_ERROR = 'class="scribunto-error'
MESSAGE_START = re.compile(r'<span class="(cs1-visible-error|cs1-hidden-error|cs1-maint) ')


@dataclass(frozen=True)
class CS1Message:
    """One message of the module: its kind, its Help:CS1 errors anchor ("" for maintenance)."""

    kind: str  # "error" or "maint"
    anchor: str
    text: str


@dataclass(frozen=True)
class CS1Verdict:
    """What the module said about one citation.

    ``errors`` and ``maintenance`` are category names without the namespace ("CS1 errors:
    dates", "CS1 maint: date format"); ``properties`` the other categories it adds ("CS1:
    long volume value", "CS1 German-language sources (de)").  ``messages`` are its messages,
    hidden or shown, each with the Help:CS1 errors anchor that names the error ("bad_date",
    "parameter_ignored").  ``script_error`` holds a Lua error, if the module failed (then
    nothing else is known).
    """

    wikitext: str
    errors: frozenset[str] = frozenset()
    maintenance: frozenset[str] = frozenset()
    properties: frozenset[str] = frozenset()
    messages: tuple[CS1Message, ...] = ()
    script_error: str = ""

    @property
    def anchors(self) -> tuple[str, ...]:
        """The anchors of the error messages, in order."""
        return tuple(message.anchor for message in self.messages if message.anchor)


def cs1_source(repo_root: Path) -> Path:
    """Where the module's files are: ``shared/reference/cs1/enwiki`` beside the repository."""
    return repo_root.resolve().parent / "shared" / "reference" / "cs1" / "enwiki"


def module_title(file_name: str) -> str:
    """``Module-Citation-CS1-Date_validation.lua`` -> ``Module:Citation/CS1/Date validation``."""
    stem = file_name.removesuffix(".lua")
    namespace, _, rest = stem.partition("-")
    return f"{namespace}:{rest.replace('-', '/').replace('_', ' ')}"


def install_cs1(wiki: TestWiki, source: Path) -> None:
    """Import the module from *source* and create the citation templates; idempotent.

    The pages are saved by the human account through the API (an unchanged page is not saved
    again), so a wiki directory that was set up before is ready at once.
    """
    missing = [name for name in MODULE_FILES if not (source / name).is_file()]
    if missing:
        raise TestWikiError(f"CS1 module files missing: {', '.join(missing)}", source=str(source))
    wiki.add_settings("templatestyles-stub", TEMPLATESTYLES_STUB)
    for name in MODULE_FILES:
        text = (source / name).read_text(encoding="utf-8")
        if name.endswith(".lua"):
            wiki.edit(module_title(name), text, "CS1 import")
        else:  # the stylesheet: sanitized-css needs TemplateStyles, and Lua would not parse it
            _edit_as_text(wiki, module_title(name), text)
    for template, citation_class in CITATION_CLASSES.items():
        call = f"{{{{#invoke:Citation/CS1|citation|CitationClass={citation_class}}}}}"
        wiki.edit(f"Template:{template}", f"<includeonly>{call}</includeonly>", "CS1 template")
    for redirect, target in TEMPLATE_REDIRECTS.items():
        wiki.edit(f"Template:{redirect}", f"#REDIRECT [[Template:{target}]]", "CS1 redirect")


def _edit_as_text(wiki: TestWiki, title: str, text: str) -> None:
    session = wiki.human_session()
    session.call(
        post=True,
        action="edit",
        title=title,
        text=text,
        contentmodel="text",
        summary="CS1 import",
        token=session.token("csrf"),
    )


def wiki_today(wiki: TestWiki) -> datetime.date:
    """The server's current date in UTC, the "today" the module's date checks use."""
    stamp = ApiSession(wiki.api_url).call(action="query", curtimestamp=1)["curtimestamp"]
    return datetime.date.fromisoformat(str(stamp)[:10])


def render_citations(
    wiki: TestWiki, citations: Sequence[str], *, batch_size: int = 50
) -> list[CS1Verdict]:
    """The module's verdict on each citation, in order; many citations per API request.

    A batch whose expansion fails as a whole (a Lua error that is not one citation's, a time
    limit) is split in halves until each citation stands alone, so one bad citation cannot
    cost the verdicts of its neighbours.
    """
    session = ApiSession(wiki.api_url)
    verdicts: list[CS1Verdict] = []
    for start in range(0, len(citations), batch_size):
        verdicts += _render_batch(session, list(citations[start : start + batch_size]))
    return verdicts


def _render_batch(session: ApiSession, batch: list[str]) -> list[CS1Verdict]:
    text = "".join(MARKER.format(index) + citation for index, citation in enumerate(batch))
    expanded = session.call(
        post=True,
        timeout=300,
        action="expandtemplates",
        text=text + MARKER.format(len(batch)),
        title=PAGE_TITLE,
        prop="wikitext",
    )["expandtemplates"]["wikitext"]
    chunks = dict(_chunks(expanded))
    complete = all(index in chunks for index in range(len(batch)))
    if complete and not (len(batch) > 1 and any(SCRIPT_ERROR in c for c in chunks.values())):
        return [_verdict(batch[index], chunks[index]) for index in range(len(batch))]
    if len(batch) == 1:
        return [CS1Verdict(batch[0], script_error=_text(expanded)[:500] or "no output")]
    half = len(batch) // 2
    return _render_batch(session, batch[:half]) + _render_batch(session, batch[half:])


def _chunks(expanded: str) -> Iterator[tuple[int, str]]:
    """(index, expansion) per citation, cut at the markers between them."""
    found = list(MARKER_PATTERN.finditer(expanded))
    for marker, following in itertools.pairwise(found):
        yield int(marker.group(1)), expanded[marker.end() : following.start()]


def _verdict(citation: str, expansion: str) -> CS1Verdict:
    if SCRIPT_ERROR in expansion:
        return CS1Verdict(citation, script_error=_text(expansion)[:500])
    if "<cite " not in expansion:  # a template the wiki lacks, or no template at all
        return CS1Verdict(citation, script_error=f"no citation rendered: {expansion[:200]}")
    categories = {name.strip() for name in CATEGORY.findall(expansion)}
    errors = {name for name in categories if name.startswith("CS1 errors")}
    maintenance = {name for name in categories if name.startswith("CS1 maint")}
    return CS1Verdict(
        citation,
        errors=frozenset(errors),
        maintenance=frozenset(maintenance),
        properties=frozenset(categories - errors - maintenance),
        messages=tuple(_messages(expansion)),
    )


def _messages(expansion: str) -> Iterator[CS1Message]:
    """Each message span, up to the next one (messages hold <code> and links, not spans)."""
    starts = list(MESSAGE_START.finditer(expansion))
    ends = [start.start() for start in starts[1:]] + [len(expansion)] * bool(starts)
    for start, end in zip(starts, ends, strict=True):
        piece = CATEGORY.sub("", expansion[start.start() : end])
        text = _text(piece)
        if not text or text.endswith("}}:"):  # the "{{cite web}}:" that heads the messages
            continue
        anchor = HELP_ANCHOR.search(piece)
        kind = "maint" if start.group(1) == "cs1-maint" else "error"
        yield CS1Message(kind, anchor.group(1) if anchor else "", text)


def _text(markup: str) -> str:
    """Markup reduced to its words, for messages a human reads in a report."""
    text = re.sub(r"<[^>]+>", "", markup)
    text = re.sub(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]", r"\1", text)
    return " ".join(text.replace("&#124;", "|").split())
