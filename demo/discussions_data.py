"""What the demo's channels say, in French as the members would write it.

A thread is `(days_ago, lines)`; a line is "voice: text", where the voice is
who speaks:

- `jt`, `jr`: the community's territory and institution gardeners;
- `a`, `b`, `c`, `d`: four members drawn for the thread (never a gardener,
  a demo account or the staff who follow the community);
- `nadia`, `thomas`, `lea`: the demo accounts engage@, informe@ and
  citoyen@ (Biodiversité only).

In the text, `@{voice}` mentions that person by their display name (the
discussions service notifies them), `{town}` and `{town2}` are communes of
the community (demo/places.py), `{community}` its name, `{event}` its next
public event and `{deadline}` the deadline of its letter's open call (a
thread that needs one the community lacks is left out). `old ~> new`: the
author corrects the message right after sending it (an edited message).

Common threads are told in several communities, each by other people;
demo/discussions_threads.py holds each community's own threads.
"""

# Which common threads each community tells (indexes into COMMON).
COMMON_BY_COMMUNITY = {
    "biodiversite": [0, 1, 2, 3, 5, 6, 8, 9],
    "alimentation-durable": [0, 2, 3, 4, 5, 7, 8],
    "citoyennete-active": [0, 1, 2, 3, 4, 7, 8, 9],
    "mobilites": [0, 1, 2, 3, 5, 7, 8],
}

COMMON = [
    (41, [
        ("jt: Bonjour à toutes et à tous, et bienvenue aux personnes arrivées ces derniers jours "
        "dans {community} ! Ce fil est le vôtre : présentez-vous en deux mots si vous en avez envie."),
        ("a: Bonjour ! J'habite à côté de {town} et je suis la communauté depuis la rencontre de "
        "l'automne. Ravi·e d'être là."),
        ("b: Bienvenue ! On est plusieurs du côté de {town}, on pourra covoiturer pour les "
        "prochaines sorties."),
        ("c: Bonjour, je travaille à la mairie de {town2} et je suis là surtout pour apprendre ce "
        "qui se fait ailleurs."),
        ("jr: Bienvenue ! Pour commencer, le récit de la communauté et les comptes rendus sont sur "
        "sa page d'accueil. Posez vos questions ici, il n'y a pas de question bête."),
    ]),
    (37, [
        "b: Question pratique : comment on fait pour apparaître sur la carte de l'annuaire ?",
        ("jt: @{b} depuis l'annuaire, « Ma fiche » : tu choisis ton territoire et, si tu veux, ta "
        "position sur la carte, arrondie à une centaine de mètres."),
        "b: Merci, c'est fait ! Je suis le point juste au sud de {town}.",
        ("d: Pratique, je ne savais pas qu'il y avait déjà plusieurs personnes de {town2} "
        "inscrites."),
    ]),
    (33, [
        ("jr: Merci aux quinze personnes présentes mardi soir, sur place ou en visio. Le compte "
        "rendu arrive dans la semaine ; en deux mots : on garde une rencontre par trimestre, et "
        "la prochaine se tiendra à {town}."),
        ("a: Merci pour l'animation, c'était dense mais efficace. On pourra avoir les supports "
        "de présentation ?"),
        "jr: @{a} oui, je les joins au compte rendu.",
        "c: Je n'ai pas pu venir, désolé·e. Est-ce que la question du calendrier a été tranchée ?",
        ("jt: @{c} pas encore : on en reparle au prochain point, on a besoin de l'avis des "
        "personnes qui n'étaient pas là."),
    ]),
    (27, [
        ("jt: Les inscriptions pour « {event} » sont ouvertes ! Les places sont limitées, "
        "inscrivez-vous depuis la page de l'événement."),
        ("a: Inscrit·e. Je pars de {town} en voiture à 8 h, j'ai trois places. ~> Inscrit·e. Je "
        "pars de {town} en voiture à 8 h 15 (et pas 8 h), j'ai trois places."),
        "d: @{a} je veux bien une place si ça tient toujours !",
        "a: @{d} c'est noté, je t'écris pour le lieu de rendez-vous.",
        "b: Est-ce que le lieu est accessible en fauteuil roulant ?",
        ("jt: @{b} oui, tout est de plain-pied et deux places sont réservées sur le parking. "
        "Dis-nous si tu as besoin d'autre chose."),
    ]),
    (24, [
        ("c: Notre association de {town} prête du matériel pour les événements de la "
        "communauté : barnums, tables, une petite sono. Il suffit de demander une semaine avant."),
        "jt: Merci, c'est précieux ! On l'ajoute à la liste des ressources partagées.",
        "c: @{jt} parfait, je t'envoie l'inventaire.",
        "a: Bon à savoir, on en aura besoin pour la prochaine rencontre.",
    ]),
    (18, [
        "b: Alerte orages annoncée pour le week-end : on maintient ce qui était prévu samedi ?",
        ("jt: On regarde la météo vendredi midi et on prévient ici et par e-mail les personnes "
        "inscrites."),
        ("jt: Bonne nouvelle, c'est maintenu : les orages passent au nord. Prévoyez quand même "
        "un vêtement de pluie !"),
        "d: Super, à samedi !",
    ]),
    (14, [
        ("jt: Merci à toutes celles et ceux qui sont venus samedi ! Le bilan est publié sur la "
        "page de l'événement, avec les suites qu'on y donne."),
        "a: Merci à vous pour l'organisation, c'était une très belle matinée.",
        "c: Les photos sont superbes. On peut les reprendre pour le site de notre association ?",
        ("jr: @{c} oui, en citant la communauté ; je vérifie seulement qu'on a l'accord de tout "
        "le monde pour celles où l'on reconnaît des visages."),
    ]),
    (9, [
        ("d: Pour celles et ceux qui cherchent des financements : la Région a mis en ligne le "
        "calendrier des appels à projets de l'année. Plusieurs concernent directement la "
        "communauté."),
        ("jr: Merci @{d} ! Je confirme, et on peut vous aider à monter les dossiers : écrivez-moi "
        "ici."),
        "b: Il y a une date limite commune ?",
        "jr: @{b} non, chaque appel a la sienne ; les premiers ferment à la fin du mois prochain.",
    ]),
    (4, [
        ("jt: On prépare la prochaine rencontre : qui serait disponible un jeudi soir plutôt "
        "qu'un mardi ? Répondez ici, même pour dire que ça ne change rien pour vous."),
        "a: Jeudi me va mieux.",
        "b: Pareil, jeudi.",
        "c: Pour moi les deux sont possibles, mais pas avant 18 h 30.",
        "d: Jeudi aussi, et je veux bien m'occuper de réserver la salle à {town}.",
        "jt: Merci à tous, on part sur jeudi. @{d} parfait pour la salle, on en parle demain.",
    ]),
    (1, [
        ("b: Petite info : j'ai déposé des affiches de « {event} » à la médiathèque et au "
        "marché de {town}."),
        "jr: Merci @{b} ! Il reste quelques places, n'hésitez pas à faire tourner.",
        "a: J'en ai laissé aussi à la boulangerie et à la pharmacie, ça part vite !",
    ]),
]

