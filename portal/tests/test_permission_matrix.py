"""The permission matrix: every admin URL, for every role, on an object of their own and of another.

The cases are generated from the admin site's own registry (admin.site._registry, each
ModelAdmin's get_urls() and actions) and from every relation field an autocomplete can be asked
about, so a new admin page is covered without anyone adding it here. Each registered model needs
a factory in FACTORIES; a model without one fails with a message that says so.

What each case must answer comes from EXPECTED (by family of admin, URL kind and role) and the
few exceptions in EXCEPTIONS, each with its reason. The outcomes themselves are decided in one
place: organisations/scoped_admin.py (ScopedAdmin and ScopedLookupMixin) asking the models'
editable_by(user). The README's "Who may do what in the admin" is this table in words.

Roles: anonymous, a Vaggeryd coordinator, LPO Värnamo police, the portal administrator
(superuser) and a staff account without membership. Objects: one in Vaggeryd / LPO Värnamo
("own") and one in Vänersborg / LPO Östra Fyrbodal ("other"). Every refused POST is checked to
have changed nothing.
"""

import datetime
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dialogue.models import DialogueActivity, PlaceReport, Question, SituationPicture, Survey
from feedback.models import PageFeedback
from followup.models import Indicator
from followup.tests.factories import make_report
from organisations.models import (
    ContactPerson,
    Membership,
    Municipality,
    Place,
    PoliceArea,
    PoliceRegion,
)
from pledges.tests.factories import make_pledge

ROLES = ("anonymous", "coordinator", "police", "superuser", "staff")
SIDES = ("own", "other")

# Outcomes -------------------------------------------------------------------------------------

OK = "ok"  # the page answers (200), or a POST is carried out (200 or a redirect)
LOGIN = "login"  # 302 to the admin's login page
FORBIDDEN = "forbidden"  # 403
MISSING = "missing"  # 404, or the admin's "does not exist" redirect to its start page
UNTOUCHED = "untouched"  # an action on a row outside the user's scope: answered, nothing changed
SENT_BACK = "sent back"  # 302 to the object's own page: the page's domain rule refused, said why
FOUND = "found"  # autocomplete: the object is among the results
ABSENT = "absent"  # autocomplete: answered, the object is not among the results

REFUSALS = {LOGIN, FORBIDDEN, MISSING, UNTOUCHED, SENT_BACK}

# Families of admin pages, by model label. Anything registered that is not named here is kept
# for the portal administrator only: a new admin is closed to staff until someone decides.
SCOPED = {
    "organisations.place",
    "organisations.contactperson",
    "pledges.pledge",
    "pledges.activity",
    "followup.followupreport",
    "followup.indicator",
    "dialogue.dialogueactivity",
    "dialogue.placereport",
    "dialogue.situationpicture",
    "dialogue.survey",
    "dialogue.question",
}
# Reference data staff pick in their forms: superusers edit it, staff only look it up.
LOOKUP = {"organisations.municipality", "organisations.policearea"}


def family(label):
    if label.startswith("app:"):  # an app's page: scoped if any of its admin pages is
        app_label = label[len("app:") :]
        return "scoped" if any(name.startswith(f"{app_label}.") for name in SCOPED) else "other"
    if label in SCOPED:
        return "scoped"
    if label in LOOKUP:
        return "lookup"
    return "superuser only"


# Page kinds with an object, and without.
OBJECT_KINDS = {"change", "delete", "delete POST", "history", "version", "revert POST", "custom"}
LIST_KINDS = {"changelist", "add", "action"}


def expected_outcome(fam, kind, role, side):
    """The declarative matrix: family of admin × URL kind × role × own/other object."""
    if role == "anonymous":
        return LOGIN
    if kind == "start page":
        return OK  # every signed-in staff account has one, if only to say there is nothing
    if kind == "app page":
        # Django answers "not found" for an app in which the user may open no admin page.
        return OK if role == "superuser" or (fam == "scoped" and role != "staff") else MISSING
    if kind == "revert POST":
        # No earlier version is ever saved back, for anyone (ReadOnlyHistoryMixin).
        return FORBIDDEN
    if kind == "autocomplete":
        if role == "superuser":
            return FOUND
        if fam == "superuser only" or role == "staff":
            return FORBIDDEN
        return FOUND if side == "own" else ABSENT
    if role == "superuser":
        return OK
    if fam != "scoped" or role == "staff":
        return FORBIDDEN
    if kind in OBJECT_KINDS:
        return OK if side == "own" else MISSING
    if kind == "action":
        return OK if side == "own" else UNTOUCHED
    return OK


