from django.db import models
from django_ckeditor_5.fields import CKEditor5Field

from .numbers import YearFormField
from .sanitize import clean_html


class RichTextField(CKEditor5Field):
    """A CKEditor 5 field whose value is sanitized with nh3 on every write (save, bulk_create, update)."""

    def pre_save(self, model_instance, add):
        value = clean_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return clean_html(value) if value else value


class YearField(models.PositiveSmallIntegerField):
    """A year ("2026"): shown as typed in every form, never with the thousands separator that makes whole
    numbers readable ("2.026"). The one place a year field gets its form field: whatever form or admin
    override asks (the admin turns every whole number into a WholeNumberField), a year is a YearFormField.
    Stored and migrated as the plain PositiveSmallIntegerField it is (deconstruct), so no migration needs
    this module."""

    def formfield(self, **kwargs):
        kwargs.pop("widget", None)
        return super().formfield(**{**kwargs, "form_class": YearFormField})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.PositiveSmallIntegerField", args, kwargs
