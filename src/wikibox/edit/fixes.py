"""The one place that changes a parsed page: minimal-diff edits on the tree.

Every change wikibox makes — a rule's fix, a scripted ``set``, a bot's update — is a list of
:class:`~wikibox.findings.Edit` values applied here to mwparserfromhell's tree, so that only
the bytes that must change do: a renamed parameter keeps its spacing and alignment, a new
parameter of a block infobox goes on its own line laid out like its neighbours, an inline
citation stays inline.  Reviewers read diffs, and bot policy forbids cosmetic-only edits.

mwparserfromhell's own ``Template.add(..., preserve_spacing=True)`` copies only part of a
block layout (it has open reports of broken line layouts), so new parameters are laid out
from a neighbour here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mwparserfromhell.nodes import Template
from mwparserfromhell.nodes.extras import Parameter
from mwparserfromhell.wikicode import Wikicode

from wikibox.edit.bare_urls import fix_bare_urls
from wikibox.lint.checker import check_article
from wikibox.lint.config import Settings
from wikibox.lint.findings import Edit, Finding, RemoveParam, RenameParam, ReplaceNode, SetParam
from wikibox.model.build import parse
from wikibox.wikitext.parser import param_name, parse_wikitext

__all__ = ["apply_edits", "fix_text", "set_template_param"]

MAX_PASSES = 4


@dataclass
class _Touched:
    """The nodes edited in this pass: a fix that touches one of them again waits for the next
    pass (on a fresh parse), so two fixes never edit the same node from stale positions."""

    ids: set[int]

    def claim(self, edits: Sequence[Edit]) -> bool:
        keys = {id(_edit_target(e)) for e in edits}
        if keys & self.ids:
            return False
        self.ids |= keys
        return True


def _edit_target(edit: Edit):
    if isinstance(edit, RenameParam | RemoveParam):
        return edit.param
    if isinstance(edit, SetParam):
        return edit.template
    if isinstance(edit, ReplaceNode):
        return edit.node
    raise TypeError(f"unknown edit {edit!r}")


def apply_edits(code: Wikicode, edits: Iterable[Edit]) -> None:
    """Apply edits to the tree in place."""
    for edit in edits:
        if isinstance(edit, SetParam):
            set_template_param(edit.template, edit.name, edit.value, before=edit.before)
        elif isinstance(edit, RenameParam):
            rename_param(edit.param, edit.new_name, edit.template)
        elif isinstance(edit, RemoveParam):
            edit.template.remove(edit.param, keep_field=False)
        elif isinstance(edit, ReplaceNode):
            replace_node(code, edit.node, edit.text)
        else:
            raise TypeError(f"unknown edit {edit!r}")


def replace_node(code: Wikicode, node, text: str) -> None:
    """Replace a node (or the contents of a nested Wikicode) by new wikitext."""
    if isinstance(node, Wikicode):
        node.nodes = parse_wikitext(text).nodes
        return
    code.replace(node, text, recursive=True)


def rename_param(param: Parameter, new_name: str, template: Template | None = None) -> None:
    """Rename keeping the whitespace around the name, and the column of the ``=`` when the
    names are padded for alignment."""
    width = _aligned_width(template) if template is not None else None
    param.name = _fit_name(str(param.name), new_name, width)


def _aligned_width(template: Template) -> int | None:
    """The width of the name field when the template's ``=`` signs are aligned, else None."""
    names = [str(p.name) for p in template.params if p.showkey and "\n" not in str(p.name)]
    widths = {len(n) for n in names}
    if len(names) >= 2 and len(widths) == 1 and any(n.endswith("  ") for n in names):
        return widths.pop()
    return None


def _fit_name(old_raw: str, new: str, width: int | None) -> str:
    if width is None:
        return _fit(old_raw, new)
    lead = old_raw[: len(old_raw) - len(old_raw.lstrip())]
    return lead + new + " " * max(1, width - len(lead) - len(new))


def _fit(old_raw: str, new: str) -> str:
    """``new`` in the place of the text inside ``old_raw``, keeping the whitespace around it."""
    stripped = old_raw.strip()
    lead = old_raw[: len(old_raw) - len(old_raw.lstrip())]
    trail = old_raw[len(lead) + len(stripped) :]
    return lead + new + trail


