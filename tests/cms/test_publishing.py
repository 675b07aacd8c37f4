"""Who may publish: the role matrix of the directions' news sections.

Editors of a direction write in its section only and their pages go to the
direction's approvers; approvers of another direction cannot approve them;
the cultivator and superusers see and may edit everything.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page, TaskState, Workflow, WorkflowPage

from cms import publishing, role_groups
from cms.models import NewsPage
from tests.factories import DirectionFactory, UserFactory

from . import factories
from .test_pages import _news_form


@pytest.fixture
def synced(environment, agriculture, cultivator_direction):
    by_slug = {p.direction.slug: p for p in publishing.publishing_sync()}
    return by_slug


@pytest.fixture
def people(synced, cultivator_direction):
    env, agri = synced["environnement"], synced["agriculture"]

    def member(email, group):
        user = UserFactory(email=email)
        user.groups.add(group)
        return user

    cultivator = UserFactory(email="cultivateur@example.org")
    cultivator_direction.staff.add(cultivator)
    role_groups.role_groups_sync()
    return {
        "env_editor": member("redaction.env@example.org", env.editors),
        "env_approver": member("approbation.env@example.org", env.approvers),
        "agri_editor": member("redaction.agri@example.org", agri.editors),
        "agri_approver": member("approbation.agri@example.org", agri.approvers),
        "cultivator": cultivator,
        "superuser": UserFactory(email="admin@example.org", is_superuser=True, is_staff=True),
        "nobody": UserFactory(email="citoyen@example.org"),
    }


def _fresh(user):
    # Page permissions are cached on the user object.
    return type(user).objects.get(pk=user.pk)


# --- The sync ---------------------------------------------------------------------------


def test_every_direction_gets_its_section_groups_and_workflow(synced, environment):
    env = synced["environnement"]

    assert env.section.direction == environment
    assert env.editors.name == "Éditeurs — Direction de l'Environnement"
    assert env.approvers.name == "Approbateurs — Direction de l'Environnement"
    assert WorkflowPage.objects.get(page=env.section).workflow == env.workflow
    task = env.workflow.tasks.get().specific
    assert list(task.groups.all()) == [env.approvers]
    assert env.editors.permissions.filter(codename="access_admin").exists()


def test_the_sync_is_idempotent_and_follows_a_renamed_direction(synced, environment):
    def counts():
        return (Group.objects.count(), GroupPagePermission.objects.count(),
                Workflow.objects.count(), Page.objects.count())

    before = counts()
    publishing.publishing_sync()
    assert counts() == before

    environment.name = "Direction de la Transition écologique"
    environment.save()
    publishing.publishing_sync()

    env = synced["environnement"]
    env.editors.refresh_from_db()
    assert env.editors.name == "Éditeurs — Direction de la Transition écologique"
    assert counts() == before


def test_the_command_syncs_a_direction_created_later(synced):
    from django.core.management import call_command

    DirectionFactory(name="Direction des Mobilités", slug="mobilites")
    call_command("sync_direction_groups", stdout=__import__("io").StringIO())

    assert Group.objects.filter(name="Approbateurs — Direction des Mobilités").exists()


def test_an_existing_group_of_that_name_is_adopted(db, environment):
    # The demo seed created the editors group before the cms synced it.
    existing = Group.objects.create(name="Éditeurs — Direction de l'Environnement")

    assert publishing.direction_publishing_sync(environment).editors == existing


# --- The matrix ---------------------------------------------------------------------------

CAN_ADD = {
    # role: (may add news in environment's section, in agriculture's)
    "env_editor": (True, False),
    "env_approver": (True, False),
    "agri_editor": (False, True),
    "cultivator": (True, True),
    "superuser": (True, True),
    "nobody": (False, False),
}


@pytest.mark.parametrize("role", CAN_ADD)
def test_who_may_write_in_which_section(people, synced, role):
    user = _fresh(people[role])
    env, agri = synced["environnement"].section, synced["agriculture"].section

    assert (env.permissions_for_user(user).can_add_subpage(),
            agri.permissions_for_user(user).can_add_subpage()) == CAN_ADD[role]


CAN_PUBLISH = {"env_editor": False, "env_approver": True, "agri_approver": False,
               "cultivator": True, "superuser": True, "nobody": False}


@pytest.mark.parametrize("role", CAN_PUBLISH)
def test_who_may_publish_environment_news(people, synced, role):
    news = factories.news(synced["environnement"].section, slug="haies")

    assert news.permissions_for_user(_fresh(people[role])).can_publish() is CAN_PUBLISH[role]


def test_an_editor_cannot_open_the_add_form_of_another_section(client, people, synced):
    client.force_login(people["env_editor"])

    def add_url(section):
        return reverse("wagtailadmin_pages:add", args=["cms", "newspage", section.pk])

    assert client.get(add_url(synced["environnement"].section)).status_code == 200
    assert client.get(add_url(synced["agriculture"].section)).status_code in (302, 403)


def test_an_editors_news_goes_to_their_approvers_then_lives(client, people, synced):
    env = synced["environnement"]
    client.force_login(people["env_editor"])

    # When the editor writes a news article and submits it for moderation
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["cms", "newspage", env.section.pk]),
        _news_form(**{"action-submit": "Submit"}),
    )

    # Then it waits for the environment approvers, and is not live
    assert response.status_code == 302
    news = NewsPage.objects.get(slug="chantier-rodez")
    assert not news.live
    state = news.current_workflow_state
    assert state.workflow == env.workflow
    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(news, _fresh(people["agri_approver"])) == []
    assert task.get_actions(news, _fresh(people["env_editor"])) == []

    # When an approver of another direction tries to approve, nothing happens
    approve = reverse("wagtailadmin_pages:workflow_action",
                      args=[news.pk, "approve", task_state.pk])
    client.force_login(people["agri_approver"])
    client.post(approve, {"comment": ""})
    news.refresh_from_db()
    assert not news.live

    # When the environment approver approves, it is published
    client.force_login(people["env_approver"])
    response = client.post(approve, {"comment": "Parfait."})
    news.refresh_from_db()
    assert news.live and news.direction == env.direction
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_APPROVED


def test_the_cultivator_sees_every_section_in_the_admin(client, people, synced):
    factories.news(synced["agriculture"].section, title="Cantines bio", slug="cantines")
    client.force_login(people["cultivator"])

    for section in (synced["environnement"].section, synced["agriculture"].section):
        assert client.get(reverse("wagtailadmin_explore", args=[section.pk])).status_code == 200
    assert "Cantines bio" in client.get(
        reverse("wagtailadmin_explore", args=[synced["agriculture"].section.pk])
    ).text


# --- The admin speaks French and English ------------------------------------------------------


def test_the_admin_is_in_french_and_in_english(client, people):
    from wagtail.users.models import UserProfile

    editor = people["env_editor"]
    client.force_login(editor)
    assert 'lang="fr"' in client.get(reverse("wagtailadmin_home")).text

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    assert 'lang="en"' in client.get(reverse("wagtailadmin_home")).text
