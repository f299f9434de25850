"""The offline preview's wikitext → HTML: a reviewer's approximation, not MediaWiki.

Without a wiki to ask, the preview draws the page itself: links, lists, bold/italic, numbered
references, flags as text, citations roughly as the citation module writes them, and other
templates as chips.  Every piece of page text goes through :func:`markupsafe.escape`; a tag
outside a short list of harmless ones is shown as text, as MediaWiki shows one it does not
allow.  :class:`WikitextRenderer` draws inline wikitext (and places the findings' markers
that fall in the text), :class:`Blocks` groups the body's lines into paragraphs and lists.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from wikibox.model.semantics import FLAG_TEMPLATES, FLAG_WITH_NAME
from wikibox.preview.labels import flag_emoji, language_label
from wikibox.wikitext.names import normalize_template_name, strip_comments
from wikibox.wikitext.parser import parse_wikitext

if TYPE_CHECKING:
    from wikibox.preview.context import PreviewBuilder
    from wikibox.preview.markers import Marker

__all__ = ["LIST_MARKUP", "Blocks", "WikitextRenderer", "ascii_id", "page_link"]

_FILE_NAMESPACES = frozenset({"file", "image", "ファイル", "画像"})
_CATEGORY_NAMESPACES = frozenset({"category", "カテゴリ"})
_IMAGE_OPTION = re.compile(
    r"(thumb|thumbnail|frame|framed|frameless|border|left|right|center|centre|none|baseline|"
    r"upright(=.*)?|\d*x?\d+\s*px|(alt|link|page|class|lang)=.*|サムネイル|左|右|中央|なし)",
    re.IGNORECASE,
)
# Tags drawn as themselves (without attributes); any other tag is shown as text, as MediaWiki
# shows a tag it does not allow (``<script>`` among them).
_PLAIN_TAGS = frozenset(
    {
        *("b", "i", "u", "s", "del", "ins", "small", "big", "sup", "sub", "code", "tt", "q"),
        *("span", "abbr", "cite", "var", "kbd", "samp", "em", "strong", "center", "div", "p"),
        *("blockquote", "table", "tr", "td", "th", "caption", "ul", "ol", "li", "dl", "dt", "dd"),
    }
)
LIST_MARKUP = {"*": "ul", "#": "ol", ":": "dl", ";": "dl"}
_QUOTES = re.compile(r"('{2,})")


def ascii_id(text: str) -> str:
    return re.sub(r"[^\w\-.]", "_", text)


def page_link(wiki_url: str | None, title: str) -> str | None:
    """The URL of ``title`` on a wiki whose article path is ``wiki_url`` (``…/wiki/`` or
    ``…/index.php?title=$1``); None without a URL."""
    if not wiki_url:
        return None
    name = urllib.parse.quote(title.replace(" ", "_"), safe="/:_,-.!~*'()")
    return wiki_url.replace("$1", name) if "$1" in wiki_url else wiki_url + name


class WikitextRenderer:
    """Wikitext nodes to inline HTML; every piece of page text goes through ``escape``."""

    def __init__(self, builder: PreviewBuilder) -> None:
        self.b = builder
        self.stack: list[str] = []  # open ''/''' formatting, innermost last
        self.pending: list[Marker] = []  # body markers, by offset, not yet placed

    # -- nodes ------------------------------------------------------------------------------
    def inline(self, code: Any) -> Markup:
        """A nested value (a cell, link text, caption): its quotes are closed at its end."""
        saved, self.stack = self.stack, []
        html = Markup("").join(self.node(n) for n in code.nodes) + self.close_quotes()
        self.stack = saved
        return html.strip()

    def node(self, node: Any) -> Markup:
        from mwparserfromhell import nodes

        if isinstance(node, nodes.Text):
            return self.text(node.value, self._offset(node))
        if isinstance(node, nodes.Comment):
            html = Markup("")
        elif isinstance(node, nodes.HTMLEntity):
            html = escape(node.normalize())
        elif isinstance(node, nodes.Wikilink):
            html = self.wikilink(node)
        elif isinstance(node, nodes.ExternalLink):
            html = self.external_link(node)
        elif isinstance(node, nodes.Tag):
            html = self.tag(node)
        elif isinstance(node, nodes.Template):
            html = self.template(node)
        elif isinstance(node, nodes.Heading):
            html = self.inline(node.title)
        else:
            html = escape(str(node))
        return html + self.markers_before(self._end(node))

    def text(self, value: str, offset: int | None) -> Markup:
        out: list[Markup] = []
        start = 0
        if offset is not None:
            while self.pending and self.pending[0].offset < offset + len(value):
                marker = self.pending.pop(0)
                cut = max(0, marker.offset - offset)
                if cut < start:
                    out.append(marker.html)
                    continue
                out += [self.quotes(value[start:cut]), marker.html]
                start = cut
        out.append(self.quotes(value[start:]))
        return Markup("").join(out)

    def quotes(self, text: str) -> Markup:
        """``''italic''`` and ``'''bold'''`` (parsed with skip_style_tags, so done here)."""
        out: list[Markup] = []
        for i, piece in enumerate(_QUOTES.split(text)):
            if i % 2 == 0:
                out.append(escape(piece))
                continue
            n = len(piece)
            extra = n - 5 if n > 5 else (1 if n == 4 else 0)
            out.append(escape("'" * extra))
            for tag in {2: ("i",), 3: ("b",), 4: ("b",)}.get(n, ("b", "i")):
                out.append(self.toggle(tag))
        return Markup("").join(out)

    def toggle(self, tag: str) -> Markup:
        if tag not in self.stack:
            self.stack.append(tag)
            return Markup(f"<{tag}>")
        above = self.stack[self.stack.index(tag) + 1 :]
        del self.stack[self.stack.index(tag) :]
        self.stack += above
        return Markup("".join(f"</{t}>" for t in reversed(above)) + f"</{tag}>") + Markup(
            "".join(f"<{t}>" for t in above)
        )

    def close_quotes(self) -> Markup:
        html = Markup("".join(f"</{t}>" for t in reversed(self.stack)))
        self.stack = []
        return html

    def markers_before(self, end: int | None) -> Markup:
        placed: list[Markup] = []
        while end is not None and self.pending and self.pending[0].offset < end:
            placed.append(self.pending.pop(0).html)
        return Markup("").join(placed)

    def _offset(self, node: Any) -> int | None:
        locator = self.b.article.locator
        return locator.offset(node) if node in locator else None

    def _end(self, node: Any) -> int | None:
        locator = self.b.article.locator
        return locator.range(node)[1] if node in locator else None

    # -- links ------------------------------------------------------------------------------
    def wikilink(self, node: Any) -> Markup:

        title = strip_comments(str(node.title)).strip()
        namespace = title.split(":", 1)[0].strip().casefold() if ":" in title else ""
        if namespace in _FILE_NAMESPACES:
            return self.thumb(title.split(":", 1)[1], str(node.text or ""))
        if namespace in _CATEGORY_NAMESPACES:
            self.b.categories.append(title.split(":", 1)[1].strip())
            return Markup("")
        title = title.removeprefix(":")
        text = self.inline(node.text) if node.text is not None else escape(title)
        page, _, fragment = title.partition("#")
        url = page_link(self.b.wiki_url, page) if page else ""
        href = (url or "") + (f"#{ascii_id(fragment)}" if fragment else "")
        return Markup('<a href="{}" title="{}">{}</a>').format(href or "#", page, text)

    def external_link(self, node: Any) -> Markup:
        url = str(node.url).strip()
        if urllib.parse.urlsplit(url).scheme not in ("http", "https") and not url.startswith("//"):
            return escape(str(node))
        if not node.brackets:
            text = escape(url)
        elif node.title is not None and str(node.title).strip():
            text = self.inline(node.title)
        else:
            self.b.autonumber += 1
            text = escape(f"[{self.b.autonumber}]")
        return Markup('<a class="external" rel="nofollow" href="{}">{}</a>').format(url, text)

    def thumb(self, name: str, options: str) -> Markup:

        parts = [p for p in options.split("|") if p.strip()]
        captions = [p for p in parts if not _IMAGE_OPTION.fullmatch(p.strip())]
        caption = self.inline(parse_wikitext(captions[-1])) if captions else Markup("")
        return Markup(
            '<span class="thumb"><span class="image-placeholder" title="{0}">'
            '<span class="image-icon" aria-hidden="true"></span><span class="file-name">{0}'
            '</span></span><span class="thumb-caption">{1}</span></span>'
        ).format(name.strip(), caption)

    # -- tags and templates -----------------------------------------------------------------
    def tag(self, node: Any) -> Markup:
        name = str(node.tag).strip().casefold()
        contents = node.contents if node.contents is not None else None
        if name == "ref":
            return self.b.ref_marker(node)
        if name == "references" or node.wiki_markup in LIST_MARKUP:
            return Markup("")
        if name == "br":
            return Markup("<br>")
        if name == "hr":
            return Markup("<hr>")
        if name in ("nowiki", "pre"):
            inner = escape(str(contents or ""))
            return Markup("<pre>{}</pre>").format(inner) if name == "pre" else inner
        if name in _PLAIN_TAGS and not node.self_closing:
            inner = self.inline(contents) if contents is not None else Markup("")
            css = ' class="wikitable"' if name == "table" else ""
            return Markup(f"<{name}{css}>") + inner + Markup(f"</{name}>")
        return escape(str(node))

    def template(self, node: Any) -> Markup:

        name = normalize_template_name(strip_comments(str(node.name)))
        if name in ("!", "="):
            return escape("|" if name == "!" else "=")
        if self.b.is_infobox(node) or name in self.b.config.reference_lists:
            return Markup("")
        args = {str(p.name).strip(): p.value for p in node.params}
        if name in FLAG_TEMPLATES:
            country = str(args.get("1", "")).strip()
            emoji = flag_emoji(country)
            if emoji:
                shown = Markup('<span class="flag-emoji" role="img" title="{0}" aria-label="{0}">'
                               "{1}</span>").format(country, emoji)  # fmt: skip
            else:
                shown = Markup('<span class="flag" title="flag: {0}">{0}</span>').format(country)
            return shown + (escape(" " + country) if name in FLAG_WITH_NAME else Markup(""))
        if name in self.b.config.citation_needed:
            return Markup('<sup class="noprint">[<i>{}</i>]</sup>').format(
                self.b.text["citation_needed"]
            )
        if name.casefold().startswith(("cite", "citation")):
            return self.citation(args)
        if name.casefold() == "lang" and "2" in args:
            return self.inline(args["2"])
        return Markup(
            '<span class="template" title="{{{{{0}}}}}: not drawn offline">{{{{{0}}}}}</span>'
        ).format(name)

    def citation(self, args: Mapping[str, Any]) -> Markup:
        """A citation template, drawn roughly as the citation module does."""

        def get(*names: str) -> Any:
            for name in names:
                if name in args and str(args[name]).strip():
                    return args[name]
            return None

        authors = []
        for n in ("", *map(str, range(1, 10))):
            last, first = get(f"last{n}", f"author{n}"), get(f"first{n}")
            if last is not None:
                person = self.inline(last)
                authors.append(person + (", " + self.inline(first) if first else Markup("")))
        out: list[Markup] = []
        if authors:
            out.append(Markup("; ").join(authors))
        if get("date"):
            out.append(Markup(" ({})").format(self.inline(get("date"))))
        if out:
            out.append(Markup(". "))
        title = self.inline(get("title")) if get("title") else escape("(no title)")
        url = str(get("url") or "").strip()
        if urllib.parse.urlsplit(url).scheme in ("http", "https"):
            title = Markup('<a class="external" rel="nofollow" href="{}">{}</a>').format(url, title)
        out.append(Markup("“{}”").format(title))
        if get("trans-title"):
            out.append(Markup(" [{}]").format(self.inline(get("trans-title"))))
        if get("language"):
            label = language_label(str(get("language")).strip(), self.b.wiki)
            out.append(escape(" " + label))
        work = get("work", "website", "newspaper", "magazine", "journal", "publisher")
        out.append(Markup(". <i>{}</i>.").format(self.inline(work)) if work else Markup("."))
        if get("access-date", "accessdate"):
            accessed = _ja_date(str(get("access-date", "accessdate")).strip(), self.b.wiki)
            out.append(escape(" " + self.b.text["retrieved"].format(accessed)))
        return Markup('<cite class="citation">{}</cite>').format(Markup("").join(out))


def _ja_date(value: str, wiki: str) -> str:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value)
    if wiki != "jawiki" or not match:
        return value
    year, month, day = (int(g) for g in match.groups())
    return f"{year}年{month}月{day}日"


class Blocks:
    """Groups the lines of the body into paragraphs and lists, as the parser does."""

    def __init__(self, renderer: WikitextRenderer) -> None:
        self.renderer = renderer
        self.blocks: list[dict[str, Any]] = []
        self.line: list[Markup] = []
        self.kind, self.depth = "text", 0
        self.paragraph: list[Markup] = []
        self.open_list: dict[str, Any] | None = None

    def add(self, html: Markup) -> None:
        if html:
            self.line.append(html)

    def text(self, value: str, offset: int | None) -> None:
        for i, piece in enumerate(value.split("\n")):
            if i:
                self.end_line()
            if piece:
                self.add(self.renderer.text(piece, offset))
            if offset is not None:
                offset += len(piece) + 1

    def list_marker(self, markup: str) -> None:
        if self.line:  # mid-line, a '*' is text
            self.add(escape(markup))
        elif self.kind == "text":
            self.kind, self.depth = markup, 1
        else:
            self.depth += 1

    def end_line(self) -> None:
        self.add(self.renderer.close_quotes())
        html, self.line = Markup("").join(self.line), []
        if self.kind == "text":
            self.open_list = None
            if str(html).strip():
                self.paragraph.append(html)
            else:
                self._close_paragraph()
        else:
            self._close_paragraph()
            tag = LIST_MARKUP[self.kind]
            if self.open_list is None or self.open_list["tag"] != tag:
                self.open_list = {"kind": "list", "tag": tag, "items": []}
                self.blocks.append(self.open_list)
            term = self.kind == ";"
            self.open_list["items"].append({"html": html, "depth": self.depth, "term": term})
        self.kind, self.depth = "text", 0

    def finish(self) -> None:
        if self.line or self.kind != "text":
            self.end_line()
        self._close_paragraph()

    def block(self, block: dict[str, Any]) -> None:
        if self.line:
            self.end_line()
        self._close_paragraph()
        self.open_list = None
        self.blocks.append(block)

    def _close_paragraph(self) -> None:
        if self.paragraph:
            self.blocks.append({"kind": "paragraph", "html": Markup("\n").join(self.paragraph)})
            self.paragraph = []
