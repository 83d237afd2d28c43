from django.urls import path, re_path

from . import api

app_name = "api"
urlpatterns = [
    path("", api.index, name="index"),
    path("openapi.json", api.schema, name="schema"),
    path("ke-hoach/", api.plan_list, name="plan_list"),
    path("ke-hoach/<slug:slug>/", api.plan_detail, name="plan_detail"),
    path("bao-cao/", api.report_list, name="report_list"),
    path("bao-cao/<slug:slug>/", api.report_detail, name="report_detail"),
    # Anything else under /api/v1/ ending in "/" answers in JSON too.
    re_path(r"^(?P<path>.+/)$", api.not_found, name="not_found"),
    # Without the slash: a 301 to the address with it (when that answers), with CORS like every answer.
    re_path(r"^(?P<path>.*[^/])$", api.add_slash, name="add_slash"),
]
