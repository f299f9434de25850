"""Reference rules: the Cite extension's own errors, found before the page is saved.

Cite reports its errors only in the rendered page, in red, where readers see them first:
a reused name that is never defined, one name with two different texts, refs with no list to
show them in, empty refs, names it rejects.  These rules read the ``<ref>`` tags of the page
(and ``{{#tag:ref}}``), keyed by group and name as Cite keys them, and also list the
"citation needed" tags with their dates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mwparserfromhell.nodes import Tag, Template

from wikibox.lint.findings import Report, Severity
from wikibox.lint.rules.base import Context, Family, Option, rule
from wikibox.lint.rules.ref.index import (
    REF_TAG,
    RefTag,
    by_key,
    may_hold_refs,
    param_text,
    ref_tag_nodes,
    ref_tags,
    reference_lists,
    unquote,
)
from wikibox.model.references import ref_attribute
from wikibox.wikitext.names import strip_comments
from wikibox.wikitext.parser import param_name, plain_text, template_name

__all__ = ["FAMILY"]

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
#: Attributes Cite accepts on ``<ref>``.
REF_ATTRIBUTES = frozenset({"name", "group", "follow", "extends", "details", "dir"})


def _label(group: str | None, name: str) -> str:
    return f"{name!r} (group {group!r})" if group else repr(name)


@rule(
    name="ref-undefined",
    severity=Severity.ERROR,
    visits="article",
    checkwiki=514,
    needs=may_hold_refs,
)
def ref_undefined(ctx: Context, article) -> Iterator[Report]:
    """A named ref is reused (``<ref name="x" />``) but never defined with content.

    Why:
        Cite shows "Cite error: The named reference x was invoked but never defined" in the
        reference list, and the footnote links nowhere.  It usually happens when the
        sentence holding the definition is deleted or moved to another article.
        WPCleaner #514 (Missing named reference).
    Fails:
        Text.<ref name="smith" /> … {{Reflist}}   (no <ref name="smith">…</ref> anywhere)
    Passes:
        Text.<ref name="smith">Smith 2020.</ref> More.<ref name="smith" />
    Does not flag:
        Names defined anywhere on the page, before or after the reuse, in the body, inside
        ``{{Reflist|refs=…}}`` or ``<references>…</references>``, in a ``<gallery>``
        caption, or by a template (``{{#tag:ref}}``, ``{{Refn}}``, ``{{Efn}}``, jawiki
        ``{{Refnest}}``, or any template given the name as ``refname=``); one report per
        name, at its first use (not one per reuse).
    """
    made_by_templates = None  # a walk of every template's parameters: only when needed
    for (group, name), refs in by_key(ctx).items():
        if any(ref.content is not None for ref in refs):
            continue
        if made_by_templates is None:
            made_by_templates = _template_ref_names(ctx)
        if name in made_by_templates:
            continue
        first = refs[0]
        more = f" ({len(refs)} uses)" if len(refs) > 1 else ""
        yield Report(
            f"reference {_label(group, name)} is used but never defined{more}",
            first.span,
            data={"name": name, "group": group},
        )


@rule(
    name="ref-conflicting-definitions",
    severity=Severity.ERROR,
    visits="article",
    checkwiki=527,
    needs=may_hold_refs,
)
def ref_conflicting_definitions(ctx: Context, article) -> Iterator[Report]:
    """One reference name is defined twice with different content.

    Why:
        Cite keeps the first text and shows "Cite error: Invalid <ref> tag; name x defined
        multiple times with different content"; the second source is lost.  WPCleaner #527
        (Reference with same name but different content).
    Fails:
        A.<ref name="a">Smith 2020.</ref> B.<ref name="a">Jones 2021.</ref>
    Passes:
        A.<ref name="a">Smith 2020.</ref> B.<ref name="a" />
    Does not flag:
        A repeated definition with the same text (whitespace around it ignored: Cite accepts
        it); the same name in two different groups.
    """
    for (group, name), refs in by_key(ctx).items():
        definitions = [ref for ref in refs if ref.content is not None]
        if len(definitions) < 2:
            continue
        first = definitions[0]
        first_line = first.span.line
        for ref in definitions[1:]:
            if ref.content.strip() != first.content.strip():
                yield Report(
                    f"reference {_label(group, name)} is defined again with different content "
                    f"(first defined on line {first_line})",
                    ref.span,
                    data={"name": name, "group": group},
                )


@rule(
    name="ref-no-references-list",
    severity=Severity.ERROR,
    visits="article",
    options={
        "lists": Option(
            list, [], "more templates that show the reference list (by name, any group)"
        )
    },
    checkwiki=3,
    needs=may_hold_refs,
)
def ref_no_references_list(ctx: Context, article) -> Iterator[Report]:
    """The page has refs but no reference list for them (per group).

    Why:
        Without ``<references />`` or ``{{Reflist}}`` the footnotes of the default group are
        dumped at the very end of the page (after navboxes and categories), and a named group
        (``<ref group="n">``) with no list of its own shows a red Cite error.  CheckWiki #3
        (Article with <ref> and no <references />).
    Fails:
        Text.<ref>Smith 2020.</ref>   (and no list)
        Text.<ref group="note">Aside.</ref> {{Reflist}}   (no list for group "note")
        (jawiki) Text.<ref>Smith.</ref> {{脚注ヘルプ}}   (脚注ヘルプ is only a notice)
    Passes:
        Text.<ref>Smith 2020.</ref> == References == {{Reflist}}
        (jawiki) Note.<ref group="注釈">…</ref> {{Notelist}}   (Notelist lists 注釈)
    Does not flag:
        Pages without refs; lists written as ``<references />``, ``{{#tag:references}}``,
        the wiki's reference-list templates (``reference_lists`` in the wiki profile, plus
        those named in the ``lists`` option) and note lists (``{{Notelist}}``, which lists
        lower-alpha on enwiki and 注釈 on jawiki; ``{{Notelist2}}`` lists 注 on jawiki).
    """
    extra = {name.casefold() for name in ctx.options.get("lists", [])}
    lists = reference_lists(ctx)
    listed = {ref_list.group for ref_list in lists}
    if extra:
        for template in article.locator.of_type(Template):
            if template_name(template).casefold() in extra:
                listed.add(unquote(param_text(template, "group")))
    first_of_group: dict[str | None, RefTag] = {}
    counts: dict[str | None, int] = {}
    for ref in ref_tags(ctx):
        if ref.in_list:
            continue
        first_of_group.setdefault(ref.group, ref)
        counts[ref.group] = counts.get(ref.group, 0) + 1
    for group, ref in first_of_group.items():
        if group in listed:
            continue
        count = counts[group]
        refs = f"{count} ref{'s' if count > 1 else ''}"
        if group:
            message = (
                f"{refs} in group {group!r} but no list for that group "
                f'(<references group="{group}" /> or {{{{Reflist|group={group}}}}})'
            )
        else:
            message = f"{refs} but no <references /> or {{{{Reflist}}}}"
            notices = [
                t for t in article.code.filter_templates() if template_name(t) == "脚注ヘルプ"
            ]
            if notices:
                message += "; {{脚注ヘルプ}} is only a notice, not a list"
        yield Report(message, ref.span, data={"group": group})


@rule(name="ref-empty", severity=Severity.ERROR, visits="article", checkwiki=542, needs=REF_TAG)
def ref_empty(ctx: Context, article) -> Iterator[Report]:
    """An unnamed ``<ref>`` with no content (``<ref></ref>``, ``<ref> </ref>``, ``<ref/>``).

    Why:
        Cite shows "Cite error: Invalid <ref> tag; refs with no name must have content".
        WPCleaner #542 (Empty ref tag).
    Fails:
        Text.<ref></ref>
        Text.<ref>  </ref>
        Text.<ref><!-- fill in --></ref>
    Passes:
        Text.<ref>Smith 2020.</ref>
    Does not flag:
        A named empty ref (``<ref name="x"></ref>`` is a reuse of ``x`` for Cite;
        ``ref-undefined`` reports it if ``x`` is never defined).
    """
    for tag in ref_tag_nodes(ctx):
        yield from _empty(ctx, tag)


def _empty(ctx: Context, tag: Tag) -> Iterator[Report]:
    if unquote(ref_attribute(tag, "name")) is not None:
        return
    body = str(tag.contents) if tag.contents is not None and not tag.self_closing else ""
    if strip_comments(body).strip():
        return
    what = "holds only a comment" if body.strip() else "is empty"
    yield Report(f"<ref> without a name {what}", ctx.span(tag))


def _start_tag(tag: Tag) -> str:
    text = str(tag)
    end = text.find(">")
    return text[: end + 1] if end >= 0 else text


@rule(
    name="ref-name-invalid", severity=Severity.ERROR, visits="article", checkwiki=104, needs=REF_TAG
)
def ref_name_invalid(ctx: Context, article) -> Iterator[Report]:
    """A ref name Cite rejects or misreads (only digits, a stray quote, an unquoted space).

    Why:
        Also an empty name (``name=""``) or ``name`` with no value.
        Cite refuses numeric names ("name cannot be a simple integer"); a stray quote
        becomes part of the name, so the reuses no longer match; an unquoted name with a
        space ends at the space and the rest becomes an unknown attribute (a Cite error).
        CheckWiki #104 (Unbalanced quotes in ref name), WPCleaner #506 (numeric name) and
        #581 (empty name).
    Fails:
        <ref name="1">…</ref>
        <ref name="smith>…</ref>
        <ref name=smith 2020>…</ref>
        <ref name="">…</ref>
    Passes:
        <ref name="smith2020">…</ref>
        <ref name=smith2020>…</ref>
        <ref name="O'Brien">…</ref>
    Does not flag:
        Unquoted names without spaces (Cite accepts ``name=smith``); an apostrophe inside an
        unquoted name (``name=O'Brien`` works); names with digits and letters.
    """
    for tag in ref_tag_nodes(ctx):
        yield from _invalid_name(ctx, tag)


def _invalid_name(ctx: Context, tag: Tag) -> Iterator[Report]:
    attributes = list(tag.attributes)
    for index, attr in enumerate(attributes):
        if str(attr.name).strip().lower() != "name":
            continue
        raw = _start_tag(tag)
        if attr.value is None:
            yield Report(f"ref name has no value in {raw}", ctx.span(tag))
            return
        value = str(attr.value)
        problem = None
        if attr.quotes is None and ('"' in value or value[:1] == "'" or value[-1:] == "'"):
            problem = f"has an unbalanced quote ({value.strip()})"
        elif not value.strip():
            problem = "is empty"
        elif re.fullmatch(r"[0-9]+", value.strip()):
            problem = f"{value.strip()!r} is only digits (Cite rejects numeric names)"
        elif attr.quotes is None:
            extra = [
                str(a.name).strip()
                for a in attributes[index + 1 :]
                if a.value is None and str(a.name).strip().lower() not in REF_ATTRIBUTES
            ]
            if extra:
                problem = (
                    f"has a space but no quotes: the name ends at {value!r} and "
                    f"{' '.join(extra)!r} is read as an unknown attribute"
                )
        if problem:
            yield Report(f"ref name {problem} in {raw}", ctx.span(tag))
        return


@rule(
    name="ref-unused-list-defined", severity=Severity.WARNING, visits="article", needs=may_hold_refs
)
def ref_unused_list_defined(ctx: Context, article) -> Iterator[Report]:
    """A reference defined in the reference list is never used in the text.

    Why:
        (List-defined refs are those inside ``{{Reflist|refs=…}}`` or
        ``<references>…</references>``.)
        Cite shows "Cite error: A list-defined reference named x is not used in the content"
        and drops the reference.  It usually means the sentence citing it was removed.
    Fails:
        Text. {{Reflist|refs=<ref name="a">Smith 2020.</ref>}}
    Passes:
        Text.<ref name="a" /> {{Reflist|refs=<ref name="a">Smith 2020.</ref>}}
    Does not flag:
        References used with ``<ref name="a" />``, ``{{#tag:ref||name=a}}`` or ``{{r|a}}``
        (enwiki's short reuse template), in the list's group.
    """
    used_by_template = None  # a walk of every template: only for a list-defined ref
    for (group, name), refs in by_key(ctx).items():
        defined_in_list = [ref for ref in refs if ref.in_list and ref.content is not None]
        if not defined_in_list or any(not ref.in_list for ref in refs):
            continue
        if used_by_template is None:
            used_by_template = _r_template_names(ctx)
        if (group, name) in used_by_template:
            continue
        yield Report(
            f"list-defined reference {_label(group, name)} is not used in the text",
            defined_in_list[0].span,
            data={"name": name, "group": group},
        )


def _r_template_names(ctx: Context) -> set[tuple[str | None, str]]:
    """Names reused through ``{{r|name|name2|…}}``."""
    names = set()
    for template in ctx.article.locator.of_type(Template):
        if template_name(template) != "R":
            continue
        group = unquote(param_text(template, "group") or param_text(template, "g"))
        for param in template.params:
            key = param_name(str(param.name))
            if not param.showkey or key in ("name", "n") or re.fullmatch(r"n\d+", key):
                value = unquote(plain_text(param.value))
                if value:
                    names.add((group, value))
    return names


_REFNAME_PARAM = re.compile(r"ref[ _-]?name\d*", re.IGNORECASE)


def _template_ref_names(ctx: Context) -> set[str]:
    """Names given to refs that other templates make (``{{Single chart|…|refname=x}}``)."""
    names = set()
    for template in ctx.article.locator.of_type(Template):
        for param in template.params:
            if param.showkey and _REFNAME_PARAM.fullmatch(param_name(str(param.name))):
                value = unquote(plain_text(param.value))
                if value:
                    names.add(value)
    return names


@rule(name="citation-needed", severity=Severity.INFO, visits="template")
def citation_needed(ctx: Context, template) -> Iterator[Report]:
    """A "citation needed" tag (``{{Cn}}``, ``{{Fact}}``, jawiki ``{{要出典}}`` …) and its date.

    Why:
        Each tag is a claim waiting for a source; listing them with their age shows what to
        source (or remove) first.  The templates are the wiki's ``citation_needed`` profile.
    Fails:
        Text.{{Citation needed|date=March 2024}}
        (jawiki) テキスト{{要出典|date=2023年5月}}
    Passes:
        Text.<ref>Smith 2020.</ref>
    Does not flag:
        Other maintenance templates (``{{Better source needed}}``, ``{{Dubious}}``,
        ``{{Unreferenced}}``); the tags are listed, not judged.
    """
    name = template_name(template)
    if name not in ctx.wiki.citation_needed:
        return
    date = param_text(template, "date")
    when = f"dated {date}" if date else "undated"
    yield Report(f"{{{{{name}}}}} ({when})", ctx.span(template), data={"date": date})


FAMILY = Family.of(
    "ref",
    "Reference (Cite extension) rules",
    [
        ref_undefined,
        ref_conflicting_definitions,
        ref_no_references_list,
        ref_empty,
        ref_name_invalid,
        ref_unused_list_defined,
        citation_needed,
    ],
    fast_needles=("<ref", "{{Reflist", "{{reflist"),
    folded_needles=("<ref", "reflist", "<references", "efn", "sfn", "cite", "citation", "http"),
)
