"""A backup restored into an empty database has the same reports and figures, and the media files;
a damaged backup or a non-empty target is refused. Runs on both databases (pg_dump/pg_restore on
PostgreSQL, SQLite's online backup on SQLite)."""

import io
import json
import sqlite3
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from core.files import private_storage
from ops.backups import _pg_connect
from reports.models import Report
from tests.conftest import restore_seed_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def portal_data():
    restore_seed_data()
    call_command("load_demo", force=True, stdout=io.StringIO())
    default_storage.save("editor/2019/05/anh-hoi-nghi.jpg", ContentFile(b"\xff\xd8 anh hoi nghi \xff\xd9"))
    private_storage().save("plans/2019/ban-ky.pdf", ContentFile(b"%PDF-1.4 ban ky"))


@pytest.fixture
def empty_database(tmp_path):
    """A URL of a new, empty database of the same kind as the one the tests use."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"cchc_restore_{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def reports_in(database_url):
    """The reports as the restored database holds them, read without Django."""
    query = "SELECT slug, title, status, figures FROM reports_report ORDER BY slug"
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as restored:
            rows = restored.execute(query).fetchall()
    else:
        import environ

        restored = _pg_connect(environ.Env.db_url_config(database_url))
        with restored.cursor() as cursor:
            cursor.execute(query)
            rows = cursor.fetchall()
        restored.close()
    return [(slug, title, status, json.loads(f) if isinstance(f, str) else f) for slug, title, status, f in rows]


def test_a_backup_restored_into_an_empty_database_has_the_same_reports_figures_and_media(
        portal_data, empty_database, tmp_path):
    out = io.StringIO()
    call_command("backup", str(tmp_path / "backups"), stdout=out)
    folder = next((tmp_path / "backups").iterdir())
    assert {p.name for p in folder.iterdir()} >= {"manifest.json", "media.tar.gz"}

    call_command("restore", str(folder), database_url=empty_database, media_root=str(tmp_path / "media"),
                 private_media_root=str(tmp_path / "private"), stdout=(restored := io.StringIO()))

    assert "dữ liệu khớp với bản sao lưu" in restored.getvalue()
    original = [(r.slug, r.title, r.status, r.figures) for r in Report.objects.order_by("slug")]
    assert reports_in(empty_database) == original
    channels = {c["code"]: c["total"] for c in original[0][3]["channels"]}
    assert channels["phat-thanh-truyen-hinh"] == 574  # the article's 574 broadcast topics, restored
    assert (tmp_path / "media/editor/2019/05/anh-hoi-nghi.jpg").read_bytes() == b"\xff\xd8 anh hoi nghi \xff\xd9"
    assert (tmp_path / "private/plans/2019/ban-ky.pdf").read_bytes() == b"%PDF-1.4 ban ky"  # outside MEDIA_ROOT
    assert not (tmp_path / "media/plans/2019/ban-ky.pdf").exists()


def test_a_damaged_backup_or_a_target_with_data_is_refused(portal_data, empty_database, tmp_path):
    call_command("backup", str(tmp_path / "backups"), stdout=io.StringIO())
    folder = next((tmp_path / "backups").iterdir())
    call_command("restore", str(folder), database_url=empty_database, media_root=str(tmp_path / "m1"),
                 private_media_root=str(tmp_path / "p1"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="không trống|đã có dữ liệu"):
        call_command("restore", str(folder), database_url=empty_database, media_root=str(tmp_path / "m2"))

    with open(folder / "media.tar.gz", "ab") as archive:
        archive.write(b"tampered")
    with pytest.raises(CommandError, match="sai mã kiểm tra"):
        call_command("restore", str(folder), database_url=empty_database, media_root=str(tmp_path / "m3"))
