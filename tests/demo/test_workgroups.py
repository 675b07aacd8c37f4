import pytest

from demo import communities as communities_demo
from demo import workgroups as workgroups_demo
from workgroups.models import Decision, GroupMember, WorkingGroup

pytestmark = pytest.mark.django_db


def test_the_demo_groups_are_made_once(settings):

    communities_demo.seed()
    created = workgroups_demo.seed()
    assert created["groups"] == 3
    assert WorkingGroup.objects.filter(channel__isnull=False).count() == 3
    semences = WorkingGroup.objects.get(name="Semences paysannes")
    assert semences.members.filter(user__email=workgroups_demo.DEMO_ENGAGED).exists()
    assert Decision.objects.filter(group=semences).count() == 2
    members = GroupMember.objects.count()
    assert workgroups_demo.seed() == {"groups": 0, "members": 0, "decisions": 0}
    assert GroupMember.objects.count() == members
