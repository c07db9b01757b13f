"""Evidence files are checked by content, not only by name: an HTML page named .pdf is refused."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from followup.tests.factories import inline_data, make_report
from followup.tests.test_admin import change_url
from followup.validators import validate_evidence_file

pytestmark = pytest.mark.django_db
HTML = b"<!doctype html><script>alert(1)</script>"
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def zipped(**members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


ODF = "application/vnd.oasis.opendocument."
GOOD = {
    "x.pdf": PDF,
    "x.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "x.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF",
    "x.jpeg": b"\xff\xd8\xff\xe1\x00\x10Exif",
    "x.odt": zipped(mimetype=ODF + "text", **{"content.xml": "<office/>"}),
    "x.ods": zipped(mimetype=ODF + "spreadsheet", **{"content.xml": "<office/>"}),
    "x.docx": zipped(**{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}),
    "x.xlsx": zipped(**{"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<x/>"}),
    "x.csv": b"kommun;antal\nVaggeryd;3\n",
    "x.txt": "Trygghetsvandring i Skillingaryd, åtta deltagare.".encode(),
}
BAD = {
    "x.pdf": HTML,
    "x.png": HTML,
    "x.jpg": HTML,
    "x.jpeg": PDF,
    "x.odt": zipped(mimetype=ODF + "spreadsheet"),  # an ods named .odt
    "x.ods": zipped(**{"index.html": HTML}),
    "x.docx": zipped(**{"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<x/>"}),
    "x.xlsx": b"PK\x03\x04 not really a zip",
    "x.csv": b"kommun;antal\x00\n",
    "x.txt": "Trygghetsvandring".encode("utf-16"),
}


@pytest.mark.parametrize("name", GOOD)
def test_a_file_whose_content_matches_its_name_is_accepted(name):
    validate_evidence_file(SimpleUploadedFile(name, GOOD[name]))


@pytest.mark.parametrize("name", BAD)
def test_a_file_whose_content_does_not_match_its_name_is_refused(name):
    with pytest.raises(ValidationError) as refused:
        validate_evidence_file(SimpleUploadedFile(name, BAD[name]))
    assert refused.value.code == "file_content_mismatch"


def post_evidence(client, pledge, user, upload):
    report = make_report(pledge, year=2022, tertial=1, published=False)
    client.force_login(user)
    data = inline_data(report, **{"updates-0-evidence_file": upload})
    return report, client.post(change_url(report), data)


def test_html_named_pdf_is_refused_in_the_admin_in_swedish(
    client, pledge, varnamo_police, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("x.pdf", HTML, "application/pdf")
    report, response = post_evidence(client, pledge, varnamo_police, upload)
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.errors[0]
    assert errors["evidence_file"] == [
        "Filens innehåll är inte PDF, vad namnet än säger. Spara den som PDF och försök igen."
    ]
    assert not report.updates.exclude(evidence_file="").exists()


def test_real_pdf_is_accepted_in_the_admin(client, pledge, varnamo_police, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("protokoll.pdf", PDF, "application/pdf")
    report, response = post_evidence(client, pledge, varnamo_police, upload)
    assert response.status_code == 302
    (update,) = report.updates.exclude(evidence_file="")
    assert update.evidence_file.read() == PDF
