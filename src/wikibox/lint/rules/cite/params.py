"""Citation rules on the parameters against the template's TemplateData.

CS1 ignores a parameter it does not know and reports it (with a suggestion when a known name is
close), and it warns about deprecated parameters before their support is removed.  Templates
without TemplateData are not checked here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wikibox.lint.findings import RenameParam, Report, SetParam, Severity
from wikibox.lint.rules.base import Context, rule
from wikibox.lint.rules.cite.view import Citation, citation, has_value, short
from wikibox.model.article import Param

__all__ = ["deprecated_param", "empty_unknown_param", "unknown_param"]


def _unknown(cite: Citation) -> Iterator[Param]:
    if cite.schema is None:
        return
    for param in cite.params:
        if not cite.schema.is_known(param.name):
            yield param


@rule(name="cite-unknown-param", severity=Severity.ERROR, visits="template")
def unknown_param(ctx: Context, node: Any) -> Iterator[Report]:
    """A parameter the citation template does not take (its TemplateData does not list it).

    Why:
        CS1 ignores it and shows err_parameter_ignored ("Unknown parameter |titel= ignored",
        with a suggestion when one is close) or, for text given without a name,
        err_text_ignored ('Text "…" ignored').  The value never reaches the reader.
    Fails:
        {{cite news |titel=Summit ends}}
        (enwiki) {{cite web|和書|title=会談|url=https://example.jp/}}   (positional flag)
    Passes:
        {{cite news |title=Summit ends}}
        (jawiki) {{Cite web|和書|title=会談|url=https://example.jp/}}
    Does not flag:
        Empty unknown parameters (``cite-empty-unknown-param``); templates without
        TemplateData; deprecated parameters (``cite-deprecated-param``).
    """
    cite = citation(ctx, node)
    if cite is None:
        return
    for param in _unknown(cite):
        if not has_value(param):
            continue
        if param.positional:
            message = f'Text "{short(param.value)}" ignored in {{{{{cite.name}}}}}'
        else:
            suggestion = cite.schema.closest(param.name)
            message = f"Unknown parameter |{param.name}= ignored" + (
                f" (|{suggestion}= suggested)" if suggestion else ""
            )
        yield Report(message, param.span, data={"param": param.name})


@rule(name="cite-empty-unknown-param", severity=Severity.WARNING, visits="template")
def empty_unknown_param(ctx: Context, node: Any) -> Iterator[Report]:
    """An unknown parameter with no value (``|titel=``, or a stray ``||``).

    Why:
        Harmless to the reader but CS1 still reports it (err_param_unknown_empty, "Cite has
        empty unknown parameter: |titel="), and it usually marks a value that was lost or
        a typo copied from a template skeleton.
    Fails:
        {{cite news |title=Summit ends |newpaper=}}
        {{cite web |url=https://example.com/ ||title=Summit ends}}
    Passes:
        {{cite news |title=Summit ends |newspaper=}}
        (jawiki) {{Cite web||title=会談|url=https://example.jp/}}   (jawiki takes ``1``)
    Does not flag:
        Unknown parameters with a value (``cite-unknown-param``); templates without
        TemplateData.
    """
    cite = citation(ctx, node)
    if cite is None:
        return
    for param in _unknown(cite):
        if not has_value(param):
            shown = param.name or "(empty string)"
            yield Report(
                f"Cite has empty unknown parameter: |{shown}=", param.span,
                data={"param": param.name},
            )  # fmt: skip


_DEAD_URL = {"yes": "dead", "y": "dead", "true": "dead", "no": "live", "n": "live",
             "false": "live", "unfit": "unfit", "usurped": "usurped"}  # fmt: skip


@rule(name="cite-deprecated-param", severity=Severity.WARNING, visits="template", fixable=True)
def deprecated_param(ctx: Context, node: Any) -> Iterator[Report]:
    """A parameter the template's TemplateData marks as deprecated (``|accessdate=`` on
    enwiki).

    Why:
        CS1 shows err_deprecated_params ("Cite uses deprecated parameter |accessdate=") and
        the parameter stops working when support is removed.  The fix renames it to the
        replacement the TemplateData names, unless the replacement is already there; for
        ``|deadurl=`` it also rewrites the value (``no`` → ``live``).
    Fails:
        {{cite web |url=https://example.com/ |title=A |accessdate=2025-02-12}}
        {{cite web |url=https://example.com/ |title=A |deadurl=no}}
    Passes:
        {{cite web |url=https://example.com/ |title=A |access-date=2025-02-12}}
        (jawiki) {{Cite web|和書|url=https://example.jp/|title=あ|accessdate=2025-02-12}}
    Does not flag:
        Aliases that are not deprecated; templates without TemplateData.
    """
    cite = citation(ctx, node)
    if cite is None or cite.schema is None:
        return
    present = {cite.schema.canonical(p.name) or p.name for p in cite.params}
    for param in cite.params:
        spec = cite.schema.lookup(param.name)
        if spec is None or not spec.deprecated:
            continue
        new = spec.replacement
        fix = None
        if new and cite.schema.is_known(new) and cite.schema.canonical(new) not in present:
            fix = (RenameParam(node, param.node, new),)
            if new == "url-status" and has_value(param):
                status = _DEAD_URL.get(param.value.strip().lower())
                fix = (*fix, SetParam(node, new, status)) if status else None
        yield Report(
            f"Cite uses deprecated parameter |{param.name}=" + (f" (use |{new}=)" if new else ""),
            param.span,
            fix=fix,
            data={"param": param.name, "replacement": new},
        )
