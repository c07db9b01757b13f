"""Pledge versions: the content both sides approve, frozen as a snapshot, and what changed."""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.content_language import (
    ContentText,
    in_page_language,
    page_language,
    wants_translation,
)

# The parts of a pledge that make up the promise. A change to any of them is a new version
# that both sides approve; everything else (slug, page owner, previous pledge) is page metadata.
TEXT_FIELDS = {
    "title": _("Title"),
    "promise": _("The promise"),
    "effect": _("Expected effect"),
    "background": _("Background"),
    "situation_method": _("How the pledge was made"),
    "follow_up_method": _("How it is followed up"),
}
# Optional English versions of the texts residents read first. They are part of the approved
# content, but a snapshot holds them only when given: versions made before English existed (or
# without any) hold no such keys, and so still equal the snapshot of an unchanged pledge.
ENGLISH_FIELDS = {
    "title_en": _("Title (English)"),
    "promise_en": _("The promise (English)"),
    "effect_en": _("Expected effect (English)"),
}
FOCUS_AREA_ENGLISH = {"name_en": _("Name (English)"), "description_en": _("Description (English)")}
ACTIVITY_ENGLISH = {"description_en": _("What we do (English)")}
DATE_FIELDS = ("start_date", "end_date", "signed_on")
ACTIVITY_FIELDS = ("description", "responsible", "target_count", "target_unit", "focus_areas",
                   "places")  # fmt: skip


def snapshot(pledge) -> dict:
    """The content of a pledge's working copy as plain data, in a stable order.

    Also used by a data migration, so it reads only fields and relations (no model methods),
    and fields added later only where the model has them.
    """
    focus_areas = pledge.focus_areas.select_related("place").order_by("order", "id")
    activities = pledge.activities.prefetch_related("focus_areas", "places").order_by("order", "id")
    return {
        **{name: getattr(pledge, name) for name in TEXT_FIELDS},
        **_given(pledge, ENGLISH_FIELDS),
        **{name: _iso(getattr(pledge, name)) for name in DATE_FIELDS},
        "municipalities": sorted(m.name for m in pledge.municipalities.all()),
        "police_area": pledge.police_area.name,
        "situation_picture": pledge.situation_picture_id,
        "focus_areas": [
            {
                "id": area.pk,
                "name": area.name,
                "kind": area.kind,
                "description": area.description,
                "place": area.place.name if area.place_id else None,
                **_given(area, FOCUS_AREA_ENGLISH),
            }
            for area in focus_areas
        ],
        "activities": [
            {
                "id": activity.pk,
                "description": activity.description,
                "responsible": activity.responsible,
                "target_count": activity.target_count,
                "target_unit": activity.target_unit,
                "focus_areas": sorted(area.name for area in activity.focus_areas.all()),
                "places": sorted(place.name for place in activity.places.all()),
                "order": activity.order,
                "carried_over_from": activity.carried_over_from_id,
                **_given(activity, ACTIVITY_ENGLISH),
            }
            for activity in activities
        ],
        "signatories": [
            {"name": s.name, "role": s.role, "organisation": s.organisation}
            for s in pledge.signatories.order_by("order", "id")
        ],
    }


def _given(obj, names) -> dict:
    """The optional fields that have a value; an empty one is left out of the snapshot."""
    values = {name: getattr(obj, name, "") for name in names}
    return {name: value for name, value in values.items() if value}


def _iso(day):
    return day.isoformat() if day else None


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


# Reading a snapshot ----------------------------------------------------------------------


@dataclass
class ShownActivity:
    """An activity as a version shows it; the page adds its live follow-up status by id."""

    id: int
    description: str
    responsible: str
    target_count: int | None
    target_unit: str
    focus_areas: list
    places: list
    order: int = 0
    carried_over_from: int | None = None
    description_en: str = ""
    # Filled in by the page from the live activity with the same id, when there is one.
    latest_update: object = None
    all_continuations: list = field(default_factory=list)
    carried_over_from_pledge: object = None
    # Filled in by Content.of: the English name of each of the pledge's focus areas that has one.
    focus_area_names_en: dict = field(default_factory=dict, repr=False)

    @property
    def shown_description(self) -> ContentText:
        """What we do, in English on an English page where the pledge gives it."""
        return in_page_language(self.description, self.description_en)

    @property
    def shown_focus_areas(self) -> list[ContentText]:
        return [
            in_page_language(name, self.focus_area_names_en.get(name, ""))
            for name in self.focus_areas
        ]


