"""The sandboxed Jinja2 environment the wikitext templates are rendered in, and its filters.

User template directories come first, then the bundled ``templates/``.  The sandbox and
:class:`~jinja2.StrictUndefined` hold for every template, a user's included: a missing field is
an error naming it, never ``""``.  Three filters bring the code's safety into the templates:
``param_value`` (a value escaped for a template argument), ``ref_attribute`` (a quoted ``<ref>``
attribute) and ``date`` (a date in the wiki's style).  Templates use ``<< … >>`` for values,
``<% … %>`` for statements and ``<# … #>`` for comments, so that wikitext's own ``{{ }}`` needs
no escaping in them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from wikibox.errors import InputError, RenderError
from wikibox.model.dates import InvalidDate, format_date, parse_date
from wikibox.wikitext.escape import attribute, escape_value

__all__ = [
    "RUNAWAY_TEMPLATE",
    "bundled_templates_dir",
    "make_environment",
    "reformat_date",
    "render_error",
    "template_line",
]


def reformat_date(value: str, style: str | None) -> str:
    """A date written in ``style``; anything that is not a plain date is left as written."""
    if style is None or re.search(r"[<>{}\[\]|]", value):
        return value
    try:
        date = parse_date(value)
        return value if date.template else format_date(date, style)
    except (InvalidDate, ValueError):
        return value


def bundled_templates_dir() -> Path:
    """``wikibox/templates`` in an installed wheel, else the repository's ``templates/``."""
    package = Path(__file__).parents[1]
    installed = package / "templates"
    return installed if installed.is_dir() else package.parents[1] / "templates"


def make_environment(template_dirs: tuple[Path, ...] = ()) -> SandboxedEnvironment:
    """The sandboxed environment: user directories first, then the bundled templates.

    One environment per list of directories is kept, so a bot rendering many pages compiles
    each template once.
    """
    for directory in template_dirs:
        if not Path(directory).is_dir():
            raise InputError("no such templates directory", source=str(directory))
    return _environment(tuple(str(Path(d).resolve()) for d in template_dirs))


#: The longest string or list one ``*`` may build, and the most bits one ``**`` may make.
MAX_PRODUCT = 1_000_000
MAX_POWER_BITS = 100_000


class LimitedSandbox(SandboxedEnvironment):
    """The sandbox, plus limits on ``*`` and ``**``: Jinja's own sandbox stops ``range(10**8)``
    but lets ``"a" * 10**9`` build a gigabyte."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "*" and _product_length(left, right) > MAX_PRODUCT:
            raise SecurityError(f"a product longer than {MAX_PRODUCT:,} is refused")
        if operator == "**" and _power_bits(left, right) > MAX_POWER_BITS:
            raise SecurityError("a power this large is refused")
        return super().call_binop(context, operator, left, right)


def _product_length(left: Any, right: Any) -> int:
    for sequence, count in ((left, right), (right, left)):
        if isinstance(sequence, (str, list, tuple)) and isinstance(count, int):
            return len(sequence) * count
    return 0


def _power_bits(base: Any, exponent: Any) -> int:
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0 and abs(base) > 1:
        return abs(base).bit_length() * exponent
    return 0


@lru_cache(maxsize=8)
def _environment(template_dirs: tuple[str, ...]) -> SandboxedEnvironment:
    env = LimitedSandbox(
        loader=jinja2.FileSystemLoader([*template_dirs, str(bundled_templates_dir())]),
        undefined=jinja2.StrictUndefined,
        variable_start_string="<<",
        variable_end_string=">>",
        block_start_string="<%",
        block_end_string="%>",
        comment_start_string="<#",
        comment_end_string="#>",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,
    )
    env.filters["param_value"] = lambda value: escape_value(str(value))[0]
    env.filters["ref_attribute"] = lambda value: attribute(str(value), "ref attribute")
    env.filters["date"] = lambda value, style: reformat_date(str(value), style)
    return env


#: What a runaway template raises (a huge range, endless recursion): a RenderError, not a crash.
RUNAWAY_TEMPLATE = (OverflowError, RecursionError, MemoryError)


def render_error(exc: BaseException, template: jinja2.Template) -> RenderError:
    line = template_line(exc, template.filename)
    if isinstance(exc, jinja2.TemplateError):
        message = str(exc.message or exc)
    elif isinstance(exc, RecursionError):
        message = "the template recurses without end"
    else:
        message = f"the template runs away: {exc or type(exc).__name__}"
    return RenderError(message, source=template.filename, line=line)


def template_line(exc: BaseException, filename: str | None) -> int | None:
    """The line of the template where rendering failed (Jinja keeps it in the traceback)."""
    line, tb = None, exc.__traceback__
    while tb is not None:
        if filename and tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
