from django.urls import path

from . import views

app_name = "campaigns"
urlpatterns = [
    path("tai-anh/", views.editor_upload, name="editor_upload"),
]
