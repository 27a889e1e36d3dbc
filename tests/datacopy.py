"""Throw-away copies of the record's data directory, for tests that edit data.

A plain module (not ``conftest.py``): several test directories have a ``conftest.py``, and which one
``import conftest`` finds depends on the order pytest loaded them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from csto.record.load import record_dir

#: The data directory of the record under test (the package's, unless ``CSTO_RECORD_DIR`` is set).
SHIPPED_DATA = record_dir()


def copy_data(dest: Path) -> Path:
    """Copy the shipped data directory to ``dest`` and return it."""
    shutil.copytree(SHIPPED_DATA, dest)
    return dest
