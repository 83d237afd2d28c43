from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("tim-kiem/", views.search_results, name="search"),
]
