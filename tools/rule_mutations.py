"""Break each rule that guards the record, one at a time, and show which tests catch it.

Usage: .venv/bin/python tools/rule_mutations.py [name ...]

Every mutation below removes or weakens one rule (approval, versioning, publication, scoping)
by replacing a piece of source text. For each, the named tests run against the broken code;
a rule is guarded when at least one of them fails. The source is restored after each run, also
when the run is interrupted. Exit status 1 when a mutation survives.
"""

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Mutation:
    name: str
    path: str
    before: str
    after: str
    tests: list
    # Further (path, before, after) replacements, for a rule guarded in more than one place.
    also: tuple = ()


MUTATIONS = [
    Mutation(
        "publish on one side's approval",
        "pledges/models.py",
        "if approved_sides == set(PledgeApproval.Side.values):",
        "if approved_sides:",
        ["pledges/tests/test_approval.py", "pledges/tests/test_versions.py"],
    ),
    Mutation(
        "an edit does not retire approvals",
        "pledges/models.py",
        "if approval.version.content != content or approval.version.change_reason != reason",  # noqa: E501
        "if False",
        ["pledges/tests/test_versions.py"],
    ),
    Mutation(
        "approve reuses any pending version, whatever its content",
        "pledges/models.py",
        "            and latest.content == content\n            and latest.change_reason == reason\n",  # noqa: E501
        "",
        ["pledges/tests/test_versions.py"],
    ),
    Mutation(
        "approvals of other pending versions are kept",
        "pledges/models.py",
        "        retire(self.pending_approvals().exclude(version=version), user)",
        "        pass",
        ["pledges/tests/test_versions.py"],
    ),
    Mutation(
        "a change to a published pledge needs no reason",
        "pledges/models.py",
        "if live is not None and live.content != content and not reason:",
        "if False:",
        ["pledges/tests/test_versions.py"],
    ),
    Mutation(
        "an unchanged published pledge can be approved again",
        "pledges/models.py",
        "if locked.status == self.Status.PUBLISHED and live.content == content:",
        "if False:",
        ["pledges/tests/test_versions.py"],
    ),
    Mutation(
        "only members may approve",
        "pledges/models.py",
        "        if not sides:\n            raise PermissionDenied(",
        "        if False:\n            raise PermissionDenied(",
        ["pledges/tests/test_approval.py"],
    ),
    Mutation(
        "withdrawal keeps the approvals active",
        "pledges/models.py",
        "            retire(self.approvals.filter(is_active=True), user)",
        "            pass",
        ["pledges/tests/test_approval.py", "pledges/tests/test_versions.py"],
    ),
    Mutation(
        "the public page shows the working copy",
        "portal/pledge_page.py",
        "    if pledge.published_version is not None:\n        return _render(",
        "    if False:\n        return _render(",
        ["pledges/tests/test_versions.py", "pledges/tests/test_pledge_page.py"],
    ),
    Mutation(
        "unpublished versions are readable",
        "portal/pledge_page.py",
        "PledgeVersion.objects.filter(pledge=pledge, published_at__isnull=False)",
        "PledgeVersion.objects.filter(pledge=pledge)",
        ["pledges/tests/test_versions.py"],
    ),
    Mutation(
        "the working-copy preview is open to all",
        "portal/pledge_page.py",
        "pledge = _pledge(request, slug, Pledge.objects.editable_by(request.user))",
        "pledge = _pledge(request, slug, Pledge.objects.all())",
        ["pledges/tests/test_versions.py"],
    ),
    Mutation(
        "an activity may take another pledge's focus areas",
        "pledges/models.py",
        "    if foreign.exists():\n        raise ValidationError(",
        "    if False:\n        raise ValidationError(",
        ["pledges/tests/test_versions.py"],
    ),
    Mutation(
        "the activity form accepts foreign focus areas",
        "pledges/admin.py",
        "        if foreign:\n            self.add_error(",
        "        if False:\n            self.add_error(",
        ["pledges/tests/test_versions.py"],
    ),
    Mutation(
        "a stale form overwrites the newer save",
        "pledges/admin.py",
        'if cleaned.get("edit_revision") == saved.revision:',
        "if True:",
        ["pledges/tests/test_versions.py"],
    ),
    Mutation(
        "the lägesbild of another kommun can be chosen",
        "pledges/admin.py",
        "            and picture.municipality_id not in own\n",
        "            and False\n",
        ["pledges/tests/test_versions.py"],
    ),
    Mutation(
        "a kommun that a pledge names can be deleted",
        "pledges/models.py",
        "    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)",
        "    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE)",
        ["pledges/tests/test_versions.py"],
    ),
    Mutation(
        "a lägesbild that a pledge rests on can be deleted (both guards)",
        "pledges/models.py",
        "        on_delete=models.PROTECT,\n        null=True,\n        blank=True,\n"
        '        related_name="pledges",',
        "        on_delete=models.SET_NULL,\n        null=True,\n        blank=True,\n"
        '        related_name="pledges",',
        ["pledges/tests/test_versions.py"],
        also=(
            (
                "dialogue/models/situation.py",
                "        if pledges:\n            raise ProtectedError(",
                "        if False:\n            raise ProtectedError(",
            ),
        ),
    ),
    Mutation(
        "staff of another kommun may change a pledge",
        "pledges/models.py",
        "            Q(municipalities__in=scope.municipality_ids) | Q(police_area__in=scope.police_area_ids)",  # noqa: E501
        "            Q(pk__isnull=False)",
        ["pledges/tests/test_admin_scope.py"],
    ),
    Mutation(
        "a lägesbild named only by a pledge's published version can be deleted",
        "dialogue/models/situation.py",
        "        if pledges:\n            raise ProtectedError(",
        "        if False:\n            raise ProtectedError(",
        ["dialogue/tests/test_situation.py"],
    ),
    Mutation(
        "a follow-up can be published before its tertial ends",
        "followup/models.py",
        "        if not self.period.has_ended(today):",
        "        if False:",
        ["followup/tests/test_calendar.py", "followup/tests/test_publishing.py"],
    ),
    Mutation(
        "publishing does not freeze what the report shows",
        "followup/models.py",
        "            self.freeze_content()\n\n    def freeze_content(self):",
        "            pass\n\n    def freeze_content(self):",
        ["followup/tests/test_published_record.py", "followup/tests/test_key_figures.py"],
    ),
    Mutation(
        "coordinators may publish follow-ups",
        "followup/models.py",
        "    def can_publish(self, user) -> bool:\n        return self.pledge.police_area_id in",
        "    def can_publish(self, user) -> bool:\n        return True or self.pledge.police_area_id in",  # noqa: E501
        ["followup/tests/test_admin.py", "followup/tests/test_publishing.py"],
    ),
    Mutation(
        "a stale report form overwrites the newer save",
        "followup/admin.py",
        "        if current is None or base == current:",
        "        if True:",
        ["followup/tests/test_conflicts.py"],
    ),
    Mutation(
        "a key figure in a published report can be deleted",
        "followup/models.py",
        '        verbose_name=_("key figure"),\n        on_delete=models.PROTECT,',
        '        verbose_name=_("key figure"),\n        on_delete=models.CASCADE,',
        ["followup/tests/test_key_figures.py"],
    ),
    Mutation(
        "history revert saves the old version",
        "organisations/scoped_admin.py",
        '        if request.method not in ("GET", "HEAD"):\n            raise PermissionDenied',
        "        if False:\n            raise PermissionDenied",
        ["portal/tests/test_admin_back_doors.py"],
    ),
    Mutation(
        "choice fields offer every kommun, police area and place",
        "organisations/scoped_admin.py",
        '            rows = self.scoped_choices(db_field.related_model, request)\n            if rows is not None:\n                kwargs["queryset"] = rows\n        return super().formfield_for_foreignkey(',  # noqa: E501
        '            rows = None\n            if rows is not None:\n                kwargs["queryset"] = rows\n        return super().formfield_for_foreignkey(',  # noqa: E501
        ["organisations/tests/test_scope.py"],
    ),
    Mutation(
        "list filters list other organisations",
        "organisations/scoped_admin.py",
        '            limit_choices_to={"pk__in": rows.values("pk")},',
        "",
        ["organisations/tests/test_scope.py"],
    ),
    Mutation(
        "autocompletes answer with every kommun and police area",
        "organisations/scoped_admin.py",
        "            return queryset.editable_by(request.user)\n        return queryset",
        "            return queryset\n        return queryset",
        ["organisations/tests/test_scope.py", "portal/tests/test_permission_matrix.py"],
    ),
    Mutation(
        "custom admin pages skip the view permission",
        "organisations/scoped_admin.py",
        "            if self.admin_site.has_permission(request) and not self.has_view_permission(request):",  # noqa: E501
        "            if False:",
        ["portal/tests/test_permission_matrix.py"],
    ),
    Mutation(
        "an activity may name a focus area that is not in the pledge form",
        "pledges/admin.py",
        "            missing = [n for n in numbers if not 1 <= n <= len(kept)]",
        "            missing = []",
        ["pledges/tests/test_pledge_form.py"],
    ),
    Mutation(
        "saving the pledge form renumbers unmoved rows (retiring approvals)",
        "pledges/admin.py",
        "            order = saved if fits else (previous[0] + 1 if previous else 0)",
        "            order = previous[0] + 1 if previous else 0",
        ["pledges/tests/test_pledge_form.py"],
    ),
    Mutation(
        "approving from the start page may send the user to another site",
        "pledges/admin.py",
        '        if back == reverse("admin:index"):',
        "        if back:",
        ["pledges/tests/test_worklist_pledges.py"],
    ),
    Mutation(
        "view on site answers for objects out of scope",
        "organisations/scoped_admin.py",
        "    if obj is None or not model_admin.has_view_permission(request, obj):",
        "    if obj is None:",
        ["portal/tests/test_admin_back_doors.py"],
    ),
    Mutation(
        "an answered survey's questions can be reworded",
        "dialogue/models/surveys.py",
        "        if changed & set(self.FROZEN_FIELDS) and answered(self.survey_ids()):",
        "        if False:",
        ["dialogue/tests/test_surveys_fixed.py"],
    ),
    Mutation(
        "unmoderated reports count in public figures",
        "dialogue/models/reports.py",
        "        return self.filter(status__in=PlaceReport.COUNTED)",
        "        return self.all()",
        ["dialogue/tests/test_place_reports.py", "dialogue/tests/test_situation.py"],
    ),
    Mutation(
        "the pledge list shows unpublished pledges",
        "pledges/views.py",
        "form.filter(Pledge.objects.published())",
        "form.filter(Pledge.objects.all())",
        ["pledges/tests/test_pledge_list.py"],
    ),
    Mutation(
        "search finds words of draft follow-ups",
        "pledges/search.py",
        "ActivityUpdate.objects.filter(report__in=FollowUpReport.objects.published())",
        "ActivityUpdate.objects.all()",
        ["pledges/tests/test_pledge_list.py"],
    ),
    Mutation(
        "the API serves unpublished pledges",
        "api/records.py",
        '        Pledge.objects.published()\n        .select_related("published_version", "police_area"',  # noqa: E501
        '        Pledge.objects.all()\n        .select_related("published_version", "police_area"',
        ["api/tests/test_exposure.py"],
    ),
    Mutation(
        "the API serves draft follow-ups",
        "api/records.py",
        '        FollowUpReport.objects.published()\n        .select_related("pledge__published_version")',  # noqa: E501
        '        FollowUpReport.objects.all()\n        .select_related("pledge__published_version")',  # noqa: E501
        ["api/tests/test_exposure.py"],
    ),
    Mutation(
        "the API serves staff dialogue",
        "api/records.py",
        "DialogueActivity.objects.public().select_related",
        "DialogueActivity.objects.all().select_related",
        ["api/tests/test_exposure.py"],
    ),
    Mutation(
        "the API serves surveys without public results",
        "api/records.py",
        "Survey.objects.with_public_results()",
        "Survey.objects.all()",
        ["api/tests/test_exposure.py"],
    ),
    Mutation(
        "CSV cells may start a spreadsheet formula",
        "api/csv_views.py",
        "writer.writerow([spreadsheet_safe(cell) for cell in row])",
        "writer.writerow(list(row))",
        ["api/tests/test_csv.py"],
    ),
    Mutation(
        "unconfirmed addresses get notices",
        "subscriptions/services.py",
        "        Subscription.objects.confirmed()\n",
        "        Subscription.objects.all()\n",
        ["subscriptions/tests/test_sending.py"],
        also=(
            (
                "subscriptions/services.py",
                "Subscription.objects.confirmed().select_related",
                "Subscription.objects.all().select_related",
            ),
        ),
    ),
    Mutation(
        "a draft pledge opens the report form",
        "organisations/models.py",
        "Exists(Pledge.objects.published().filter(municipalities=municipality))",
        "Exists(Pledge.objects.filter(municipalities=municipality))",
        ["dialogue/tests/test_place_reports_intake.py"],
    ),
    Mutation(
        "a pledge's English texts are not part of the approved version",
        "pledges/versions.py",
        "        **_given(pledge, ENGLISH_FIELDS),\n",
        "",
        ["pledges/tests/test_english_versions.py"],
    ),
    Mutation(
        "an activity's English text is not part of the approved version",
        "pledges/versions.py",
        "                **_given(activity, ACTIVITY_ENGLISH),\n",
        "",
        ["pledges/tests/test_english_versions.py"],
    ),
    Mutation(
        "a question's English text changes after English answers",
        "dialogue/models/surveys.py",
        "        if changed & set(self.ENGLISH_FIELDS) and answered(self.survey_ids(), english):",
        "        if False:",
        ["dialogue/tests/test_surveys_english.py", "dialogue/tests/test_surveys_english_admin.py"],
    ),
    Mutation(
        "a survey's English title changes after English answers",
        "dialogue/models/surveys.py",
        "        if set(changed) & set(self.ENGLISH_FIELDS) and self.has_responses_in_english():",
        "        if False:",
        ["dialogue/tests/test_surveys_english.py", "dialogue/tests/test_surveys_english_admin.py"],
    ),
    Mutation(
        "writes move no page-cache version (kept pages go stale)",
        "portal/page_cache.py",
        "    if _changes_pages(_written_table(sql)):",
        "    if False:",
        ["portal/tests/test_page_cache.py"],
    ),
    Mutation(
        "a reader with a session or message cookie gets kept pages",
        "portal/page_cache.py",
        "    if any(name not in NEUTRAL_COOKIES for name in request.COOKIES):\n        return False\n",  # noqa: E501
        "",
        ["portal/tests/test_page_cache.py"],
    ),
    Mutation(
        "an answer that sets a cookie is kept for everyone",
        "portal/page_cache.py",
        "if response.status_code != 200 or response.streaming or response.cookies:",
        "if response.status_code != 200 or response.streaming:",
        ["portal/tests/test_page_cache.py"],
    ),
    Mutation(
        "a page kept on another day is served",
        "portal/page_cache.py",
        "            and self.day == day\n",
        "",
        ["portal/tests/test_page_cache.py"],
    ),
    Mutation(
        "page feedback posted by another website is accepted",
        "portal/same_origin.py",
        '        if request.method == "POST" and is_cross_site(request):',
        "        if False:",
        ["feedback/tests/test_same_origin.py"],
    ),
    Mutation(
        "a database outage answers 500",
        "portal/outage.py",
        "    if is_database_outage(sys.exc_info()[1]):",
        "    if False:",
        ["portal/tests/test_outage.py"],
    ),
]


def run(mutation):
    edits = [(mutation.path, mutation.before, mutation.after), *mutation.also]
    originals = {}
    try:
        for relative, before, after in edits:
            path = ROOT / relative
            text = originals.setdefault(path, path.read_text())
            current = path.read_text()
            if current.count(before) != 1:
                return "stale", f"the text to replace is not found once in {relative}"
            path.write_text(current.replace(before, after))
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *mutation.tests],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
    finally:
        for path, text in originals.items():
            path.write_text(text)
    failed = [
        line.split(" ")[1] for line in result.stdout.splitlines() if line.startswith("FAILED")
    ]
    return ("killed", failed[0]) if result.returncode else ("survived", "no test failed")


def main(names):
    survivors = 0
    for mutation in MUTATIONS:
        if names and mutation.name not in names:
            continue
        outcome, detail = run(mutation)
        survivors += outcome != "killed"
        print(f"{outcome:8}  {mutation.name}: {detail}", flush=True)
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
