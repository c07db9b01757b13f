from django.urls import path

from followup.feeds import MunicipalityReportsFeed

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.municipality_list, name="municipality_list"),
    path("sok/", views.find_municipality, name="find"),
    path("<slug:slug>/", views.municipality_detail, name="municipality_detail"),
    path(
        "<slug:slug>/uppfoljningar/atom/",
        MunicipalityReportsFeed(),
        name="municipality_followup_feed",
    ),
]
