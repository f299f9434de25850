"""The template calls the renderer writes: escaped arguments, a layout, and a read-back check.

Each argument is escaped by :func:`~wikibox.wikiescape.escape_value` and parsed back in a probe
call before it is used; the call a template wrote is parsed back again (:func:`check_call`), so
that a layout which breaks the escaping is an error, not a broken page.
"""

from __future__ import annotations

from dataclasses import dataclass

from mwparserfromhell.nodes import Template

from wikibox.errors import RenderError
from wikibox.wikitext.escape import check_name, escape_value
from wikibox.wikitext.parser import parse_wikitext

__all__ = ["Arg", "Call", "check_call", "layout_of", "make_args"]


@dataclass(frozen=True)
class Arg:
    """One argument of a template call: name (``""`` when positional) and escaped value."""

    name: str
    value: str

    @property
    def positional(self) -> bool:
        return not self.name


@dataclass(frozen=True)
class Call:
    """A template call to write: its name, its escaped arguments in order, and its layout."""

    template: str
    args: tuple[Arg, ...]
    format: str = "inline"  # "block" | "inline" | "spaced" (``{{T |a=b}}``)

    @property
    def width(self) -> int:
        """The longest argument name (block layout aligns the ``=`` after it)."""
        return max((len(a.name) for a in self.args), default=0)


def make_args(params: list[tuple[str, str]], *, refs: bool, where: str) -> tuple[Arg, ...]:
    """Escaped arguments; ``1``, ``2`` … are written positionally while the order allows it."""
    args, next_positional = [], 1
    for index, (name, value) in enumerate(params):
        check_name(name, where)
        escaped, has_equals = escape_value(value.strip(), refs=refs, where=f"{where} {name}")
        # The last value is followed by " }}" when it ends with a brace (see template_call),
        # and a positional value would keep that space: name it instead.
        last_brace = index == len(params) - 1 and escaped.endswith("}")
        positional = name == str(next_positional) and not has_equals and not last_brace
        _verify(escaped, positional, f"{where} {name}")
        if positional:
            next_positional += 1
        args.append(Arg("" if positional else name, escaped))
    return tuple(args)


def _verify(escaped: str, positional: bool, where: str) -> None:
    """Parse the argument back in a probe call: it must be one argument with this value."""
    probe = "{{X|" + (escaped if positional else "p=" + escaped) + "|q=}}"
    nodes = parse_wikitext(probe).nodes
    if len(nodes) == 1 and isinstance(nodes[0], Template) and len(nodes[0].params) == 2:
        param = nodes[0].params[0]
        if str(param.value) == escaped and param.showkey is not positional:
            return
    raise RenderError(f"{where}: the value cannot be written safely as a template argument")


def check_call(text: str, call: Call, where: str) -> None:
    """The rendered call must read back with the arguments it was given.

    A template may leave an argument out or add one, but one it writes must come back with
    the same value: this catches a layout that breaks the escaping (a user's template, or a
    value mwparserfromhell would read across the call's closing braces).
    """
    nodes = [n for n in parse_wikitext(text.strip()).nodes if str(n).strip()]
    if len(nodes) != 1 or not isinstance(nodes[0], Template):
        return  # not a single call: a user's template that writes more; nothing to compare
    # a name may be written twice (a page's duplicate parameter, kept as the page said it):
    # the n-th argument of a name must read back as the n-th value of that name
    written: dict[str, list[str]] = {}
    for param in nodes[0].params:
        written.setdefault(str(param.name).strip(), []).append(str(param.value))
    seen: dict[str, int] = {}
    position = 0
    for arg in call.args:
        if arg.positional:
            position += 1
        name = arg.name or str(position)
        index = seen[name] = seen.get(name, -1) + 1
        if index < len(written.get(name, ())):
            value = written[name][index]
            value = value if arg.positional else value.strip()
            if value != arg.value:
                raise RenderError(f"{where}: {name!r} does not read back as written: {value!r}")


def layout_of(template_format: str | None, default: str) -> str:
    """Our layout name for a TemplateData ``format`` (a custom format string is matched by
    shape: a newline before the pipe is block, a space before it the spaced inline form)."""
    if template_format in ("block", "inline"):
        return template_format
    if not template_format:
        return default
    if "\n|" in template_format.replace(" ", "") and "\n" in template_format.strip("\n"):
        return "block"
    return "spaced" if " |" in template_format else "inline"
