"""Migrations: created once, applied only when missing, newer databases refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.errors import SchemaTooNewError
from db.schema import known_migrations, migrations, open_database


def test_open_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "scs.db"
    db = open_database(path)
    tables = set(db.table_names())
    assert {
        "sources",
        "runs",
        "fetches",
        "snapshots",
        "documents",
        "claims",
        "attribute_values",
        "matrix_cells",
        "alerts",
        "reviews",
        "dataset_versions",
    } <= tables
    db.close()
    db = open_database(path)
    assert [m.name for m in migrations.applied(db)] == known_migrations()
    assert set(db.table_names()) == tables
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scs.db"
    db = open_database(path)
    db["_sqlite_migrations"].insert(
        {"migration_set": "scs-monitor", "name": "m999_future", "applied_at": "2030-01-01"}
    )
    db.close()
    with pytest.raises(SchemaTooNewError, match="m999_future"):
        open_database(path)


def test_tables_are_strict(db) -> None:
    assert "STRICT" in db["fetches"].schema


def test_a_new_database_held_by_another_process_is_waited_for_not_refused(tmp_path) -> None:
    """The scheduler and `status` opening a new database at once: switching it to WAL needs
    the database to itself, and SQLite refuses at once rather than waiting; opening waits."""
    import sqlite3
    import threading

    from db.schema import open_database

    path = tmp_path / "scs.db"
    holder = sqlite3.connect(path, check_same_thread=False)
    holder.execute("create table t (a)")
    holder.execute("begin immediate")  # a write lock in rollback-journal mode
    holder.execute("insert into t values (1)")
    released = threading.Event()

    def release() -> None:
        released.wait(30)
        holder.commit()

    threading.Thread(target=release, daemon=True).start()
    threading.Timer(0.5, released.set).start()
    db = open_database(path)
    assert released.is_set()
    assert db.journal_mode == "wal"
    assert "changes" in db.table_names()
    holder.close()
