from django.urls import path

from . import views

app_name = "discussion"
urlpatterns = [
    path("gui/", views.post, name="post"),
    path("xac-nhan/<str:token>/", views.confirm, name="confirm"),
    path("ngung-nhan-email/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("danh-gia/<str:token>/", views.rate, name="rate"),
    path("xoa-du-lieu/<str:token>/", views.erase, name="erase"),
]
