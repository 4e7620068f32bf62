"""A synthetic regional LHÉO flow, to measure the import and the training pages at the size of a
Carif-Oref's (README, "Jobs, training offers and employment zones"):

    .venv/bin/python -m bench.lheo_flow var/flux-30000.xml --offers 30000
    DJANGO_DEBUG=1 .venv/bin/python manage.py import_lheo var/flux-30000.xml

Offers spread over the served region's communes in proportion to their population, one to three actions
each, zero to three sessions per action around today, one to three ROME codes, titles from a small
vocabulary (so that words match hundreds of offers). Written as a stream; the same seed gives the same file.
"""

import argparse
import csv
import datetime
import random
from pathlib import Path
from xml.sax.saxutils import escape

DATA = Path(__file__).resolve().parent.parent / "structures" / "reference_data"
NAMESPACE = "http://www.lheo.org/2.2"
WORDS = [
    "cuisine", "commerce", "vente", "soudure", "aide-soignant", "infirmier", "comptabilité", "gestion",
    "informatique", "développeur", "maçon", "électricien", "logistique", "transport", "agriculture",
    "viticulture", "hôtellerie", "secrétariat", "paie", "mécanique", "boulangerie", "coiffure",
    "esthétique", "petite enfance", "animation", "sport", "sécurité", "propreté", "bâtiment", "plomberie",
]  # fmt: skip
KINDS = ["CAP", "BTS", "Titre professionnel", "Bac pro", "Licence pro", "Certificat", "Formation qualifiante"]


def write_flow(path: Path, *, offers: int, region: str = "76", seed: int = 1) -> None:
    rng = random.Random(seed)  # noqa: S311 -- reproducible data, not security
    with (DATA / "communes.csv").open(encoding="utf-8") as source:
        communes = [row for row in csv.DictReader(source) if row["code_region"] == region and row["latitude"]]
    weights = [int(row["population"] or 0) + 50 for row in communes]
    with (DATA / "rome_metiers.csv").open(encoding="utf-8") as source:
        romes = [row["code_rome"] for row in csv.DictReader(source)]
    year = datetime.date.today().year
    with path.open("w", encoding="utf-8") as out:
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<lheo xmlns="{NAMESPACE}"><offres>')
        for index in range(offers):
            word = rng.choice(WORDS)
            codes = "".join(f"<code-ROME>{code}</code-ROME>" for code in rng.sample(romes, rng.randint(1, 3)))
            actions = []
            for number in range(rng.choice([1, 2, 2, 3])):
                commune = rng.choices(communes, weights)[0]
                postcode = commune["codes_postaux"].split()[0]
                starts = [
                    datetime.date(rng.choice([year, year + 1]), rng.randint(1, 12), 1)
                    for _ in range(rng.randint(0, 3))
                ]
                sessions = "".join(
                    f"<session><periode><debut>{start:%Y%m%d}</debut>"
                    f"<fin>{start.replace(year=start.year + 1):%Y%m%d}</fin></periode></session>"
                    for start in starts
                )
                actions.append(
                    f'<action numero="A{index}-{number}"><rythme-formation>Temps plein</rythme-formation>'
                    "<modalites-enseignement>0</modalites-enseignement>"
                    "<prise-en-charge-frais-possible>1</prise-en-charge-frais-possible>"
                    f"<lieu-de-formation><coordonnees><ligne>Centre de {escape(commune['nom'])}</ligne>"
                    f"<adresse><ligne>1 rue de la Gare</ligne><codepostal>{postcode}</codepostal>"
                    f"<ville>{escape(commune['nom'])}</ville>"
                    f"<code-INSEE-commune>{commune['code_insee']}</code-INSEE-commune></adresse>"
                    f"</coordonnees></lieu-de-formation>{sessions}</action>"
                )
            out.write(
                f'<formation numero="SYN-{index:06d}"><domaine-formation>{codes}</domaine-formation>'
                f"<intitule-formation>{rng.choice(KINDS)} {escape(word)} {index}</intitule-formation>"
                f"<objectif-formation>Apprendre le métier : {escape(word)}.</objectif-formation>"
                f"<certifiante>{rng.randint(0, 1)}</certifiante>"
                f"<code-niveau-sortie>{rng.choice([0, 4, 5, 6, 7])}</code-niveau-sortie>{''.join(actions)}"
                f"<organisme-formation-responsable><nom-organisme>Organisme {index % 500}</nom-organisme>"
                "</organisme-formation-responsable></formation>"
            )
        out.write("</offres></lheo>")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.lheo_flow", description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="le fichier XML à écrire")
    parser.add_argument("--offers", type=int, default=30_000, help="nombre d'offres (défaut 30 000)")
    parser.add_argument("--region", default="76", help="code de la région des lieux (défaut 76)")
    parser.add_argument("--seed", type=int, default=1, help="graine du tirage (défaut 1)")
    args = parser.parse_args(argv)
    write_flow(args.path, offers=args.offers, region=args.region, seed=args.seed)
    print(f"{args.path} : {args.offers} offres.")


if __name__ == "__main__":
    main()
