from django.urls import path

from . import views

app_name = "followup"

urlpatterns = [
    path("<slug:slug>/uppfoljning/<str:period>/", views.report_detail, name="report_detail"),
    path(
        "<slug:slug>/uppfoljning/<str:period>/underlag/<int:update_id>/",
        views.evidence,
        name="evidence",
    ),
]
