from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import DATE
from core.document_uploads import clean_document
from core.images import make_thumbnail, reencode_image

from . import cycle
from .models import Activity, ActivityPhoto, Plan, Task, period_locked_error
from .plausibility import unusual_quantity_message, usual_quantities

# A browser cannot keep a chosen file across a failed save: the page says so where the empty file boxes are.
PHOTOS_NOT_KEPT = _("Ảnh đã chọn chưa được lưu — hãy chọn lại ảnh trước khi lưu.")
FILES_NOT_KEPT = _("Tệp đã chọn chưa được lưu — hãy chọn lại tệp trước khi lưu.")


class ActivityPhotoForm(forms.ModelForm):
    class Meta:
        model = ActivityPhoto
        fields = ["image", "caption", "order"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A caption left without its photo (the file was lost by a failed save): say why, not "bắt buộc".
        self.fields["image"].error_messages["required"] = PHOTOS_NOT_KEPT

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and image is not getattr(self.instance, "image", None) and hasattr(image, "content_type"):
            clean_file, _extension = reencode_image(image)
            self._new_image = clean_file
            return clean_file
        return image

    def save(self, commit=True):
        photo = super().save(commit=False)
        if getattr(self, "_new_image", None) is not None:
            photo.thumbnail = make_thumbnail(self._new_image)
        if commit:
            photo.save()
        return photo


class ActivityForm(forms.ModelForm):
    evidence_url = forms.URLField(
        label=_("Đường dẫn minh chứng"), required=False, max_length=500, assume_scheme="https",
        help_text=_("Địa chỉ bài báo, video hoặc văn bản chứng minh kết quả."),
    )
    confirm_quantity = forms.BooleanField(
        label=_("Tôi đã kiểm tra: số lượng này đúng"), required=False,
        help_text=_("Chỉ cần đánh dấu khi hệ thống cảnh báo số lượng cao bất thường."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "channel" in self.fields:  # empty: the task's (Activity.clean), else Activity.clean asks for it
            self.fields["channel"].required = False
            self.fields["channel"].help_text = _("Để trống: lấy hình thức của nhiệm vụ đã chọn.")

    def clean(self):
        cleaned = super().clean()
        task = cleaned.get("task")
        agency, quantity = cleaned.get("agency"), cleaned.get("quantity")
        channel = cleaned.get("channel") or (task.channel if task and task.channel_id else None)
        self._take_the_cycles_lock(agency, cleaned.get("date"))
        # Asked when the quantity (or what it is compared with) is new, not again at every later edit.
        questioned = self.instance._state.adding or {"quantity", "agency", "channel"} & set(self.changed_data)
        if questioned and agency and channel and quantity is not None and not cleaned.get("confirm_quantity"):
            pair = (agency.pk, channel.pk)
            usual = usual_quantities([pair], exclude_ids=[self.instance.pk] if self.instance.pk else []).get(pair)
            warning = unusual_quantity_message(quantity, usual, channel.unit)
            if warning:
                self.add_error("quantity", forms.ValidationError(
                    _("Cảnh báo: %(warning)s. Nếu đúng, hãy đánh dấu “Tôi đã kiểm tra: số lượng này đúng” rồi lưu "
                      "lại."), code="unusual_quantity", params={"warning": warning[0].upper() + warning[1:]}))
        return cleaned

    def _take_the_cycles_lock(self, agency, date):
        """The reporting cycle's lock (campaigns.cycle.activities_lock), taken in the admin's transaction
        before the model's own check (Activity.clean, which then sees the row's new place as it is under the
        lock) and held until the save commits. The row's place now is refused here, for the whole form:
        moving a row out of an approved report changes that report, and a row approved since the page
        opened shows read-only, where an error on its date would not be seen."""
        old = Activity.objects.filter(pk=self.instance.pk).values_list("agency_id", "date").first() \
            if self.instance.pk else None
        locks = cycle.activities_lock(places=[p for p in (old, (getattr(agency, "pk", None), date)) if p])
        covering = locks.covering(*old) if old else None
        if covering is not None:
            self.add_error(None, period_locked_error(covering, old[1]))

    class Meta:
        model = Activity
        fields = ["plan", "task", "agency", "channel", "date", "title", "quantity", "participants", "awards",
                  "description", "evidence_url"]
        widgets = {"date": forms.DateInput(format=DATE)}


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["title", "slug", "year", "document_number", "issuing_agency", "issued_on", "summary", "body",
                  "attachment", "status"]

    def clean_attachment(self):
        """A new file passes the check every uploaded document passes (size, content is what its name
        says), limited to PDF."""
        attachment = self.cleaned_data.get("attachment")
        if attachment and hasattr(attachment, "content_type"):
            return clean_document(attachment, pdf_only=True)
        return attachment


class TaskForm(forms.ModelForm):
    """A task's coordinating agencies must exist in the plan's year, as its lead agency must (Task.clean):
    a many-to-many choice is checked here, with the same message (Agency.refusal)."""

    class Meta:
        model = Task
        fields = ["plan", "title", "description", "channel", "target_quantity", "lead_agency", "deadline",
                  "status", "coordinating_agencies", "order"]

    def clean(self):
        cleaned = super().clean()
        plan = cleaned.get("plan")
        refusals = [self.instance.agency_refusal(agency, plan=plan)
                    for agency in cleaned.get("coordinating_agencies") or ()]
        for refusal in filter(None, refusals):
            self.add_error("coordinating_agencies", forms.ValidationError(refusal, code="agency_closed"))
        return cleaned
