"""Links and names in e-mails: French elision after "de", and absolute links
built from SITE_URL, or in development from the address the site is served
at (terreau/links.py, docs/email.md)."""

import re
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from events.emails import RegistrationConfirmationRequestEmail
from terreau import links
from terreau.french import de
from terreau.tasks import send_email
from tests.events.factories import EventFactory

ROOT = Path(__file__).resolve().parents[1]
SITE = "https://terreau.example.org"
SERVED = "http://localhost:8123"


# --- French elision -------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "expected"), [
    ("Biodiversité", "de Biodiversité"),
    ("Alimentation durable", "d'Alimentation durable"),
    ("Écologie urbaine", "d'Écologie urbaine"),
    ("Yssingeaux en transition", "d'Yssingeaux en transition"),
    ("l'Occitanie", "de l'Occitanie"),
    ("L'Occitanie", "de l'Occitanie"),
    ("Le Grand Narbonne", "du Grand Narbonne"),
    ("Les Causses", "des Causses"),
    ("La Région Occitanie", "de la Région Occitanie"),
    ("Habitat participatif", "d'Habitat participatif"),  # a mute h elides
    ("Haute-Garonne solidaire", "de Haute-Garonne solidaire"),  # an aspirate h does not
    ("Lecture", "de Lecture"),  # "Le" is an article only as a word of its own
    ("Mobilités", "de Mobilités"),
    ("Œuvres sociales", "d'Œuvres sociales"),  # a ligature starts with its vowel
])
def test_de_elides_and_contracts_in_french(name, expected):
    assert de(name, "fr") == expected


def test_de_says_of_in_english_and_nothing_for_no_name():
    assert de("Alimentation durable", "en") == "of Alimentation durable"
    assert de("", "fr") == "" and de("  ", "en") == ""


def test_the_template_filter_follows_the_active_language():
    template = Template("{% load terreau %}{{ name|de }}")
    with translation.override("fr"):
        assert template.render(Context({"name": "Alimentation durable"})) == "d&#x27;Alimentation durable"
    with translation.override("en"):
        assert template.render(Context({"name": "Alimentation durable"})) == "of Alimentation durable"


# --- Absolute links: SITE_URL, or where the site is served in development --------------------


@pytest.fixture
def public(settings):
    settings.SITE_URL = SITE
    return settings


@pytest.fixture
def development(public):
    """The local settings: links follow the address the site is served at."""
    public.SITE_URL_FROM_REQUEST = True
    public.MIDDLEWARE = [public.MIDDLEWARE[0], "terreau.links.ServedAtMiddleware",
                         *public.MIDDLEWARE[1:]]
    public.ALLOWED_HOSTS = ["localhost", "testserver"]
    return public


def _register_without_account(client, event, commit, **extra):
    with commit(execute=True):
        return client.post(
            reverse("events:register", kwargs={"pk": event.pk}),
            {"name": "Zoé", "email": "zoe@example.org", "consent": "on"}, **extra,
        )


def _links_of(message):
    html = message.alternatives[0][0]
    return re.findall(r"https?://[^\s\"<>]+", message.body) + re.findall(r'href="([^"]+)"', html)


def _our_links(message):
    return [u for u in _links_of(message) if "visio" not in u]


def test_in_development_links_point_where_the_site_is_served(
        db, client, development, django_capture_on_commit_callbacks):
    event = EventFactory()
    response = _register_without_account(client, event, django_capture_on_commit_callbacks,
                                         HTTP_HOST="localhost:8123")
    assert response.status_code == 302

    [message] = mail.outbox
    ours = _our_links(message)
    assert ours and all(u.startswith(SERVED + "/") or u == SERVED for u in ours), ours
    assert not any(SITE in u for u in _links_of(message))


def test_in_production_the_host_header_never_makes_a_link(
        db, client, public, django_capture_on_commit_callbacks):
    # the same request, without the development setting: SITE_URL only
    public.MIDDLEWARE = [public.MIDDLEWARE[0], "terreau.links.ServedAtMiddleware",
                         *public.MIDDLEWARE[1:]]
    public.ALLOWED_HOSTS = ["localhost", "testserver"]
    event = EventFactory()
    _register_without_account(client, event, django_capture_on_commit_callbacks,
                              HTTP_HOST="localhost:8123")

    [message] = mail.outbox
    ours = _our_links(message)
    assert ours and all(u.startswith(SITE) for u in ours), ours
    assert not any("localhost:8123" in u for u in _links_of(message))


def _pending_registration():
    from events import services

    return services.registration_create(
        event=EventFactory(), name="Zoé", email="zoe@example.org", consent=True)


def test_a_worker_builds_the_links_on_the_address_the_request_came_to(
        db, development, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        registration = _pending_registration()
    mail.outbox.clear()

    # a worker, outside any request, gets the address with the task
    send_email(RegistrationConfirmationRequestEmail.class_path(), registration.pk,
               served_at=SERVED)

    [message] = mail.outbox
    assert all(u.startswith(SERVED) for u in _our_links(message))


def test_a_worker_ignores_a_served_address_outside_development(
        db, public, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        registration = _pending_registration()
    mail.outbox.clear()

    send_email(RegistrationConfirmationRequestEmail.class_path(), registration.pk,
               served_at="http://evil.example")

    [message] = mail.outbox
    assert all(u.startswith(SITE) for u in _our_links(message))
    assert links.site_url() == SITE


def test_make_run_gives_the_server_its_own_address_as_site_url():
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8123", "HOST=127.0.0.1"], cwd=ROOT,
        capture_output=True, text=True, check=True,
    ).stdout
    [serve] = [line for line in dry_run.splitlines() if "runserver" in line]
    assert "SITE_URL=http://127.0.0.1:8123" in serve
