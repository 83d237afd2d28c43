"""Hostile uploads to the editor's image upload and the activity photos: each is refused with a clear
Vietnamese message, or stored only as a freshly encoded image under a generated name."""

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from tests.conftest import image_bytes
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
UPLOAD_URL = reverse("campaigns:editor_upload")
NOT_AN_IMAGE = "Tệp tải lên không phải là ảnh hợp lệ hoặc đã bị hỏng."
ROOT = Path(__file__).resolve().parents[2]


def png_claiming(width, height):
    """A PNG of a few hundred bytes whose header announces width × height pixels: a decompression bomb
    to anything that trusts the header and allocates the pixels."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    pixels = zlib.compress(b"\x00" * 4096, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.fixture
def staff():
    client = Client()
    client.force_login(UserFactory())
    return client


def upload(client, content, name, content_type="image/png"):
    return client.post(UPLOAD_URL, {"upload": SimpleUploadedFile(name, content, content_type=content_type)})


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # Pillow warns; we refuse
@pytest.mark.parametrize("width, height", [(50_000, 50_000), (40_001, 1_000), (2**31 - 1, 1)])
def test_decompression_bombs_are_refused_before_their_pixels_are_allocated(staff, width, height):
    assert width * height > Image.MAX_IMAGE_PIXELS
    response = upload(staff, png_claiming(width, height), "bom.png")
    assert response.status_code == 400
    message = response.json()["error"]["message"]
    assert "điểm ảnh quá lớn" in message or message == NOT_AN_IMAGE


@pytest.mark.parametrize("content, name, content_type", [
    (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>',
     "logo.svg", "image/svg+xml"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.png", "image/png"),
    (b"<!doctype html><script>alert(document.cookie)</script>", "anh.jpg", "image/jpeg"),
    (b"GIF89a/*\x00\x00*/=1;alert(1)//", "anh.gif", "image/gif"),
    (b"%PDF-1.4\n1 0 obj<</Type/Catalog/OpenAction<</S/JavaScript/JS(alert(1))>>>>endobj", "a.png", "image/png"),
    (b"MZ\x90\x00\x03" + b"\x00" * 200, "setup.exe.jpg", "image/jpeg"),
    (image_bytes()[:60], "cut.png", "image/png"),
    (b"", "empty.png", "image/png"),
])
def test_files_that_are_not_images_are_refused_whatever_their_name(staff, content, name, content_type):
    response = upload(staff, content, name, content_type)
    assert response.status_code == 400, name
    assert response.json()["error"]["message"] in (NOT_AN_IMAGE, "Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF.")


def test_an_image_in_a_format_we_do_not_take_is_refused_by_name(staff):
    response = upload(staff, image_bytes(fmt="TIFF"), "scan.tiff", "image/tiff")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Chỉ nhận ảnh JPEG, PNG, WebP hoặc GIF."


@pytest.mark.parametrize("name", ["shell.php", "anh.html", "anh.svg", "anh.jpg.php", "..%2f..%2fanh.png", "ảnh .PNG"])
def test_a_real_image_with_a_lying_name_is_stored_as_a_clean_jpeg_under_a_generated_name(staff, name):
    response = upload(staff, image_bytes(), name, "text/html")
    assert response.status_code == 200, response.content
    url = response.json()["url"]
    assert re.fullmatch(r"/media/editor/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", url)
    with default_storage.open(url.removeprefix("/media/")) as stored:
        assert Image.open(stored).format == "JPEG"


def test_a_jpeg_carrying_script_in_its_comment_and_exif_keeps_only_its_pixels(staff):
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010E] = "<script>alert('exif')</script>"  # ImageDescription
    Image.new("RGB", (64, 48), (10, 120, 200)).save(buffer, format="JPEG", exif=exif,
                                                    comment=b"<script>alert('com')</script>")
    polyglot = buffer.getvalue() + b"<?php system($_GET['c']); ?>"
    response = upload(staff, polyglot, "anh.jpg", "image/jpeg")
    assert response.status_code == 200
    with default_storage.open(response.json()["url"].removeprefix("/media/")) as stored:
        data = stored.read()
    for payload in (b"<script", b"<?php", b"alert("):
        assert payload not in data


def test_a_request_larger_than_the_limit_is_refused_before_it_is_read(client, settings):
    settings.REQUEST_MAX_BYTES = 1024 * 1024
    client.force_login(UserFactory())
    response = client.post(UPLOAD_URL, data=b"x" * 100, content_type="application/octet-stream",
                           CONTENT_LENGTH=str(3 * 1024 * 1024 * 1024))
    assert response.status_code == 413
    html = response.content.decode()
    assert "Dữ liệu gửi lên quá lớn" in html and "chưa có gì được lưu" in html
    assert client.get("/").status_code == 200


def test_media_is_served_with_nosniff_a_sandbox_and_only_image_types():
    """nginx serves /media/ (Django serves no media outside DEBUG); both configurations say so.
    `make security-check` asks the running nginx for a stored image and checks the same headers."""
    for config in ("deploy/nginx/cchc-portal.conf", "deploy/nginx/cchc-portal.conf.template"):
        text = (ROOT / config).read_text()
        media = re.search(r"location /media/ \{(.*?)\n\s*\}", text, re.S).group(1)
        assert "add_header X-Content-Type-Options nosniff always;" in media, config
        assert re.search(r"Content-Security-Policy \"default-src 'none';[^\"]*sandbox\" always;", media), config
        assert "default_type application/octet-stream;" in media, config
        types = re.search(r"types \{([^}]*)\}", media).group(1)
        assert "text/html" not in types and "svg" not in types and "javascript" not in types, config


def test_a_file_of_blank_rows_counts_them_against_the_row_limit(settings):
    """A small .xlsx can hold a million rows of spaces: they are counted, so reading stops at the limit."""
    import io
    import time

    from openpyxl import Workbook

    from campaigns import spreadsheets
    from tests.factories import AgencyFactory, data_entry_user

    settings.IMPORT_MAX_ROWS = 200
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(spreadsheets.DATA_SHEET)
    sheet.append(spreadsheets.HEADERS)
    for _ in range(5000):
        sheet.append([" "])
    buffer = io.BytesIO()
    workbook.save(buffer)
    started = time.process_time()
    with pytest.raises(spreadsheets.ImportFileError, match="kể cả dòng trống"):
        spreadsheets.read_activities(buffer.getvalue(), data_entry_user(AgencyFactory()))
    assert time.process_time() - started < 2


def test_a_sheet_whose_xml_is_far_larger_than_the_row_limit_needs_is_refused_before_parsing(settings):
    import io
    import time

    from openpyxl import Workbook

    from campaigns import spreadsheets
    from tests.factories import AgencyFactory, data_entry_user

    settings.IMPORT_MAX_ROWS = 100
    settings.IMPORT_MAX_SHEET_XML_BYTES = 100 * 1200
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(spreadsheets.DATA_SHEET)
    sheet.append(spreadsheets.HEADERS)
    for _ in range(3000):
        sheet.append([" "] * 3)
    buffer = io.BytesIO()
    workbook.save(buffer)
    started = time.process_time()
    with pytest.raises(spreadsheets.ImportFileError, match="giải nén ra quá lớn"):
        spreadsheets.read_activities(buffer.getvalue(), data_entry_user(AgencyFactory()))
    assert time.process_time() - started < 1
