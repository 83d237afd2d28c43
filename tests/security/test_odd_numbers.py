"""Unicode digits ("²", "٣") pass str.isdigit() and then break int() or mean something else: every
parameter a person can send is parsed by core.numbers.parse_id (ASCII digits only) and never gives a 500."""

import pytest
from django.urls import reverse

from core.numbers import parse_id
from tests.conftest import demo_in_an_outer_transaction
from tests.factories import ActivityFactory, AgencyFactory, data_entry_user

ODD = ["²", "٣", "¹²", "1²", "-1", "1e3", " 7", "9" * 40, "0x1f", "", "١٢"]


# scripts/security_check.py reads this file's results by test name (file::test), so its tests stay
# functions: the demo is loaded once for the module (tests/conftest.py) rather than for a class.
@pytest.fixture(scope="module")
def _demo_once(django_db_setup, django_db_blocker):
    yield from demo_in_an_outer_transaction(django_db_blocker, keep_periods=False)


@pytest.mark.parametrize("value, expected", [("12", 12), ("007", 7), ("²", None), ("٣", None), ("-1", None),
                                             ("9" * 40, None), ("", None), (None, None), (" 7", None)])
def test_parse_id_takes_ascii_digits_only(value, expected):
    assert parse_id(value) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("value", ODD)
def test_admin_activity_filters_and_export_never_fail_on_odd_numbers(client, value):
    agency = AgencyFactory()
    ActivityFactory(agency=agency)
    client.force_login(data_entry_user(agency))
    for url in (reverse("admin:campaigns_activity_changelist"), reverse("admin:campaigns_activity_export_csv")):
        for name in ("nam", "tinh"):
            response = client.get(url, {name: value})
            assert response.status_code < 500, (url, name, value)


@pytest.mark.parametrize("value", ODD)
def test_comment_reply_parameter_never_fails(client, demo, value):
    url = reverse("reports:report_detail", kwargs={"slug": "bao-cao-ket-qua-tuyen-truyen-cchc-2019"})
    assert client.get(url, {"tra-loi": value}).status_code == 200


@pytest.mark.parametrize("value", ODD)
def test_comment_post_with_an_odd_object_pk_is_a_404_not_a_500(client, demo, value):
    response = client.post(reverse("discussion:post"), {"content_type": "reports.report", "object_pk": value},
                           HTTP_ORIGIN="http://testserver")
    assert response.status_code in (400, 403, 404)


def test_a_bad_host_header_is_a_400_page_not_a_500(client, demo):
    response = client.get("/", HTTP_HOST="evil.example:6666")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_links_in_pages_come_from_the_configured_site_address_not_the_host(client, demo, settings):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    settings.SITE_URL = "https://cchc.camau.gov.vn"
    html = client.get(reverse("reports:plan_list") + "?nam=2019", HTTP_HOST="localhost",
                      HTTP_X_FORWARDED_PROTO="https").content.decode()
    assert '<link rel="canonical" href="https://cchc.camau.gov.vn/ke-hoach/?nam=2019">' in html
    assert "localhost" not in html


@pytest.mark.parametrize("value", ODD)
def test_public_list_and_api_parameters_never_fail(client, demo, value):
    for name in ("nam", "co-quan", "trang"):
        assert client.get(reverse("reports:plan_list"), {name: value}).status_code < 500
        assert client.get(reverse("reports:report_list"), {name: value}).status_code < 500
    for name in ("nam", "trang"):
        assert client.get(reverse("api:plan_list"), {name: value}).status_code in (200, 400, 404)
        assert client.get(reverse("api:report_list"), {name: value}).status_code in (200, 400, 404)


def test_api_links_come_from_the_configured_site_address(client, demo, settings):
    settings.SITE_URL = "https://cchc.camau.gov.vn"
    data = client.get(reverse("api:index"), HTTP_HOST="localhost").json()
    assert data["ke_hoach"] == "https://cchc.camau.gov.vn/api/v1/ke-hoach/"


def test_a_formula_in_a_task_title_is_text_in_the_public_report_downloads(client, demo):
    import csv
    import io

    from openpyxl import load_workbook

    from campaigns.models import Task
    from reports.models import Report
    from reports.report_publishing import report_refresh_figures

    formula = '=HYPERLINK("http://evil.example","Chi tiết")'
    # The report's plan's (2019): the demo's 2026 plan is not in it.
    Task.objects.filter(pk=Task.objects.filter(plan__year=2019).first().pk).update(title=formula)
    Activity = Task.objects.model._meta.get_field("activities").related_model
    Activity.objects.filter(pk=Activity.objects.filter(plan__year=2019).first().pk).update(title="@SUM(1+1)")
    report = Report.objects.get()
    report_refresh_figures(report=report, user=None, reason="thử")
    slug = report.slug
    xlsx = client.get(reverse("reports:report_download", kwargs={"slug": slug, "fmt": "xlsx"})).content
    sheet = load_workbook(io.BytesIO(xlsx))["Nhiệm vụ"]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    # A text cell with the quote-prefix style, shown as typed (issue 26): no apostrophe in the .xlsx.
    assert cells and all(c.data_type == "s" and c.quotePrefix and c.value == formula for c in cells)
    rows = csv.reader(io.StringIO(client.get(reverse("reports:report_download",
                                                     kwargs={"slug": slug, "fmt": "csv"})).content.decode("utf-8-sig")))
    assert not any(cell.lstrip().startswith(("=", "+", "@")) for row in rows for cell in row)


@pytest.mark.parametrize("value", ["²", "¹²³", "٣"])
def test_an_import_batch_address_with_unicode_digits_is_not_found_not_a_500(client, demo, value):
    agency = AgencyFactory()
    client.force_login(data_entry_user(agency))
    response = client.get(reverse("admin:campaigns_importbatch_change", args=[value]), follow=True)
    assert response.status_code in (200, 404)

