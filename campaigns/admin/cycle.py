"""The reporting cycle in the admin: periods (kỳ báo cáo) and the agencies' submissions (báo cáo của cơ quan).

A submission's page is a summary with buttons, not a form: each button posts to the same page and calls
one function of `campaigns.cycle` (gửi, không phát sinh, lãnh đạo cơ quan xác nhận hoặc trả lại cho cán bộ,
duyệt, trả lại, mở lại), which checks who may
do it; its ValidationError becomes a message on the page. Rows outside the user's scope are "not found"
(agencies.scoping, through AgencyScopedAdmin). The history is shown but never reverted: a status changes
only through the cycle's functions."""

from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from agencies import scoping
from agencies.models import Agency
from core.dates import vn_date, vn_datetime
from core.numbers import YearFormField

from .. import cycle
from ..models import ReportingPeriod, Submission, SubmissionStatus
from .base import AgencyScopedAdmin, ScopedInlineMixin

CSS = {"all": ("css/admin_cycle.css",)}
SHOWN_REFUSALS = 20  # the bulk approval lists this many refused reports, each with its reason


def _d(value):
    return vn_date(value, "—")


def status_badge(submission):
    return format_html('<span class="cycle-badge cycle-{}">{}</span>', submission.status,
                       submission.get_status_display())


def timeliness(submission):
    """"Đúng hạn" / "Gửi muộn" for a sent report; "Quá hạn" for one never sent after its due date."""
    on_time = submission.on_time
    if on_time is True:
        return format_html('<span class="cycle-ontime">{}</span>', _("Đúng hạn"))
    if on_time is False:
        return format_html('<span class="cycle-late">{}</span>', _("Gửi muộn"))
    if submission.period.is_past_due(timezone.localdate()):
        return format_html('<span class="cycle-late">{}</span>', _("Quá hạn, chưa gửi"))
    return "—"


# ---------------------------------------------------------------------------------------------- periods


