from django import forms
from django.contrib import admin, messages
from django.db.models import Case, Count, DateTimeField, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from agencies import scoping
from core.dates import vn_date

from .citizens import answers_published, comment_answer, replies_published
from .models import CitizenComment, overdue_q
from .moderation import comments_moderate


class ModerationFilter(admin.SimpleListFilter):
    title = _("kiểm duyệt")
    parameter_name = "kiem_duyet"

    def lookups(self, request, model_admin):
        return [("cho", _("Chờ duyệt")), ("duyet", _("Đã duyệt")), ("tu-choi", _("Từ chối"))]

    def queryset(self, request, queryset):
        return {
            "cho": queryset.filter(is_public=False, is_removed=False),
            "duyet": queryset.filter(is_public=True, is_removed=False),
            "tu-choi": queryset.filter(is_removed=True),
        }.get(self.value(), queryset)


class AnsweredFilter(admin.SimpleListFilter):
    title = _("trả lời của cơ quan")
    parameter_name = "da_tra_loi"

    def lookups(self, request, model_admin):
        return [("co", _("Đã trả lời")), ("chua", _("Chưa trả lời"))]

    def queryset(self, request, queryset):
        if self.value() == "co":
            return queryset.filter(answered_at__isnull=False)
        if self.value() == "chua":
            return queryset.filter(answered_at__isnull=True)
        return queryset


class CommentAdminForm(forms.ModelForm):
    class Meta:
        model = CitizenComment
        fields = ["is_public", "is_removed", "answer"]  # the rest is read-only (CommentAdmin.readonly_fields)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_removed") and (cleaned.get("answer") or "").strip():
            raise forms.ValidationError(_("Bình luận bị từ chối thì không trả lời: bỏ dấu “Đã xoá” hoặc xoá "
                                          "nội dung trả lời."), code="removed_answered")
        return cleaned


