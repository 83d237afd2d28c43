import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from campaigns.models import ActivityPhoto
from tests.conftest import image_bytes
from tests.factories import AgencyFactory, ChannelFactory, PlanFactory, UserFactory, data_entry_user

pytestmark = pytest.mark.django_db
UPLOAD_URL = reverse("campaigns:editor_upload")


def upload(client, content, name="anh.png", content_type="image/png"):
    return client.post(UPLOAD_URL, {"upload": SimpleUploadedFile(name, content, content_type=content_type)})


def stored_bytes(url):
    name = url.removeprefix("/media/")
    with default_storage.open(name) as fh:
        return fh.read()


def test_anonymous_visitor_cannot_upload(client, png_bytes):
    response = upload(client, png_bytes)
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "Bạn không có quyền tải ảnh lên."


def test_logged_in_non_staff_cannot_upload(client, png_bytes):
    client.force_login(UserFactory(is_staff=False))
    assert upload(client, png_bytes).status_code == 403


def test_staff_upload_is_stored_under_a_generated_name(client, png_bytes):
    client.force_login(UserFactory())
    response = upload(client, png_bytes, name="../../etc/passwd.png")
    assert response.status_code == 200
    url = response.json()["url"]
    assert re.fullmatch(r"/media/editor/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", url)


def test_text_file_named_like_an_image_is_refused(client):
    client.force_login(UserFactory())
    response = upload(client, b"<?php system($_GET['c']); ?>", name="shell.png")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Tệp tải lên không phải là ảnh hợp lệ hoặc đã bị hỏng."


def test_payload_appended_to_an_image_is_not_stored(client, png_bytes):
    client.force_login(UserFactory())
    payload = b"<script>alert('polyglot')</script>"
    response = upload(client, png_bytes + payload)
    assert response.status_code == 200
    assert payload not in stored_bytes(response.json()["url"])


@override_settings(IMAGE_MAX_BYTES=10_000)
def test_oversize_image_is_refused_with_the_limit_in_the_message(client):
    client.force_login(UserFactory())
    big = image_bytes(fmt="BMP", size=(200, 200))  # ~120 kB
    response = upload(client, big, name="lon.bmp", content_type="image/bmp")
    assert response.status_code == 400
    assert "Ảnh quá lớn" in response.json()["error"]["message"]


@override_settings(IMAGE_MAX_PIXELS=100 * 100)
def test_image_with_too_many_pixels_is_refused(client):
    client.force_login(UserFactory())
    response = upload(client, image_bytes(size=(400, 400)))
    assert response.status_code == 400
    assert "điểm ảnh" in response.json()["error"]["message"]


def test_activity_photo_added_in_admin_is_reencoded_with_a_thumbnail(client, png_bytes):
    agency = AgencyFactory()
    client.force_login(data_entry_user(agency))
    plan, channel = PlanFactory(), ChannelFactory()
    response = client.post(reverse("admin:campaigns_activity_add"), {
        "plan": plan.pk, "agency": agency.pk, "channel": channel.pk, "date": "12/05/2019",
        "title": "Phát tờ rơi", "quantity": "100", "description": "", "evidence_url": "",
        "photos-TOTAL_FORMS": "1", "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0", "photos-MAX_NUM_FORMS": "1000",
        "photos-0-image": SimpleUploadedFile("IMG_1.png", png_bytes + b"PAYLOAD", content_type="image/png"),
        "photos-0-caption": "Phát tờ rơi tại Trung tâm", "photos-0-order": "0",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    photo = ActivityPhoto.objects.get()
    assert photo.thumbnail.name.endswith(".jpg")
    assert "IMG_1" not in photo.image.name
    assert b"PAYLOAD" not in photo.image.read()


def test_activity_photo_that_is_not_an_image_gets_a_vietnamese_error(client):
    agency = AgencyFactory()
    client.force_login(data_entry_user(agency))
    response = client.post(reverse("admin:campaigns_activity_add"), {
        "plan": PlanFactory().pk, "agency": agency.pk, "channel": ChannelFactory().pk, "date": "12/05/2019",
        "title": "Có ảnh hỏng", "quantity": "1",
        "photos-TOTAL_FORMS": "1", "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0", "photos-MAX_NUM_FORMS": "1000",
        "photos-0-image": SimpleUploadedFile("a.jpg", b"not an image", content_type="image/jpeg"),
    })
    assert response.status_code == 200
    assert "ảnh hợp lệ" in response.content.decode()
    assert not ActivityPhoto.objects.exists()


def test_a_plan_attachment_is_stored_under_a_random_name():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import PlanFactory

    plan = PlanFactory(status="draft")
    plan.attachment = SimpleUploadedFile("ke-hoach-2027-du-thao.pdf", b"%PDF-1.4 thu", content_type="application/pdf")
    plan.save()
    name = plan.attachment.name
    assert name.startswith("plans/") and name.endswith(".pdf")
    assert "du-thao" not in name and len(name.rsplit("/", 1)[1]) >= 20
