"""The privacy page lists every declared processing; every footer links to it."""

from django.urls import reverse
from django.utils.html import escape
from django.utils import translation

from accounts import personal_data


def test_every_registered_processing_appears_on_the_page(client, db):
    page = client.get(reverse("privacy:page")).content.decode()

    declared = personal_data.processings()
    assert len(declared) >= 10
    for _holder, processing in declared:
        for text in (processing.name, processing.purpose, processing.legal_basis,
                     processing.retention):
            assert escape(str(text)) in page, text


def test_every_app_holding_personal_data_declares_a_processing(db):
    keys = {holder.key for holder, _processing in personal_data.processings()}

    assert {"accounts", "communities", "discussions", "gardeners", "events", "newsletters",
            "notifications", "needs", "workgroups", "directory", "emails"} <= keys


def test_the_page_speaks_french(client, db, settings):
    response = client.get(reverse("privacy:page"), HTTP_ACCEPT_LANGUAGE="fr")

    with translation.override("fr"):
        first = str(personal_data.processings()[0][1].name)
    assert first in response.content.decode()


def test_the_footer_links_to_the_privacy_page(client, db):
    for url in (reverse("communities:list"), reverse("privacy:page"), reverse("account_login")):
        assert f'href="{reverse("privacy:page")}"' in client.get(url).content.decode(), url
