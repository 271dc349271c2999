"""Fixtures of the site tests. The built demo project (``demo_site``) is a session fixture of ``tests/conftest.py``,
shared with the quality gates of ``tests/gates`` so that a test session builds the demo only once.

(``tests/site`` is not a package: a package named ``site`` would shadow Python's own ``site`` module, so the
helpers live in ``site_helpers`` and the test modules have unique names.)
"""
