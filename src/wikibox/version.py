"""The package version, in a module of its own so that any layer can name it without importing
the public API in ``wikibox/__init__.py`` (which imports every layer)."""

__version__ = "0.1.0"
