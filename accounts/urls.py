"""Staff accounts: accepting an invitation and resetting a forgotten password."""

app_name = "accounts"

urlpatterns = []
