"""Scripted updates: set one value of a page by a path, validated before it is written.

Paths::

    infobox.PARAM                 a parameter of the page's (first) infobox
    reference.KEY.PARAM           a parameter of the citation template of reference KEY
                                  (KEY as `wikibox extract` prints it: the ref's name, or refN)

The new value goes through :func:`wikibox.edit.set_template_param` (only that parameter's
bytes change; a new parameter is placed where the template's TemplateData ``paramOrder`` puts
it), then the page is checked: a finding at warning level or above that the edit introduced is
a refusal (:class:`InvalidValue`) carrying the finding's message, and nothing is changed.
"""

from __future__ import annotations

from collections import Counter

from wikibox.edit.fixes import set_template_param
from wikibox.errors import WikiboxError
from wikibox.lint.checker import check_article
from wikibox.lint.config import Settings
from wikibox.lint.findings import Severity
from wikibox.model.build import parse
from wikibox.model.schema import load_schemas
from wikibox.model.spec import reference_keys
from wikibox.wikitext.parser import param_name, template_name

__all__ = ["InvalidValue", "set_value"]


class InvalidValue(WikiboxError):
    """The value would introduce a finding; the page is left unchanged."""


def set_value(
    text: str,
    path: str,
    value: str,
    *,
    settings: Settings | None = None,
    title: str | None = None,
    validate: bool = True,
) -> str:
    """Return ``text`` with the value at ``path`` set to ``value`` (wikitext)."""
    settings = settings or Settings()
    article = parse(text, title=title, wiki=settings.wiki, profiles=settings.profile_files)
    template, name, schema_name = _target(article, path)
    _refuse_duplicated(article, template, name, path)
    before = _insertion_point(template, name, schema_name, settings)
    set_template_param(template, name, value, before=before)
    new_text = str(article.code)
    if validate and new_text != text:
        _refuse_new_findings(text, new_text, settings, title, path)
    return new_text


def _refuse_duplicated(article, template, name: str, path: str) -> None:
    """A parameter given twice: which one to set is a person's choice, not ours (MediaWiki
    shows the last, a reader of the wikitext may edit the first)."""
    given = [p for p in template.params if str(p.name).strip() == name]
    if len(given) > 1:
        lines = ", ".join(str(article.locator.span(p).line) for p in given)
        raise WikiboxError(
            f"{path}: |{name}= is given {len(given)} times (lines {lines}); remove all but one "
            "first (wikibox check reports it as a duplicate parameter)"
        )


def _target(article, path: str):

    parts = path.split(".")
    if len(parts) == 2 and parts[0] == "infobox":
        if article.infobox is None:
            raise WikiboxError(f"{path}: the page has no infobox")
        return article.infobox.node, parts[1], article.infobox.template
    if len(parts) >= 3 and parts[0] == "reference":
        key, name = ".".join(parts[1:-1]), parts[-1]
        keys = reference_keys(article.references)
        for ref, ref_key in zip(article.references, keys, strict=True):
            if ref_key == key or ref.name == key:
                if ref.template_node is None:
                    raise WikiboxError(f"{path}: reference {key!r} has no citation template")
                return ref.template_node, name, template_name(ref.template_node)
        raise WikiboxError(f"{path}: no reference {key!r} (known: {', '.join(keys) or 'none'})")
    raise WikiboxError(f"{path!r}: expected infobox.PARAM or reference.KEY.PARAM", source=None)


def _insertion_point(template, name: str, schema_name: str, settings: Settings) -> str | None:
    """For a new parameter: the first present parameter that comes after it in paramOrder."""

    present = [param_name(str(p.name)) for p in template.params]
    if name in present:
        return None
    schema = load_schemas(settings.wiki, tuple(settings.schema_dirs)).get(schema_name)
    main_name = schema.canonical(name) if schema is not None else None
    if schema is None or main_name not in schema.param_order:
        return None
    position = {n: i for i, n in enumerate(schema.param_order)}
    for candidate in present:
        canonical = schema.canonical(candidate) or candidate
        if position.get(canonical, -1) > position[main_name]:
            return candidate
    return None


def _refuse_new_findings(old: str, new: str, settings: Settings, title, path: str) -> None:
    def counted(text):
        findings = check_article(
            parse(text, title=title, wiki=settings.wiki, profiles=settings.profile_files),
            settings=settings,
        )
        return [f for f in findings if f.severity.rank >= Severity.WARNING.rank], Counter(
            (f.rule, f.message) for f in findings
        )

    _, before = counted(old)
    after_findings, _ = counted(new)
    for finding in after_findings:
        key = (finding.rule, finding.message)
        if before[key] > 0:
            before[key] -= 1
            continue
        raise InvalidValue(
            f"refused: {finding.rule}: {finding.message}",
            line=finding.line,
            column=finding.column,
        )
