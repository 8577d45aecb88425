"""The `geography` fixture: the shared reference data, imported into the test's database.

Importing everything takes about 0.2 s on SQLite, so each test that needs it imports it afresh
inside its own transaction (rolled back afterwards) rather than sharing state across tests.
Without the data folder such tests skip, except in CI (CI=true), where that is a failure.
"""

import os

import pytest

from throughcare.geography.importing import configured_folder, import_geography


@pytest.fixture
def geography_dir():
    folder = configured_folder()
    if folder is None:
        message = "The shared geography data was not found: set GEOGRAPHY_DATA_DIR to its folder."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return folder


@pytest.fixture
def geography(db, geography_dir):
    """Every geography table loaded from the shared files; the value is the import's report."""
    return import_geography(folder=geography_dir)
