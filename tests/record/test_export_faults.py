"""Exports are written whole or not at all: failures mid-way (a full disk, simulated and real) leave the
target as it was and nothing temporary behind; bad targets are refused with a clear message."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from csto.errors import CstoError
from csto.record.export import ExportError, export
from csto.record.record import Record


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("fmt", "method"),
    [
        ("csv", "to_csv"),
        ("parquet", "to_parquet"),
        ("stata", "to_stata"),
    ],
)
def test_a_full_disk_mid_way_leaves_nothing(
    record: Record, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, method: str
) -> None:
    real = getattr(pd.DataFrame, method)
    count = {"n": 0}

    def failing(self: pd.DataFrame, *args: Any, **kwargs: Any) -> Any:
        count["n"] += 1
        if count["n"] > 5:  # five tables written, then the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, method, failing)
    target = tmp_path / "out"
    with pytest.raises(ExportError, match="No space left on device; nothing was written"):
        export(record, target, fmt)
    assert count["n"] == 6
    assert list(tmp_path.iterdir()) == []  # no target, no temporary directory


def test_a_full_disk_keeps_the_previous_export(
    record: Record, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out"
    export(record, target, "json")
    before = snapshot(target)
    import openpyxl

    def no_space(self: Any, filename: Any) -> None:
        Path(filename).write_bytes(b"PK half a workbook")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(openpyxl.Workbook, "save", no_space)
    with pytest.raises(ExportError, match="No space left on device"):
        export(record, target, "xlsx")
    assert snapshot(target) == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_created_parents_are_removed_on_failure(
    record: Record, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(self: pd.DataFrame, *args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(pd.DataFrame, "to_csv", no_space)
    with pytest.raises(ExportError):
        export(record, tmp_path / "a" / "b" / "out", "csv")
    assert list(tmp_path.iterdir()) == []


def test_an_earlier_export_is_replaced_whole(record: Record, tmp_path: Path) -> None:
    target = tmp_path / "out"
    export(record, target, "csv")
    export(record, target, "stata")
    names = sorted(p.name for p in target.iterdir())
    assert not [n for n in names if n.endswith(".csv")]
    assert "claims.dta" in names and "codebook.json" in names
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_an_empty_directory_is_used(record: Record, tmp_path: Path) -> None:
    target = tmp_path / "out"
    target.mkdir()
    export(record, target, "csv")
    assert (target / "state_year.csv").is_file()


def test_the_export_directory_has_ordinary_permissions(record: Record, tmp_path: Path) -> None:
    reference = tmp_path / "reference"
    reference.mkdir()
    export(record, tmp_path / "out", "csv")
    assert (tmp_path / "out").stat().st_mode == reference.stat().st_mode


@pytest.mark.parametrize("name", ["", "  "])
def test_an_empty_name_is_refused(record: Record, name: str) -> None:
    with pytest.raises(CstoError, match="directory name is empty"):
        export(record, name, "csv")


def test_a_file_is_refused(record: Record, tmp_path: Path) -> None:
    path = tmp_path / "claims.csv"
    path.write_text("mine", encoding="utf-8")
    with pytest.raises(CstoError, match=r"claims.csv is a file, not a directory"):
        export(record, path, "csv")
    assert path.read_text(encoding="utf-8") == "mine"
    with pytest.raises(CstoError, match="is a file, not a directory"):
        export(record, path / "below", "csv")


@pytest.mark.parametrize("name", [".", "..", "./"])
def test_the_working_directory_is_refused(
    record: Record, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    with pytest.raises(CstoError, match="is the working directory or holds it"):
        export(record, name, "csv")
    assert [p.name for p in tmp_path.iterdir()] == ["here"] and list(here.iterdir()) == []


def test_a_name_too_long_is_refused(record: Record, tmp_path: Path) -> None:
    with pytest.raises(CstoError, match="File name too long") as info:
        export(record, tmp_path / ("a" * 300), "csv")
    assert len(str(info.value)) < 300  # the path is shortened in the message
    assert list(tmp_path.iterdir()) == []


def test_a_directory_of_other_files_is_refused(record: Record, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(
        CstoError, match=r"not empty and is not a csto export \(it holds notes.txt\)"
    ):
        export(record, tmp_path, "csv")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


# -- a real full disk: a small tmpfs in a user and mount namespace (no root needed) ----------------

_EXPORT = """
import os, sys
from csto.errors import CstoError
from csto.record.load import load_record
from csto.record.export import export
disk = sys.argv[1]
try:
    export(load_record(), os.path.join(disk, "out"), "csv")
except CstoError as exc:
    print("error:", exc)
print("left:", sorted(os.listdir(disk)))
"""


def _namespaces() -> str | None:
    """Why a tmpfs cannot be mounted here, or None if it can."""
    if shutil.which("unshare") is None:
        return "no unshare command"
    probe = subprocess.run(
        ["unshare", "-Urm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    return None if probe.returncode == 0 else f"cannot mount a tmpfs: {probe.stderr.strip()}"


def test_a_real_full_disk(tmp_path: Path) -> None:
    reason = _namespaces()
    if reason:
        pytest.skip(reason)
    disk = tmp_path / "disk"
    disk.mkdir()
    script = (
        f'mount -t tmpfs -o size=256k tmpfs "{disk}" && exec "{sys.executable}" -c "$0" "{disk}"'
    )
    result = subprocess.run(
        ["unshare", "-Urm", "sh", "-c", script, _EXPORT],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"error: cannot write the export to {disk}/out: No space left on device" in result.stdout
    assert "left: []" in result.stdout
