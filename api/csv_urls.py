app_name = "csv"

urlpatterns: list = []
