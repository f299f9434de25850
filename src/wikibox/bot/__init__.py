"""``wikibox bot``: pywikibot shells over the pure transforms.

Bot operators already know pywikibot, so the bot speaks its language: the global options
(``-simulate``, ``-family:``, ``-lang:``, ``-user:`` …), the page generators (``-page:``,
``-cat:``, ``-transcludes:``, ``-file:``, ``-search:``, ``-ref:`` …) and ``-always`` /
``-summary:``.  Each page goes through a pure function of the library (:mod:`.tasks`,
:mod:`.series`, :mod:`.render_task`); :mod:`.runner` is the one place that saves.

Modules: :mod:`.options` (arguments), :mod:`.resolver` (the live wiki as a resolver for the
series rules), :mod:`.tasks`, :mod:`.series` and :mod:`.render_task` (the transforms),
:mod:`.runner` (reading and saving), :mod:`.schema_pull` (TemplateData from the wiki),
:mod:`.commands` (the glue).

Importing this package does not import pywikibot; the modules that need it import it inside
their functions, so ``import wikibox`` stays light and pywikibot reads its configuration only
when a bot command runs.
"""

from __future__ import annotations

__all__: list[str] = []
