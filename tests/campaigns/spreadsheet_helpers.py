"""Building, uploading and confirming Excel files in the activity import tests."""

import html
import io
import re

from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import Workbook

from campaigns import spreadsheets

IMPORT_URL = reverse("admin:campaigns_activity_import")
STATION = "Đài Phát thanh – Truyền hình Cà Mau"
PAPER = "Báo Cà Mau"
TV = "Phát thanh – truyền hình"
PRESS = "Báo chí (báo in, báo ảnh)"
# The layout before the "Mã dòng" column: old templates still import.
OLD_HEADERS = [h for h in spreadsheets.HEADERS if h != "Mã dòng"]


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def xlsx(rows, headers=None):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers if headers is not None else spreadsheets.HEADERS)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(title="Phóng sự CCHC", date="15/03/2019", quantity=2, agency=STATION, channel=TV, plan="15/KH-UBND",
        task="", participants=None, awards=None, url="", note="", id=None):  # noqa: A002 — the column's name
    return [id, plan, task, agency, channel, date, title, quantity, participants, awards, url, note]


def old_row(**cells):
    return row(**cells)[1:]


def upload(client, content, name="ket-qua.xlsx"):
    file = io.BytesIO(content)
    file.name = name
    return client.post(IMPORT_URL, {"file": file})


def page_text(response):
    """What a person reads: tags removed, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", response.content.decode())))


def confirm(client, response, filename="ket-qua.xlsx"):
    context = response.context
    return client.post(IMPORT_URL, {"token": context["token"], "filename": filename,
                                    "warnings": context["result"].warning_count})