class ExpectedAgencyForm(forms.ModelForm):
    class Meta:
        model = Submission
        fields = ("agency",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # an agency's report stays that agency's: remove the row and add another
            self.fields["agency"].disabled = True


class ExpectedAgencyFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            sub = form.instance
            if sub.pk and sub.status != SubmissionStatus.NOT_SUBMITTED:
                raise ValidationError(
                    _("%(agency)s đã gửi báo cáo kỳ này (“%(status)s”): không bỏ khỏi danh sách phải báo cáo "
                      "được."), code="submission_in_use",
                    params={"agency": sub.agency.display_name, "status": sub.get_status_display()})


class ExpectedAgencyInline(ScopedInlineMixin, admin.TabularInline):
    """The agencies that must report for the period: one submission each. Only those that have not sent
    anything yet can be removed."""

    model = Submission
    form = ExpectedAgencyForm
    formset = ExpectedAgencyFormSet
    fields = ("agency", "status_display", "submitted_at_display")
    readonly_fields = ("status_display", "submitted_at_display")
    autocomplete_fields = ("agency",)
    extra = 0
    verbose_name = _("cơ quan phải báo cáo")
    verbose_name_plural = _("cơ quan phải báo cáo (mỗi cơ quan một báo cáo)")

    def get_queryset(self, request):
        return scoping.visible(super().get_queryset(request), request.user).select_related("agency", "period")

    @admin.display(description=_("trạng thái"))
    def status_display(self, obj):
        return status_badge(obj) if obj.pk else "—"

    @admin.display(description=_("gửi lúc"))
    def submitted_at_display(self, obj):
        return vn_datetime(obj.submitted_at, "—")


class YearAgenciesForm(forms.Form):
    agencies = forms.ModelMultipleChoiceField(
        label=_("Cơ quan phải báo cáo"), queryset=Agency.objects.order_by("name"),
        widget=forms.SelectMultiple(attrs={"size": 15}),
        help_text=_("Giữ Ctrl (Cmd trên máy Mac) để chọn nhiều cơ quan."))


class GenerateForm(forms.Form):
    year = YearFormField(label=_("Năm"), min_value=2000, max_value=2100)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(AgencyScopedAdmin):
    list_display = ("__str__", "window", "due_display", "applies_display", "expected_count", "submitted_count",
                    "approved_count", "evidence_pack")
    list_filter = ("year", "kind", "applies")
    fields = (("kind", "year"), ("start", "end"), "due_date", ("applies", "applies_note"))
    inlines = [ExpectedAgencyInline]

    def get_readonly_fields(self, request, obj=None):
        """Once an agency has sent its report, the window and the due date it was sent against stay: moving
        them would change what is approved, locked and on time after the fact."""
        fields = super().get_readonly_fields(request, obj)
        if obj is not None and obj.submissions.filter(first_submitted_at__isnull=False).exists():
            return (*fields, "kind", "year", "start", "end", "due_date")
        return fields
    actions = ["generate_selected_years", "set_agencies_for_year"]
    change_list_template = "admin/campaigns/reportingperiod/change_list.html"

    class Media:
        css = CSS

    def get_queryset(self, request):
        subs = scoping.visible(Submission.objects.all(), request.user)
        return super().get_queryset(request).annotate(
            expected_count=Count("submissions", filter=Q(submissions__in=subs), distinct=True),
            submitted_count=Count("submissions", distinct=True, filter=Q(
                submissions__in=subs, submissions__first_submitted_at__isnull=False)),
            approved_count=Count("submissions", distinct=True, filter=Q(
                submissions__in=subs, submissions__status=SubmissionStatus.APPROVED)),
        ).order_by(*ReportingPeriod._meta.ordering)

    @admin.display(description=_("lấy số liệu từ – đến"), ordering="start")
    def window(self, obj):
        return f"{_d(obj.start)} – {_d(obj.end)}"

    @admin.display(description=_("hạn gửi"), ordering="due_date")
    def due_display(self, obj):
        return _d(obj.due_date)

    @admin.display(description=_("áp dụng"), ordering="applies")
    def applies_display(self, obj):
        if obj.applies:
            return _("Áp dụng")
        return format_html('<span class="cycle-badge">{}</span>{}', _("Không áp dụng"),
                           format_html("<br><span class=\"help\">{}</span>", obj.applies_note)
                           if obj.applies_note else "")

    @admin.display(description=_("số cơ quan phải báo cáo"), ordering="expected_count")
    def expected_count(self, obj):
        return obj.expected_count

    @admin.display(description=_("đã gửi"), ordering="submitted_count")
    def submitted_count(self, obj):
        return obj.submitted_count

    @admin.display(description=_("đã duyệt"), ordering="approved_count")
    def approved_count(self, obj):
        return obj.approved_count

    @admin.display(description=_("minh chứng"))
    def evidence_pack(self, obj):
        """The PAR Index self-assessment's evidence for the period (campaigns.evidence; coordinators only)."""
        return format_html('<a href="{}">Tải bộ minh chứng (.zip)</a>', reverse("period_evidence_pack", args=[obj.pk]))

    def get_list_display(self, request):
        display = super().get_list_display(request)
        return display if scoping.sees_all(request.user) else tuple(d for d in display if d != "evidence_pack")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not self.has_add_permission(request):
            actions.pop("generate_selected_years", None)
        if not (self.has_add_permission(request) and scoping.sees_all(request.user)):
            actions.pop("set_agencies_for_year", None)
        return actions

    def get_urls(self):
        return [path("tao-ky/", self.admin_site.admin_view(self.generate_view),
                     name="campaigns_reportingperiod_generate"), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "generate_form": GenerateForm(initial={
            "year": timezone.localdate().year}), "can_generate": self.has_add_permission(request)}
        return super().changelist_view(request, extra_context)

    def _generate(self, request, year):
        before = Submission.objects.filter(period__year=year).count()
        periods = cycle.periods_generate(year=year)
        added = Submission.objects.filter(period__year=year).count() - before
        self.message_user(request, _("Năm %(year)s có %(n)s kỳ báo cáo; thêm %(added)s báo cáo phải gửi.") % {
            "year": year, "n": len(periods), "added": added}, messages.SUCCESS)
        if not Submission.objects.filter(period__year=year).exists():
            self.message_user(request, _(
                "Chưa có cơ quan nào phải báo cáo năm %(year)s (chưa có kế hoạch đã công khai của năm). Thêm "
                "cơ quan ở từng kỳ.") % {"year": year}, messages.WARNING)

    def generate_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return redirect("admin:campaigns_reportingperiod_changelist")
        form = GenerateForm(request.POST)
        if form.is_valid():
            self._generate(request, form.cleaned_data["year"])
        else:
            self.message_user(request, _("Năm không hợp lệ: nhập năm từ 2000 đến 2100."), messages.ERROR)
        return redirect("admin:campaigns_reportingperiod_changelist")

    @admin.action(description=_("Tạo các kỳ báo cáo còn thiếu của năm các kỳ đã chọn"))
    def generate_selected_years(self, request, queryset):
        for year in sorted(set(queryset.values_list("year", flat=True))):
            self._generate(request, year)


    @admin.action(description=_("Đặt cơ quan phải báo cáo cho cả năm"))
    def set_agencies_for_year(self, request, queryset):
        """The chosen agencies become expected in every period of the chosen periods' years, through
        cycle.periods_set_agencies (all or nothing; a closed agency's refusal is shown with its reason)."""
        years = sorted(set(queryset.values_list("year", flat=True)))
        form = YearAgenciesForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            try:
                with transaction.atomic():
                    added = sum(cycle.periods_set_agencies(year=year, agencies=form.cleaned_data["agencies"])
                                for year in years)
            except ValidationError as error:
                self.message_user(request, _("Không đặt được cơ quan phải báo cáo, chưa kỳ nào thay đổi: %(why)s")
                                  % {"why": " ".join(error.messages)}, messages.ERROR)
            else:
                self.message_user(request, _("Đã thêm %(added)s báo cáo phải gửi cho các kỳ năm %(years)s.") % {
                    "added": added, "years": ", ".join(map(str, years))}, messages.SUCCESS)
            return None
        return TemplateResponse(request, "admin/campaigns/reportingperiod/set_agencies.html", {
            **self.admin_site.each_context(request), "title": _("Đặt cơ quan phải báo cáo cho cả năm"),
            "opts": self.model._meta, "form": form, "queryset": queryset, "years": years,
            "periods": ReportingPeriod.objects.filter(year__in=years).order_by("year", "due_date")})


# ------------------------------------------------------------------------------------------ submissions


@admin.register(Submission)
class SubmissionAdmin(AgencyScopedAdmin):
    list_display = ("period", "agency_display", "status_display", "submitted_at_display", "timeliness_display",
                    "reviewed_by")
    list_display_links = ("period", "agency_display")
    list_filter = ("period", "status", ("agency", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("period", "agency", "reviewed_by")
    search_fields = ("agency__name", "agency__short_name")
    fields = ("period", "agency")
    autocomplete_fields = ("agency",)
    actions = ["approve_selected"]
    summary_template = "admin/campaigns/submission/summary.html"

    class Media:
        css = CSS

    @admin.display(description=_("cơ quan"), ordering="agency__name")
    def agency_display(self, obj):
        return obj.agency.display_name

    @admin.display(description=_("trạng thái"), ordering="status")
    def status_display(self, obj):
        return status_badge(obj)

    @admin.display(description=_("gửi lúc"), ordering="submitted_at")
    def submitted_at_display(self, obj):
        return vn_datetime(obj.submitted_at, "—")

    @admin.display(description=_("đúng hạn / muộn"), ordering="first_submitted_at")
    def timeliness_display(self, obj):
        return timeliness(obj)

    # No revert: a submission's status changes only through campaigns.cycle.
    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        raise PermissionDenied

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or obj.status == SubmissionStatus.NOT_SUBMITTED)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one by one, and only those not sent (has_delete_permission)
        if not cycle.may_review(request.user):
            actions.pop("approve_selected", None)
        return actions

    @admin.action(description=_("Duyệt các báo cáo đã chọn"))
    def approve_selected(self, request, queryset):
        """Each chosen report through the cycle's one approval (its own transaction); each refused one is
        listed with its own reason — the cycle's sentence as it is, after the report's name and a full stop
        (no case changed: a reason may begin with a name)."""
        approved, refused = cycle.submissions_approve(submissions=queryset, user=request.user)
        if approved:
            self.message_user(request, _("Đã duyệt %(n)s báo cáo.") % {"n": len(approved)}, messages.SUCCESS)
        for submission, reason in refused[:SHOWN_REFUSALS]:
            self.message_user(request, _("Không duyệt báo cáo %(submission)s. %(reason)s") % {
                "submission": submission, "reason": reason}, messages.WARNING)
        if len(refused) > SHOWN_REFUSALS:
            self.message_user(request, _("… và %(n)s báo cáo khác không được duyệt.") % {
                "n": len(refused) - SHOWN_REFUSALS}, messages.WARNING)

    # The change page: a summary and the cycle's buttons.

    ACTIONS = {
        "submit": lambda sub, user, post: cycle.submission_submit(
            submission=sub, user=user, nothing_to_report=False, note=post.get("note", "")),
        "nothing": lambda sub, user, post: cycle.submission_submit(
            submission=sub, user=user, nothing_to_report=True, note=post.get("note", "")),
        "confirm": lambda sub, user, post: cycle.submission_confirm(submission=sub, user=user),
        "return_to_officer": lambda sub, user, post: cycle.submission_return_to_officer(
            submission=sub, user=user, reason=post.get("reason", "")),
        "approve": lambda sub, user, post: cycle.submission_approve(submission=sub, user=user),
        "return": lambda sub, user, post: cycle.submission_return(
            submission=sub, user=user, reason=post.get("reason", "")),
        "reopen": lambda sub, user, post: cycle.submission_reopen(
            submission=sub, user=user, reason=post.get("reason", "")),
    }
    DONE = {
        "submit": _("Đã gửi báo cáo kỳ %(period)s của %(agency)s."),
        "nothing": _("Đã gửi báo cáo “Không phát sinh” kỳ %(period)s của %(agency)s."),
        "confirm": _("Đã xác nhận báo cáo kỳ %(period)s của %(agency)s: chờ điều phối viên duyệt."),
        "return_to_officer": _("Đã trả lại báo cáo kỳ %(period)s cho cán bộ của %(agency)s kèm lý do."),
        "approve": _("Đã duyệt báo cáo kỳ %(period)s của %(agency)s."),
        "return": _("Đã trả lại báo cáo kỳ %(period)s cho %(agency)s kèm lý do."),
        "reopen": _("Đã mở lại kỳ %(period)s của %(agency)s: kết quả trong kỳ tạm không tính công khai."),
    }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        sub = self.get_object(request, unquote(object_id))  # scoped: another agency's is not found
        if sub is None:
            raise Http404(_("Không tìm thấy báo cáo này."))
        if not self.has_view_or_change_permission(request, sub):
            raise PermissionDenied
        if request.method == "POST":
            return self._act(request, sub)
        return TemplateResponse(request, self.summary_template, {
            **self.admin_site.each_context(request), **self._summary(request, sub), **(extra_context or {})})

    def _act(self, request, sub):
        action = request.POST.get("cycle_action", "")
        if action not in self.ACTIONS:
            raise PermissionDenied
        try:
            self.ACTIONS[action](sub, request.user, request.POST)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, self.DONE[action] % {"period": sub.period, "agency": sub.agency.display_name},
                              messages.SUCCESS)
        return HttpResponseRedirect(request.path)

    def _summary(self, request, sub):
        user = request.user
        period = sub.period
        activities = cycle.activities_in_period(sub)
        channels = list(activities.values("channel__name", "channel__unit").annotate(
            n=Count("id"), total=Sum("quantity")).order_by("channel__order", "channel__name"))
        query = urlencode({"agency__id__exact": sub.agency_id, "date__gte": period.start.isoformat(),
                           "date__lte": period.end.isoformat()})
        actions = cycle.submission_actions(submission=sub, user=user)
        return {
            "title": str(sub), "opts": self.model._meta, "original": sub, "sub": sub, "period": period,
            "status_badge": status_badge(sub), "timeliness": timeliness(sub),
            "activity_count": sum(c["n"] for c in channels), "channels": channels,
            "activities_url": reverse("admin:campaigns_activity_changelist") + "?" + query,
            "activity_add_url": reverse("admin:campaigns_activity_add"),
            "can_submit": "submit" in actions,
            "can_confirm": "confirm" in actions,
            "can_return_to_officer": "return_to_officer" in actions,
            "can_approve": "approve" in actions,
            "can_return": "return" in actions,
            "can_reopen": "reopen" in actions,
            "is_returned": sub.status == SubmissionStatus.RETURNED,
            "levels": cycle.submission_levels(sub),
            "confirmation": cycle.agency_confirmation_on(),
            "overdue": sub.first_submitted_at is None and period.is_past_due(timezone.localdate()),
            "days_left": (period.due_date - timezone.localdate()).days,
            "history_url": reverse("admin:campaigns_submission_history", args=[sub.pk]),
            "has_view_history": self.has_view_history_permission(request, sub),
        }
