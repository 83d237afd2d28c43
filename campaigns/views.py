import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.two_factor import staff_verified
from agencies import scoping
from core.files import stored_file_response
from core.images import reencode_image
from core.numbers import parse_id

from .evidence import evidence_pack
from .models import ActivityEvidence, Plan, ReportingPeriod


def _error(message, status):
    return JsonResponse({"error": {"message": str(message)}}, status=status)


@require_POST
def editor_upload(request):
    """Image upload for CKEditor 5: staff only, images only, size-limited, re-encoded by Pillow and
    stored under a generated name. (Replaces the package's view, which has no size limit by default
    and stores the uploaded bytes as they came.)"""
    if not staff_verified(request.user):
        if request.user.is_authenticated and request.user.is_staff:
            return _error("Vui lòng đăng nhập bằng xác thực hai bước trước khi tải ảnh lên.", 403)
        return _error("Bạn không có quyền tải ảnh lên.", 403)
    uploaded = request.FILES.get("upload")
    if uploaded is None:
        return _error("Chưa chọn ảnh để tải lên.", 400)
    try:
        clean_file, _extension = reencode_image(uploaded)
    except ValidationError as exc:
        return _error(exc.messages[0], 400)
    name = default_storage.save(timezone.now().strftime("editor/%Y/%m/") + clean_file.name, clean_file)
    return JsonResponse({"url": default_storage.url(name)})


# Privately stored files (settings.PRIVATE_MEDIA_ROOT, served at /tai-lieu/<name>): which record owns a
# name, and when anyone may read it. Anyone else needs to be staff who may see the record.
# For each: the file field, whether anyone may read it, the name it is downloaded under.
PRIVATE_FILES = {
    Plan: ("attachment", lambda plan: plan.is_published, lambda plan: f"{plan.slug}.pdf"),
    # Never public: staff who may see the activity; saved under the name it was uploaded with.
    ActivityEvidence: ("file", lambda evidence: False, lambda evidence: evidence.name or evidence.file.name),
}


SAFE_NAME = re.compile(r"[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*\.[a-z0-9]{1,10}")


def private_file(request, name):
    """A privately stored file, for whoever may see the record it belongs to: a published plan's signed
    PDF for everyone, a draft's only for its agency's staff and coordinators (agencies.scoping)."""
    if not SAFE_NAME.fullmatch(name):
        raise Http404  # only names the portal itself generates (RandomName): no NUL, no "..", no odd bytes
    for model, (field, is_public, download_name) in PRIVATE_FILES.items():  # noqa: B007 — used after the loop
        record = model._default_manager.filter(**{field: name}).first()
        if record is not None:
            break
    else:
        raise Http404
    public = is_public(record)
    if not public and not (staff_verified(request.user) and scoping.can_see(request.user, record)):
        raise Http404
    return stored_file_response(getattr(record, field), download_name(record).rsplit("/", 1)[-1], public=public)


def evidence_pack_view(request, period_id):
    """/admin/bao-cao-ky/<id>/minh-chung.zip: the period's evidence pack (coordinators only)."""
    if not scoping.sees_all(request.user):
        raise PermissionDenied
    return evidence_pack(request, get_object_or_404(ReportingPeriod, pk=period_id))


@require_POST
def remind_view(request, period_id):
    """The dashboard's “Nhắc” button (POST, CSRF-checked by the admin's view wrapper): remind one agency
    (`co_quan`) or every agency of the period that has not sent its report. Coordinators only
    (reminders.reminders_send_now asks cycle.may_review); at most once a day per agency."""
    from .cycle import may_review
    from .reminders import reminders_send_now

    period = get_object_or_404(ReportingPeriod, pk=period_id)
    agency_id = parse_id(request.POST.get("co_quan"))
    if request.POST.get("co_quan") and agency_id is None:
        raise Http404
    if not period.applies and may_review(request.user):  # (anyone else is refused below, as ever)
        messages.warning(request, f"Kỳ {period} được đánh dấu không áp dụng: không nhắc cơ quan nào.")
        return redirect(f"{reverse('admin:index')}?ky={period.pk}")
    outcomes = reminders_send_now(period=period, user=request.user, agency_id=agency_id)
    sent = [o for o in outcomes if o.status == "sent"]
    again = [o for o in outcomes if o.status == "already_sent"]
    nobody = [o for o in outcomes if o.status == "no_recipients"]
    failed = [o for o in outcomes if o.status == "failed"]
    names = lambda items: ", ".join(o.agency.display_name for o in items)  # noqa: E731
    if sent:
        messages.success(request, f"Đã gửi thư nhắc {period} cho {len(sent)} cơ quan: {names(sent)}.")
    if again:
        messages.warning(request, f"Hôm nay đã nhắc {names(again)} rồi (mỗi cơ quan tối đa một lần một ngày): "
                                  "không gửi thêm.")
    if nobody:
        messages.warning(request, f"Không gửi được cho {names(nobody)}: chưa có cán bộ nào có email.")
    if failed:
        messages.error(request, f"Máy chủ thư chưa nhận thư cho {names(failed)}; hãy thử lại sau.")
    if not outcomes:
        messages.info(request, f"Không còn cơ quan nào chưa gửi báo cáo {period}: không có ai để nhắc.")
    return redirect(f"{reverse('admin:index')}?ky={period.pk}")
