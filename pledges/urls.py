from django.urls import path

from . import views

app_name = "pledges"

# The page of one pledge combines several apps: portal.urls adds it to this namespace.
urlpatterns = [
    path("", views.pledge_list, name="pledge_list"),
]