@admin.register(CitizenComment)
class CommentAdmin(admin.ModelAdmin):
    """The moderation queue: overdue questions first, counts at the top, bulk approve and reject, and
    the official answer written in the comment's own form. A coordinator (discussion.can_moderate) sees and
    moderates every comment; an agency's officer sees the approved questions on its own pages and answers
    them (agencies.scoping), nothing else."""

    form = CommentAdminForm

    list_display = ("submit_date", "user_name", "excerpt", "target", "status", "deadline", "answered_at", "rating")
    list_display_links = ("submit_date", "excerpt")
    list_filter = (ModerationFilter, AnsweredFilter, "rating", ("responsible_agency", admin.RelatedOnlyFieldListFilter),
                   ("content_type", admin.RelatedOnlyFieldListFilter))
    search_fields = ("user_name", "comment", "answer")
    date_hierarchy = "submit_date"
    actions = ["approve", "reject"]
    list_select_related = ("content_type", "answer_agency", "responsible_agency")
    fieldsets = (
        (_("Bình luận"), {"fields": ("target", "parent", "user_name", "user_email", "submit_date", "ip_address",
                                     "comment")}),
        (_("Kiểm duyệt"), {"fields": ("is_public", "is_removed")}),
        (_("Trả lời của cơ quan"), {"fields": ("answer", "responsible_agency", "answer_due_at", "answer_agency",
                                               "answered_by", "answered_at", "answer_notified_at")}),
        (_("Người gửi: đồng ý nhận email, đánh giá"), {"fields": (
            "notify", "notify_consented_at", "notify_withdrawn_at", "rating", "rating_note", "rated_at")}),
    )
    # Everything but the moderation ticks and the answer is the citizen's, or the system's: a forged POST
    # cannot change it (Django ignores POSTed values of read-only fields).
    readonly_fields = ("target", "parent", "user_name", "user_email", "submit_date", "ip_address", "comment",
                       "responsible_agency", "answer_due_at", "answer_agency", "answered_by", "answered_at",
                       "answer_notified_at", "notify", "notify_consented_at", "notify_withdrawn_at", "rating",
                       "rating_note", "rated_at")

    def get_queryset(self, request):
        # The commented plan or report comes in one extra query per content type, not one per row.
        return scoping.visible(super().get_queryset(request), request.user).prefetch_related("content_object")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or scoping.can_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or scoping.can_change(request.user, obj))

    def get_readonly_fields(self, request, obj=None):
        if request.user.has_perm("discussion.can_moderate"):
            return self.readonly_fields
        return (*self.readonly_fields, "is_public", "is_removed")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("discussion.can_moderate"):
            actions.pop("approve", None)
            actions.pop("reject", None)
        return actions

    def get_list_filter(self, request):
        if request.user.has_perm("discussion.can_moderate"):
            return self.list_filter
        return [f for f in self.list_filter if f is not ModerationFilter]

    def get_ordering(self, request):
        """The queue's order: questions past their answer deadline first (the longest overdue on top), then
        comments waiting for moderation, then the rest, newest first. (Clicking a column header sorts by
        it instead.)"""
        overdue = overdue_q(timezone.now())
        queue = Case(When(overdue, then=Value(0)), When(is_public=False, is_removed=False, then=Value(1)),
                     default=Value(2), output_field=IntegerField())
        due_first = Case(When(overdue, then=F("answer_due_at")), default=Value(None),
                         output_field=DateTimeField())
        return [queue.asc(), due_first.asc(nulls_last=True), "-submit_date"]

    def has_add_permission(self, request):
        return False

    def changelist_view(self, request, extra_context=None):
        counts = scoping.visible(CitizenComment.objects.all(), request.user).aggregate(
            pending=Count("pk", filter=Q(is_public=False, is_removed=False)),
            approved=Count("pk", filter=Q(is_public=True, is_removed=False)),
            rejected=Count("pk", filter=Q(is_removed=True)),
            unanswered=Count("pk", filter=Q(is_public=True, is_removed=False, answered_at__isnull=True,
                                            parent__isnull=True)),
        )
        extra_context = {**(extra_context or {}), "moderation_counts": counts,
                         "title": _("Kiểm duyệt bình luận: %(p)s chờ duyệt · %(a)s đã duyệt · %(r)s từ chối · "
                                    "%(u)s chưa trả lời") % {"p": counts["pending"], "a": counts["approved"],
                                                            "r": counts["rejected"], "u": counts["unanswered"]}}
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("nội dung"))
    def excerpt(self, obj):
        return Truncator(obj.comment).chars(80)

    @admin.display(description=_("về"))
    def target(self, obj):
        if obj.content_object is None:
            return "—"
        return f"{obj.content_type.name.capitalize()}: {obj.content_object}"

    @admin.display(description=_("hạn trả lời"), ordering="answer_due_at")
    def deadline(self, obj):
        if obj.answer_due_at is None:
            return "—"
        due = vn_date(obj.answer_due_at)
        if obj.is_overdue(timezone.now()):
            return format_html('<strong class="overdue">{} ({})</strong>', _("Quá hạn"), due)
        return due

    @admin.display(description=_("trạng thái"))
    def status(self, obj):
        return obj.moderation_label

    @admin.action(description=_("Duyệt các bình luận đã chọn"), permissions=["change"])
    def approve(self, request, queryset):
        count = comments_moderate(comments=queryset, approve=True, user=request.user)
        self.message_user(request, _("Đã duyệt %(n)s bình luận.") % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Từ chối các bình luận đã chọn"), permissions=["change"])
    def reject(self, request, queryset):
        count = comments_moderate(comments=queryset, approve=False, user=request.user)
        self.message_user(request, _("Đã từ chối %(n)s bình luận.") % {"n": count}, messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        """The moderation ticks as a form saves them; the answer through `comment_answer`, which tells the
        poster who asked (after the commit). An approval from this form reaches them too."""
        went_public = change and "is_public" in form.changed_data and obj.is_public and not obj.is_removed
        answer = obj.answer
        if "answer" in form.changed_data:
            obj.answer = form.initial.get("answer", "")  # saved below, by the named function
        super().save_model(request, obj, form, change)
        if "answer" in form.changed_data:
            answered = comment_answer(comment=obj, text=answer, user=request.user)
            for field in ("answer", "answered_by", "answer_agency", "answered_at", "answer_notified_at"):
                setattr(obj, field, getattr(answered, field))
        elif went_public:
            answers_published([obj] if obj.answer else [])
            replies_published([obj] if obj.parent_id else [])
