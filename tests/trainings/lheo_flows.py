"""LHÉO flows written for the import's tests, and the command run on them."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from trainings.models import TrainingAction, TrainingOffer, TrainingSession

SAMPLE = Path(__file__).parent / "data" / "exemple-bts-onisep.xml"
NS22 = "http://www.lheo.org/2.2"


def run(path: Path, *options: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_lheo", str(path), *options, stdout=out, stderr=err, verbosity=0)
    return out.getvalue()


def refused(path: Path, *options: str) -> str:
    """The command's refusal: its message and the listed errors."""
    err = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_lheo", str(path), *options, stdout=io.StringIO(), stderr=err, verbosity=0)
    return f"{raised.value}\n{err.getvalue()}"


def counts() -> tuple[int, int, int]:
    return TrainingOffer.objects.count(), TrainingAction.objects.count(), TrainingSession.objects.count()


def formation(
    number="OF-1",
    *,
    title="CAP Cuisine",
    level="4",
    insee="12202",
    place=True,
    actions=1,
    start="20300901",
    end="20310630",
    geo="",
    organisation="<nom-organisme>CFA de Rodez</nom-organisme>",
    extra="",
) -> str:
    """One <formation> of an LHÉO flow, with what the import requires unless told otherwise."""
    lieu = (
        f"<lieu-de-formation><coordonnees><ligne>CFA de Rodez</ligne>"
        f"<adresse><ligne>1 boulevard Ramadier</ligne>"
        f"<codepostal>12000</codepostal><ville>Rodez</ville><departement>12</departement>"
        f"<code-INSEE-commune>{insee}</code-INSEE-commune>{geo}</adresse></coordonnees></lieu-de-formation>"
        if place
        else ""
    )
    action = (
        f'<action numero="{number}-A"><rythme-formation>Temps plein</rythme-formation>'
        f"<modalites-enseignement>0</modalites-enseignement>"
        f"<prise-en-charge-frais-possible>1</prise-en-charge-frais-possible>{lieu}"
        f'<session numero="{number}-S"><periode><debut>{start}</debut><fin>{end}</fin></periode>'
        f"<adresse-inscription><adresse><ligne>CFA</ligne><codepostal>12000</codepostal><ville>Rodez</ville>"
        f"</adresse></adresse-inscription></session><duree-indicative>2 ans</duree-indicative></action>"
    )
    titre = f"<intitule-formation>{title}</intitule-formation>" if title else ""
    return (
        f'<formation numero="{number}"><domaine-formation><code-FORMACODE>42752</code-FORMACODE>'
        f"<code-NSF>221</code-NSF><code-ROME>G1602</code-ROME></domaine-formation>{titre}"
        f"<objectif-formation>&lt;p&gt;Cuisiner&lt;/p&gt;</objectif-formation><certifiante>1</certifiante>"
        f"<code-niveau-sortie>{level}</code-niveau-sortie>{action * actions}{extra}"
        f"<organisme-formation-responsable>{organisation}</organisme-formation-responsable></formation>"
    )


def after_place(formation_xml: str, xml: str) -> str:
    """`formation_xml` with `xml` inserted after its first action's place."""
    return formation_xml.replace("</lieu-de-formation>", "</lieu-de-formation>" + xml, 1)


def flow(tmp_path: Path, *formations: str, namespace: str = NS22, prolog: str = "", name="flux.xml") -> Path:
    path = tmp_path / name
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<lheo xmlns="{namespace}"><offres>'
        + "".join(formations)
        + "</offres></lheo>",
        encoding="utf-8",
    )
    return path
