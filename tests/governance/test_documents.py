"""The shared documents: uploads checked by content, size and name, stored privately, downloaded as
attachments by logged-in professionals only, in versions."""

import io
import zipfile

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from governance.models import DocumentVersion, SharedDocument
from tests.factories import ProfessionalFactory

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def office(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = office({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = office({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT = office({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"})


def share(client, name, content, **fields):
    data = {"title": "Guide d'entretien", "category": "guide", "description": "Pour les premiers accueils."}
    data.update(fields)
    data["file"] = SimpleUploadedFile(name, content)
    return client.post("/espace-pro/documents/", data)


def test_a_pdf_is_shared_stored_privately_and_downloaded_as_an_attachment(pro_client, professional):
    response = share(pro_client, "guide-entretien.pdf", PDF)
    document = SharedDocument.objects.get()
    assert response["Location"] == f"/espace-pro/documents/{document.pk}/"
    assert document.member == professional.member
    version = document.versions.get()
    assert (version.number, version.original_name, version.content_type) == (
        1,
        "guide-entretien.pdf",
        "application/pdf",
    )
    assert "guide" not in version.file.name  # a random name on disk
    path = version.file.path
    assert path.startswith(str(settings.PRIVATE_FILES_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT)) and "static" not in path
    download = pro_client.get(f"/espace-pro/documents/{document.pk}/versions/1/telecharger/")
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="guide-entretien.pdf"'
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
    assert "Guide d&#39;entretien" in pro_client.get("/espace-pro/").content.decode()


def test_office_documents_and_images_are_recognised_by_their_content(pro_client):
    for name, content in [
        ("tableau.xlsx", XLSX),
        ("compte-rendu.docx", DOCX),
        ("note.odt", ODT),
        ("affiche.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 20),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\0" * 20),
    ]:
        assert share(pro_client, name, content, title=name).status_code == 302, name
    assert SharedDocument.objects.count() == 5


def test_html_named_pdf_is_refused_and_nothing_is_saved(pro_client):
    response = share(pro_client, "piege.pdf", b"<html><script>alert(1)</script></html>")
    assert response.status_code == 200
    assert "ne correspond pas à son nom" in response.content.decode()
    assert not SharedDocument.objects.exists() and not DocumentVersion.objects.exists()


def test_a_plain_zip_named_docx_and_an_unknown_extension_are_refused(pro_client):
    assert "ne correspond pas" in share(pro_client, "faux.docx", office({"a.txt": "x"})).content.decode()
    assert "Type de fichier refusé" in share(pro_client, "script.exe", PDF).content.decode()
    assert not SharedDocument.objects.exists()


def test_a_file_over_10_mb_is_refused(pro_client):
    response = share(pro_client, "lourd.pdf", PDF + b"0" * (10 * 1024 * 1024))
    assert "10 Mo au plus" in response.content.decode()
    assert not SharedDocument.objects.exists()


def test_a_path_in_the_file_name_is_dropped(pro_client):
    share(pro_client, "../../etc/passwd.pdf", PDF)
    assert DocumentVersion.objects.get().original_name == "passwd.pdf"


def test_versions_by_the_member_and_not_by_others(client, professional):
    client.force_login(professional.user)
    share(client, "v1.pdf", PDF)
    document = SharedDocument.objects.get()
    url = f"/espace-pro/documents/{document.pk}/"
    colleague = ProfessionalFactory(member=professional.member)
    client.force_login(colleague.user)
    response = client.post(
        url, {"file": SimpleUploadedFile("v2.pdf", PDF + b"%v2"), "note": "Mise à jour 2027"}
    )
    assert response.status_code == 302
    assert list(document.versions.values_list("number", "original_name")) == [(2, "v2.pdf"), (1, "v1.pdf")]
    outsider = ProfessionalFactory()
    client.force_login(outsider.user)
    page = client.get(url).content.decode()
    assert "Déposer une nouvelle version" not in page and "Mise à jour 2027" in page
    assert client.post(url, {"file": SimpleUploadedFile("v3.pdf", PDF)}).status_code == 403
    assert client.get(f"{url}versions/1/telecharger/").status_code == 200  # every professional downloads
    assert document.versions.count() == 2


def test_anonymous_visitors_get_no_file(client, pro_client):
    share(pro_client, "interne.pdf", PDF)
    document = SharedDocument.objects.get()
    client.logout()
    response = client.get(f"/espace-pro/documents/{document.pk}/versions/1/telecharger/")
    assert response.status_code == 302 and response["Location"].startswith("/espace-pro/connexion/")


def test_search_by_words_and_category(pro_client):
    share(pro_client, "a.pdf", PDF, title="Guide VAE", category="guide")
    share(pro_client, "b.pdf", PDF, title="Diaporama CEP", category="presentation")
    page = pro_client.get("/espace-pro/documents/", {"q": "vae"}).content.decode()
    assert "Guide VAE" in page and "Diaporama CEP" not in page
    page = pro_client.get("/espace-pro/documents/", {"categorie": "presentation"}).content.decode()
    assert "Diaporama CEP" in page and "Guide VAE" not in page
