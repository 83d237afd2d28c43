import time

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_comments.forms import CommentForm as BaseCommentForm

from core.numbers import parse_id

from .citizens import comment_defaults
from .filters import normalize_email
from .models import CitizenComment


class HiddenNumberField(forms.Field):
    """A number in a hidden field — the visitor can still edit it — read like every number a visitor sends
    (core.numbers.parse_id: ASCII digits only, at most `max_digits`). "²", "⑴", "١٢٣" or 400 digits are
    "invalid", which the comment form treats as tampering (a 400), never as a number to compute with."""

    widget = forms.HiddenInput

    def __init__(self, *, max_digits, **kwargs):
        self.max_digits = max_digits
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_id(value if isinstance(value, str) else str(value), max_digits=self.max_digits)
        if number is None:
            raise forms.ValidationError(_("Giá trị không hợp lệ."), code="invalid")
        return number


class CommentForm(BaseCommentForm):
    """The framework's signed form (content type, object, timestamp, security hash, honeypot) with
    Vietnamese labels, required email, no website field, a reply-to field, a length limit and a
    minimum time between showing the form and sending it."""

    name = forms.CharField(label=_("Tên"), max_length=50,
                           error_messages={"required": _("Vui lòng nhập tên của bạn.")})
    email = forms.EmailField(label=_("Email"), max_length=254, error_messages={
        "required": _("Vui lòng nhập email (email không được hiển thị công khai)."),
        "invalid": _("Email chưa đúng định dạng, ví dụ: ten@example.com."),
    })
    comment = forms.CharField(label=_("Bình luận"), widget=forms.Textarea(attrs={"rows": 6}),
                              max_length=settings.COMMENTS_MAX_CHARS, error_messages={
                                  "required": _("Vui lòng nhập nội dung bình luận."),
                                  "max_length": _("Bình luận dài tối đa %(limit_value)d ký tự "
                                                  "(hiện có %(show_value)d)."),
                              })
    notify = forms.BooleanField(label=_("Gửi email cho tôi khi có trả lời"), required=False)
    timestamp = HiddenNumberField(max_digits=10)  # seconds since 1970: 10 digits until the year 2286
    parent = HiddenNumberField(max_digits=18, required=False)
    honeypot = forms.CharField(required=False, label=_("Để trống ô này"))
    url = None  # no website field: links are what spammers come for

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.update({"autocomplete": "name"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})

    def full_clean(self):
        """Tie each error message to its field for screen readers (Django adds aria-invalid itself)."""
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].id_for_label}-loi"

    def fields_to_fix(self):
        """The fields a person typed into that hold an error, in the form's order (the error summary)."""
        return [self[name] for name in ("comment", "name", "email") if self[name].errors]

    def security_errors(self):
        """The framework's (honeypot, timestamp, security hash) and a malformed reply-to id: fields no
        visitor types, so an error in them is a tampered form, answered 400 (discussion.views)."""
        errors = super().security_errors()
        if any(error.code == "invalid" for error in self.errors.as_data().get("parent", [])):
            errors["parent"] = self.errors["parent"]
        return errors

    def clean_email(self):
        """Plain addresses only: a quoted local part ("a,b"@x) is valid mail syntax no citizen uses."""
        email = self.cleaned_data["email"]
        if '"' in email or "\\" in email:
            raise forms.ValidationError(_("Email chưa đúng định dạng, ví dụ: ten@example.com."), code="invalid")
        return email

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = CitizenComment.objects.filter(
            pk=parent_id, parent__isnull=True, is_public=True, is_removed=False,
            content_type__app_label=self.target_object._meta.app_label,
            content_type__model=self.target_object._meta.model_name,
            object_pk=str(self.target_object.pk),
        ).first()
        if parent is None:
            raise forms.ValidationError(_("Bình luận bạn muốn trả lời không còn tồn tại."), code="bad_parent")
        return parent

    def clean(self):
        cleaned = super().clean()
        timestamp = cleaned.get("timestamp")  # an int (HiddenNumberField), or absent when it was invalid
        if timestamp is not None and time.time() - timestamp < settings.COMMENTS_MIN_SUBMIT_SECONDS:
            raise forms.ValidationError(
                _("Bạn gửi hơi nhanh. Vui lòng đọc lại bình luận rồi bấm “Gửi bình luận” một lần nữa."),
                code="too_fast",
            )
        return cleaned

    def get_comment_create_data(self, site_id=None):
        self.cleaned_data.setdefault("url", "")
        data = super().get_comment_create_data(site_id=site_id)
        data["parent"] = self.cleaned_data.get("parent")
        data["user_email"] = normalize_email(data["user_email"])
        data.update(comment_defaults(target=self.target_object, parent=data["parent"],
                                     notify=self.cleaned_data.get("notify"), now=timezone.now()))
        return data

    def check_for_duplicate_comment(self, new):
        """The same text from the same email on the same page and day (a double click, a form sent again)
        is stored once. "Day" is the Vietnamese calendar day: `__date` compares in TIME_ZONE."""
        duplicate = CitizenComment.objects.filter(
            content_type=new.content_type, object_pk=new.object_pk, user_email=new.user_email,
            comment=new.comment, submit_date__date=timezone.localdate(new.submit_date),
        ).first()
        return duplicate or new
