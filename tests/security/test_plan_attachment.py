"""A plan's signed PDF is stored outside the public media folder and handed out by the portal: a draft's
only to its agency's staff and coordinators, a published plan's to everyone (issue 13, item 10)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns.plan_publishing import plan_publish
from core.files import FILE_HEADERS
from tests.factories import AgencyFactory, PlanFactory, coordinator_user, data_entry_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 ke hoach du thao"


@pytest.fixture
def draft():
    plan = PlanFactory(status="draft", title="Kế hoạch dự thảo 2027")
    plan.attachment = SimpleUploadedFile("ke-hoach-2027-du-thao.pdf", PDF, content_type="application/pdf")
    plan.save()
    return plan


def download(client, plan):
    return client.get(plan.attachment.url)


def test_the_file_is_not_under_the_public_media_folder(draft):
    assert not (Path(settings.MEDIA_ROOT) / draft.attachment.name).exists()
    assert (Path(settings.PRIVATE_MEDIA_ROOT) / draft.attachment.name).read_bytes() == PDF
    assert draft.attachment.url.startswith("/tai-lieu/plans/")


def test_nobody_outside_the_agency_reads_a_drafts_pdf(client, draft):
    assert download(client, draft).status_code == 404  # anonymous
    client.force_login(data_entry_user(AgencyFactory()))
    assert download(client, draft).status_code == 404  # another agency's officer


def test_the_agency_and_coordinators_read_a_drafts_pdf_never_cached(client, draft):
    client.force_login(data_entry_user(draft.issuing_agency))
    response = download(client, draft)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(coordinator_user())
    assert download(client, draft).status_code == 200


def test_a_password_only_session_reads_no_draft_when_two_step_is_required(client, draft, settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    client.force_login(coordinator_user())
    assert download(client, draft).status_code == 404


def test_once_published_everyone_reads_it_from_the_plan_page(client, draft):
    plan_publish(plans=type(draft).objects.filter(pk=draft.pk), user=coordinator_user())
    draft.refresh_from_db()
    page = client.get(draft.get_absolute_url()).content.decode()
    assert f'href="{draft.attachment.url}"' in page
    response = download(client, draft)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{draft.slug}.pdf"' in response["Content-Disposition"]  # not the random stored name


def test_an_unknown_or_crafted_name_is_a_404(client, draft):
    for name in ("plans/khong-co.pdf", "../settings.py", "%2e%2e/%2e%2e/etc/passwd", "²"):
        assert client.get(f"/tai-lieu/{name}").status_code == 404


# --- the upload goes through the same check as evidence (core.document_uploads, issue 23 item 14) --------

@pytest.mark.parametrize("name,content,message", [
    ("ke-hoach.pdf", b"<html><script>alert(1)</script></html>",
     "Nội dung tệp “ke-hoach.pdf” không phải là PDF: phần mở rộng của tệp phải đúng với nội dung. Chỉ nhận tệp PDF."),
    ("ke-hoach.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
     "Không nhận loại tệp “ke-hoach.doc”. Chỉ nhận tệp PDF."),
])
def test_the_plan_form_refuses_what_is_not_a_pdf_with_the_upload_message(name, content, message):
    from campaigns.forms import PlanForm

    form = PlanForm(instance=PlanFactory(status="draft"), data={},
                    files={"attachment": SimpleUploadedFile(name, content)})
    assert not form.is_valid()
    assert form.errors["attachment"] == [message]


def test_the_plan_form_refuses_a_file_over_the_upload_limit(settings):
    from campaigns.forms import PlanForm

    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    form = PlanForm(instance=PlanFactory(status="draft"), data={},
                    files={"attachment": SimpleUploadedFile("lon.pdf", PDF + b"0" * (1024 * 1024))})
    assert not form.is_valid()
    assert form.has_error("attachment", code="document_too_large")


# --- served as a download with the /media/ headers (issue 23, item 15) -------------------------------------

POLYGLOT = b"%PDF-1.4\n<html><body><script>alert(document.domain)</script></body></html>\n%%EOF\n"


def test_a_plans_pdf_is_a_download_with_the_media_headers_even_when_it_is_also_html(client):
    """A polyglot PDF/HTML passes every check a PDF can be given; served inline it would run as the portal's
    page in a browser that sniffs it. As a download under the sandbox policy it never does."""
    plan = PlanFactory(status="draft", title="Kế hoạch dự thảo 2027")
    plan.attachment = SimpleUploadedFile("ke-hoach.pdf", POLYGLOT, content_type="application/pdf")
    plan.save()
    plan_publish(plans=type(plan).objects.filter(pk=plan.pk), user=coordinator_user())
    plan.refresh_from_db()
    response = download(client, plan)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{plan.slug}.pdf"'
    assert response["Content-Security-Policy"] == FILE_HEADERS["Content-Security-Policy"]
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cache-Control"] == "public, max-age=300"
