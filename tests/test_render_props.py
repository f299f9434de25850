"""Properties of `wikibox render`, with random input (hypothesis).

* Escaping: any string, escaped, is one whole template argument that reads back as itself
  (what MediaWiki shows: ``{{!}}`` is ``|``, ``&#125;`` is ``}``), and escaping is idempotent.
* Every field: random strings in every infobox and citation parameter of an article parse
  back, from the rendered page, to the same values — or the renderer refuses with a clear
  error (a ``<ref>`` inside a citation).
* Round trip: for random specs in the canonical form, ``extract(render(spec)) == spec`` and
  rendering is a fixed point: ``render(extract(render(spec))) == render(spec)``.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import wikibox
from wikibox.errors import RenderError
from wikibox.model.schema import load_schemas
from wikibox.rendering.article import render
from wikibox.wikitext.escape import escape_value, unescape_value
from wikibox.wikitext.parser import parse_wikitext

# Pieces that matter to wikitext's structure, mixed with ordinary characters.
FRAGMENTS = [
    "|", "=", "{", "}", "{{", "}}", "{{{", "}}}", "[", "]", "[[", "]]", "<", ">", "/", "!",
    "<ref>", "</ref>", '<ref name="a" />', "<!--", "-->", "<nowiki>", "</nowiki>", "{{!}}",
    "{{=}}", "~~~", "\n", " ", "x", "é", "日本", "&", "#", ";", "<span>", "</span>", "<br />",
    "[[a|b]]", "{{t|x=y}}", "&#124;", "'''", "*", "\n*", "\n==h==\n", "http://a.example/ ",
    "<pre>", "</pre>", "<includeonly>", "</includeonly>", "<noinclude>", "{{#if:a|b}}", "&lt;",
    "<!-- a -->", "[http://a.example/ t|u]", "{|", "|}", "|-", "<math>", "</math>", "''",
]  # fmt: skip
wikitextish = st.lists(
    st.sampled_from(FRAGMENTS)
    | st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=3),
    max_size=12,
).map("".join)


def _probe(escaped: str, positional: bool) -> Any:
    code = parse_wikitext("{{X|" + (escaped if positional else "p=" + escaped) + "|q=}}")
    assert len(code.nodes) == 1
    param, _ = code.nodes[0].params
    return param


@settings(max_examples=400, deadline=None)
@given(wikitextish)
def test_an_escaped_value_is_one_argument_that_reads_back(value: str) -> None:
    escaped, has_equals = escape_value(value)
    assert str(_probe(escaped, positional=False).value) == escaped
    if not has_equals:
        param = _probe(escaped, positional=True)
        assert (str(param.value), param.showkey) == (escaped, False)
    assert unescape_value(escaped) == unescape_value(value)
    assert escape_value(escaped)[0] == escaped


# --- every field of an article ---------------------------------------------------------------

BOX_PARAMS = ["name", "image", "caption", "host_country", "date", "participants", "follows"]
CITE_PARAMS = ["url", "title", "last", "first", "date", "work", "language", "access-date"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    box=st.fixed_dictionaries({name: wikitextish for name in BOX_PARAMS}),
    cites=st.lists(
        st.fixed_dictionaries({n: wikitextish for n in ["1", "2", *CITE_PARAMS]}), max_size=3
    ),
    wiki=st.sampled_from(["enwiki", "jawiki"]),
)
def test_random_values_in_every_field_parse_back(
    box: dict[str, str], cites: list[dict[str, str]], wiki: str
) -> None:
    keys = [f"c{i}" for i in range(len(cites))]
    spec = {
        "spec_version": 1,
        "wiki": wiki,
        "infobox": {"template": "Infobox summit meeting", "params": box},
        "lead": "Lead." + "".join(f"{{{{#ref:{k}}}}}" for k in keys),
        "references": [
            {"key": k, "template": "Cite news", "params": c}
            for k, c in zip(keys, cites, strict=True)
        ],
    }
    try:
        page = render(spec)
    except RenderError as exc:
        message = str(exc)
        assert "a reference cannot be cited inside a citation" in message or (
            "unknown reference key" in message
        ), message
        return
    article = wikibox.parse(page, wiki=wiki)
    assert _values(article.infobox.params) == _expected(box)
    citations = [ref for ref in article.references if ref.template == "Cite news"]
    assert [_values(ref.params) for ref in citations] == [_expected(cite) for cite in cites]


def _values(params: Any) -> dict[str, str]:
    """Values as MediaWiki takes them: a named one trimmed, a positional one exactly."""
    return {p.name: unescape_value(p.raw if p.positional else p.raw.strip()) for p in params}


def _expected(values: dict[str, str]) -> dict[str, str]:
    return {name: unescape_value(value.strip()) for name, value in values.items()}


# --- round trip of canonical specs -----------------------------------------------------------

# In a canonical spec every reference is listed: an infobox value cites with a marker.
no_refs = wikitextish.filter(lambda value: "<ref" not in value.lower())
word = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzあいう漢字"), min_size=1, max_size=8)
title_text = st.lists(word, min_size=1, max_size=3).map(" ".join)


def _canonical(params: dict[str, str], template: str, wiki: str) -> list[dict[str, str]]:
    """Params as extract writes them: escaped values, in the template's documented order."""
    schema = load_schemas(wiki).get(template)
    rank = {name: i for i, name in enumerate(schema.param_order)}
    return [
        {"name": name, "value": escape_value(params[name].strip())[0]}
        for name in sorted(params, key=lambda name: rank[schema.canonical(name)])
    ]