# The working group whose channel tells its story (community, group name).
GROUP_CHANNEL = ("biodiversite", "Semences paysannes")

# In the group's channel, `a`, `b`, `c` are the group's other members and
# `jt` the community's territory gardener.
GROUP_THREADS = [
    (40, [
        ("nadia: Premier point du groupe : on vise une bourse aux semences en avril. Qui connaît "
        "une médiathèque partante ?"),
        "a: Celle de {town} a déjà accueilli une grainothèque, je peux demander.",
        ("b: Il faudra aussi des producteurs de semences paysannes : je connais l'association "
        "Graines d'Occitanie."),
        "jt: Je peux faire le lien avec la Région pour le petit budget d'affiches.",
    ]),
    (28, [
        ("a: Bonne nouvelle : la médiathèque de {town} dit oui pour avril, un samedi de 10 h à "
        "17 h."),
        "nadia: Génial ! On garde la date et on l'annonce à la prochaine rencontre.",
        "c: Je m'occupe des sachets et des étiquettes. Il faut prévoir quelles informations ?",
        ("nadia: @{c} le nom de la variété, l'année et le lieu de récolte, et le nom de la "
        "personne qui l'a multipliée."),
    ]),
    (19, [
        ("b: Pour le grainier partagé, je propose qu'on commence par les tomates et les haricots : "
        "faciles à multiplier, et ça parle à tout le monde."),
        "a: D'accord, et peut-être les fèves, qui se conservent longtemps.",
        ("nadia: On l'inscrit au relevé de décisions : tomates et haricots d'abord, les fèves à "
        "l'automne."),
        "jt: Décision notée, bravo pour le rythme !",
    ]),
    (14, [
        "b: Question : on accepte les semences hybrides F1 à la bourse ?",
        ("nadia: Non, uniquement des variétés reproductibles, c'est tout l'intérêt. On l'écrira "
        "sur l'affiche."),
        "a: Et on explique pourquoi sur une petite fiche, sinon les gens ne comprennent pas.",
        "c: Je peux rédiger la fiche.",
    ]),
    (8, [
        ("c: Les 300 sachets sont prêts, étiquetés ~> Les 300 sachets sont prêts et étiquetés ; "
        "il en reste 50 vierges pour le jour J."),
        "nadia: Merci @{c} ! Je les récupère jeudi.",
        "b: J'ai trois producteurs confirmés pour tenir une table.",
    ]),
    (1, [
        "jt: @{nadia} point d'étape demain à 18 h en visio pour caler les derniers détails ?",
        "nadia: Ça me va.",
        "a: D'accord pour moi.",
        "b: Je serai un peu en retard, commencez sans moi.",
    ]),
]
