"""Benchmarks run only when asked for (``make bench`` = ``pytest -m bench tests/bench``)."""

import pytest


def pytest_collection_modifyitems(config, items):
    if "bench" in (config.getoption("-m") or ""):
        return
    skip = pytest.mark.skip(reason="benchmark: run with `make bench` (pytest -m bench)")
    for item in items:
        if "bench" in item.keywords:
            item.add_marker(skip)
