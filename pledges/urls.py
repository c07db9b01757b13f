from django.urls import path

from . import views

app_name = "pledges"

urlpatterns = [
    path("<slug:slug>/", views.pledge_detail, name="pledge_detail"),
    path("<slug:slug>/version/<int:number>/", views.pledge_version, name="pledge_version"),
    path("<slug:slug>/forhandsvisning/", views.pledge_working_copy, name="pledge_working_copy"),
]
