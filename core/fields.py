from django_ckeditor_5.fields import CKEditor5Field

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