def expected_for_history(fam, kind, role, side):
    # simple_history looks the object up by itself, not in the admin's queryset, then asks the
    # object-level permission (ScopedAdmin): another kommun's history is forbidden, not missing.
    if fam == "scoped" and kind in ("history", "version") and role in ("coordinator", "police"):
        return FORBIDDEN if side == "other" else OK
    return None


# Pages closed even to the portal administrator, by model, and why.
CLOSED_TO_ALL = {
    # Rows django-axes writes itself; nobody types a login attempt in.
    "axes.accessattempt": {"add"},
    "axes.accesslog": {"add"},
    "axes.accessfailurelog": {"add"},
    # Residents send page feedback; it is read, not written, in the admin.
    "feedback.pagefeedback": {"add"},
    # An invitation is revoked and kept on record, never deleted.
    "accounts.invitation": {"delete", "delete POST"},
    # Two-step login is a view of existing staff accounts: added by invitation, never deleted.
    "twofactor.stafftwofactor": {"add", "delete", "delete POST"},
    # Residents send reports of unsafe places; staff moderate them and never add one.
    "dialogue.placereport": {"add"},
}

# Where the portal's rules say otherwise than the family's default, and why.
EXCEPTIONS = {}
for _role in ("coordinator", "police"):
    for _side in SIDES:
        for _kind in ("delete", "delete POST"):
            # A report of an unsafe place is personal data under the retention rules: only the
            # administrator deletes one (the purge command does the rest).
            EXCEPTIONS["dialogue.placereport", _kind, _role, _side] = FORBIDDEN
    # The factory's report belongs to a draft pledge: "Check before publishing" sends
    # everyone back to the report with the reason (only a published pledge's is published).
    EXCEPTIONS["followup.followupreport", "followup_followupreport_preview", _role, "own"] = (
        SENT_BACK
    )
for _side in SIDES:
    EXCEPTIONS["followup.followupreport", "followup_followupreport_preview", "superuser", _side] = (
        SENT_BACK
    )
# A kommun's contact persons speak for the kommun: its police do not edit them, nor pick them
# as a pledge's page owner (ContactPerson.objects.editable_by is owned_by, not reach).
for _kind in ("change", "delete", "delete POST"):
    EXCEPTIONS["organisations.contactperson", _kind, "police", "own"] = MISSING
for _kind in ("history", "version"):
    EXCEPTIONS["organisations.contactperson", _kind, "police", "own"] = FORBIDDEN
EXCEPTIONS["organisations.contactperson", "autocomplete", "police", "own"] = ABSENT


def expected(case, side):
    if case.role != "anonymous" and case.kind in CLOSED_TO_ALL.get(case.label, ()):
        return FORBIDDEN
    key = (case.label, case.kind, case.role, side if case.per_object else "-")
    if key in EXCEPTIONS:
        return EXCEPTIONS[key]
    custom_key = (case.label, case.name, case.role, side if case.per_object else "-")
    if custom_key in EXCEPTIONS:
        return EXCEPTIONS[custom_key]
    fam = family(case.label)
    history = expected_for_history(fam, case.kind, case.role, side)
    if history is not None:
        return history
    return expected_outcome(fam, case.kind, case.role, side)


# The world: objects of their own and of another kommun ------------------------------------------


def kommun(name):
    return Municipality.objects.get(name=name)


def make_user(username, **membership):
    user = get_user_model().objects.create_user(
        username=username, password="test-password-123", is_staff=True
    )
    if membership:
        Membership.objects.create(user=user, **membership)
    return user


