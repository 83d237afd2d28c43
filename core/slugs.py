"""Addresses made from Vietnamese titles, and old addresses kept working when one changes.

"Báo cáo kết quả công tác đợt 1" → "bao-cao-ket-qua-cong-tac-dot-1". Django's slugify decomposes "ế" into
"e" and a mark, but "đ" has no decomposition and is dropped ("t-1"); the admin's URLify writes "đ" as "dj"
and drops "ế" altogether. One rule, `slugify_vi`, used on the server (every save fills an empty slug from
the title, whichever form, import or command saved it) and, in the same terms, by the admin's
prepopulated field (static/core/js/slug-vi.js, loaded by the field's widget).

When a published row's slug changes, its old addresses answer 301 to the new ones
(django.contrib.redirects: a row per old path, served by RedirectFallbackMiddleware on what would be a
404, editable in the admin). The model says which addresses a slug has (`slug_addresses(slug)`), and its
save() runs inside `keeping_old_addresses`. Chains are never made: a redirect to an old address is
pointed at the new one, and a redirect from an address that is live again is removed.
"""

from contextlib import contextmanager

from django import forms
from django.conf import settings
from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .text import fold


def slugify_vi(value, max_length=None):
    """Lower-case ASCII words joined by hyphens, Vietnamese letters transliterated (đ → d, ế → e),
    cut at a word boundary to `max_length`."""
    slug = slugify(fold(value))  # core.text.fold: the one rule for Vietnamese without marks (đ → d)
    if max_length and len(slug) > max_length:
        cut = slug[:max_length + 1]
        slug = cut[:cut.rfind("-")] if "-" in cut else slug[:max_length]
        slug = slug[:max_length].strip("-")
    return slug


def unique_slug(model, text, *, max_length, exclude_pk=None, reserved=()):
    """slugify_vi(text), with -2, -3 … when another row (or a reserved word) already has it."""
    base = slugify_vi(text, max_length) or model._meta.model_name
    taken = model._default_manager.exclude(pk=exclude_pk) if exclude_pk else model._default_manager.all()
    candidate, n = base, 1
    while candidate in reserved or taken.filter(slug=candidate).exists():
        n += 1
        suffix = f"-{n}"
        candidate = base[:max_length - len(suffix)].rstrip("-") + suffix
    return candidate


class SlugInput(forms.TextInput):
    class Media:
        js = ["admin/js/urlify.js", "core/js/slug-vi.js"]  # after Django's URLify, which it wraps


class SlugFormField(forms.SlugField):
    """Empty: made from the title on save. Typed: transliterated ("Đợt 1" → "dot-1") instead of refused."""

    widget = SlugInput

    def to_python(self, value):
        value = super().to_python(value)
        return slugify_vi(value, self.max_length) if value else value


class TitleSlugField(models.SlugField):
    """A slug made from the row's `title` when left empty (see the module's docstring)."""

    description = _("Đường dẫn tạo từ tên (tiếng Việt bỏ dấu)")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("blank", True)
        kwargs.setdefault("help_text", _("Để trống để tạo từ tên, ví dụ “bao-cao-ket-qua-dot-1”. "
                                         "Đổi đường dẫn của trang đã công khai: địa chỉ cũ tự chuyển sang "
                                         "địa chỉ mới."))
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        widget = kwargs.get("widget")
        if widget is not None:  # the admin's own text input: the same, with the script
            base = widget if isinstance(widget, type) else type(widget)
            slug_widget = type(f"Slug{base.__name__}", (base,), {"Media": SlugInput.Media})
            kwargs["widget"] = slug_widget if isinstance(widget, type) else slug_widget(attrs=widget.attrs)
        return super().formfield(**{"form_class": SlugFormField, "required": False, **kwargs})


def fill_slug(instance, *, source="title", reserved=()):
    field = instance._meta.get_field("slug")
    if not instance.slug:
        instance.slug = unique_slug(type(instance), getattr(instance, source), max_length=field.max_length,
                                    exclude_pk=instance.pk, reserved=reserved)


@contextmanager
def keeping_old_addresses(instance, *, reserved=()):
    """Around a model's save(): fill an empty slug; once saved, if the slug changed, every address of the
    old slug redirects (301) to the same address of the new one. `type(instance).slug_addresses(slug)`
    lists a slug's paths."""
    from django.contrib.redirects.models import Redirect

    model = type(instance)
    fill_slug(instance, reserved=reserved)
    old = None
    if instance.pk is not None:
        old = model._default_manager.filter(pk=instance.pk).values_list("slug", flat=True).first()
    with transaction.atomic():
        yield
        new_paths = model.slug_addresses(instance.slug)
        redirects = Redirect.objects.filter(site_id=settings.SITE_ID)
        redirects.filter(old_path__in=new_paths).delete()  # an address that is live again
        if old and old != instance.slug:
            for old_path, new_path in zip(model.slug_addresses(old), new_paths, strict=True):
                redirects.filter(new_path=old_path).update(new_path=new_path)  # no chains
                Redirect.objects.update_or_create(site_id=settings.SITE_ID, old_path=old_path,
                                                  defaults={"new_path": new_path})