@dataclass
class ShownFocusArea:
    id: int
    name: str
    kind: str
    description: str
    place: str | None
    name_en: str = ""
    description_en: str = ""

    @property
    def shown_name(self) -> ContentText:
        return in_page_language(self.name, self.name_en)

    @property
    def shown_description(self) -> ContentText:
        return in_page_language(self.description, self.description_en)

    def get_kind_display(self):
        from .models import FocusArea

        return FocusArea.Kind(self.kind).label


@dataclass
class Content:
    """A snapshot read back with typed values, for templates and for comparing versions."""

    title: str
    promise: str
    effect: str
    background: str
    situation_method: str
    follow_up_method: str
    start_date: datetime.date
    end_date: datetime.date
    signed_on: datetime.date | None
    municipalities: list
    police_area: str
    situation_picture: int | None
    focus_areas: list
    activities: list
    signatories: list
    title_en: str = ""
    promise_en: str = ""
    effect_en: str = ""

    # What a page shows: the English version on an English page where one is given, else the
    # Swedish text; each knows its language for {% lang_of %}.

    @property
    def shown_title(self) -> ContentText:
        return in_page_language(self.title, self.title_en)

    @property
    def shown_promise(self) -> ContentText:
        return in_page_language(self.promise, self.promise_en)

    @property
    def shown_effect(self) -> ContentText:
        return in_page_language(self.effect, self.effect_en)

    @property
    def has_english(self) -> bool:
        """Whether the pledge can be read in English at all: its title and promise are given."""
        return bool(self.title_en and self.promise_en)

    @property
    def is_all_in_english(self) -> bool:
        """Whether an English page shows all of the pledge's texts in English: every text with
        an English field has it, and there is no background or method text (which have none)."""
        return (
            self.has_english
            and (self.effect_en or not self.effect)
            and not (self.background or self.situation_method or self.follow_up_method)
            and all(a.name_en and (a.description_en or not a.description) for a in self.focus_areas)
            and all(a.description_en for a in self.activities)
        )

    def language_note(self) -> str:
        """On an English page, the note that says what of the pledge is only in Swedish."""
        if not wants_translation() or self.is_all_in_english:
            return ""
        if not self.has_english:
            return gettext("This pledge is only available in Swedish.")
        return gettext("Parts of this pledge are only available in Swedish.")

    @classmethod
    def of(cls, data: dict) -> "Content":
        names_en = {
            area["name"]: area["name_en"]
            for area in data.get("focus_areas", [])
            if area.get("name_en")
        }
        return cls(
            **{name: data.get(name, "") for name in TEXT_FIELDS},
            **{name: data.get(name, "") for name in ENGLISH_FIELDS},
            start_date=_date(data["start_date"]),
            end_date=_date(data["end_date"]),
            signed_on=_date(data.get("signed_on")),
            municipalities=list(data.get("municipalities", [])),
            police_area=data.get("police_area", ""),
            situation_picture=data.get("situation_picture"),
            focus_areas=[ShownFocusArea(**area) for area in data.get("focus_areas", [])],
            activities=[
                ShownActivity(**activity, focus_area_names_en=names_en)
                for activity in data.get("activities", [])
            ],
            signatories=list(data.get("signatories", [])),
        )


# Comparing two versions ------------------------------------------------------------------


@dataclass
class Change:
    """One readable difference between two versions: a field, or an activity or focus area
    that was added, removed or changed."""

    kind: str  # "changed", "added" or "removed"
    label: str
    before: str = ""
    after: str = ""
    details: list = field(default_factory=list)  # (label, before, after) for a changed item


def _target(activity):
    if activity.get("target_count") is None:
        return ""
    return f"{activity['target_count']} {activity.get('target_unit', '')}".strip()


def _responsible(value):
    from .models import Activity

    # The interface's word for the side, so in the page's language and not marked as Swedish.
    return ContentText(Activity.Responsible(value).label, page_language()) if value else ""


