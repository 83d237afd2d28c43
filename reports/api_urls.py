from django.urls import path

from . import api

app_name = "api"
urlpatterns = [
    path("", api.index, name="index"),
    path("ke-hoach/", api.plan_list, name="plan_list"),
    path("ke-hoach/<slug:slug>/", api.plan_detail, name="plan_detail"),
    path("bao-cao/", api.report_list, name="report_list"),
    path("bao-cao/<slug:slug>/", api.report_detail, name="report_detail"),
]
