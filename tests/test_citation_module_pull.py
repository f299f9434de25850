"""`wikibox schema pull --citation-module`: the citation rules' data from the wiki's own module.

Runs against the local test wiki (never a public one): the enwiki module pages of
``../shared/reference/cs1/enwiki`` are saved there, pulled back, and the generated data must be
the bundled data; a wiki whose Whitelist differs gets rules that follow its Whitelist.
"""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from wikibox.lint.checker import check_text
from wikibox.lint.config import Settings
from wikibox.model.cs1 import DATA_DIR
from wikibox.model.schema import CITATION_MODULE_FILE, clear_cache

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "cs1" / "enwiki"
PAGES = {
    "Module:Citation/CS1/Whitelist": "Module-Citation-CS1-Whitelist.lua",
    "Module:Citation/CS1/Configuration": "Module-Citation-CS1-Configuration.lua",
}
pytestmark = [
    pytest.mark.wiki,
    pytest.mark.skipif(
        not REFERENCE.is_dir() or shutil.which("lua5.1") is None,
        reason="needs ../shared/reference/cs1/enwiki and lua5.1",
    ),
]


def pull(directory: Path) -> Any:
    from wikibox.cli.bot import schema

    return CliRunner().invoke(
        schema,
        ["pull", "--citation-module", "--schemas", str(directory)],
        catch_exceptions=False,
    )


def test_the_pulled_module_gives_the_bundled_data_and_drives_the_rules(
    test_wiki: Any, pywikibot_site: Any, tmp_path: Path
) -> None:
    texts = {title: (REFERENCE / name).read_text(encoding="utf-8") for title, name in PAGES.items()}
    for title, text in texts.items():
        test_wiki.edit(title, text)
    result = pull(tmp_path / "same")
    assert result.exit_code == 0, result.output
    pulled = json.loads((tmp_path / "same" / CITATION_MODULE_FILE).read_text(encoding="utf-8"))
    bundled = json.loads((DATA_DIR / "enwiki.json").read_text(encoding="utf-8"))
    assert set(pulled["source"]["pages"]) == set(PAGES)
    assert {k: v for k, v in pulled.items() if k != "source"} == {
        k: v for k, v in bundled.items() if k != "source"
    }

    # A wiki whose module deprecates |accessdate=: the rules follow the pulled Whitelist.
    whitelist = "Module:Citation/CS1/Whitelist"
    changed = texts[whitelist].replace("['accessdate'] = true,", "['accessdate'] = false,", 1)
    assert changed != texts[whitelist]
    try:
        test_wiki.edit(whitelist, changed)
        result = pull(tmp_path / "own")
        assert result.exit_code == 0, result.output
    finally:
        test_wiki.edit(whitelist, texts[whitelist])  # other tests may render with it
    clear_cache()
    page = "<ref>{{cite web |url=https://example.com/ |title=A |accessdate=2025-02-12}}</ref>"
    today = datetime.date(2026, 1, 1)
    select = ("cite-deprecated-param",)
    own = Settings(select=select, today=today, schema_dirs=(tmp_path / "own",))
    assert [f.message for f in check_text(page, settings=own)] == [
        "Cite uses deprecated parameter |accessdate= (use |access-date=)"
    ]
    bundled_settings = Settings(select=select, today=today)
    assert check_text(page, settings=bundled_settings) == []
