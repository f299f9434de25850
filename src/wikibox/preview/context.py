"""What the offline preview page shows, gathered from one article and its findings.

:class:`PreviewBuilder` numbers the references as Cite does, attaches each finding to the
infobox row, reference, heading or place in the text it concerns, and hands the preview
template its context: the infoboxes with the wiki's own row labels, the body as blocks, the
table of contents and the categories.  The wikitext itself is drawn by
:mod:`wikibox.wikihtml`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

from wikibox.lint.findings import Finding
from wikibox.model.profiles import infobox_profile, wiki_config
from wikibox.preview.markers import Marker, span_has, worst_severity
from wikibox.preview.wikihtml import LIST_MARKUP, Blocks, WikitextRenderer, ascii_id
from wikibox.wikitext.names import normalize_template_name, strip_comments
from wikibox.wikitext.parser import parse_wikitext

__all__ = ["PreviewBuilder"]

# What the page chrome says in the wiki's language; other wikis get enwiki's.
_WIKI_TEXT = {
    "enwiki": {
        "tagline": "From Wikipedia, the free encyclopedia",
        "retrieved": "Retrieved {}.",
        "citation_needed": "citation needed",
        "references": "References",
        "contents": "Contents",
        "categories": "Categories",
        "empty_row": "(empty: not shown on the wiki)",
    },
    "jawiki": {
        "tagline": "出典: フリー百科事典『ウィキペディア（Wikipedia）』",
        "retrieved": "{}閲覧。",
        "citation_needed": "要出典",
        "references": "脚注",
        "contents": "目次",
        "categories": "カテゴリ",
        "empty_row": "（空欄: ウィキペディアでは表示されない）",
    },
}
_HIDDEN_ROW_PARAMS = frozenset(
    {"name", "image", "caption", "image_size", "imagesize", "image_upright", "upright", "alt"}
    | {"embed", "child"}
)


class PreviewBuilder:
    """Everything the preview template needs, from one article and its findings."""

    def __init__(self, article: Any, findings: Sequence[Finding], *, wiki: str) -> None:

        self.article, self.wiki = article, wiki
        self.config = wiki_config(wiki)
        self.wiki_url = self.config.url
        self.text = _WIKI_TEXT.get(wiki, _WIKI_TEXT["enwiki"])
        self.categories: list[str] = []
        self.autonumber = 0
        ordered = sorted(findings, key=lambda f: (f.span.start, f.rule))
        self.markers = [Marker(i + 1, f) for i, f in enumerate(ordered)]
        self._number_references()
        self.row_markers: dict[tuple[int, str], list[Marker]] = {}
        self.box_markers: dict[int, list[Marker]] = {}
        self.ref_markers: dict[int, list[Marker]] = {}
        self.heading_markers: dict[int, list[Marker]] = {}
        self.renderer = WikitextRenderer(self)
        for marker in self.markers:
            self._attach(marker)

    # -- references -------------------------------------------------------------------------
    def _number_references(self) -> None:
        """Numbers per group in order of first use, as Cite does; unused ones come last."""

        def first_use(ref: Any) -> int:
            starts = [u.span.start for u in ref.uses] or ([ref.span.start] if ref.span else [])
            return min(starts, default=1 << 60)

        self.ref_number: dict[int, tuple[str, int]] = {}
        self.first_use: dict[int, int] = {}
        self.use_of: dict[int, tuple[Any, int]] = {}
        self.listed: set[int] = set()
        counters: Counter[str] = Counter()
        for ref in sorted(self.article.references, key=first_use):
            group = ref.group or ""
            counters[group] += 1
            self.ref_number[id(ref)] = (group, counters[group])
            self.first_use[id(ref)] = first_use(ref)
            for k, use in enumerate(ref.uses):
                self.use_of[id(use.node)] = (ref, k)

    def _ref_key(self, ref: Any) -> str:
        group, number = self.ref_number[id(ref)]
        return f"{ascii_id(group)}-{number}" if group else str(number)

    def _ref_label(self, ref: Any) -> str:
        group, number = self.ref_number[id(ref)]
        return f"{group} {number}" if group else str(number)

    def ref_marker(self, node: Any) -> Markup:
        found = self.use_of.get(id(node))
        if found is None:
            return Markup('<sup class="reference">[?]</sup>')
        ref, k = found
        severity = worst_severity(self.ref_markers.get(id(ref), ()))
        css = f"reference has-finding sev-{severity}" if severity else "reference"
        return Markup(
            '<sup class="{}" id="cite_ref-{}-{}"><a href="#cite_note-{}">[{}]</a></sup>'
        ).format(css, self._ref_key(ref), k, self._ref_key(ref), self._ref_label(ref))

    def reference_list(self, group: str = "", before: int = 1 << 60) -> dict[str, Any]:
        """The references of ``group`` first used before ``before`` and not listed yet: as in
        MediaWiki, a second list of a group shows only the references cited since the first."""

        items = []
        refs = [
            r
            for r in self.article.references
            if (r.group or "") == group
            and id(r) not in self.listed
            and self.first_use[id(r)] < before
        ]
        self.listed.update(id(r) for r in refs)
        for ref in sorted(refs, key=lambda r: self.ref_number[id(r)][1]):
            if ref.template_node is not None:
                body = self.renderer.citation(
                    {str(p.name).strip(): p.value for p in ref.template_node.params}
                )
            elif ref.bare_url:
                body = Markup('<a class="external" rel="nofollow" href="{0}">{0}</a>').format(
                    ref.bare_url
                )
            else:
                # The ref's own nodes, already parsed with the page: parsing its text again
                # would parse every nested ref once per level (quadratic on nested refs).
                contents = getattr(ref.node, "contents", None)
                body = self.renderer.inline(
                    contents if contents is not None else parse_wikitext(ref.content or "")
                )
            markers = self.ref_markers.get(id(ref), [])
            key = self._ref_key(ref)
            items.append(
                {
                    "key": key,
                    "label": self._ref_label(ref),
                    "html": body,
                    "markers": markers,
                    "severity": worst_severity(markers),
                    "backlinks": [f"cite_ref-{key}-{k}" for k in range(len(ref.uses))],
                }
            )
        return {"kind": "references", "group": group, "items": items}

    # -- attaching findings -----------------------------------------------------------------
    def is_infobox(self, node: Any) -> bool:
        return any(node is box.node for box in self.article.infoboxes)

    def _attach(self, marker: Marker) -> None:
        offset = marker.offset
        for ref in self.article.references:
            spans = [u.span for u in ref.uses] + ([ref.span] if ref.span else [])
            if any(span_has(s, offset) for s in spans):
                self.ref_markers.setdefault(id(ref), []).append(marker)
                marker.kind, marker.ref = "ref", self._ref_label(ref)
                marker.where = f"reference [{marker.ref}]"
                return
        for i, box in enumerate(self.article.infoboxes):
            for param in box.params:
                if span_has(param.span, offset, max(param.span.end, param.value_span.end)):
                    self.row_markers.setdefault((i, param.name), []).append(marker)
                    marker.kind, marker.label = "row", self._row_label(box, param.name)
                    marker.where = f"infobox: {marker.label}"
                    return
            if span_has(box.span, offset):
                self.box_markers.setdefault(i, []).append(marker)
                marker.kind, marker.where = "infobox", f"infobox {{{{{box.template}}}}}"
                return
        for i, section in enumerate(self.article.sections):
            if span_has(section.span, offset):
                self.heading_markers.setdefault(i, []).append(marker)
                marker.kind, marker.label = "heading", section.title
                marker.where = f"heading {section.title}"
                return
        self.renderer.pending.append(marker)

    # -- the infobox ------------------------------------------------------------------------
    def _labels(self, box: Any) -> dict[str, str]:

        profile = infobox_profile(box.template)
        if profile is None:
            return {}
        return dict(profile.labels.get(self.wiki) or profile.labels.get("enwiki") or {})

    def _row_label(self, box: Any, param: str) -> str:
        role = {name: role for role, name in box.roles.items()}.get(param, param)
        labels = self._labels(box)
        return labels.get(role) or labels.get(param) or param.replace("_", " ").capitalize()

    def infobox(self, i: int, box: Any) -> dict[str, Any]:
        labels = self._labels(box)
        order = list(labels)
        role_of = {name: role for role, name in box.roles.items()}
        hidden = _HIDDEN_ROW_PARAMS | {box.roles.get(r) for r in ("name", "image", "caption")}
        latest = {param.name: param for param in box.params}
        rows = []
        for position, param in enumerate(latest.values()):
            markers = self.row_markers.get((i, param.name), [])
            if param.positional or (param.name in hidden and not markers):
                continue
            if param.is_empty and not markers:
                continue
            role = role_of.get(param.name, param.name)
            rank = order.index(role) if role in order else len(order) + position
            rows.append(
                {
                    "rank": rank,
                    "param": param.name,
                    "role": role,
                    "id": f"infobox-{i}-{param.name}",
                    "label": self._row_label(box, param.name),
                    "html": self.renderer.inline(param.node.value),
                    "empty": param.is_empty,
                    "markers": markers,
                    "severity": worst_severity(markers),
                }
            )
        rows.sort(key=lambda row: row["rank"])

        def value(role: str) -> Any:
            param = box.role_param(role) or box.get(role)
            return param if param is not None and not param.is_empty else None

        name, image, caption = value("name"), value("image"), value("caption")
        markers = self.box_markers.get(i, [])
        return {
            "id": f"infobox-{i}",
            "template": box.template,
            "rows": rows,
            "title": self.renderer.inline(name.node.value)
            if name
            else escape(self.article.title or box.template),
            "image": image.value if image else None,
            "caption": self.renderer.inline(caption.node.value) if caption else None,
            "markers": markers,
            "severity": worst_severity(markers),
        }

    # -- the body ---------------------------------------------------------------------------
    def body(self) -> list[dict[str, Any]]:
        from mwparserfromhell import nodes

        out = Blocks(self.renderer)
        sections = {id(s.node): (i, s) for i, s in enumerate(self.article.sections)}
        anchors: Counter[str] = Counter()
        for node in self.article.code.nodes:
            if isinstance(node, nodes.Heading):
                i, section = sections.get(id(node), (None, None))
                markers = self.heading_markers.get(i, []) if i is not None else []
                plain = section.title if section else str(node.title).strip()
                anchor = ascii_id(plain.replace(" ", "_")) or "section"
                anchors[anchor] += 1
                if anchors[anchor] > 1:
                    anchor += f"_{anchors[anchor]}"
                out.block(
                    {
                        "kind": "heading",
                        "level": node.level,
                        "anchor": anchor,
                        "text": plain,
                        "html": self.renderer.inline(node.title),
                        "markers": markers,
                        "severity": worst_severity(markers),
                    }
                )
            elif self._is_reference_list(node):
                _, end = self.article.locator.range(node)
                out.block(self.reference_list(self._list_group(node), before=end))
            elif isinstance(node, nodes.Tag) and node.wiki_markup in LIST_MARKUP:
                out.list_marker(node.wiki_markup)
            elif isinstance(node, nodes.Tag) and node.wiki_markup == "----":
                out.block({"kind": "hr"})
            elif isinstance(node, nodes.Text):
                out.text(node.value, self.renderer._offset(node))
            else:
                out.add(self.renderer.node(node))
        out.add(self.renderer.markers_before(1 << 60))
        out.finish()
        unlisted = [r for r in self.article.references if id(r) not in self.listed]
        groups = {r.group or "" for r in unlisted}
        if groups:  # Cite shows the references the page never listed at its end
            out.block(
                {
                    "kind": "heading",
                    "level": 2,
                    "anchor": "references",
                    "markers": [],
                    "text": self.text["references"],
                    "html": escape(self.text["references"]),
                    "severity": None,
                }
            )
            for group in sorted(groups):
                out.block(self.reference_list(group))
        return out.blocks

    def _is_reference_list(self, node: Any) -> bool:
        from mwparserfromhell import nodes

        if isinstance(node, nodes.Tag):
            return str(node.tag).strip().casefold() == "references"
        if isinstance(node, nodes.Template):
            name = normalize_template_name(strip_comments(str(node.name)))
            return name in self.config.reference_lists
        return False

    def _list_group(self, node: Any) -> str:
        """The group a reference list shows; ``{{Notelist}}`` shows ``lower-alpha`` notes."""
        from mwparserfromhell import nodes

        if node.has("group"):
            return str(node.get("group").value).strip()
        is_template = isinstance(node, nodes.Template)
        return "lower-alpha" if is_template and "notelist" in str(node.name).casefold() else ""

    # -- the whole page ---------------------------------------------------------------------
    def context(self) -> dict[str, Any]:
        infoboxes = [self.infobox(i, box) for i, box in enumerate(self.article.infoboxes)]
        blocks = self.body()
        toc, numbers = [], [0] * 7
        for block in blocks:
            if block["kind"] == "heading" and block["anchor"] != "references":
                level = max(2, min(6, block["level"]))
                numbers[level] += 1
                numbers[level + 1 :] = [0] * (6 - level)
                number = ".".join(str(n) for n in numbers[2 : level + 1] if n)
                toc.append(
                    {
                        "level": level,
                        "number": number,
                        "anchor": block["anchor"],
                        "text": block["text"],
                    }
                )
        references = sum(len(b["items"]) for b in blocks if b["kind"] == "references")
        return {
            "title": self.article.title or "(untitled)",
            "wiki": self.wiki,
            "lang": self.config.language,
            "text": self.text,
            "infoboxes": infoboxes,
            "blocks": blocks,
            "toc": toc,
            "categories": self.categories,
            "reference_count": references,
            "markers": self.markers,
            "marker_data": [m.data() for m in self.markers],
            "by_severity": Counter(m.severity for m in self.markers),
            "source": self.article.source,
            "body_html": None,
        }