class World:
    """The kommuner, police areas, users and one object per model and side, built lazily."""

    def __init__(self):
        region = {"own": "Öst", "other": "Väst"}
        names = {
            "own": ("Värnamo", ["Värnamo", "Vaggeryd", "Gislaved", "Gnosjö"]),
            "other": ("Östra Fyrbodal", ["Vänersborg", "Trollhättan"]),
        }
        self.kommun = {"own": kommun("Vaggeryd"), "other": kommun("Vänersborg")}
        self.area = {}
        for side, (name, kommuner) in names.items():
            area = PoliceArea.objects.create(
                name=name, police_region=PoliceRegion.objects.get(name=region[side])
            )
            area.municipalities.set(Municipality.objects.filter(name__in=kommuner))
            self.area[side] = area
        coordinator = Membership.Role.COORDINATOR
        self.users = {
            "coordinator": make_user(
                "samordnare.vaggeryd", role=coordinator, municipality=self.kommun["own"]
            ),
            "police": make_user(
                "polis.varnamo", role=Membership.Role.POLICE, police_area=self.area["own"]
            ),
            "superuser": get_user_model().objects.create_superuser(
                username="admin", password="test-password-123", email="admin@example.se"
            ),
            "staff": make_user("staff.nobody"),
        }
        # Staff accounts to be the objects of the user and device admins.
        self.members = {
            side: make_user(f"medlem.{side}", role=coordinator, municipality=self.kommun[side])
            for side in SIDES
        }
        # Built once, before any case runs: a case's savepoint must not take them away.
        self._objects = {}
        for label in MODELS:
            if label in FACTORIES:
                for side in SIDES:
                    self.obj(label, side)

    def obj(self, label, side):
        key = (label, side)
        if key not in self._objects:
            factory = FACTORIES.get(label)
            if factory is None:
                pytest.fail(
                    f"The admin registers {label}, but the permission matrix has no factory for "
                    f"it: add one to FACTORIES in portal/tests/test_permission_matrix.py (an "
                    f"object in Vaggeryd / LPO Värnamo for 'own', in Vänersborg / LPO Östra "
                    f"Fyrbodal for 'other'), and list it in SCOPED or LOOKUP if staff work with it."
                )
            self._objects[key] = factory(self, side)
        return self._objects[key]


def _pledge(world, side):
    return make_pledge(
        world.area[side],
        municipality_names=(world.kommun[side].name,),
        slug=f"matrix-{side}",
    )


def _survey(world, side):
    now = timezone.now()
    return Survey.objects.create(
        municipality=world.kommun[side],
        slug=f"matrix-{side}",
        title=f"Trygghetsenkät {side}",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
    )


def _axes(model):
    def build(world, side):
        fields = {f.name for f in model._meta.concrete_fields}
        values = {
            "username": f"medlem.{side}",
            "ip_address": "10.0.0.1" if side == "own" else "10.0.0.2",
            "user_agent": "test",
            "http_accept": "*/*",
            "path_info": "/admin/login/",
            "attempt_time": timezone.now(),
            "get_data": "",
            "post_data": "",
            "failures_since_start": 1,
        }
        return model.objects.create(**{k: v for k, v in values.items() if k in fields})

    return build


def _invitation(world, side):
    invitation = apps.get_model("accounts.invitation")(
        email=f"ny.{side}@example.se",
        name=f"Ny Samordnare {side}",
        role=Membership.Role.COORDINATOR,
        municipality=world.kommun[side],
        invited_by=world.users["superuser"],
        expires_at=timezone.now() + datetime.timedelta(days=7),
    )
    invitation.new_link_token()
    invitation.save()
    return invitation


def _otp(model_path):
    def build(world, side):
        model = apps.get_model(model_path)
        return model.objects.create(user=world.members[side], name=f"app-{side}")

    return build


