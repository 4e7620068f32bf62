"""Questions asked online: the form of a place's page (`/lieux/<slug>/question/`, no account) and the
inbox of the reserved space (`/espace-pro/questions/`) where the member's professionals answer, send on
to another member, or close them."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ..access import pro_view
from ..enums import QuestionStatus
from ..forms import QuestionAnswerForm, QuestionForm, QuestionRedirectForm
from ..models import Member
from ..ratelimit import rate_exceeded
from ..selectors.questions import (
    ACTION_LABELS,
    STATUS_LABELS,
    question_counts,
    question_history,
    questions_visible,
)
from ..selectors.site_page import published_site
from ..services import QuestionError, question_answer, question_ask, question_close, question_redirect

INBOX_PAGE = 25


def _published_site_or_404(slug: str):
    site = published_site(slug)
    if site is None:
        raise Http404(_("Ce lieu n'existe pas ou n'est plus publié."))
    return site


@require_http_methods(["GET", "POST"])
def site_question(request, slug: str):
    """Ask the place's member a question. A robot (the trap field filled) is told it worked and nothing
    is kept; more than PORTAL_QUESTIONS_PER_HOUR questions an hour from one client address or one
    e-mail address are refused (429), and nothing is kept."""
    site = _published_site_or_404(slug)
    form = QuestionForm(request.POST or None, retention_days=settings.PORTAL_QUESTION_RETENTION_DAYS)
    status = 200
    if request.method == "POST":
        if form.is_robot:
            return redirect("structures:site_question_sent", slug=site.slug)
        if form.is_valid():
            data = form.cleaned_data
            addresses = {"ip": request.META.get("REMOTE_ADDR", ""), "email": data["email"]}
            if rate_exceeded("question", addresses, limit=settings.PORTAL_QUESTIONS_PER_HOUR):
                status = 429
                form.add_error(
                    None,
                    _(
                        "Vous avez envoyé beaucoup de questions en peu de temps : celle-ci n'a pas été "
                        "envoyée. Réessayez dans une heure, ou contactez le lieu par téléphone."
                    ),
                )
            else:
                question_ask(
                    site=site,
                    name=data["name"],
                    email=data["email"],
                    text=data["text"],
                    commune=data["commune"],
                    base_url=request.build_absolute_uri("/"),
                )
                return redirect("structures:site_question_sent", slug=site.slug)
    context = {"site": site, "form": form, "days": settings.PORTAL_QUESTION_RETENTION_DAYS}
    return render(request, "structures/site_question.html", context, status=status)


@require_safe
def site_question_sent(request, slug: str):
    site = _published_site_or_404(slug)
    return render(request, "structures/site_question_sent.html", {"site": site})


# --- The inbox of the reserved space ---------------------------------------------------------------


def _chosen_member(request) -> Member | None:
    """Region staff may narrow the inbox to a member (`?membre=`); professionals see their member's."""
    slug = request.GET.get("membre")
    if not request.user.is_staff or not slug:
        return None
    return get_object_or_404(Member, slug=slug)


@pro_view
@require_safe
def question_list(request):
    """The questions a professional's member received (Region staff: all, or a member's), newest first,
    by status, with the count of each status."""
    member = _chosen_member(request)
    questions = questions_visible(request.user)
    if member is not None:
        questions = questions.filter(member=member)
    counts = question_counts(questions)
    status = request.GET.get("etat", "")
    if status not in QuestionStatus.values:
        status = ""
    if status:
        questions = questions.filter(status=status)
    questions = questions.select_related("site", "member").order_by("-created_at", "-pk")
    page = Paginator(questions, INBOX_PAGE).get_page(request.GET.get("page"))
    tabs = [{"value": "", "label": _("Toutes"), "count": sum(counts.values())}] + [
        {"value": value, "label": STATUS_LABELS[value], "count": counts[value]}
        for value in QuestionStatus.values
    ]
    context = {
        "member": member,
        "members": Member.objects.active().order_by("name") if request.user.is_staff else [],
        "status": status,
        "tabs": tabs,
        "page": page,
        "status_labels": STATUS_LABELS,
    }
    return render(request, "pro/question_list.html", context)


@pro_view
@require_http_methods(["GET", "POST"])
def question_detail(request, pk: int):
    """A question, its history, and what to do with it: answer (e-mailed to the person), send on to
    another member with a note, or close. Another member's professionals get a 404."""
    queryset = questions_visible(request.user).select_related("site__commune", "member", "commune")
    question = get_object_or_404(queryset, pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    answer_form = QuestionAnswerForm(request.POST if action == "repondre" else None, prefix="reponse")
    redirect_form = QuestionRedirectForm(
        request.POST if action == "transmettre" else None,
        prefix="transmission",
        current_member=question.member,
    )
    base_url = request.build_absolute_uri("/")
    try:
        if action == "repondre" and answer_form.is_valid():
            question_answer(
                question=question, user=request.user, text=answer_form.cleaned_data["text"], base_url=base_url
            )
            messages.success(request, _("Réponse envoyée par e-mail à la personne."))
            return redirect("pro:question_detail", pk=question.pk)
        if action == "transmettre" and redirect_form.is_valid():
            to_member = redirect_form.cleaned_data["member"]
            question_redirect(
                question=question,
                user=request.user,
                to_member=to_member,
                note=redirect_form.cleaned_data["note"],
                base_url=base_url,
            )
            messages.success(request, _("Question transmise à %(member)s.") % {"member": to_member.name})
            if request.user.is_staff:
                return redirect("pro:question_detail", pk=question.pk)
            return redirect("pro:question_list")
        if action == "clore":
            question_close(question=question, user=request.user)
            messages.success(request, _("Question close."))
            return redirect("pro:question_detail", pk=question.pk)
    except QuestionError as error:
        messages.error(request, str(error))
        return redirect("pro:question_detail", pk=question.pk)
    context = {
        "question": question,
        "history": question_history(question),
        "answer_form": answer_form,
        "redirect_form": redirect_form,
        "open": question.status != QuestionStatus.CLOSED and question.erased_at is None,
        "list_url": reverse("pro:question_list"),
        "status_labels": STATUS_LABELS,
        "action_labels": ACTION_LABELS,
    }
    return render(request, "pro/question_detail.html", context)
