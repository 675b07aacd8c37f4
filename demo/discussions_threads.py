"""Each demo community's own threads in its general channel (format:
demo/discussions_data.py)."""

THREADS = {
    "biodiversite": [
        (39, [
            ("thomas: Premières hirondelles rustiques vues ce matin au-dessus de l'Aveyron, à "
            "Rodez. C'est tôt cette année !"),
            "a: Chez nous à {town} aussi, trois individus sur les fils près de l'église.",
            ("jt: Pensez à les saisir dans l'atlas participatif, avec la date et le lieu : c'est "
            "exactement ce qui nous manque pour suivre les arrivées."),
            "lea: Je débute : comment je fais la différence avec les martinets ?",
            ("thomas: @{lea} les hirondelles ont la gorge rousse et une longue queue fourchue ; "
            "les martinets sont tout sombres et arrivent plutôt fin avril."),
            "lea: Merci, je vais regarder de plus près demain matin.",
        ]),
        (30, [
            ("nadia: Bilan du chantier de plantation de haies à Lavelanet : 450 plants en une "
            "matinée, 32 bénévoles, et une soupe offerte par la mairie. Merci à toutes et tous !"),
            ("jr: Bravo ! Les chiffres m'intéressent pour le bilan régional. @{nadia} tu peux "
            "les noter dans le groupe de travail ?"),
            "nadia: @{jr} c'est fait, avec la liste des essences plantées.",
            ("b: On peut venir faire l'entretien au printemps ? Les élèves du lycée agricole "
            "seraient partants."),
            "jt: @{b} avec plaisir, on cale une date ensemble.",
        ]),
        (21, [
            ("a: Pour l'inventaire des mares, je ne sais pas si une mare temporaire, à sec en "
            "été, compte ?"),
            ("jt: Oui, elle compte ! Ce sont souvent les plus riches en amphibiens. Note "
            "seulement « temporaire » dans le commentaire."),
            "c: J'en ai trois comme ça autour de {town}, je les ajoute ce week-end.",
            "thomas: Avec le club CPN, on peut vérifier celles du secteur de Rodez si besoin.",
        ]),
        (6, [
            ("jr: La prochaine lettre se prépare : l'appel à contributions est ouvert jusqu'au "
            "{deadline}. Engagé·e·s et informé·e·s, une brève, une photo ou un retour de "
            "terrain : tout est bienvenu."),
            "nadia: Je propose une rubrique sur le grainier partagé de la médiathèque !",
            "thomas: Et moi quelques lignes pour chercher des bénévoles pour le club CPN.",
            ("jr: Parfait @{thomas}, proposez vos rubriques depuis la page de la lettre, on les "
            "relit ensemble avant l'envoi."),
            "lea: Je ne peux pas écrire dans la lettre, mais je la lis toujours avec plaisir.",
        ]),
        (2, [
            ("jt: Pour l'inventaire des libellules : rendez-vous à 9 h 30 au parking de la base "
            "de loisirs de la Ramée. Bottes conseillées !"),
            "lea: Je viens avec ma fille de 9 ans, c'est bon ?",
            "jt: @{lea} parfait, à partir de 8 ans c'est idéal, on a des filets à sa taille.",
            "nadia: J'apporte les guides d'identification et des loupes.",
        ]),
    ],
    "alimentation-durable": [
        (40, [
            ("a: À la cuisine centrale de {town}, on est passés à 55 % de produits locaux. Le "
            "plus dur reste les légumes en hiver."),
            ("jr: C'est un vrai sujet dans tous les lycées. Une légumerie partagée entre "
            "plusieurs cantines, ça a été étudié chez vous ?"),
            "a: @{jr} on en parle avec deux communes voisines, mais l'investissement fait peur.",
            ("b: À {town2}, la légumerie tourne depuis deux ans avec un chantier d'insertion. Je "
            "peux vous mettre en relation."),
            "a: @{b} oui, avec plaisir !",
        ]),
        (31, [
            ("c: Nos pesées de la semaine : 68 g de pain jeté par repas, contre 110 g l'an "
            "dernier. Le pain tranché à la demande, ça marche !"),
            "jt: Bravo ! Vous avez changé autre chose en même temps ?",
            "c: @{jt} les élèves se servent eux-mêmes en crudités, avec des petites assiettes.",
            "d: On va essayer les petites assiettes à {town}, merci pour l'idée.",
        ]),
        (20, [
            ("d: Le marché de producteurs de {town} cherche deux maraîchers pour la saison "
            "d'été. Si vous connaissez du monde..."),
            "b: Je transmets à l'AMAP, il y a un couple qui s'installe en bio.",
            "d: Merci ! Le dossier est simple : une page et une visite de la ferme.",
        ]),
        (12, [
            ("jt: L'épicerie solidaire de {town} ouvre un rayon « produits locaux à prix doux » : "
            "les producteurs sont payés au juste prix, la différence est prise en charge par "
            "un fonds régional."),
            "a: Comment les familles y ont accès ?",
            ("jt: @{a} sur orientation des travailleurs sociaux, comme pour le reste de "
            "l'épicerie."),
            "c: Bravo, c'est exactement ce qui manquait.",
        ]),
        (3, [
            ("jr: Rappel : la visite de la cuisine centrale d'Auch a lieu bientôt, il reste "
            "quelques places. Chaussures fermées obligatoires en cuisine !"),
            "b: On covoiture depuis {town} ?",
            "d: @{b} oui, je passe par {town}, départ 7 h 45.",
        ]),
    ],
    "citoyennete-active": [
        (40, [
            ("jr: Le budget participatif régional rouvre le mois prochain : des projets déposés "
            "par les habitants et votés par eux."),
            "a: Est-ce que les lycéens pourront voter cette année ?",
            "jr: @{a} oui, dès 15 ans, c'est la nouveauté de cette édition.",
            ("b: On organise un atelier d'aide au dépôt de projets à la maison des associations "
            "de {town}, avis aux intéressé·e·s."),
        ]),
        (29, [
            ("jt: Retour d'expérience sur le panel citoyen tiré au sort à {town} : 40 personnes, "
            "trois week-ends, douze propositions. Le compte rendu est en ligne."),
            "c: Comment vous avez fait pour que les personnes tirées au sort viennent vraiment ?",
            ("jt: @{c} une indemnité, une garde d'enfants sur place, et surtout un appel "
            "téléphonique à chacune avant le premier week-end."),
            "d: L'appel téléphonique, c'est ce qui change tout. On l'a vu aussi à {town2}.",
        ]),
        (20, [
            ("b: La consultation sur les transports scolaires ferme vendredi : pensez à relayer "
            "autour de vous, il n'y a que 600 réponses pour l'instant."),
            ("jr: Merci @{b}. On publiera la synthèse et ce que la Région en retient, point par "
            "point."),
            "a: Ce serait bien de dire aussi ce qui n'est pas retenu, et pourquoi.",
            "jr: @{a} c'est prévu : c'est même une règle de la Charte de la citoyenneté active.",
        ]),
        (10, [
            ("c: Nous lançons un cycle de débats mouvants dans les centres sociaux de {town}. "
            "Quelqu'un a déjà animé ce format avec des adolescents ?"),
            ("d: Oui ! Prévoir des affirmations courtes et une règle claire : on peut changer de "
            "côté à tout moment."),
            "jt: On pourrait en faire un atelier à la prochaine rencontre, qu'en dites-vous ?",
            "c: Bonne idée, je veux bien co-animer.",
        ]),
        (2, [
            ("jt: Petit rappel : « {event} », c'est ouvert à toutes et tous. Inscriptions sur "
            "la page de l'événement."),
            "b: Inscrit·e ! J'amène deux personnes du conseil citoyen.",
        ]),
    ],
    "mobilites": [
        (39, [
            ("a: La nouvelle piste cyclable entre {town} et la gare est ouverte ! Quatre "
            "kilomètres en site propre, enfin."),
            "b: Génial. Il manque encore des arceaux à la gare, on l'a signalé ?",
            "jt: @{b} oui, la demande est partie à la communauté de communes, avec les photos.",
        ]),
        (32, [
            ("jr: Premiers chiffres de la ligne de covoiturage de {town} : 1 200 trajets en trois "
            "mois, et un conducteur trouvé en moins de dix minutes neuf fois sur dix."),
            "c: Et le retour garanti, il a servi ?",
            "jr: @{c} quatorze fois seulement, en taxi. C'est rassurant et ça coûte peu.",
            "d: On aimerait une ligne du même type à {town2}. Par où commencer ?",
            ("jr: @{d} par l'appel à projets « covoiturage rural » ; je vous mets en relation "
            "avec l'animatrice."),
        ]),
        (23, [
            ("b: Le TER de 7 h 12 a encore été supprimé trois fois cette semaine. La communauté "
            "peut faire remonter ?"),
            ("jr: Je transmets à la direction des transports. Notez les dates et les trains ici, "
            "ça aide."),
            "a: Lundi et jeudi pour moi, le 7 h 12 et le 17 h 48.",
            "b: Et mercredi le 7 h 12. Merci !",
        ]),
        (11, [
            ("c: Le transport à la demande de {town} se réserve désormais la veille jusqu'à "
            "20 h au lieu de 17 h. Petit changement, grande différence pour celles et ceux "
            "qui travaillent."),
            "jt: Excellente nouvelle, c'était une des propositions de l'atelier de l'an dernier !",
            "d: Ça prouve que ça sert de faire remonter.",
        ]),
        (3, [
            ("jt: Pour la balade sur la voie verte du canal : départ 10 h, on termine vers midi. "
            "Casque conseillé, et une chambre à air de rechange si vous en avez une."),
            "a: Je viens avec deux collègues.",
            "c: Je ne pourrai pas venir, vous ferez un retour ici ?",
            "jt: @{c} promis, avec les photos.",
        ]),
    ],
}
