"""Demo: the cultivator as coach, the pair's two roles and an elected official
(issue #16, items 3-5).

- Biodiversité: a coaching thread between its pair and the cultivator (three
  notes, one with a small attached document); one of its open needs relayed
  by the institution gardener to their direction, with the direction's answer.
- Another community's pair has invited the cultivator as a contributor (the
  cultivator may write its letters there, and nowhere else).
- Élise Martin, regional councillor, elected official of Biodiversité and of
  that other community: she meets them on their pages and gets the monthly
  digest. She logs in with the demo password (elue@demo.terreau.fr).

Safe to run again: it only adds what is missing.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction

from communities.models import Community, Direction
from demo.factories import UserFactory
from gardeners.coaching import coaching_note_add
from gardeners.models import CoachingNote
from needs import relays
from needs.models import Need, Relay, Status
from roles import selectors as roles
from roles import services as role_services
from roles.models import ContributorInvitation, ElectedOfficial

ELECTED_EMAIL = "elue@demo.terreau.fr"


def _cultivator():
    direction = Direction.objects.filter(is_coordinating=True).first()
    return direction.staff.order_by("pk").first() if direction else None


def _thread(community, pair, cultivator) -> int:
    if CoachingNote.objects.filter(community=community).exists():
        return 0
    coaching_note_add(
        community=community, author=cultivator,
        text="Bonjour à vous deux. Pour la rentrée, je vous propose de tester un format court "
             "(1 h 30) pour l'atelier semences : les engagés nous ont dit manquer de temps.",
    )
    coaching_note_add(
        community=community, author=pair.territory_gardener,
        text="Merci. Nous hésitons entre un samedi matin et un mardi soir : qu'ont fait les "
             "autres communautés ?",
    )
    plan = ContentFile(
        "Trame d'atelier court\n1. Accueil (10 min)\n2. Tour des besoins (30 min)\n"
        "3. Échanges de graines (40 min)\n4. Prochaines étapes (10 min)\n".encode(),
        name="trame-atelier-court.txt",
    )
    coaching_note_add(
        community=community, author=cultivator,
        text="Le mardi soir a mieux marché à Alimentation durable. Je joins la trame qu'ils "
             "ont utilisée ; gardez 10 minutes pour dire ce que deviennent les besoins.",
        attachment=plan,
    )
    return 3


def _relay(community, pair) -> int:
    if pair.institution_gardener is None or Relay.objects.filter(
            need__community=community).exists():
        return 0
    need = (Need.objects.filter(community=community, status__in=[Status.NEW, Status.DISCUSSED],
                                visibility=Need.Visibility.COMMUNITY)
            .order_by("pk").first())
    if need is None:
        return 0
    relays.need_relay(need=need, actor=pair.institution_gardener,
                      message="Ce besoin relève de la direction : pouvez-vous nous dire ce qui "
                              "est possible d'ici le printemps ?")
    relays.relay_answer_record(
        need=need, actor=pair.institution_gardener, status=Relay.Answer.PARTLY,
        answer="La direction prête une salle deux samedis par trimestre ; le matériel reste "
               "à la charge de la communauté.",
    )
    return 1


def seed(out=None) -> dict:
    cultivator = _cultivator()
    created = {"notes": 0, "relays": 0, "invitations": 0, "elected": 0}
    biodiversite = Community.objects.filter(slug="biodiversite").first()
    if cultivator is None or biodiversite is None:
        return created
    with transaction.atomic():
        pair = roles.active_pair(biodiversite)
        if pair is not None and pair.territory_gardener is not None:
            created["notes"] = _thread(biodiversite, pair, cultivator)
            created["relays"] = _relay(biodiversite, pair)
        other = (Community.objects.exclude(pk=biodiversite.pk)
                 .filter(pk__in=roles.active_pairs().values("community_id"))
                 .order_by("pk").first())
        if other is not None and not ContributorInvitation.objects.filter(
                community=other, person=cultivator).exists():
            inviter = roles.gardeners_of(other)[0]
            role_services.contributor_invite(community=other, person=cultivator, actor=inviter)
            created["invitations"] = 1
        if not ElectedOfficial.objects.filter(person__email=ELECTED_EMAIL).exists():
            elected = UserFactory(email=ELECTED_EMAIL, display_name="Élise Martin",
                                  preferred_language="fr")
            elected.password = cultivator.password  # the demo password
            elected.save(update_fields=["password"])
            role_services.elected_mark(
                person=elected, communities=[c for c in (biodiversite, other) if c],
                mandate="Conseillère régionale déléguée à la biodiversité", actor=cultivator,
            )
            created["elected"] = 1
    if out is not None:
        out.write(f"Coaching: {created['notes']} notes, {created['relays']} need relayed to a "
                  f"direction, {created['invitations']} contributor invitation, "
                  f"{created['elected']} elected official.")
    return created
