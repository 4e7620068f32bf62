from django.template import engines
from django.utils import translation


def render(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def test_template_translations_keep_jinja_newstyle_semantics():
    with translation.override("fr"):
        # A fixed message is marked safe once, "%%" printed as "%"; a message's variables are escaped.
        assert render('{{ _("Aller au contenu") }}') == "Aller au contenu"
        assert render('{{ _("à 100 %%") }}') == "à 100 %"
        assert render('{{ _("Bonjour %(name)s", name=who) }}', who="<b>") == "Bonjour &lt;b&gt;"
        assert render("{% trans km=km %}{{ km }} km{% endtrans %}", km="1,5 <") == "1,5 &lt; km"
        # The plural forms keep Jinja's own gettext.
        source = "{% trans count=n %}{{ count }} lieu{% pluralize %}{{ count }} lieux{% endtrans %}"
        assert render(source, n=1) == "1 lieu"
        assert render(source, n=3) == "3 lieux"
