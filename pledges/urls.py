from django.urls import path

from followup.feeds import PledgeReportsFeed

from . import views

app_name = "pledges"

urlpatterns = [
    path("", views.pledge_list, name="pledge_list"),
    path("<slug:slug>/", views.pledge_detail, name="pledge_detail"),
    path("<slug:slug>/version/<int:number>/", views.pledge_version, name="pledge_version"),
    path("<slug:slug>/uppfoljningar/atom/", PledgeReportsFeed(), name="pledge_followup_feed"),
    path("<slug:slug>/forhandsvisning/", views.pledge_working_copy, name="pledge_working_copy"),
]
