"""Citation rules on the parameters: the ones the citation module does not take.

The parameters a template takes come from the wiki's citation module itself (its Whitelist,
generated into :mod:`wikibox.model.cs1`) when wikibox has it, else from the template's
TemplateData.  CS1 ignores a parameter it does not support and reports it as an error (with a
suggestion when a known name is close), and it reports deprecated parameters before their
support is removed.  Templates with neither source are not checked here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wikibox.lint.findings import RemoveParam, RenameParam, Report, SetParam, Severity
from wikibox.lint.rules.base import Context, rule, short
from wikibox.lint.rules.cite.view import may_cite
from wikibox.model.article import Param
from wikibox.model.citation import Citation

__all__ = ["deprecated_param", "duplicate_param", "empty_unknown_param", "unknown_param"]


_DEAD_URL = {"yes": "dead", "y": "dead", "true": "dead", "no": "live", "n": "live",
             "false": "live", "unfit": "unfit", "usurped": "usurped"}  # fmt: skip


def _unknown(cite: Citation) -> Iterator[Param]:
    """The parameters the module (or, without it, the TemplateData) does not take."""
    if cite.module is not None and cite.cite_class is not None:
        for param in cite.params:
            name = "" if param.positional else param.name
            state = cite.module.param_state(cite.cite_class, name, empty=param.is_empty)
            if state == "unsupported":
                yield param
        return
    if cite.schema is None:
        return
    for param in cite.params:
        if not cite.schema.is_known(param.name):
            yield param


def _suggestion(cite: Citation, name: str) -> str | None:
    """A supported name close to ``name``: its lowercase form, TemplateData's replacement for a
    retired name (``deadurl`` → ``url-status``), or the closest known name."""
    candidates = [name.lower()]
    spec = cite.schema.lookup(name) if cite.schema is not None else None
    if spec is not None and spec.replacement:
        candidates.append(spec.replacement)
    if cite.schema is not None:
        candidates.append(cite.schema.closest(name) or "")
    for candidate in candidates:
        if not candidate or candidate == name:
            continue
        if cite.module is not None and cite.cite_class is not None:
            if cite.module.accepts(cite.cite_class, candidate):
                return candidate
        elif cite.schema is not None and cite.schema.is_known(candidate):
            return candidate
    return None


def _rename_fix(node: Any, cite: Citation, param: Param, new: str) -> tuple[Any, ...] | None:
    """Rename ``param`` to ``new`` (rewriting a ``|deadurl=`` value for ``|url-status=``),
    unless ``new`` is already there."""
    present = {p.name for p in cite.params}
    if cite.schema is not None:
        present |= {cite.schema.canonical(p.name) or p.name for p in cite.params}
    if new in present:
        return None
    fix: tuple[Any, ...] = (RenameParam(node, param.node, new),)
    if new == "url-status" and not param.is_empty:
        status = _DEAD_URL.get(param.value.strip().lower())
        return (*fix, SetParam(node, new, status)) if status else None
    return fix


@rule(
    name="cite-unknown-param",
    severity=Severity.ERROR,
    visits="citation",
    needs=may_cite,
    fixable=True,
)
def unknown_param(ctx: Context, cite: Citation) -> Iterator[Report]:
    """A parameter the citation module does not support (not in its Whitelist; without the
    module's data, not in the template's TemplateData).

    Why:
        CS1 ignores it and shows an error: err_parameter_ignored or
        err_parameter_ignored_suggest ("Unknown parameter |titel= ignored (|title=
        suggested)", category "CS1 errors: unsupported parameter"), or, for text given
        without a name, err_text_ignored ('Text "…" ignored').  The value never reaches the
        reader.  Retired names count: ``|deadurl=`` and ``|displayauthors=`` are no longer
        supported.  The fix renames a retired name to its replacement when TemplateData names
        one (``|deadurl=no`` → ``|url-status=live``) and the replacement is not already there.
    Fails:
        {{cite news |titel=Summit ends}}
        {{cite web |url=https://example.com/ |title=A |deadurl=no}}   (fixed to |url-status=live)
        (enwiki) {{cite web|和書|title=会談|url=https://example.jp/}}   (positional flag)
    Passes:
        {{cite news |title=Summit ends |agency=AP |title-link=Summit}}
        {{cite web |url=https://example.com/ |title=A |accessdate=2025-02-12}}
        (jawiki) {{Cite web|和書|title=会談|url=https://example.jp/}}
    Does not flag:
        Empty unknown parameters (``cite-empty-unknown-param``); templates the module does not
        render and that have no TemplateData; deprecated parameters, which still work
        (``cite-deprecated-param``).
    """
    for param in _unknown(cite):
        if param.is_empty:
            continue
        fix = None
        if param.positional:
            message = f'Text "{short(param.value)}" ignored in {{{{{cite.name}}}}}'
        else:
            suggestion = _suggestion(cite, param.name)
            message = f"Unknown parameter |{param.name}= ignored" + (
                f" (|{suggestion}= suggested)" if suggestion else ""
            )
            spec = cite.schema.lookup(param.name) if cite.schema is not None else None
            if suggestion and spec is not None and spec.replacement == suggestion:
                fix = _rename_fix(cite.node, cite, param, suggestion)
        yield Report(message, param.span, fix=fix, data={"param": param.name})


@rule(name="cite-empty-unknown-param", severity=Severity.ERROR, visits="citation", needs=may_cite)
def empty_unknown_param(ctx: Context, cite: Citation) -> Iterator[Report]:
    """An unknown parameter with no value (``|titel=``, or a stray ``||``).

    Why:
        Harmless to the reader but CS1 still reports it as an error (err_param_unknown_empty,
        "Cite has empty unknown parameter: |titel=", category "CS1 errors: empty unknown
        parameters"), and it usually marks a value that was lost or a typo copied from a
        template skeleton.
    Fails:
        {{cite news |title=Summit ends |newpaper=}}
        {{cite web |url=https://example.com/ ||title=Summit ends}}
    Passes:
        {{cite news |title=Summit ends |newspaper=}}
        (jawiki) {{Cite web||title=会談|url=https://example.jp/}}   (jawiki takes ``1``)
    Does not flag:
        Unknown parameters with a value (``cite-unknown-param``); templates the module does
        not render and that have no TemplateData.
    """
    for param in _unknown(cite):
        if param.is_empty:
            shown = param.name or "(empty string)"
            yield Report(
                f"Cite has empty unknown parameter: |{shown}=", param.span,
                data={"param": param.name},
            )  # fmt: skip


@rule(
    name="cite-deprecated-param",
    severity=Severity.ERROR,
    visits="citation",
    needs=may_cite,
    fixable=True,
)
def deprecated_param(ctx: Context, cite: Citation) -> Iterator[Report]:
    """A parameter the citation module still supports but marks as deprecated (``false`` in
    its Whitelist; without the module's data, deprecated in the template's TemplateData).

    Why:
        CS1 shows err_deprecated_params ("Cite uses deprecated parameter |…=", category "CS1
        errors: deprecated parameters") and the parameter stops working when support is
        removed.  Valid aliases are not deprecated: ``|accessdate=``, ``|archiveurl=``,
        ``|archivedate=``, ``|authorlink=`` and ``|origyear=`` are supported names in the
        current module, so renaming them would be a cosmetic-only edit.  The fix renames a
        deprecated parameter to the replacement TemplateData names, unless the replacement
        is already there; names that are no longer supported at all (``|deadurl=``) are
        ``cite-unknown-param``.
    Fails:
        {{cite web |url=https://example.com/ |accessdate=2025-02-12}}   (needs a TemplateData only)
        {{cite web |url=https://example.com/ |lay-url=x}}   (needs a module that deprecates it)
    Passes:
        {{cite web |url=https://example.com/ |title=A |access-date=2025-02-12}}
        {{cite web |url=https://example.com/ |title=A |accessdate=2025-02-12}}
        (jawiki) {{Cite web|和書|url=https://example.jp/|title=あ|accessdate=2025-02-12}}
    Does not flag:
        Aliases that are not deprecated; parameters the module does not support at all;
        templates with neither the module's data nor TemplateData.
    """
    for param in cite.params:
        if cite.module is not None and cite.cite_class is not None:
            state = cite.module.param_state(cite.cite_class, param.name, empty=param.is_empty)
            if param.positional or state != "deprecated":
                continue
        spec = cite.schema.lookup(param.name) if cite.schema is not None else None
        if cite.module is None and (spec is None or not spec.deprecated):
            continue
        new = spec.replacement if spec is not None else None
        fix = _rename_fix(cite.node, cite, param, new) if new and _accepted(cite, new) else None
        yield Report(
            f"Cite uses deprecated parameter |{param.name}=" + (f" (use |{new}=)" if new else ""),
            param.span,
            fix=fix,
            data={"param": param.name, "replacement": new},
        )


def _accepted(cite: Citation, name: str) -> bool:
    if cite.module is not None and cite.cite_class is not None:
        return cite.module.param_state(cite.cite_class, name) == "valid"
    return cite.schema is not None and cite.schema.is_known(name)


@rule(
    name="cite-duplicate-param",
    severity=Severity.ERROR,
    visits="citation",
    needs=may_cite,
    fixable=True,
)
def duplicate_param(ctx: Context, cite: Citation) -> Iterator[Report]:
    """The same parameter given twice in a citation (or a parameter and its alias).

    Why:
        MediaWiki keeps the last value and drops the others (the page joins "Pages using
        duplicate arguments in template calls"); with an alias CS1 shows
        err_redundant_parameters ("More than one of |access-date= and |accessdate=
        specified").  An edit to the first one has no effect, and tools that read the first
        one disagree with the page.  When both values are equal, or the first one is blank,
        the fix removes the first one; otherwise a person must choose.
    Fails:
        {{cite web |url=https://example.com/ |title=A |date=15 May 2024 |date=16 May 2024}}
        {{cite web |url=https://example.com/ |title=A |title=A}}
        {{cite news |title= |title=Summit ends |newspaper=The Times}}
    Passes:
        {{cite web |url=https://example.com/ |title=A |date=15 May 2024}}
        {{cite web |url=https://example.com/ |title=A |date=15 May 2024 |access-date=15 May 2024}}
    Does not flag:
        Different parameters with the same value; an alias left empty beside its other name;
        duplicates in templates other than citations (``infobox-duplicate-param`` covers
        infoboxes).
    """
    seen: dict[str, Param] = {}
    for param in cite.params:
        if param.positional and cite.schema is None:
            continue
        key = (cite.schema.canonical(param.name) if cite.schema else None) or param.name
        first = seen.get(key)
        seen[key] = param
        if first is None:
            continue
        blank = first.is_empty
        same = first.raw.strip() == param.raw.strip()
        if first.name != param.name:
            # two names of one parameter: MediaWiki passes both, CS1 uses one and reports
            # err_redundant_parameters, but only when both have a value
            if blank or param.is_empty:
                continue
            kept = "both values are the same" if same else "CS1 uses only one of them"
            yield Report(
                f"More than one of |{first.name}= and |{param.name}= specified "
                f"(line {param.span.line}); {kept}",
                first.span,
                fix=(RemoveParam(cite.node, first.node),) if same else None,
                data={"param": first.name},
            )
            continue
        if same:
            what = "both values are the same"
        elif blank:
            what = "the first one is empty"
        else:
            kept, dropped = short(param.value), short(first.value)
            what = f"MediaWiki uses the last value {kept!r} and drops {dropped!r}"
        yield Report(
            f"|{first.name}= is given again on line {param.span.line}; {what}",
            first.span,
            fix=(RemoveParam(cite.node, first.node),) if same or blank else None,
            data={"param": first.name},
        )
