from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.home, name="home"),
    path("ke-hoach/<slug:slug>/", views.plan_detail, name="plan_detail"),
]