@st.composite
def canonical_specs(draw: Any) -> dict[str, Any]:
    wiki = draw(st.sampled_from(["enwiki", "jawiki"]))
    key = st.from_regex(r"[a-z]([a-z0-9-]{0,5}[a-z0-9])?", fullmatch=True)
    keys = draw(st.lists(key, unique=True, max_size=4))
    cites = {
        k: draw(st.dictionaries(st.sampled_from(CITE_PARAMS), wikitextish, min_size=1))
        for k in keys
    }
    markers = [f"{{{{#ref:{k}}}}}" for k in keys]

    def prose() -> str:
        sentences = draw(st.lists(st.tuples(title_text, st.sampled_from(["", *markers])),
                                  min_size=1, max_size=4))  # fmt: skip
        return "\n\n".join(f"{text}.{marker}" for text, marker in sentences)

    sections = [
        {"level": draw(st.integers(2, 4)), "title": draw(title_text), "text": prose()}
        for _ in range(draw(st.integers(0, 3)))
    ]
    sections.append({"level": 2, "title": "Notes", "text": "{{#references}}"})
    spec = {
        "spec_version": 1,
        "wiki": wiki,
        "title": draw(title_text),
        "infobox": {
            "template": "Infobox summit meeting",
            "params": _canonical(
                draw(st.dictionaries(st.sampled_from(BOX_PARAMS), no_refs, min_size=1)),
                "Infobox summit meeting",
                wiki,
            ),
        },
        "lead": prose(),
        "sections": sections,
        "categories": draw(st.lists(title_text, max_size=2)),
        "references": [
            {"key": k, "template": "Cite news", "params": _canonical(cites[k], "Cite news", wiki)}
            for k in keys
        ],
    }
    cited = "".join([spec["lead"], *(s["text"] for s in sections)])
    first_use = {k: cited.find(f"{{{{#ref:{k}}}}}") for k in keys}
    spec["references"].sort(key=lambda ref: first_use[ref["key"]])  # extract's order
    if draw(st.booleans()):
        for ref in spec["references"]:
            ref["list_defined"] = True
    return spec


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(canonical_specs())
def test_extract_of_render_is_the_spec(spec: dict[str, Any]) -> None:
    cited = "".join([spec["lead"], *(s["text"] for s in spec["sections"])])
    assume(all(f"{{{{#ref:{r['key']}}}}}" in cited for r in spec["references"]))
    try:
        page = render(spec)
    except RenderError as exc:
        assert "a reference cannot be cited inside a citation" in str(exc)
        return
    again = wikibox.extract(page, wiki=spec["wiki"])
    _assert_contains(spec, again)
    assert render(again) == page


def _assert_contains(expected: Any, actual: Any, path: str = "") -> None:
    if isinstance(expected, dict):
        for key, value in expected.items():
            assert key in actual, f"{path}/{key} missing"
            _assert_contains(value, actual[key], f"{path}/{key}")
    elif isinstance(expected, list):
        assert len(actual) == len(expected), path
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            _assert_contains(e, a, f"{path}/{i}")
    else:
        assert expected == actual, f"{path}: {expected!r} != {actual!r}"
