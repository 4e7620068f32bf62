"""What the free text of LHÉO flows becomes in the portal: descriptions (escaped HTML in the flows) as plain
text, web and e-mail addresses checked (trainings.lheo reads the flows with these)."""

import re
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
_validate_url = URLValidator(schemes=["http", "https"])
_validate_email = EmailValidator()

_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt"}


class _TextExtractor(HTMLParser):
    """Plain text of an HTML fragment: tags dropped, blocks and list items on their own lines."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_to_text(value: str | None) -> str:
    """The text of LHÉO's descriptive elements (escaped HTML in the flows), as plain text: never HTML."""
    if not value:
        return ""
    if "<" not in value and "&" not in value:
        return " ".join(value.split())
    extractor = _TextExtractor()
    extractor.feed(value)
    extractor.close()
    lines = (" ".join(line.split()) for line in "".join(extractor.parts).split("\n"))
    return "\n".join(line for line in lines if line and line != "-")


def clip(value: str, max_length: int) -> str:
    return value if len(value) <= max_length else value[: max_length - 1] + "…"


def web_address(value: str) -> str:
    """An http(s) address, "https://" added to a bare host ("lyceedekerneuzec.fr"); "" if invalid."""
    value = value.strip()
    if not value or value == "-":
        return ""
    if not SCHEME.match(value):
        value = f"https://{value}"
    if len(value) > 500:
        return ""
    try:
        _validate_url(value)
    except ValidationError:
        return ""
    return value


def email_address(value: str) -> str:
    value = value.strip()
    try:
        _validate_email(value)
    except ValidationError:
        return ""
    return value if len(value) <= 254 else ""
