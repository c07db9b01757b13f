"""Open data under /api/: the JSON API (rest_urls) and CSV downloads (csv_urls)."""

from django.urls import include, path

urlpatterns = [
    path("csv/", include("api.csv_urls")),
    path("", include("api.rest_urls")),
]
