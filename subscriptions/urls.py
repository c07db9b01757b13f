from django.urls import path

from . import views

app_name = "subscriptions"

urlpatterns = [
    path("kommun/<slug:slug>/", views.subscribe, {"kind": "kommun"}, name="municipality"),
    path("medborgarlofte/<slug:slug>/", views.subscribe, {"kind": "pledge"}, name="pledge"),
    path(
        "kommun/<slug:slug>/skickat/",
        views.check_email,
        {"kind": "kommun"},
        name="municipality_sent",
    ),
    path(
        "medborgarlofte/<slug:slug>/skickat/",
        views.check_email,
        {"kind": "pledge"},
        name="pledge_sent",
    ),
    path("bekrafta/<str:token>/", views.confirm, name="confirm"),
    path("avsluta/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("avslutad/", views.unsubscribed, name="unsubscribed"),
]
