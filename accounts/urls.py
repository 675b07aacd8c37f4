from django.urls import path

from communities.views import home

app_name = "accounts"

urlpatterns = [
    path("profile/", home, name="profile"),
]
