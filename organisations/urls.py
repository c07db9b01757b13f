from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("", views.municipality_list, name="municipality_list"),
    path("<slug:slug>/", views.municipality_detail, name="municipality_detail"),
]
