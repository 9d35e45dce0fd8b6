# The Python module's tests: run by ctest (python_module_test) with
# PYTHONPATH at the build tree's python/ and PANOPTICON_SOURCE at the
# repository, under Debian's /usr/bin/python3.
import os
import pathlib
import sys

import pytest

SOURCE = pathlib.Path(os.environ.get("PANOPTICON_SOURCE", pathlib.Path(__file__).parents[2]))


@pytest.fixture
def source():
    return SOURCE


@pytest.fixture
def run2(source):
    return str(source / "scenarios" / "epstein-2002" / "run2.toml")


@pytest.fixture
def full(source):
    return str(source / "scenarios" / "compliance" / "full.toml")


def small(steps=60, **tables):
    """A small scenario dict with the compliance layer on, for adoption."""
    scenario = {
        "lattice": {"width": 24, "height": 24},
        "model": {"steps": steps, "compliance_layer": "always"},
    }
    for name, table in tables.items():
        scenario.setdefault(name, {}).update(table)
    return scenario


sys.modules.setdefault("panopticon_test_helpers", sys.modules[__name__])
