from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User
from .two_factor import StaffLoginForm

admin.site.login_form = StaffLoginForm  # password, then the code for accounts with two-step login on


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "get_full_name", "agency", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups", "agency")
    list_select_related = ("agency",)
    search_fields = ("username", "first_name", "last_name", "email", "agency__name")
    autocomplete_fields = ("agency",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("first_name", "last_name", "email", "agency")}),
        (_("Vai trò và quyền"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Thời điểm"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "agency", "password1", "password2")}),
    )
