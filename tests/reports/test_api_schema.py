"""The API answers as its published OpenAPI document (/api/v1/openapi.json) says: every real answer
validates against it (objects closed, so an English or unknown key fails), every answer — errors, 304s,
preflights, redirects — has the CORS and caching headers docs/api.md promises, and times are to the second in
+07:00."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec

from reports.models import Report

REPORT_SLUG = "bao-cao-ket-qua-tuyen-truyen-cchc-2019"
PLAN_SLUG = "ke-hoach-tuyen-truyen-cchc-2019"
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")


@pytest.fixture
def schema(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    Draft202012Validator.check_schema({"$defs": document["components"]["schemas"]})
    return document


def validate(document, name, data):
    validator = Draft202012Validator({"$ref": f"#/components/schemas/{name}", "components": document["components"]})
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def _times(data):
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("cong_khai_luc", "so_lieu_tinh_den") and value is not None:
                yield value
            yield from _times(value)
    elif isinstance(data, list):
        for item in data:
            yield from _times(item)


class TestApiSchemaOnTheDemo:
    @pytest.mark.parametrize(("path", "name"), [
        ("/api/v1/", "MucLuc"),
        ("/api/v1/ke-hoach/", "DanhSachKeHoach"),
        (f"/api/v1/ke-hoach/{PLAN_SLUG}/", "KeHoach"),
        ("/api/v1/bao-cao/", "DanhSachBaoCao"),
        (f"/api/v1/bao-cao/{REPORT_SLUG}/", "BaoCao"),
        ("/api/v1/ke-hoach/?trang=abc", "Loi"),
        ("/api/v1/bao-cao/khong-co-bao-cao-nay/", "Loi"),
    ])
    def test_every_answer_matches_the_published_document(self, client, demo, schema, path, name):
        response = client.get(path)
        assert response["Content-Type"] == "application/json; charset=utf-8"
        validate(schema, name, response.json())
        assert response["Cache-Control"] == "public, max-age=300"
        assert response["Access-Control-Allow-Origin"] == "*"
        assert all(TIME.match(moment) for moment in _times(response.json()))

    def test_a_quarter_report_validates_with_its_in_period_figures(self, client, q2_report, schema):
        data = client.get(f"/api/v1/bao-cao/{q2_report.slug}/").json()
        validate(schema, "BaoCao", data)
        task = data["so_lieu"]["hoan_thanh_nhiem_vu"]["nhiem_vu"][0]
        assert (task["chi_tieu"], task["thuc_hien_trong_ky"], task["luy_ke"], task["ty_le_hoan_thanh"]) == (
            550, 144, 285, 51)

    def test_an_unknown_slug_or_path_answers_json_404_with_cors(self, client, demo):
        for path in (f"/api/v1/bao-cao/{REPORT_SLUG}-cu/", "/api/v1/ke-hoach/khong-co/", "/api/v1/khong-co/"):
            response = client.get(path)
            assert (response.status_code, response["Content-Type"]) == (404, "application/json; charset=utf-8"), path
            assert response.json() == {"loi": "Không tìm thấy: kế hoạch hoặc báo cáo này không có hoặc chưa công khai."}
            assert response["Access-Control-Allow-Origin"] == "*"
            assert response["Cache-Control"] == "public, max-age=300"

    @pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/bao-cao/", f"/api/v1/bao-cao/{REPORT_SLUG}/",
                                      "/api/v1/openapi.json"])
    def test_a_cors_preflight_is_answered(self, client, demo, path):
        response = client.options(path, headers={"Origin": "https://vi-du.gov.vn",
                                                 "Access-Control-Request-Method": "GET",
                                                 "Access-Control-Request-Headers": "if-none-match"})
        assert response.status_code == 204
        assert response["Access-Control-Allow-Origin"] == "*"
        assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
        assert response["Access-Control-Allow-Headers"] == "If-None-Match"
        assert response["Cache-Control"] == "public, max-age=300"

    def test_writes_are_refused_in_json_with_cors(self, client, demo):
        response = client.post("/api/v1/bao-cao/", {})
        assert (response.status_code, response["Allow"]) == (405, "GET, HEAD, OPTIONS")
        assert response.json() == {"loi": "Chỉ đọc: phương thức POST không được hỗ trợ."}
        assert response["Access-Control-Allow-Origin"] == "*"

    def test_cached_answers_and_revalidations_keep_max_age(self, client, demo, settings):
        settings.PUBLIC_PAGE_CACHE_SECONDS = 600  # the page cache sets max-age=0 on pages; the API keeps 300
        url = reverse("api:plan_list")
        first, second = client.get(url), client.get(url)
        assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
        assert first["Cache-Control"] == second["Cache-Control"] == "public, max-age=300"
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304
        assert again["Cache-Control"] == "public, max-age=300" and again["Access-Control-Allow-Origin"] == "*"

    def test_an_old_slug_redirects_with_cors(self, client, demo, django_capture_on_commit_callbacks):
        report = Report.objects.get(slug=REPORT_SLUG)
        with django_capture_on_commit_callbacks(execute=True):
            report.slug = "bao-cao-nam-2019"
            report.save()
        response = client.get(f"/api/v1/bao-cao/{REPORT_SLUG}/")
        assert (response.status_code, response["Location"]) == (301, "/api/v1/bao-cao/bao-cao-nam-2019/")
        assert response["Access-Control-Allow-Origin"] == "*"
        assert json.loads(client.get(response["Location"]).content)["duong_dan"] == "bao-cao-nam-2019"

    def test_published_at_is_to_the_second_in_the_provinces_time(self, client, demo):
        data = client.get(f"/api/v1/bao-cao/{REPORT_SLUG}/").json()
        assert (data["cong_khai_luc"], data["so_lieu_tinh_den"]) == ("2020-01-05T08:00:00+07:00",
                                                                     "2020-01-05T08:00:00+07:00")
        plan = client.get(f"/api/v1/ke-hoach/{PLAN_SLUG}/").json()
        assert plan["cong_khai_luc"] == "2019-01-25T08:00:00+07:00", "the day the plan was issued, not the demo's load"


def test_the_document_names_every_path_the_api_answers(schema):
    assert set(schema["paths"]) == {"/", "/ke-hoach/", "/ke-hoach/{slug}/", "/bao-cao/", "/bao-cao/{slug}/",
                                    "/openapi.json"}
    assert schema["servers"] == [{"url": "http://testserver/api/v1"}]
    assert schema["openapi"] == "3.1.0"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/bao-cao/", f"/api/v1/bao-cao/{REPORT_SLUG}/",
                                  "/api/v1/openapi.json", "/api/v1/khong-co/"])
def test_a_write_from_another_site_gets_405_json_with_cors_not_a_csrf_page(demo, method, path):
    """As a browser on another site sends it: no CSRF cookie or token (the test client skips CSRF unless told)."""
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(path, "{}", content_type="application/json",
                                       headers={"Origin": "https://vi-du.gov.vn"})
    assert (response.status_code, response["Content-Type"], response["Allow"]) == (
        405, "application/json; charset=utf-8", "GET, HEAD, OPTIONS")
    assert response.json() == {"loi": f"Chỉ đọc: phương thức {method.upper()} không được hỗ trợ."}
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize(("path", "location"), [
    ("/api/v1/bao-cao", "/api/v1/bao-cao/"),
    ("/api/v1/ke-hoach?nam=2019", "/api/v1/ke-hoach/?nam=2019"),
    (f"/api/v1/bao-cao/{REPORT_SLUG}", f"/api/v1/bao-cao/{REPORT_SLUG}/"),
])
def test_an_address_without_its_slash_redirects_with_cors(client, demo, path, location):
    response = client.get(path, headers={"Origin": "https://vi-du.gov.vn"})
    assert (response.status_code, response["Location"]) == (301, location)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "public, max-age=300"
    assert client.get(location).status_code == 200


def test_an_unknown_address_without_a_slash_is_a_json_404_with_cors(client, demo):
    response = client.get("/api/v1/khong-co")
    assert (response.status_code, response["Content-Type"]) == (404, "application/json; charset=utf-8")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_published_document_passes_the_openapi_validator(client, db):
    """openapi-spec-validator, as an API client's tooling would check it (every path parameter declared by
    every operation of its path, and so on)."""
    validate_spec(client.get("/api/v1/openapi.json").json())