FACTORIES = {
    "auth.group": lambda w, side: Group.objects.create(name=f"grupp-{side}"),
    "auth.user": lambda w, side: w.members[side],
    "accounts.invitation": _invitation,
    "twofactor.stafftwofactor": lambda w, side: apps.get_model(
        "twofactor.stafftwofactor"
    ).objects.get(pk=w.members[side].pk),
    "otp_totp.totpdevice": _otp("otp_totp.totpdevice"),
    "otp_static.staticdevice": _otp("otp_static.staticdevice"),
    "organisations.policeregion": lambda w, side: w.area[side].police_region,
    "organisations.county": lambda w, side: w.kommun[side].county,
    "organisations.municipality": lambda w, side: w.kommun[side],
    "organisations.policearea": lambda w, side: w.area[side],
    "organisations.membership": lambda w, side: w.members[side].memberships.get(),
    "organisations.place": lambda w, side: Place.objects.create(
        municipality=w.kommun[side], name=f"Torget {side}"
    ),
    "organisations.contactperson": lambda w, side: ContactPerson.objects.create(
        municipality=w.kommun[side], role="Trygghetssamordnare", name=f"Kontakt {side}"
    ),
    "pledges.pledge": _pledge,
    "pledges.activity": lambda w, side: w.obj("pledges.pledge", side).activities.first(),
    "followup.followupreport": lambda w, side: make_report(
        w.obj("pledges.pledge", side), published=False
    ),
    "followup.indicator": lambda w, side: Indicator.objects.create(
        pledge=w.obj("pledges.pledge", side), name=f"Trygghetsvandringar {side}"
    ),
    "dialogue.dialogueactivity": lambda w, side: DialogueActivity.objects.create(
        municipality=w.kommun[side],
        kind=DialogueActivity.Kind.SAFETY_WALK,
        title=f"Trygghetsvandring {side}",
        starts_at=timezone.now() + datetime.timedelta(days=7),
    ),
    "dialogue.placereport": lambda w, side: PlaceReport.objects.create(
        municipality=w.kommun[side],
        category=PlaceReport.Category.LIGHTING,
        place_text=f"Vid ån {side}",
        description="Trasig belysning.",
    ),
    "dialogue.situationpicture": lambda w, side: SituationPicture.objects.create(
        municipality=w.kommun[side],
        police_area=w.area[side],
        title=f"Lägesbild {side}",
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 12, 31),
        summary="Oron gäller trafiken.",
    ),
    "dialogue.survey": _survey,
    "dialogue.question": lambda w, side: Question.objects.create(
        survey=w.obj("dialogue.survey", side),
        kind=Question.Kind.TEXT,
        text=f"Något mer ({side})?",
        order=1,
    ),
    "feedback.pagefeedback": lambda w, side: PageFeedback.objects.create(
        path=f"/kommuner/{side}/", helpful=True
    ),
}


def _register_axes():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        FACTORIES[model._meta.label_lower] = _axes(model)


_register_axes()


# The cases, from the admin's registry ----------------------------------------------------------

MODELS = {model._meta.label_lower: model for model in admin.site._registry}
STANDARD_URLS = {"changelist", "add", "history", "delete", "change", "simple_history"}


@dataclass(frozen=True)
class Case:
    label: str
    kind: str
    role: str
    name: str = ""  # the URL name (custom pages), action name or autocomplete field
    per_object: bool = True

    @property
    def id(self):
        what = f"{self.kind}:{self.name}" if self.name else self.kind
        return f"{self.label}|{what}|{self.role}"


def url_params(url_pattern):
    """Names of the parameters of a custom admin URL (object_id, pk, id …)."""
    converters = getattr(url_pattern.pattern, "converters", {})
    return list(converters)


def admin_pages():
    """(label, kind, name, per_object) for the admin's start page, every app's page and every
    page of every registered ModelAdmin."""
    yield "admin", "start page", "", False
    for app_label in sorted({model._meta.app_label for model in admin.site._registry}):
        yield f"app:{app_label}", "app page", "", False
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        opts = model._meta
        prefix = f"{opts.app_label}_{opts.model_name}_"
        names = {u.name for u in model_admin.get_urls() if u.name}
        yield label, "changelist", "", False
        yield label, "add", "", False
        yield label, "change", "", True
        yield label, "delete", "", True
        yield label, "delete POST", "", True
        yield label, "history", "", True
        if prefix + "simple_history" in names:
            yield label, "version", "", True
            yield label, "revert POST", "", True
        for url in model_admin.get_urls():
            if not url.name or url.name[len(prefix) :] in STANDARD_URLS:
                continue
            yield label, "custom", url.name, bool(url_params(url))
        for name, *_ in model_admin._get_base_actions():
            yield label, "action", name, True


