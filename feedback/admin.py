"""Page feedback in the admin: read, filter and export; residents' answers are not edited."""

from django.contrib import admin

from .models import PageFeedback


@admin.register(PageFeedback)
class PageFeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "path", "helpful", "comment", "language"]
    list_filter = ["helpful", "language", "created_at"]
    search_fields = ["path", "comment"]
    date_hierarchy = "created_at"
    readonly_fields = ["path", "helpful", "comment", "language", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
