"""The demo's editorial content, in French as the region would write it."""

from .communities_data import AGRICULTURE, CITIZENSHIP, COORDINATION, ENVIRONMENT

ARTICLES = [
    # --- Environnement
    {
        "direction": ENVIRONMENT,
        "slug": "40-km-de-haies-plantees-cet-hiver",
        "title": "40 km de haies plantées cet hiver avec les acteurs du territoire",
        "date": "2025-02-14",
        "summary": (
            "Associations, agriculteurs et communes ont planté 40 km de haies champêtres : "
            "la communauté Biodiversité a coordonné les chantiers participatifs."
        ),
        "paragraphs": [
            ("<p>De novembre à février, vingt-six chantiers participatifs ont réuni plus de "
            "800 bénévoles dans l'Aveyron, le Tarn et le Gers. Les plants viennent de "
            "pépinières locales labellisées « Végétal local ».</p>"),
            ("<h2>Ce que la Région a retenu</h2><p>Les retours de la communauté ont conduit la "
            "Région à simplifier le dossier d'aide à la plantation : une seule pièce "
            "justificative au lieu de quatre, et un versement à la plantation.</p>"),
        ],
        "quote": {
            "quote": "On ne plante pas seulement des arbres, on replante des liens entre voisins.",
            "attribution": "Julien Castan, jardinier du territoire",
        },
        "communities": ["biodiversite"],
        "tags": ["haies", "chantier participatif"],
    },
    {
        "direction": ENVIRONMENT,
        "slug": "inventaire-participatif-des-mares",
        "title": "Inventaire participatif des mares : les premiers résultats",
        "date": "2025-04-03",
        "summary": (
            "1 200 mares recensées par les habitants en six mois : la carte est publique et "
            "servira à choisir les sites restaurés en priorité."
        ),
        "paragraphs": [
            ("<p>Lancé au printemps dernier avec les CPIE, l'inventaire a mobilisé des écoles, "
            "des clubs naturalistes et des familles. Chaque mare signalée est vérifiée par un "
            "naturaliste de la communauté avant d'apparaître sur la carte.</p>"),
            ("<p>La prochaine étape se décidera avec les membres engagés lors de la rencontre "
            "annuelle : quels critères pour financer les restaurations ?</p>"),
        ],
        "communities": ["biodiversite"],
        "tags": ["zones humides", "sciences participatives"],
    },
    {
        "direction": ENVIRONMENT,
        "slug": "covoiturage-rural-lappel-a-projets-est-ouvert",
        "title": "Covoiturage rural : l'appel à projets est ouvert",
        "date": "2025-05-12",
        "summary": (
            "Communes et associations peuvent proposer jusqu'au 30 juin une ligne de "
            "covoiturage de proximité ; la communauté Mobilités aide à monter les dossiers."
        ),
        "paragraphs": [
            ("<p>L'appel à projets reprend trois propositions faites par la communauté "
            "Mobilités : des arrêts matérialisés, une garantie de retour et un animateur local "
            "pendant la première année.</p>"),
        ],
        "communities": ["mobilites"],
        "tags": ["covoiturage", "appel à projets"],
    },
    # --- Agriculture et alimentation
    {
        "direction": AGRICULTURE,
        "slug": "des-produits-locaux-dans-tous-les-lycees",
        "title": "Des produits locaux dans les cantines de tous les lycées",
        "date": "2025-01-20",
        "summary": (
            "60 % de produits locaux dont 30 % bio : l'objectif est atteint dans 80 lycées, "
            "grâce au travail commun des cuisiniers et des producteurs."
        ),
        "paragraphs": [
            ("<p>Les cuisiniers de la communauté Alimentation durable ont partagé leurs menus, "
            "leurs fiches techniques et leurs fournisseurs. La plateforme d'achat régionale "
            "référence désormais 140 producteurs.</p>"),
        ],
        "quote": {
            "quote": "Le plus dur n'était pas de trouver les produits, c'était de se parler.",
            "attribution": "Un chef de cuisine du lycée de Rodez",
        },
        "communities": ["alimentation-durable"],
        "tags": ["restauration collective", "circuits courts"],
    },
    {
        "direction": AGRICULTURE,
        "slug": "epiceries-solidaires-un-fonds-pour-les-circuits-courts",
        "title": "Épiceries solidaires : un fonds pour acheter aux producteurs voisins",
        "date": "2025-03-18",
        "summary": (
            "Proposé par la communauté, un fonds régional prend en charge l'écart de prix "
            "entre produits locaux et grossistes pour les épiceries solidaires."
        ),
        "paragraphs": [
            ("<p>Vingt épiceries testent le dispositif pendant un an. Les membres de la "
            "communauté suivent l'expérimentation et publieront un bilan à mi-parcours.</p>"),
        ],
        "communities": ["alimentation-durable"],
        "tags": ["aide alimentaire", "circuits courts"],
    },
    # --- Citoyenneté et démocratie
    {
        "direction": CITIZENSHIP,
        "slug": "budget-participatif-les-projets-laureats",
        "title": "Budget participatif : les 57 projets lauréats",
        "date": "2025-02-28",
        "summary": (
            "Plus de 40 000 votes pour la troisième édition : découvrez les projets retenus "
            "et ce qui est arrivé aux propositions écartées."
        ),
        "paragraphs": [
            ("<p>Chaque projet non retenu a reçu une réponse motivée. La communauté "
            "Citoyenneté active a relu les réponses avant publication, pour que chacun "
            "comprenne comment sa contribution a été lue.</p>"),
        ],
        "communities": ["citoyennete-active"],
        "tags": ["budget participatif", "droit de suite"],
    },
    {
        "direction": CITIZENSHIP,
        "slug": "une-assemblee-citoyenne-tiree-au-sort",
        "title": "Une assemblée citoyenne tirée au sort sur l'eau",
        "date": "2025-04-22",
        "summary": (
            "Cinquante habitantes et habitants tirés au sort rendront un avis sur le partage "
            "de l'eau ; les volontaires complètent le tirage pour les territoires peu représentés."
        ),
        "paragraphs": [
            ("<p>Le tirage au sort complète le volontariat : il fait entendre des personnes qui "
            "ne viennent jamais aux réunions publiques. L'avis sera publié avec la réponse "
            "de la Région, point par point.</p>"),
        ],
        "communities": ["citoyennete-active", "biodiversite"],
        "tags": ["tirage au sort", "eau"],
    },
    # --- Coordination
    {
        "direction": COORDINATION,
        "slug": "trois-ans-de-communautes-dacteurs-engages",
        "title": "Trois ans de communautés d'acteurs engagés : le bilan",
        "date": "2025-06-05",
        "summary": (
            "Quatre communautés, huit jardiniers, plus de 600 membres : ce qui a marché, ce qui "
            "reste difficile et ce qui change cette année."
        ),
        "paragraphs": [
            ("<p>Animer une communauté prend du temps : un événement physique par an au moins, "
            "des échanges numériques réguliers et une lettre d'information corédigée. Les "
            "binômes de jardiniers le disent tous : le présentiel reste indispensable.</p>"),
            ("<p>Cette année, chaque direction publie ses actualités sur cette plateforme, et "
            "les membres peuvent suivre ce que deviennent leurs propositions.</p>"),
        ],
        "communities": ["biodiversite", "alimentation-durable", "citoyennete-active", "mobilites"],
        "tags": ["bilan"],
    },
    {
        "direction": COORDINATION,
        "slug": "devenir-jardinier-du-territoire",
        "title": "Devenir jardinier du territoire : la formation-action reprend",
        "date": "2025-06-20",
        "summary": (
            "Quatre journées pour apprendre à animer une communauté : médiation, animation "
            "d'événements, lettre d'information et outils numériques."
        ),
        "paragraphs": [
            ("<p>La formation-action est ouverte aux membres engagés qui souhaitent rejoindre "
            "un binôme. Elle alterne journées collectives et accompagnement sur le terrain.</p>"),
        ],
        "tags": ["formation"],
    },
]