def autocomplete_fields():
    """The autocompletes to ask: every field an admin or inline declares in autocomplete_fields,
    and, since Django answers for any relation field whose target admin has search fields,
    declared or not, one such field for every other target and limit_choices_to. (What Django
    answers depends only on the target's admin and the field's limit_choices_to.)"""
    declared, sources = set(), set()
    for model, model_admin in admin.site._registry.items():
        sources.add(model)
        declared.update((model, name) for name in model_admin.autocomplete_fields)
        for inline in model_admin.inlines:
            sources.add(inline.model)
            declared.update((inline.model, name) for name in inline.autocomplete_fields)
    seen = set()
    undeclared = []
    for model in sorted(sources, key=lambda m: m._meta.label_lower):
        for field in model._meta.get_fields():
            if not (field.is_relation and field.concrete) or field.auto_created:
                continue
            target = field.related_model
            target_admin = admin.site._registry.get(target)
            if target_admin is None or not target_admin.search_fields:
                continue
            if (model, field.name) in declared:
                seen.add((target, repr(field.remote_field.limit_choices_to)))
                yield model, field, target
            else:
                undeclared.append((model, field, target))
    for model, field, target in undeclared:
        key = (target, repr(field.remote_field.limit_choices_to))
        if key not in seen:
            seen.add(key)
            yield model, field, target


AUTOCOMPLETES = {
    f"{model._meta.label_lower}.{field.name}": (model, field, target)
    for model, field, target in autocomplete_fields()
}


def build_cases():
    cases = []
    for label, kind, name, per_object in admin_pages():
        for role in ROLES:
            cases.append(Case(label, kind, role, name, per_object))
    for source, (_model, _field, target) in AUTOCOMPLETES.items():
        for role in ROLES:
            cases.append(Case(target._meta.label_lower, "autocomplete", role, source, True))
    return cases


CASES = build_cases()


def matrix_size():
    """URLs × roles × objects, as the README quotes it."""
    urls = {(c.label, c.kind, c.name) for c in CASES}
    checks = sum(len(SIDES) if c.per_object else 1 for c in CASES)
    return len(urls), len(ROLES), checks


def test_matrix_size_is_reported(capsys):
    urls, roles, checks = matrix_size()
    models_count = len(admin.site._registry)
    with capsys.disabled():
        print(
            f"\nPermission matrix: {urls} admin URLs of {models_count} admin pages × {roles} "
            f"roles × own/other object = {checks} checked outcomes"
        )
    assert urls > 100 and checks == sum(2 if c.per_object else 1 for c in CASES)


# Running a case ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = World()
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def clients(world, django_db_blocker):
    made = {"anonymous": Client()}
    with django_db_blocker.unblock():
        for role, user in world.users.items():
            client = Client()
            client.force_login(user)
            made[role] = client
    return made


def row_of(obj):
    """The object's stored row, to tell that a refused request changed nothing."""
    rows = list(type(obj)._base_manager.filter(pk=obj.pk).values())
    return rows[0] if rows else None


def object_url(case, obj):
    opts = obj._meta
    base = f"admin:{opts.app_label}_{opts.model_name}"
    if case.kind == "change":
        return reverse(f"{base}_change", args=[obj.pk])
    if case.kind in ("delete", "delete POST"):
        return reverse(f"{base}_delete", args=[obj.pk])
    if case.kind == "history":
        return reverse(f"{base}_history", args=[obj.pk])
    if case.kind in ("version", "revert POST"):
        record = obj.history.order_by("-history_id").first()
        return reverse(f"{base}_simple_history", args=[obj.pk, record.pk])
    raise AssertionError(case.kind)


def custom_url(case, obj):
    model_admin = admin.site._registry[type(obj)] if obj is not None else None
    for url in (model_admin or admin.site).get_urls():
        if url.name == case.name:
            params = url_params(url)
            return reverse(f"admin:{case.name}", kwargs=dict.fromkeys(params, obj.pk))
    raise AssertionError(case.name)


