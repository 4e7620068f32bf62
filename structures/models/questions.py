"""Questions asked online on a place's page, answered by its member's professionals
(`/espace-pro/questions/`). The person's data (name, e-mail, question, answers) is erased after a
retention period."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..enums import QuestionAction, QuestionStatus
from .network import Member, Site
from .territories import Commune


class Question(models.Model):
    """A question a person asked on a place's page; it reaches the place's member (or the member it was
    redirected to)."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="questions", verbose_name=_("lieu"))
    member = models.ForeignKey(
        Member,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("membre destinataire"),
    )
    name = models.CharField(_("nom"), max_length=150, blank=True)
    email = models.EmailField(_("courriel"), blank=True)
    text = models.TextField(_("question"))
    commune = models.ForeignKey(
        Commune, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("commune")
    )
    status = models.CharField(
        _("état"), max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.NEW
    )
    created_at = models.DateTimeField(_("posée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("dernière action le"), auto_now=True)
    closed_at = models.DateTimeField(_("close le"), null=True, blank=True)
    erased_at = models.DateTimeField(_("données effacées le"), null=True, blank=True)

    class Meta:
        verbose_name = _("question en ligne")
        verbose_name_plural = _("questions en ligne")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["member", "status", "-created_at"], name="question_inbox_idx")]

    def __str__(self):
        return f"{self.site} — {self.created_at:%Y-%m-%d %H:%M}"


class QuestionEvent(models.Model):
    """One step of a question: received, answered (the answer sent), redirected (from, to, a note),
    closed, erased. Written by structures.services only."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="events", verbose_name=_("question")
    )
    action = models.CharField(_("action"), max_length=20, choices=QuestionAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("par"),
    )
    at = models.DateTimeField(_("le"), auto_now_add=True)
    from_member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("de")
    )
    to_member = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("vers")
    )
    text = models.TextField(_("réponse ou note"), blank=True)

    class Meta:
        verbose_name = _("étape d'une question")
        verbose_name_plural = _("historique des questions")
        ordering = ["question", "at", "pk"]

    def __str__(self):
        return f"{self.question} — {self.get_action_display()}"
