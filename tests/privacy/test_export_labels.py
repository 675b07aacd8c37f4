"""Every field of the personal-data export is named in the reader's language
on its readable page (privacy/labels.py); data.json keeps the keys."""

import io
import json
import zipfile

from django.utils import translation

from privacy import services
from privacy.labels import LABELS


def keys_of(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_of(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_of(v)}
    return set()


def test_every_field_of_the_export_has_a_label(person):
    sections = services.export_data(user=person.user)["sections"]
    keys = {k for section in sections.values() for k in keys_of(section["data"])}
    assert len(keys) > 100  # the scene reaches every app
    assert keys - set(LABELS) == set()


def test_the_readable_page_names_the_fields_in_french_and_the_json_keeps_the_keys(person):
    with translation.override("fr"):
        archive = zipfile.ZipFile(io.BytesIO(services.export_build(user=person.user)))
    page = archive.read("index.html").decode()
    assert "<dt>Adresse e-mail</dt>" in page or "<th>Adresse e-mail</th>" in page
    assert "Signalements de vos contenus" in page
    assert "Reports about you" not in page and "Email addresses" not in page
    data = json.loads(archive.read("data.json"))
    assert "email_addresses" in data["sections"]["accounts"]["data"]