def _activity_details(old, new):
    rows = []
    if old["description"] != new["description"]:
        rows.append((_("What we do"), old["description"], new["description"]))
    rows += _english_rows(old, new, ACTIVITY_ENGLISH)
    if old["responsible"] != new["responsible"]:
        rows.append(
            (
                _("Carried out by"),
                _responsible(old["responsible"]),
                _responsible(new["responsible"]),
            )
        )
    if _target(old) != _target(new):
        rows.append((_("Target"), _target(old), _target(new)))
    for key, label in (("focus_areas", _("Focus areas")), ("places", _("Places"))):
        if old.get(key, []) != new.get(key, []):
            rows.append((label, ", ".join(old.get(key, [])), ", ".join(new.get(key, []))))
    return rows


def _english_rows(old, new, labels):
    """(label, before, after) for each English text of an item that was given, changed or
    taken away; a key absent from a snapshot is an empty text."""
    return [
        (label, *_english(old, new, key))
        for key, label in labels.items()
        if old.get(key, "") != new.get(key, "")
    ]


def _english(old, new, key):
    """An English text before and after, each knowing it is English (for its lang attribute)."""
    return ContentText(old.get(key, ""), "en"), ContentText(new.get(key, ""), "en")


def _period(data):
    return f"{data['start_date']} – {data['end_date']}"


def _signatory_lines(data):
    return "\n".join(
        f"{s['name']}, {s['role']}, {s['organisation']}" for s in data.get("signatories", [])
    )


def changes_between(old: dict, new: dict) -> list[Change]:
    """What changed from one version's content to the next, in the order of the page."""
    result = []
    if old.get("title") != new.get("title"):
        result.append(Change("changed", _("Title"), old.get("title"), new.get("title")))
    if old.get("title_en", "") != new.get("title_en", ""):
        result.append(
            Change("changed", ENGLISH_FIELDS["title_en"], *_english(old, new, "title_en"))
        )
    if _period(old) != _period(new):
        result.append(Change("changed", _("Period"), _period(old), _period(new)))
    for key, label in (("municipalities", _("Municipalities")), ("police_area", _("Police"))):
        before, after = old.get(key), new.get(key)
        if before != after:
            joined = [", ".join(v) if isinstance(v, list) else (v or "") for v in (before, after)]
            result.append(Change("changed", label, *joined))
    for name, label in TEXT_FIELDS.items():
        if name == "title":  # listed first, above
            continue
        if old.get(name, "") != new.get(name, ""):
            result.append(Change("changed", label, old.get(name, ""), new.get(name, "")))
        english = f"{name}_en"
        if english in ENGLISH_FIELDS and old.get(english, "") != new.get(english, ""):
            result.append(Change("changed", ENGLISH_FIELDS[english], *_english(old, new, english)))
    if old.get("situation_picture") != new.get("situation_picture"):
        result.append(Change("changed", _("Situation picture"), "", ""))
    result += _item_changes(
        old.get("activities", []),
        new.get("activities", []),
        text=lambda a: a["description"],
        details=_activity_details,
        labels=(_("Activity added"), _("Activity removed"), _("Activity changed")),
    )
    result += _item_changes(
        old.get("focus_areas", []),
        new.get("focus_areas", []),
        text=lambda a: a["name"],
        details=lambda o, n: (
            [
                (label, o[key] or "", n[key] or "")
                for key, label in (("name", _("Name")), ("description", _("Description")))
                if o[key] != n[key]
            ]
            + _english_rows(o, n, FOCUS_AREA_ENGLISH)
        ),
        labels=(_("Focus area added"), _("Focus area removed"), _("Focus area changed")),
    )
    if _signatory_lines(old) != _signatory_lines(new):
        result.append(
            Change("changed", _("Signed by"), _signatory_lines(old), _signatory_lines(new))
        )
    if old.get("signed_on") != new.get("signed_on"):
        result.append(
            Change("changed", _("Signed"), old.get("signed_on") or "", new.get("signed_on") or "")
        )
    return result


def _item_changes(old_items, new_items, text, details, labels):
    added_label, removed_label, changed_label = labels
    old_by_id = {item["id"]: item for item in old_items}
    new_ids = {item["id"] for item in new_items}
    result = []
    for item in new_items:
        before = old_by_id.get(item["id"])
        if before is None:
            result.append(Change("added", added_label, after=text(item)))
        else:
            rows = details(before, item)
            if rows:
                result.append(Change("changed", changed_label, text(before), text(item), rows))
    for item in old_items:
        if item["id"] not in new_ids:
            result.append(Change("removed", removed_label, before=text(item)))
    return result
