"""Issue 27, item 3: files both application nodes see. Everything the portal keeps between two requests or
hands out later goes through the configured storages, never a node's own disk."""

import datetime as dt
import os

import pytest
from django.core.files.storage import storages

from cchc_portal.settings.files import storages_setting
from core.spreadsheets import pending_forget_stale, pending_path, pending_store


@pytest.mark.django_db
def test_a_checked_import_waits_in_shared_private_storage(two_agencies):
    """Checked on one node, confirmed on the other: the file waits where both see it."""
    officer = two_agencies["radio_user"]
    token = pending_store(officer, b"PK-checked-file")
    pending = pending_path(officer, token)
    assert storages["private"].exists(pending.name)
    assert pending.exists() and pending.read_bytes() == b"PK-checked-file"
    stranger = two_agencies["paper_user"]
    assert not pending_path(stranger, token).exists()
    pending.unlink(missing_ok=True)
    assert not storages["private"].exists(pending.name)


@pytest.mark.django_db
def test_checked_files_older_than_a_day_are_forgotten(two_agencies):
    officer = two_agencies["radio_user"]
    old = pending_path(officer, pending_store(officer, b"old"))
    fresh = pending_path(officer, pending_store(officer, b"fresh"))
    long_ago = (dt.datetime.now() - dt.timedelta(days=2)).timestamp()
    os.utime(storages["private"].path(old.name), (long_ago, long_ago))
    pending_forget_stale()
    assert not old.exists() and fresh.exists()


def test_a_folder_by_default_shared_by_mounting_it_on_every_node():
    setting = storages_setting(kind="folder", media_root="/srv/m", private_root="/srv/p", s3={})
    assert setting["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert setting["private"]["OPTIONS"]["location"] == "/srv/p"


def test_s3_compatible_object_storage_keeps_private_files_private():
    s3 = {"bucket": "cchc", "endpoint_url": "http://10.0.0.5:9000", "region": "", "access_key": "k",
          "secret_key": "s", "public_url": "https://tep.camau.gov.vn"}
    setting = storages_setting(kind="s3", media_root="", private_root="", s3=s3)
    public, private = setting["default"], setting["private"]
    assert public["BACKEND"] == private["BACKEND"] == "storages.backends.s3.S3Storage"
    assert public["OPTIONS"]["location"] == "media" and private["OPTIONS"]["location"] == "private-media"
    assert private["OPTIONS"]["default_acl"] == "private" and private["OPTIONS"]["querystring_auth"] is False
    assert "custom_domain" not in private["OPTIONS"], "private files are handed out only by the portal's view"
    assert public["OPTIONS"]["custom_domain"] == "tep.camau.gov.vn"


def test_an_unknown_storage_kind_is_refused_at_start():
    with pytest.raises(ValueError, match="FILE_STORAGE"):
        storages_setting(kind="nfs", media_root="", private_root="", s3={})