STORIES = [
    {
        "community": "biodiversite",
        "title": "Biodiversité : des naturalistes aux agriculteurs",
        "intro": "Née d'un inventaire participatif, la communauté relie aujourd'hui ceux qui observent la nature et ceux qui la cultivent.",
        "paragraphs": [
            ("<p>Tout a commencé en 2018 par un inventaire des haies. Les naturalistes ont "
            "compris qu'ils ne convaincraient personne sans les agriculteurs ; les "
            "agriculteurs ont trouvé des alliés pour planter.</p>"),
            ("<p>Aujourd'hui, la communauté organise une rencontre annuelle, une vingtaine de "
            "chantiers et publie chaque trimestre une lettre corédigée par ses membres.</p>"),
        ],
        "quote": {"quote": "Ici, on apprend autant des agriculteurs que des naturalistes.",
                  "attribution": "Nadia Benali, membre engagée"},
    },
    {
        "community": "alimentation-durable",
        "title": "Alimentation durable : de la fourche à la cantine",
        "intro": "Cuisiniers, producteurs et épiceries solidaires ont appris à travailler ensemble.",
        "paragraphs": [
            ("<p>La communauté est née d'une question simple posée par un chef de cuisine : "
            "« où acheter local quand on sert 800 repas par jour ? ». Trois ans plus tard, elle "
            "réunit les acteurs de toute la chaîne.</p>"),
        ],
    },
    {
        "community": "citoyennete-active",
        "title": "Citoyenneté active : rendre compte de chaque contribution",
        "intro": "Une communauté qui veille à ce que la participation ne soit jamais un alibi.",
        "paragraphs": [
            ("<p>Ses membres ont écrit les règles du jeu du budget participatif et relisent les "
            "réponses de la Région avant qu'elles soient publiées : chacun doit savoir comment "
            "sa proposition a été lue et ce qu'elle est devenue.</p>"),
        ],
    },
    {
        "community": "mobilites",
        "title": "Mobilités : se déplacer autrement, même loin des villes",
        "intro": "Ateliers vélo, usagers du train et communes rurales inventent des solutions concrètes.",
        "paragraphs": [
            ("<p>Dans les territoires ruraux, la voiture reste souvent la seule option. La "
            "communauté expérimente le covoiturage de proximité et le transport à la demande, "
            "et fait remonter ce qui marche à la politique régionale des mobilités.</p>"),
        ],
    },
]

