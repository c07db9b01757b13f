"""Lägesbilder in the admin: written by coordinators, figures computed on the public page."""

from django.contrib import admin, messages
from django.db import models
from django.utils.html import format_html
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin

from organisations.scoped_admin import ScopedAdmin

from ..models import SituationPicture
from ..models.situation import deletion_refusal, pledges_resting_on


@admin.register(SituationPicture)
class SituationPictureAdmin(ScopedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "municipality", "period_start", "period_end", "is_published"]
    list_filter = ["is_published", "municipality"]
    search_fields = ["title", "summary"]
    list_select_related = ["municipality"]
    date_hierarchy = "period_end"

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def get_deleted_objects(self, objs, request):
        """A lägesbild a pledge rests on is not deleted, from its delete page or in bulk: the
        pledges are listed as protected, so Django refuses, and a message says why."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        pictures = list(objs)
        pledges = list(pledges_resting_on([picture.pk for picture in pictures]))
        if not pledges:
            return deleted, counts, perms_needed, protected
        field = pledges[0]._meta.get_field("situation_picture")
        # Django lists the pledges whose key protects the lägesbild already; add the others.
        listed = {picture.pk for picture in pictures}
        if field.remote_field.on_delete is not models.PROTECT:
            listed = set()
        name = str(pledges[0]._meta.verbose_name)
        # Django counts a protected pledge the user may not delete as a permission they lack;
        # the pledge is not to be deleted at all: say it protects the lägesbild instead.
        perms_needed = {needed for needed in perms_needed if str(needed) != name}
        label = capfirst(name)
        protected = [
            *protected,
            *(
                format_html("{}: {}", label, pledge)
                for pledge in pledges
                if pledge.situation_picture_id not in listed
            ),
        ]
        for picture in pictures:
            resting = list(pledges_resting_on([picture.pk]))
            if resting:
                messages.error(request, deletion_refusal(picture, resting))
        return deleted, counts, perms_needed, protected
