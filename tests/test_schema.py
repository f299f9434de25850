"""TemplateData loading: the bundled files, name and alias lookups, user overrides, bad input."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest
import yaml

from wikibox.errors import ConfigError
from wikibox.model.schema import (
    BUNDLED_DIR,
    ParamSpec,
    clear_cache,
    load_schemas,
    parse_templatedata,
    validate_templatedata,
)
from wikibox.model.schema.templatedata import VALID_PARAM_KEYS, VALID_ROOT_KEYS

WIKIS = ("enwiki", "jawiki")
BUNDLED_FILES = sorted(
    path
    for wiki in WIKIS
    for path in (BUNDLED_DIR / wiki).glob("*.json")
    if not path.name.startswith("_")
)


def _file_id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def write_json(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


MINIMAL = {"params": {"url": {}, "title": {"required": True}}, "paramOrder": ["url", "title"]}


# --------------------------------------------------------------------------- bundled data


def test_every_wiki_has_bundled_schemas() -> None:
    assert {"Cite web", "Cite news", "Infobox summit meeting"} <= set(
        load_schemas("jawiki").names()
    )
    assert {
        "Cite web",
        "Cite news",
        "Cite book",
        "Cite journal",
        "Infobox summit meeting",
        "Infobox event",
        "Infobox recurring event",
        "Infobox officeholder",
    } <= set(load_schemas("enwiki").names())


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=_file_id)
def test_bundled_file_is_valid_templatedata(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert validate_templatedata(data) == []
    assert set(data) <= VALID_ROOT_KEYS
    for param in data["params"].values():
        assert set(param) <= VALID_PARAM_KEYS
    assert sorted(data["paramOrder"]) == sorted(data["params"])
    assert len(data["paramOrder"]) == len(set(data["paramOrder"]))


@pytest.mark.parametrize("path", BUNDLED_FILES, ids=_file_id)
def test_bundled_deprecations_name_a_live_replacement(path: Path) -> None:
    schema = load_schemas(path.parent.name).get(path.stem)
    assert schema is not None and schema.source == path
    for spec in schema.params.values():
        # a parameter removed without a successor ("religion") says so and names none
        if spec.deprecated and (spec.replacement or "Use " in str(spec.deprecated)):
            replacement = schema.lookup(spec.replacement or "")
            assert replacement is not None, spec.name
            assert not replacement.deprecated


@pytest.mark.parametrize("wiki", WIKIS)
def test_redirect_targets_are_bundled(wiki: str) -> None:
    schemas = load_schemas(wiki)
    assert schemas.redirects
    for source, target in schemas.redirects.items():
        assert target in schemas.names(), source


def test_infobox_profile_roles_name_known_parameters() -> None:
    """The role table in profiles/infoboxes.yaml and the TemplateData must agree."""
    text = resources.files("wikibox.model.profiles").joinpath("infoboxes.yaml").read_text("utf-8")
    profiles = yaml.safe_load(text)
    for wiki in WIKIS:
        schemas = load_schemas(wiki)
        for template, profile in profiles.items():
            schema = schemas.get(template)
            if schema is None:
                continue
            for role, names in profile["roles"].items():
                names = [names] if isinstance(names, str) else names
                assert any(schema.is_known(n) for n in names), (wiki, template, role)


# --------------------------------------------------------------------------- names and aliases


@pytest.mark.parametrize(
    ("wiki", "written", "expected"),
    [
        ("enwiki", "Cite web", "Cite web"),
        ("enwiki", "cite_web", "Cite web"),
        ("enwiki", "Template:Cite web", "Cite web"),
        ("enwiki", " template:cite_web <!-- x -->\n", "Cite web"),
        ("enwiki", "citeweb", "Cite web"),
        ("enwiki", "Web cite", "Cite web"),
        ("enwiki", "Cite News", "Cite news"),
        ("enwiki", "infobox_summit  meeting", "Infobox summit meeting"),
        ("jawiki", "Ref web", "Cite web"),
        ("jawiki", "テンプレート:Cite news", "Cite news"),
    ],
)
def test_template_names_are_normalised_and_redirects_followed(
    wiki: str, written: str, expected: str
) -> None:
    schemas = load_schemas(wiki)
    schema = schemas.get(written)
    assert schema is not None and schema.name == expected
    assert written in schemas


def test_unknown_template_is_absent() -> None:
    schemas = load_schemas("enwiki")
    assert schemas.get("Infobox nonexistent thing") is None
    assert "Infobox nonexistent thing" not in schemas
    assert 42 not in schemas


@pytest.mark.parametrize(
    ("wiki", "template", "written", "canonical"),
    [
        ("enwiki", "Cite news", "newspaper", "work"),
        ("enwiki", "Cite news", "work", "work"),
        ("enwiki", "Cite web", "work", "website"),
        ("enwiki", "Cite web", "author", "last"),
        ("enwiki", "Cite web", "last1", "last"),
        ("enwiki", "Cite web", "author3", "last3"),
        ("enwiki", "Cite web", "lang", "language"),
        ("enwiki", "Cite web", "  access-date ", "access-date"),
        ("enwiki", "Infobox summit meeting", "country", "host_country"),
        ("enwiki", "Infobox summit meeting", "size", "image_size"),
        ("enwiki", "Infobox summit meeting", "venue", "venues"),
        ("enwiki", "Infobox recurring event", "dates", "date"),
        ("enwiki", "Infobox event", "reported deaths", "reported deaths"),
        ("jawiki", "Cite web", "access-date", "accessdate"),
        ("jawiki", "Cite news", "accessdate", "access-date"),
        ("jawiki", "Cite news", "archiveurl", "archive-url"),
    ],
)
def test_lookup_by_name_or_alias(wiki: str, template: str, written: str, canonical: str) -> None:
    schema = load_schemas(wiki).get(template)
    assert schema is not None
    assert schema.is_known(written)
    assert schema.canonical(written) == canonical
    spec = schema.lookup(written)
    assert spec is not None and spec.name == canonical


@pytest.mark.parametrize("written", ["Date", "DATE", "participant", ""])
def test_parameter_names_are_case_sensitive(written: str) -> None:
    schema = load_schemas("enwiki").get("Infobox summit meeting")
    assert schema is not None
    assert not schema.is_known(written)
    assert schema.canonical(written) is None


def test_summit_meeting_marks_date_and_participants_suggested() -> None:
    schema = load_schemas("enwiki").get("Infobox summit meeting")
    assert schema is not None
    assert schema.params["date"].suggested and schema.params["participants"].suggested
    assert schema.params["host_country"].label == "Host country"
    assert schema.required_params() == ()
    assert schema.format == "block"


def test_cite_web_requires_url_and_title() -> None:
    schema = load_schemas("enwiki").get("Cite web")
    assert schema is not None
    assert set(schema.required_params()) == {"url", "title"}
    assert schema.param_order[:2] == ("url", "title")
    assert list(schema.params) == list(schema.param_order)


# --------------------------------------------------------------------------- per-wiki differences


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("accessdate", "access-date"),
        ("archiveurl", "archive-url"),
        ("archivedate", "archive-date"),
        ("authorlink", "author-link"),
        ("deadurl", "url-status"),
        ("dead-url", "url-status"),
    ],
)
@pytest.mark.parametrize("template", ["Cite web", "Cite news", "Cite book", "Cite journal"])
def test_enwiki_deprecates_unhyphenated_names(template: str, old: str, new: str) -> None:
    schema = load_schemas("enwiki").get(template)
    assert schema is not None
    spec = schema.lookup(old)
    assert spec is not None and spec.deprecated
    assert spec.replacement == new
    assert schema.lookup(new) is not None and not schema.lookup(new).deprecated


@pytest.mark.parametrize("template", ["Cite web", "Cite news"])
def test_jawiki_accepts_wasyo_flag_and_both_access_date_spellings(template: str) -> None:
    schema = load_schemas("jawiki").get(template)
    assert schema is not None
    flag = schema.lookup("1")
    assert flag is not None and flag.label == "和書"
    assert "和書" in flag.suggested_values
    for name in ("accessdate", "access-date", "archiveurl", "archive-url", "archivedate"):
        spec = schema.lookup(name)
        assert spec is not None, name
        assert spec.deprecated is False, name
    assert schema.canonical("accessdate") == schema.canonical("access-date")


def test_enwiki_has_no_wasyo_flag() -> None:
    schema = load_schemas("enwiki").get("Cite web")
    assert schema is not None and not schema.is_known("1")


# --------------------------------------------------------------------------- suggestions


@pytest.mark.parametrize(
    ("wiki", "template", "typo", "suggestion"),
    [
        ("enwiki", "Infobox summit meeting", "partcipants", "participants"),
        ("enwiki", "Infobox summit meeting", "host country", "host_country"),
        ("enwiki", "Infobox summit meeting", "Host_Country", "host_country"),
        ("enwiki", "Infobox summit meeting", "preceeds", "precedes"),
        ("enwiki", "Infobox summit meeting", "follow", "follows"),
        ("enwiki", "Cite web", "acessdate", "access-date"),
        ("enwiki", "Cite web", "accessdate", "access-date"),
        ("enwiki", "Cite web", "access_date", "access-date"),
        ("enwiki", "Cite web", "Access-Date", "access-date"),
        ("enwiki", "Cite web", "archive url", "archive-url"),
        ("enwiki", "Cite web", "titel", "title"),
        ("enwiki", "Cite web", "authorlink2", "author-link2"),
        ("enwiki", "Cite web", "URL", "URL"),
        ("jawiki", "Cite web", "acessdate", "accessdate"),
        ("jawiki", "Cite news", "acess-date", "access-date"),
    ],
)
def test_closest_suggests_a_known_name(
    wiki: str, template: str, typo: str, suggestion: str
) -> None:
    schema = load_schemas(wiki).get(template)
    assert schema is not None
    assert schema.closest(typo) == suggestion


@pytest.mark.parametrize("nonsense", ["zzz", "", "   ", "colour scheme of the venue"])
def test_closest_gives_none_when_nothing_is_close(nonsense: str) -> None:
    schema = load_schemas("enwiki").get("Infobox summit meeting")
    assert schema is not None
    assert schema.closest(nonsense) is None


@pytest.mark.parametrize(
    ("deprecated", "replacement"),
    [
        ("Use |access-date= instead.", "access-date"),
        ("use {{para|url-status}} instead", "url-status"),
        ("Replaced by | reported deaths =", "reported deaths"),
        ("Obsolete; remove it.", None),
        (True, None),
        (False, None),
    ],
)
def test_replacement_is_read_from_the_deprecation_message(
    deprecated: bool | str, replacement: str | None
) -> None:
    assert ParamSpec(name="old", deprecated=deprecated).replacement == replacement


# --------------------------------------------------------------------------- user directories


def test_user_dir_overrides_a_bundled_schema(tmp_path: Path) -> None:
    path = write_json(tmp_path / "enwiki" / "Cite web.json", MINIMAL)
    schemas = load_schemas("enwiki", [tmp_path])
    schema = schemas.get("cite_web")
    assert schema is not None
    assert schema.source == path
    assert list(schema.params) == ["url", "title"]
    assert schemas.get("Cite news") is not None  # the rest of the bundle stays
    assert load_schemas("enwiki").get("Cite web").source != path  # bundle alone unchanged


def test_flat_user_dir_adds_templates_for_any_wiki(tmp_path: Path) -> None:
    write_json(tmp_path / "Infobox foo.json", MINIMAL)
    write_json(tmp_path / "Infobox bar%2Fcore.json", MINIMAL)
    write_json(tmp_path / "_notes.json", {"not": "a schema"})
    schemas = load_schemas("dewiki", [str(tmp_path)])
    assert schemas.names() == ["Infobox bar/core", "Infobox foo"]


def test_later_user_dirs_win(tmp_path: Path) -> None:
    first = write_json(tmp_path / "a" / "Infobox foo.json", MINIMAL)
    second = write_json(tmp_path / "b" / "Infobox foo.json", {"params": {"x": {}}})
    schemas = load_schemas("xxwiki", [first.parent, second.parent])
    assert list(schemas.get("Infobox foo").params) == ["x"]


def test_user_redirects_and_schemas_replace_each_other(tmp_path: Path) -> None:
    write_json(tmp_path / "_redirects.json", {"Cite web": "Cite news", "Infobox summit": "x"})
    write_json(tmp_path / "Citeweb.json", MINIMAL)
    schemas = load_schemas("enwiki", [tmp_path])
    assert schemas.get("Cite web").name == "Cite news"
    assert "Cite web" not in schemas.names()
    assert list(schemas.get("citeweb").params) == ["url", "title"]


def test_api_answer_is_accepted(tmp_path: Path) -> None:
    answer = {
        "batchcomplete": "",
        "pages": {
            "123": {
                "title": "Template:Infobox summit meeting",
                "ns": 10,
                "description": {"en": "Summit"},
                "params": {
                    "date": {
                        "label": {"en": "Date", "ja": "日付"},
                        "required": False,
                        "deprecated": False,
                        "aliases": [],
                        "type": "date",
                        "suggestedvalues": [],
                        "autovalue": None,
                        "default": None,
                    },
                    "participants": {"label": None, "suggested": True},
                },
                "paramOrder": ["participants", "date"],
                "format": "block",
                "sets": [],
                "maps": {},
                "lang": "ja",
            },
            "-1": {"title": "Template:Missing one", "ns": 10, "missing": ""},
        },
    }
    write_json(tmp_path / "jawiki" / "pulled.json", answer)
    schema = load_schemas("jawiki", [tmp_path]).get("Infobox summit meeting")
    assert schema is not None
    assert schema.param_order == ("participants", "date")
    assert schema.params["date"].label == "日付"
    assert schema.params["participants"].label is None
    assert schema.description == "Summit"
    assert "lang" not in schema.raw


def test_load_is_cached_until_cleared(tmp_path: Path) -> None:
    write_json(tmp_path / "Infobox foo.json", MINIMAL)
    assert load_schemas("enwiki", [tmp_path]) is load_schemas("enwiki", (str(tmp_path),))
    before = load_schemas("enwiki", [tmp_path])
    clear_cache()
    assert load_schemas("enwiki", [tmp_path]) is not before


def test_unknown_wiki_has_an_empty_bundle() -> None:
    assert load_schemas("xxwiki").names() == []
    assert load_schemas("../enwiki").names() == []


def test_missing_user_dir_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_schemas("enwiki", [tmp_path / "nope"])
    assert "nope" in str(info.value)


def test_two_files_for_one_template_in_a_dir_is_an_error(tmp_path: Path) -> None:
    write_json(tmp_path / "Cite web.json", MINIMAL)
    write_json(tmp_path / "cite_web.json", MINIMAL)
    with pytest.raises(ConfigError, match="also defined"):
        load_schemas("enwiki", [tmp_path])


# --------------------------------------------------------------------------- invalid TemplateData

INVALID = [
    ("unknown root key", {"params": {}, "paramsOrder": []}, "paramsOrder"),
    ("params missing", {"description": "x"}, "params"),
    ("unknown param key", {"params": {"date": {"lable": "Date"}}}, "params.date.lable"),
    ("paramOrder incomplete", {"params": {"a": {}, "b": {}}, "paramOrder": ["a"]}, "'b'"),
    ("paramOrder twice", {"params": {"a": {}}, "paramOrder": ["a", "a"]}, "paramOrder[1]"),
    ("paramOrder stranger", {"params": {"a": {}}, "paramOrder": ["a", "z"]}, "paramOrder[1]"),
    ("alias is a param", {"params": {"a": {"aliases": ["b"]}, "b": {}}}, "params.a.aliases"),
    ("alias shared", {"params": {"a": {"aliases": ["c"]}, "b": {"aliases": ["c"]}}}, "'c'"),
    ("bad type", {"params": {"a": {"type": "integer"}}}, "params.a.type"),
    ("required not bool", {"params": {"a": {"required": "yes"}}}, "params.a.required"),
    ("deprecated number", {"params": {"a": {"deprecated": 1}}}, "params.a.deprecated"),
    ("inherits nothing", {"params": {"a": {"inherits": "b"}}}, "params.a.inherits"),
    ("bad format", {"params": {}, "format": "{{_|_}}"}, "format"),
    ("empty label object", {"params": {"a": {"label": {}}}}, "params.a.label"),
    ("blank name", {"params": {" ": {}}}, "blank name"),
    ("empty set", {"params": {"a": {}}, "sets": [{"label": "S", "params": []}]}, "sets[0]"),
    ("map to stranger", {"params": {"a": {}}, "maps": {"citoid": {"title": "t"}}}, "maps.citoid"),
    ("not an object", ["params"], "object"),
]


@pytest.mark.parametrize(
    ("data", "key"), [(d, k) for _, d, k in INVALID], ids=[i for i, _, _ in INVALID]
)
def test_invalid_templatedata_is_reported(data: object, key: str) -> None:
    problems = validate_templatedata(data)
    assert problems
    assert any(key in problem for problem in problems), problems


@pytest.mark.parametrize(
    ("data", "key"), [(d, k) for _, d, k in INVALID], ids=[i for i, _, _ in INVALID]
)
def test_invalid_templatedata_file_is_a_config_error_naming_file_and_key(
    tmp_path: Path, data: object, key: str
) -> None:
    path = write_json(tmp_path / "Infobox broken.json", data)
    with pytest.raises(ConfigError) as info:
        load_schemas("enwiki", [tmp_path])
    assert info.value.source == str(path)
    assert str(path) in str(info.value) and key in str(info.value)


def test_malformed_json_is_a_config_error_with_position(tmp_path: Path) -> None:
    path = tmp_path / "Cite web.json"
    path.write_text('{"params": {\n  "url": {},\n}', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_schemas("enwiki", [tmp_path])
    assert info.value.source == str(path)
    assert info.value.line == 3
    assert str(info.value).startswith(f"{path}:3:")


def test_malformed_redirect_map_is_a_config_error(tmp_path: Path) -> None:
    path = write_json(tmp_path / "_redirects.json", {"Citeweb": ["Cite web"]})
    with pytest.raises(ConfigError) as info:
        load_schemas("enwiki", [tmp_path])
    assert info.value.source == str(path)


def test_parse_error_without_a_file_names_the_template() -> None:
    with pytest.raises(ConfigError, match=r"'Infobox x'.*params\.a\.type"):
        parse_templatedata({"params": {"a": {"type": "nope"}}}, name="infobox_x")


# --------------------------------------------------------------------------- normalisation


def test_parse_normalises_like_mediawiki() -> None:
    data = {
        "description": {"de": "Beschreibung", "en": "Description"},
        "params": {
            "when": {"label": {"en": "When", "ja": "いつ"}, "type": "string/line", "aliases": [2]},
            "until": {"inherits": "when", "label": "Until"},
            "flag": {"type": "boolean", "deprecated": True, "example": "1"},
        },
        "format": "inline",
    }
    schema = parse_templatedata(data, name="template:test_box", lang="ja")
    assert schema.name == "Test box"
    assert schema.description == "Description"
    assert schema.param_order == ("when", "until", "flag")
    when, until, flag = (schema.params[n] for n in schema.param_order)
    assert when.label == "いつ" and when.type == "line" and when.aliases == ("2",)
    assert until.label == "Until" and until.type == "line"
    assert schema.canonical("2") == "when"
    assert flag.deprecated is True and flag.replacement is None and flag.example == "1"
    assert schema.raw["format"] == "inline" and schema.format == "inline"
    assert schema.source is None
