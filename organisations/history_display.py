"""How a change reads in the admin's history lists: in words staff use, not Python values.

django-simple-history lists each change as "field: old → new" with the values as Python prints
them: "draft → published", "True", "None", "[]", a removed relation as "Deleted lägesbild
(pk=None)", long texts cut with "[241 chars]". Here choices read as their labels, yes/no as
words, dates in Swedish time, several related objects as a list, an empty value as empty.
"""

import datetime

from django.db.models import ManyToManyField
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.translation import gettext as _
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper, ObjDiffDisplay


class ShortenedWithEllipsis(ObjDiffDisplay):
    """Long texts are cut around the change with "…", not with an English "[241 chars]"."""

    def shortened_str(self, prefix, num_skipped_chars, suffix):
        return f"{prefix} … {suffix}"


def readable_value(field, value):
    """One side of a change as staff read it ("" when there was nothing)."""
    if isinstance(value, DeletedObject):
        if value.pk is None:
            return ""
        return _("%(thing)s (removed)") % {"thing": value.model._meta.verbose_name}
    if value is None or value == "":
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, (int, float)) or hasattr(value, "as_tuple"):
        return localize(value)
    return value


class ReadableHistoryValues(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(field, ManyToManyField):
            related = super().prepare_delta_change_value(change, value)
            return ", ".join(str(readable_value(field, obj)) for obj in related)
        return readable_value(field, value)

    def get_obj_diff_display(self):
        return ShortenedWithEllipsis(max_length=300)
