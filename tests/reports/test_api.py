"""The open-data JSON: published plans and reports only, no emails, paginated, cacheable."""

import datetime as dt
import json

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from campaigns.models import Plan, PublishStatus
from discussion.models import CitizenComment
from reports.models import Report
from tests.factories import PlanFactory

REPORT_SLUG = "bao-cao-ket-qua-tuyen-truyen-cchc-2019"
PLAN_SLUG = "ke-hoach-tuyen-truyen-cchc-2019"


def get_json(client, name, **kwargs):
    response = client.get(reverse(f"api:{name}", kwargs=kwargs or None))
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response, json.loads(response.content)


class TestApiOnTheDemo:
    def test_report_figures_as_published(self, client, demo):
        _, data = get_json(client, "report_detail", slug=REPORT_SLUG)
        assert data["so_ky_hieu"] == "45/BC-UBND"
        assert data["so_lieu_tinh_den"] == "2020-01-05T08:00:00+07:00"
        channels = {row["ten"]: row for row in data["so_lieu"]["theo_hinh_thuc"]}
        radio = channels["Phát thanh – truyền hình"]
        assert (radio["so_luong"], radio["don_vi_tinh"]) == (574, "đề tài")
        assert channels["Tọa đàm, hội thảo"]["so_luong"] == 10
        assert channels["Báo chí (báo in, báo ảnh)"]["so_luong"] == 40
        assert data["so_lieu"]["hoan_thanh_nhiem_vu"]["ty_le_hoan_thanh"] == 100
        assert data["so_lieu"]["tong_hop"] == {"so_hoat_dong": 49, "so_nguoi_tham_du": 171, "so_co_quan": 8}

    def test_plan_with_tasks_and_progress(self, client, demo):
        _, data = get_json(client, "plan_detail", slug=PLAN_SLUG)
        assert data["so_ky_hieu"] == "15/KH-UBND"
        assert len(data["nhiem_vu"]) == 8
        assert data["hoan_thanh_nhiem_vu"] == {"so_nhiem_vu": 8, "so_hoan_thanh": 8, "ty_le_hoan_thanh": 100}
        assert data["bao_cao"] == [f"http://testserver/api/v1/bao-cao/{REPORT_SLUG}/"]

    def test_drafts_never_appear(self, client, demo):
        draft_plan = PlanFactory(title="Kế hoạch nháp bí mật", status=PublishStatus.DRAFT)
        draft_report = Report.objects.create(title="Báo cáo nháp bí mật", slug="nhap", date=dt.date(2020, 2, 1),
                                             plan=Plan.objects.get(slug=PLAN_SLUG),
                                             issuing_agency=draft_plan.issuing_agency)
        for name in ("plan_list", "report_list", "index"):
            assert "bí mật" not in client.get(reverse(f"api:{name}")).content.decode()
        assert client.get(reverse("api:plan_detail", kwargs={"slug": draft_plan.slug})).status_code == 404
        assert client.get(reverse("api:report_detail", kwargs={"slug": draft_report.slug})).status_code == 404
        _, data = get_json(client, "plan_detail", slug=PLAN_SLUG)
        assert all("nhap" not in url for url in data["bao_cao"])

    def test_no_email_or_staff_name_leaks(self, client, demo):
        report = Report.objects.get(slug=REPORT_SLUG)
        CitizenComment.objects.create(content_type=ContentType.objects.get_for_model(Report), object_pk=str(report.pk),
                                      site_id=1, user_name="An", user_email="an.secret@example.vn", comment="Hỏi",
                                      is_public=True)
        bodies = "".join(client.get(url).content.decode() for url in (
            reverse("api:index"), reverse("api:plan_list"), reverse("api:report_list"),
            reverse("api:plan_detail", kwargs={"slug": PLAN_SLUG}),
            reverse("api:report_detail", kwargs={"slug": REPORT_SLUG})))
        assert "@" not in bodies
        for internal in ("dai_ptth", "dieuphoi", "created_by", "channel_id", "agency_id", '"id"'):
            assert internal not in bodies

    def test_lists_are_paginated(self, client, demo):
        PlanFactory.create_batch(60, status=PublishStatus.PUBLISHED, year=2021)
        _, first = get_json(client, "plan_list")
        # The 60 and the demo's two (2019, and the illustrative 2026 plan of the merged province).
        assert (first["tong_so"], first["so_trang"], len(first["ket_qua"])) == (62, 2, 50)
        assert first["trang_sau"] == "http://testserver/api/v1/ke-hoach/?trang=2"
        second = json.loads(client.get(first["trang_sau"]).content)
        assert len(second["ket_qua"]) == 12 and second["trang_sau"] is None
        assert client.get(reverse("api:plan_list"), {"trang": "abc"}).status_code == 400
        assert client.get(reverse("api:plan_list"), {"trang": "9"}).status_code == 404
        by_year = json.loads(client.get(reverse("api:plan_list"), {"nam": "2019"}).content)
        assert by_year["tong_so"] == 1

    def test_answers_are_cacheable_and_revalidate(self, client, demo):
        response, _ = get_json(client, "report_detail", slug=REPORT_SLUG)
        assert response["Cache-Control"] == "public, max-age=300"
        assert response["Access-Control-Allow-Origin"] == "*"
        again = client.get(reverse("api:report_detail", kwargs={"slug": REPORT_SLUG}),
                           headers={"If-None-Match": response["ETag"]})
        assert again.status_code == 304
        assert again.content == b""

    def test_read_only(self, client, demo):
        assert client.post(reverse("api:report_list"), {}).status_code == 405

    def test_a_quarter_report_gives_task_progress_in_the_quarter_and_to_its_end(self, client, q2_report):
        _, data = get_json(client, "report_detail", slug=q2_report.slug)
        completion = data["so_lieu"]["hoan_thanh_nhiem_vu"]
        radio = completion["nhiem_vu"][0]
        assert (radio["chi_tieu"], radio["thuc_hien_trong_ky"], radio["luy_ke"], radio["ty_le_hoan_thanh"]) == (
            550, 144, 285, 51)
        assert (completion["tu_ngay"], completion["den_ngay"]) == ("2019-04-01", "2019-06-30")
        assert (completion["so_hoan_thanh"], completion["so_nhiem_vu"], completion["ty_le_hoan_thanh"]) == (4, 8, 50)

    def test_plan_tasks_keep_their_shape(self, client, demo):
        _, data = get_json(client, "plan_detail", slug=PLAN_SLUG)
        radio = data["nhiem_vu"][0]
        assert (radio["chi_tieu"], radio["luy_ke"]) == (550, 574)
        assert "thuc_hien_trong_ky" not in radio
