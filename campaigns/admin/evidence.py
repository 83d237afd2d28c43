"""Tài liệu kiểm chứng in the admin: the inline on an activity (files checked by core.document_uploads, stored
privately, linked through /tai-lieu/, which checks who asks), and the period's evidence pack for
coordinators (campaigns.evidence), at admin URL "period_evidence_pack" (cchc_portal/urls.py)."""

import unicodedata
from pathlib import PurePosixPath

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.document_uploads import ACCEPTED_TEXT, clean_document

from ..models import ActivityEvidence
from .base import ScopedInlineMixin


class ActivityEvidenceForm(forms.ModelForm):
    class Meta:
        model = ActivityEvidence
        fields = ["file"]
        widgets = {"file": forms.FileInput}  # not Django's "Hiện tại: evidence/2019/<random name>"
        help_texts = {"file": ACCEPTED_TEXT}

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded is None or not hasattr(uploaded, "content_type"):
            return uploaded  # the stored file, unchanged
        original = PurePosixPath((uploaded.name or "").replace("\\", "/")).name
        stored = clean_document(uploaded)
        # The name people know it by, with the extension of what is stored (an image may be re-encoded).
        stem = PurePosixPath(original).stem[:200] or "tai-lieu"
        self.instance.name = unicodedata.normalize("NFC", stem + PurePosixPath(stored.name).suffix.lower())
        return stored


class ActivityEvidenceFormSet(BaseInlineFormSet):
    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if self.is_bound and f"{self.prefix}-TOTAL_FORMS" not in self.data:
            # An activity form posted without this inline (a script, a page opened before it existed):
            # it changes no evidence, rather than failing as a tampered form.
            data = self.data.copy()
            data[f"{self.prefix}-TOTAL_FORMS"] = data[f"{self.prefix}-INITIAL_FORMS"] = "0"
            self.data = data


class ActivityEvidenceInline(ScopedInlineMixin, admin.TabularInline):
    """Files proving the activity. Changed only while the activity may be (its agency's staff or a
    coordinator, and not locked by an approved report: ScopedInlineMixin asks agencies.scoping)."""

    model = ActivityEvidence
    form = ActivityEvidenceForm
    formset = ActivityEvidenceFormSet
    extra = 1
    fields = ("document", "file", "uploaded_at")
    readonly_fields = ("document", "uploaded_at")

    @admin.display(description=_("tài liệu"))
    def document(self, obj):
        if not obj.pk or not obj.file:
            return "—"
        try:
            size = f"{obj.file.size / 1024:,.0f} KB".replace(",", ".")
        except OSError:
            return format_html("{} <strong>{}</strong>", obj.name, _("(tệp bị mất, cần tải lại)"))
        return format_html('<a href="{}">{}</a> ({})', reverse("private_file", args=[obj.file.name]),
                           obj.name or obj.file.name.rsplit("/", 1)[-1], size)
