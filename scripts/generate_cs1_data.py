"""Regenerate the bundled citation module data (src/wikibox/model/cs1/data/enwiki.json).

    .venv/bin/python scripts/generate_cs1_data.py [../shared/reference/cs1/enwiki]

Reads Module:Citation/CS1/Whitelist and /Configuration from the reference copy (see its
PROVENANCE.md, whose revisions are recorded in the output) and needs lua5.1.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from wikibox.model.cs1 import DATA_DIR
from wikibox.model.cs1.generate import module_data

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "cs1" / "enwiki"
SOURCE = {
    "wiki": "enwiki",
    "pages": {
        "Module:Citation/CS1/Whitelist": {"oldid": 1240835177},
        "Module:Citation/CS1/Configuration": {"oldid": 1340931211},
    },
    "via": "wikimedia-bg/wikipedia-lua mirror, as ../shared/reference/cs1/PROVENANCE.md lists",
    "licence": "facts taken from CC BY-SA 4.0 pages (Wikipedia contributors)",
    "generated_by": "scripts/generate_cs1_data.py",
}


def main(argv: list[str]) -> int:
    directory = Path(argv[1]) if len(argv) > 1 else REFERENCE
    data = module_data(directory, source=SOURCE)
    out = DATA_DIR / "enwiki.json"
    out.write_text(json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
