"""The address scheme's relative links equal what ``posixpath.relpath`` gives, computed faster."""

from __future__ import annotations

import itertools
import posixpath

from generator import urls

PARTS = ("organisations", "sch-1", "indicators", "1-07", "index.md", "data", "x.csv")


def test_link_equals_relpath_for_every_pair_of_tree_paths() -> None:
    paths = ["/".join(combo) for length in (1, 2, 3) for combo in itertools.product(PARTS, repeat=length)]
    for from_page, to_path in itertools.product(paths[::7], paths[::5]):
        assert urls.link(from_page, to_path) == posixpath.relpath(to_path, posixpath.dirname(from_page) or "."), (from_page, to_path)


def test_links_between_pages_of_the_site() -> None:
    assert urls.link(urls.organisation("sch-1"), urls.indicator("1.07")) == "../../indicators/1-07/index.md"
    assert urls.link(urls.HOME, urls.SCHOOLS) == "schools/index.md"
    assert urls.link(urls.organisation("sch-1"), urls.organisation_data("sch-1")) == "sch-1.csv"
