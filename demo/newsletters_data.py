"""The demo's letters, as data: two sent letters in the archives and the
letter Biodiversité is writing now (demo/newsletters.py seeds them).

A section's `author` is `jt` or `jr` (the community's territory or
institution gardener), `nadia` or `thomas` (the demo accounts engage@ and
informe@), or `engaged` / `informed` (a member of that circle drawn for the
demo). `state` is what the gardeners decided, `comment` what they answered.
"""

from communities.models import Circle

# Who agrees to receive their community's letters, by circle: the share of
# the circle drawn, the demo accounts and the staff who follow a community
# always. Those who joined before a sent letter agreed before it and got it.
SUBSCRIBED_SHARE = {Circle.ENGAGED: 0.8, Circle.INFORMED: 0.6, Circle.CITIZENS: 0.25}
ALWAYS_SUBSCRIBED = ("engage@", "informe@", "citoyen@", "cultivateur@", "redaction@")

SENT = [
    {
        "community": "biodiversite",
        "title": "Lettre n° 7 : haies, mares et hirondelles",
        "sent_days_ago": 23,
        "intro": (
            "<p>Cet hiver, vous avez planté, compté, observé. Voici ce que la communauté en "
            "retient, et ce qui nous attend au printemps.</p>"
        ),
        "sections": [
            {
                "author": "jt",
                "title": "40 km de haies : merci aux 800 bénévoles",
                "body": (
                    "<p>Vingt-six chantiers participatifs, de l'Aveyron au Gers : les haies "
                    "plantées cet hiver relient désormais une centaine de parcelles. La Région "
                    "a simplifié le dossier d'aide, une seule pièce au lieu de quatre.</p>"
                    "<p>Prochaine étape : l'entretien, avec les lycées agricoles volontaires.</p>"
                ),
            },
            {
                "author": "engaged",
                "title": "Inventaire des mares : vos 1 200 observations sur la carte",
                "body": (
                    "<p>Écoles, clubs naturalistes et familles ont signalé 1 200 mares en six "
                    "mois. Chacune a été vérifiée par un naturaliste de la communauté avant "
                    "d'apparaître sur la carte.</p><p>Les mares temporaires comptent aussi : "
                    "ce sont souvent les plus riches en amphibiens.</p>"
                ),
            },
            {
                "author": "nadia",
                "title": "Le groupe Semences paysannes cherche des variétés locales",
                "body": (
                    "<p>Vous cultivez une tomate, un haricot ou une fève transmis dans votre "
                    "famille ? Le groupe de travail prépare une bourse aux semences et un "
                    "grainier partagé : <strong>écrivez-nous dans le canal du groupe</strong>.</p>"
                ),
            },
        ],
    },
    {
        "community": "alimentation-durable",
        "title": "Lettre n° 4 : des produits locaux dans l'assiette",
        "sent_days_ago": 16,
        "intro": (
            "<p>Cantines, épiceries solidaires, marchés : ce trimestre, les membres de la "
            "communauté ont beaucoup partagé. Morceaux choisis.</p>"
        ),
        "sections": [
            {
                "author": "jr",
                "title": "Cantines : 80 lycées à 60 % de produits locaux",
                "body": (
                    "<p>L'objectif est atteint dans 80 lycées de la région, dont 30 % de "
                    "produits bio. La plateforme d'achat régionale référence désormais "
                    "140 producteurs.</p>"
                ),
            },
            {
                "author": "engaged",
                "title": "Moins de pain jeté : la recette d'un collège",
                "body": (
                    "<p>68 g de pain jeté par repas contre 110 g l'an dernier : le pain est "
                    "tranché à la demande et les élèves se servent en crudités dans de petites "
                    "assiettes. Une fiche pratique est disponible sur demande.</p>"
                ),
            },
        ],
    },
]

# The letter being written: its call opened CALL_OPENED_DAYS_AGO days ago
# and closes CALL_CLOSES_IN days from now (at 23:59, Paris time).
IN_PROGRESS = {
    "community": "biodiversite",
    "title": "Lettre n° 8 : semences, desman et bénévoles",
    "call_opened_days_ago": 6,
    "call_closes_in": 9,
    "planned_in": 14,
    "intro": (
        "<p>Semences partagées, zones humides, bénévoles recherchés : une lettre bien "
        "remplie. Merci à toutes celles et ceux qui ont pris la plume.</p>"
    ),
    "sections": [
        {
            "author": "nadia",
            "title": "Le grainier partagé ouvre à la médiathèque",
            "body": (
                "<p>Depuis samedi, un grainier attend vos semences à la médiathèque : prenez "
                "un sachet, semez, et rapportez des graines à l'automne. On commence par les "
                "tomates et les haricots.</p>"
            ),
            "state": "accepted",
            "comment": "Merci Nadia, parfait tel quel.",
        },
        {
            "author": "jr",
            "title": "Zones humides : ce que la Région a retenu de vos propositions",
            "body": (
                "<p>Trois de vos propositions entrent dans le nouveau programme régional : "
                "une aide à la restauration des mares communales, un guide pour les "
                "agriculteurs et un suivi participatif sur cinq ans.</p>"
            ),
            "state": "accepted",
            "comment": "",
        },
        {
            "author": "engaged",
            "title": "Sortie hirondelles à Millau : le bilan",
            "body": (
                "<p>Dix-huit participants, 43 nids comptés sous les toits du centre ancien et "
                "deux propriétaires prêts à poser des nichoirs. Merci à la mairie pour "
                "l'accueil !</p>"
            ),
            "state": "proposed",
            "comment": "",
        },
        {
            "author": "thomas",
            "title": "Le club CPN de Rodez cherche des bénévoles",
            "body": (
                "<p>Le club Connaître et protéger la nature de Rodez emmène chaque mercredi "
                "une quinzaine d'enfants sur le terrain. Il cherche deux ou trois adultes pour "
                "encadrer les sorties de l'été.</p>"
            ),
            "state": "proposed",
            "comment": "",
        },
        {
            "author": "informed",
            "title": "Le desman des Pyrénées photographié dans l'Ariège",
            "body": (
                "<p>Un piège photographique posé au bord d'un torrent près de Saint-Girons a "
                "surpris un desman des Pyrénées, espèce discrète et menacée.</p>"
            ),
            "state": "changes_requested",
            "comment": (
                "Très beau sujet ! Peux-tu rester plus vague sur le lieu (la vallée suffit) "
                "pour protéger le site, et ajouter la photo avec sa description ?"
            ),
        },
        {
            "author": "informed",
            "title": "Vente de nichoirs au profit de notre association",
            "body": (
                "<p>Notre association vend des nichoirs fabriqués par ses bénévoles, 25 € "
                "pièce, au profit de ses actions de sensibilisation.</p>"
            ),
            "state": "declined",
            "comment": (
                "Merci pour la proposition ! La lettre ne relaie pas de ventes ; propose "
                "plutôt l'atelier de fabrication de nichoirs dans l'agenda des événements, "
                "nous le relaierons volontiers."
            ),
        },
    ],
}
