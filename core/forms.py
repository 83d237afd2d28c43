"""The identity's admin form: the logo passes the project's image checks (core.images) and what is stored is
a fresh image Pillow wrote, as for every other upload."""

from django import forms

from .images import reencode_image
from .models import PortalIdentity

LOGO_MAX_SIDE = 512


class PortalIdentityForm(forms.ModelForm):
    # A plain file field: the checks are core.images' (Pillow decodes and re-encodes it), with their
    # Vietnamese messages, not the ImageField's own.
    logo = forms.FileField(
        label=PortalIdentity._meta.get_field("logo").verbose_name.capitalize(), required=False,
        help_text=PortalIdentity._meta.get_field("logo").help_text,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}))

    class Meta:
        model = PortalIdentity
        fields = ["site_name", "short_name", "operator_name", "province_code", "logo", "address", "phone", "fax",
                  "email", "contact_name", "contact_title", "contact_unit", "contact_phone", "contact_email",
                  "document_parent_body", "document_issuer", "document_place", "document_signer_authority",
                  "document_signer_name"]
        widgets = {
            **{name: forms.TextInput(attrs={"class": "vLargeTextField"})
               for name in ("site_name", "operator_name", "address", "contact_unit")},
            **{name: forms.Textarea(attrs={"rows": 3, "cols": 60})
               for name in ("document_parent_body", "document_issuer", "document_signer_authority")},
        }

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and logo is not getattr(self.instance, "logo", None) and hasattr(logo, "content_type"):
            clean_file, _extension = reencode_image(logo, max_side=LOGO_MAX_SIDE)
            return clean_file
        return logo
