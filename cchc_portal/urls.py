from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from accounts import views as account_views
from accounts.two_factor import setup as two_factor_setup
from campaigns.views import evidence_pack_view, private_file, remind_view
from portal.views import start_page
from reports.sitemaps import SITEMAPS
from reports.views import favicon, robots_txt

from . import views

urlpatterns = [
    path(f"{settings.ADMIN_URL}xac-thuc-hai-buoc/", two_factor_setup, name="staff_two_factor"),
    path(f"{settings.ADMIN_URL}tuy-chon-thong-bao/", account_views.notification_settings,
         name="staff_notification_settings"),
    path(f"{settings.ADMIN_URL}bao-cao-ky/<int:period_id>/nhac/", admin.site.admin_view(remind_view),
         name="period_remind"),
    path(f"{settings.ADMIN_URL}r/<int:content_type_id>/<str:object_id>/",
         admin.site.admin_view(views.view_on_site), name="admin_view_on_site"),
    path(f"{settings.ADMIN_URL}bao-cao-ky/<int:period_id>/minh-chung.zip",
         admin.site.admin_view(evidence_pack_view), name="period_evidence_pack"),
    # "Quên mật khẩu?" on the admin login page (accounts.views); before the admin's own catch-all.
    path(f"{settings.ADMIN_URL}quen-mat-khau/", account_views.PasswordResetView.as_view(),
         name="admin_password_reset"),
    path(f"{settings.ADMIN_URL}quen-mat-khau/da-gui/", account_views.PasswordResetDoneView.as_view(),
         name="admin_password_reset_done"),
    path(f"{settings.ADMIN_URL}dat-mat-khau/<uidb64>/<token>/", account_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path(f"{settings.ADMIN_URL}dat-mat-khau/xong/", account_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path(settings.ADMIN_URL, admin.site.admin_view(start_page), name="staff_start"),  # admin:index's address
    path(settings.ADMIN_URL, admin.site.urls),
    path("bien-tap/", include("campaigns.urls")),
    path("binh-luan/", include("discussion.urls")),
    path("api/v1/", include("reports.api_urls")),
    path("tai-lieu/<path:name>", private_file, name="private_file"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    path("", include("portal.urls")),
    path("", include("reports.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler500 = "cchc_portal.views.server_error"
