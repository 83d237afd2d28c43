from django.urls import path

from . import views

app_name = "discussion"
urlpatterns = [
    path("gui/", views.post, name="post"),
]