STANDARD_PAGES = [
    {
        "footer": "about",
        "slug": "a-propos",
        "title": "À propos",
        "intro": "Terreau est la plateforme des communautés d'acteurs engagés de la Région.",
        "paragraphs": [
            ("<p>Une communauté d'acteurs engagés réunit des personnes qui agissent déjà pour "
            "transformer un domaine d'intérêt commun : biodiversité, alimentation, "
            "citoyenneté, mobilités… Chacune est animée par un binôme de jardiniers : un "
            "jardinier du territoire, issu de la société civile, et un jardinier de la Région.</p>"),
            ("<h2>Trois cercles</h2><p>Le cœur, une vingtaine de membres engagés, porte les "
            "groupes de travail et organise l'événement annuel. Le deuxième cercle, les "
            "informé·e·s, participe aux échanges de temps en temps. Le troisième, les citoyens, "
            "est invité aux grands événements et peut, s'il le souhaite, se rapprocher du cœur.</p>"),
            ("<p>Le numérique ne remplace pas les rencontres : il sert à les préparer, à y "
            "inviter et à les prolonger.</p>"),
        ],
    },
    {
        "footer": "participation_rules",
        "slug": "regles-de-participation",
        "title": "Règles de participation",
        "intro": "Ce que devient votre contribution, et les règles du jeu que nous partageons.",
        "paragraphs": [
            ("<h2>Ce que devient une contribution</h2><p>Chaque proposition, question ou "
            "demande est lue par le binôme de jardiniers de la communauté. Ils y répondent, "
            "la transmettent au service concerné de la Région quand elle le demande, et "
            "publient la suite qui lui est donnée : acceptée, modifiée ou écartée, avec les "
            "raisons. C'est le droit de suite.</p>"),
            ("<h2>Les règles du jeu</h2><ul><li>On débat des idées, jamais des personnes.</li>"
            "<li>Pas de publicité ni de propagande électorale.</li><li>Les jardiniers peuvent "
            "retirer un message contraire à ces règles ; ils le disent et expliquent pourquoi.</li>"
            "</ul>"),
            ("<h2>Se rapprocher du cœur</h2><p>Chacun entre dans le cercle des citoyens. Pour "
            "rejoindre les informé·e·s ou les engagé·e·s, faites-en la demande en quelques "
            "mots : la réponse des jardiniers reste visible dans votre historique.</p>"),
        ],
    },
    {
        "footer": "privacy",
        "slug": "donnees-personnelles",
        "title": "Données personnelles",
        "intro": "Quelles données nous gardons, pourquoi, combien de temps, et vos droits.",
        "paragraphs": [
            ("<p>La Région, responsable du traitement, collecte votre adresse électronique, "
            "votre nom et, si vous le souhaitez, votre organisation, pour vous permettre de "
            "rejoindre des communautés, de vous inscrire à des événements et de recevoir les "
            "lettres d'information. Ces données ne sont ni vendues ni cédées.</p>"),
            ("<p>Elles sont conservées tant que votre compte est actif, puis supprimées trois "
            "ans après votre dernière connexion. Vous pouvez y accéder, les rectifier ou les "
            "supprimer depuis votre profil, ou en écrivant au délégué à la protection des "
            "données de la Région. Vous pouvez aussi saisir la CNIL.</p>"),
        ],
    },
    {
        "footer": "legal_notice",
        "slug": "mentions-legales",
        "title": "Mentions légales",
        "intro": "Éditeur, directeur de la publication et hébergement du site.",
        "paragraphs": [
            ("<p>Ce site est édité par la Région Occitanie, Hôtel de Région, 22 boulevard du "
            "Maréchal Juin, 31406 Toulouse cedex 9. Directrice de la publication : la "
            "présidente du Conseil régional.</p>"),
            ("<p>Le logiciel Terreau est distribué sous licence libre AGPL-3.0. Les contenus "
            "publiés par les directions sont sous licence Etalab 2.0, sauf mention contraire.</p>"),
        ],
    },
    {
        "footer": "accessibility",
        "slug": "accessibilite",
        "title": "Déclaration d'accessibilité",
        "intro": "La Région s'engage à rendre ce site accessible conformément au RGAA 4.1.",
        "paragraphs": [
            ("<p>État de conformité : ce site est partiellement conforme au référentiel "
            "général d'amélioration de l'accessibilité (RGAA). Les pages sont testées au "
            "clavier, sur téléphone et avec un outil d'audit automatique.</p>"),
            ("<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez-nous : "
            "nous vous répondrons et vous proposerons une alternative accessible. Vous pouvez "
            "aussi saisir le Défenseur des droits.</p>"),
        ],
    },
]
