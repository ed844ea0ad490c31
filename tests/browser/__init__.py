"""Browser tests of the search page (a package, so that its conftest does not shadow tests/conftest.py)."""
