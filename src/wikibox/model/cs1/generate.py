"""Generate the citation module data from the module's own Lua pages.

The Lua of Module:Citation/CS1/Whitelist and /Configuration is run by ``lua5.1`` with a small
stand-in for Scribunto's ``mw`` (``dump_module_data.lua``, beside this file), which prints the
tables as JSON; :func:`module_data` keeps the facts the rules need.  The Lua pages are the
wiki's (CC BY-SA), read where they are (``../shared/reference/cs1/enwiki/`` or a directory
``wikibox schema pull`` filled) and never copied into wikibox.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from wikibox.errors import ConfigError

__all__ = ["DUMPER", "MODULE_FILES", "module_data"]

DUMPER = Path(__file__).parent / "dump_module_data.lua"
# The module pages the data comes from, and the file names they are stored under (the wiki's
# title with "/" written "-" and " " written "_").
MODULE_FILES = {
    "whitelist": ("Module:Citation/CS1/Whitelist", "Module-Citation-CS1-Whitelist.lua"),
    "configuration": ("Module:Citation/CS1/Configuration", "Module-Citation-CS1-Configuration.lua"),
}


def module_data(directory: Path, *, source: dict[str, Any] | None = None) -> dict[str, Any]:
    """The citation module data generated from the Lua pages in ``directory``."""
    lua = shutil.which("lua5.1") or shutil.which("lua")
    if lua is None:
        raise ConfigError("generating citation module data needs lua5.1 on the PATH")
    paths = [directory / MODULE_FILES[key][1] for key in ("whitelist", "configuration")]
    for path in paths:
        if not path.is_file():
            raise ConfigError(f"{path}: missing (needed to generate citation module data)")
    result = subprocess.run(
        [lua, str(DUMPER), *map(str, paths)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise ConfigError(f"running the citation module data failed: {result.stderr.strip()}")
    raw = json.loads(result.stdout)
    return {
        "source": source or {},
        "whitelist": raw["whitelist"],
        "aliases": raw["aliases"],
        "keywords": raw["keywords"],
        "citation_classes": raw["citation_classes"],
        "errors": {key: _condition(value) for key, value in sorted(raw["errors"].items())},
        "maintenance": {
            key: _condition(value) for key, value in sorted(raw["maintenance"].items())
        },
        "date_names": raw["date_names"],
        # Upper limits of PMID and PMC as the module has them without Commons' tabular data
        # (a wiki without JsonConfig, such as the test wiki, takes its load-fail value).
        "id_limits": raw["id_limits"],
        # Lua patterns (plain=True: a lowercase substring) of titles the module calls generic.
        "generic_titles": {
            kind: [entry["en"] for entry in raw["generic_titles"].get(kind) or [] if "en" in entry]
            for kind in ("accept", "reject")
        },
        "archived_copy": raw["archived_copy"].get("en"),
    }


def _condition(condition: dict[str, Any]) -> dict[str, Any]:
    return {"category": condition.get("category"), "hidden": bool(condition.get("hidden"))}
