"""A backup taken before the agencies got their own app (their table was campaigns_agency) is still read:
the restore's check counts the agencies under the name the backup has."""

import sqlite3

import pytest

from agencies.models import Agency
from ops import backups


def test_a_backup_from_before_the_agencies_app_is_counted_under_its_old_table_name():
    database = sqlite3.connect(":memory:")
    database.execute("CREATE TABLE campaigns_agency (id integer)")
    database.executemany("INSERT INTO campaigns_agency VALUES (?)", [(1,), (2,), (3,)])
    database.commit()  # as a restored copy is
    assert backups._count(database.cursor(), Agency) == 3


def test_a_database_without_the_table_under_any_name_is_refused_in_vietnamese():
    with pytest.raises(backups.BackupError, match="không có bảng agencies_agency"):
        backups._count(sqlite3.connect(":memory:").cursor(), Agency)
