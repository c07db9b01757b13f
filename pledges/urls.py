from django.urls import path

from . import views

app_name = "pledges"

urlpatterns = [
    path("<slug:slug>/", views.pledge_detail, name="pledge_detail"),
]