def outcome_of(response, method, obj=None):
    status = response.status_code
    location = response.get("Location", "")
    if status == 302 and location.startswith(reverse("admin:login")):
        return LOGIN
    if status == 403:
        return FORBIDDEN
    if status == 404 or (status == 302 and location == reverse("admin:index")):
        return MISSING
    if status == 200 or (method == "POST" and status == 302):
        return OK
    if method == "GET" and status == 302 and obj is not None:
        opts = obj._meta
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        if location == change:
            return SENT_BACK
    return f"HTTP {status} {location}".strip()


def autocomplete_outcome(response, obj):
    status = response.status_code
    if status == 302 and response["Location"].startswith(reverse("admin:login")):
        return LOGIN
    if status == 403:
        return FORBIDDEN
    if status != 200:
        return f"HTTP {status}"
    ids = {row["id"] for row in response.json()["results"]}
    return FOUND if str(obj.pk) in ids else ABSENT


def search_term(obj):
    """A term the target admin's search finds the object by, so paging does not hide it."""
    model_admin = admin.site._registry[type(obj)]
    for name in model_admin.search_fields:
        name = name.lstrip("^=@")
        if "__" not in name:
            value = getattr(obj, name, "")
            if isinstance(value, str) and value:
                return value
    return ""


def run(case, world, clients, side):
    client = clients[case.role]
    if case.kind == "start page":
        return outcome_of(client.get(reverse("admin:index")), "GET"), None, None
    if case.kind == "app page":
        url = reverse("admin:app_list", kwargs={"app_label": case.label[len("app:") :]})
        return outcome_of(client.get(url), "GET"), None, None
    model = MODELS[case.label]
    if case.kind == "autocomplete":
        source, field, _target = AUTOCOMPLETES[case.name]
        obj = world.obj(case.label, side)
        response = client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": source._meta.app_label,
                "model_name": source._meta.model_name,
                "field_name": field.name,
                "term": search_term(obj),
            },
        )
        return autocomplete_outcome(response, obj), None, None

    opts = model._meta
    base = f"admin:{opts.app_label}_{opts.model_name}"
    obj = world.obj(case.label, side) if case.per_object else None
    before = row_of(obj) if obj is not None else None
    if case.kind == "changelist":
        response, method = client.get(reverse(f"{base}_changelist")), "GET"
    elif case.kind == "add":
        response, method = client.get(reverse(f"{base}_add")), "GET"
    elif case.kind == "action":
        response = client.post(
            reverse(f"{base}_changelist"),
            {"action": case.name, "_selected_action": [obj.pk], "post": "yes", "index": 0},
        )
        method = "POST"
    elif case.kind == "custom":
        url = custom_url(case, obj)
        response, method = client.get(url), "GET"
        if response.status_code == 405:  # a POST-only page: what does the POST do?
            response, method = client.post(url, {}), "POST"
    elif case.kind.endswith("POST"):
        response, method = client.post(object_url(case, obj), {"post": "yes"}), "POST"
        if case.kind == "delete POST" and response.status_code == 302 and row_of(obj) is None:
            # Deleted. (Without change permission Django then shows the admin's start page.)
            return OK, obj, before
    else:
        response, method = client.get(object_url(case, obj)), "GET"
    assert response.status_code < 500
    return outcome_of(response, method, obj), obj, before


# Each case runs in a savepoint of its own (django_db): what an allowed POST changes is undone.
@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_permission_matrix(case, world, clients):
    sides = SIDES if case.per_object else ("-",)
    for side in sides:
        want = expected(case, side)
        got, obj, before = run(case, world, clients, "own" if side == "-" else side)
        if want == UNTOUCHED and got == OK and row_of(obj) == before:
            got = UNTOUCHED
        assert got == want, f"{case.id} on the {side} object: expected {want}, got {got}"
        if obj is not None and want in REFUSALS:
            # Refused: the object is still there, exactly as it was.
            assert row_of(obj) == before, f"{case.id}: a refused request changed the {side} row"


def test_every_registered_model_has_a_factory():
    missing = sorted(
        model._meta.label_lower
        for model in admin.site._registry
        if model._meta.label_lower not in FACTORIES
    )
    assert not missing, f"No permission-matrix factory for: {', '.join(missing)}"