def set_template_param(
    template: Template, name: str, value: str, *, before: str | None = None
) -> Parameter:
    """Set a parameter's value, or add it laid out like its neighbours.

    An existing value keeps the whitespace around it (so a block infobox keeps its line
    break); a new parameter copies the spacing of the parameter it is placed next to.
    """
    existing = [p for p in template.params if param_name(str(p.name)) == name]
    if existing:
        param = existing[-1]
        old_value = str(param.value)
        param.value = _fit(old_value, value) if old_value.strip() else _empty_fit(old_value, value)
        return param
    named = [p for p in template.params if p.showkey]
    anchor_index = None
    if before is not None:
        for index, p in enumerate(template.params):
            if param_name(str(p.name)) == before:
                anchor_index = index
                break
    if anchor_index is not None:
        # the new parameter takes the layout of the one it follows (the one before the anchor)
        model = template.params[anchor_index - 1 if anchor_index > 0 else anchor_index]
    else:
        model = named[-1] if named else None
    if model is None:
        new_name, new_value = name, value
    else:
        new_name = _fit_name(str(model.name), name, _aligned_width(template))
        model_value = str(model.value)
        if model_value.strip():
            new_value = _fit(model_value, value)
        else:
            new_value = _empty_fit(model_value, value)
    if anchor_index is not None:
        param = template.add(name, value, showkey=True, before=template.params[anchor_index])
    else:
        separator = _inline_separator(template)
        if separator:
            # `{{cite web |url=x |title=y}}`: the space before each pipe ends the previous value
            last = template.params[-1]
            last.value = str(last.value) + separator
            new_value = new_value.rstrip(" ")
        param = template.add(name, value, showkey=True)
    param.name = new_name
    param.value = new_value
    return param


def _inline_separator(template: Template) -> str:
    """The whitespace that ends every value but the last in an inline template, if any."""
    values = [str(p.value) for p in template.params]
    if len(values) < 2 or any("\n" in v for v in values):
        return ""
    endings = {v[len(v.rstrip(" ")) :] for v in values[:-1]}
    if len(endings) == 1 and (ending := endings.pop()) and not values[-1].endswith(ending):
        return ending
    return ""


def _empty_fit(old_raw: str, value: str) -> str:
    """A value for a parameter whose current value is only whitespace (``| x =\\n``)."""
    if "\n" in old_raw:
        head, _, tail = old_raw.partition("\n")
        return (head if head else " ") + value + "\n" + tail
    return (old_raw or " ") + value if old_raw else value


def fix_text(
    text: str,
    *,
    settings: Settings | None = None,
    unsafe: bool = False,
    title: str | None = None,
    resolver=None,
    fetch_titles: bool = False,
    tag_bare_urls: bool = False,
    problems: list[str] | None = None,
) -> tuple[str, list[Finding]]:
    """Apply the fixes of the selected rules until nothing more changes (a few passes).

    Returns the new text and the findings whose fixes were applied.  Only safe fixes run
    unless ``unsafe`` is true.  Fixing the result again changes nothing.  Bare-URL references
    are turned into citations only with ``fetch_titles`` (network) and tagged only with
    ``tag_bare_urls`` (see :mod:`wikibox.edit.bare_urls`); each URL whose title could not be
    fetched is added to ``problems`` with the reason.
    """

    settings = settings or Settings()
    applied: list[Finding] = []
    for _ in range(MAX_PASSES):
        article = parse(text, title=title, wiki=settings.wiki, profiles=settings.profile_files)
        findings = check_article(article, settings=settings, resolver=resolver)
        fixable = [f for f in findings if f.fix and (unsafe or not f.unsafe_fix)]
        if not fixable:
            break
        touched = _Touched(set())
        changed_now = []
        for finding in fixable:
            if touched.claim(finding.fix):
                apply_edits(article.code, finding.fix)
                changed_now.append(finding)
        new_text = str(article.code)
        if new_text == text:
            break
        text = new_text
        applied.extend(changed_now)
    if fetch_titles or tag_bare_urls:
        text, bare = _fix_bare_urls(text, settings, title, fetch_titles, tag_bare_urls, problems)
        applied.extend(bare)
    return text, applied


def _fix_bare_urls(text, settings, title, fetch_titles, tag_bare_urls, problems):
    """The opt-in bare-URL fixes, reported as the cite-bare-url findings they resolve."""

    article = parse(text, title=title, wiki=settings.wiki, profiles=settings.profile_files)
    findings = [f for f in check_article(article, settings=settings) if f.rule == "cite-bare-url"]
    if not findings:
        return text, []
    count = fix_bare_urls(
        article,
        today=settings.today,
        fetch_titles=fetch_titles,
        tag=tag_bare_urls,
        wiki=settings.wiki,
        problems=problems,
    )
    return (str(article.code), findings[:count]) if count else (text, [])
