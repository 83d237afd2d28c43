from django.urls import path, re_path

from . import feeds, views

app_name = "reports"
urlpatterns = [
    path("", views.home, name="home"),
    path("ke-hoach/", views.plan_list, name="plan_list"),
    path("ke-hoach/<slug:slug>/", views.plan_detail, name="plan_detail"),
    path("bao-cao/", views.report_list, name="report_list"),
    path("bao-cao/rss/", feeds.LatestReportsRss(), name="report_feed_rss"),
    path("bao-cao/atom/", feeds.LatestReportsAtom(), name="report_feed_atom"),
    path("bao-cao/<slug:slug>/", views.report_detail, name="report_detail"),
    re_path(r"^bao-cao/(?P<slug>[-\w]+)/tai-ve\.(?P<fmt>docx|xlsx|csv)$", views.report_download,
            name="report_download"),
    path("du-lieu-mo/", views.open_data_page, name="open_data"),
    path("du-lieu-mo/catalog.jsonld", views.open_data_catalog_view, name="open_data_catalog"),
    path("du-lieu-mo/<slug:slug>/so-lieu.csv", views.open_data_csv_view, name="open_data_csv"),
    path("du-lieu-mo/<slug:slug>/so-lieu.csv-metadata.json", views.open_data_csv_metadata_view,
         name="open_data_csv_metadata"),
]
