"""The project's URLs plus one view that fails, for the 500 page's test."""

from django.urls import path

from terreau.urls import handler400, urlpatterns as project_urlpatterns  # noqa: F401


def _fails(request):
    raise RuntimeError("a bug")


urlpatterns = [path("fails/", _fails), *project_urlpatterns]
