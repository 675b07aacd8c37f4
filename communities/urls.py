from django.urls import path

from . import views

app_name = "communities"

urlpatterns = [
    path("", views.home, name="list"),
    path("mine/", views.home, name="mine"),
]
