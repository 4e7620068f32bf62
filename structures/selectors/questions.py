"""Reads of the questions asked online: the inbox of the reserved space (`/espace-pro/questions/`)."""

from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet

from ..access import professional_of
from ..enums import QuestionAction, QuestionStatus
from ..models import Professional, Question, QuestionEvent

STATUS_LABELS = dict(QuestionStatus.choices)
ACTION_LABELS = dict(QuestionAction.choices)


def questions_visible(user) -> QuerySet:
    """The questions a user sees: all for Region staff; for a professional, those addressed to their
    member — when limited to some places, those asked on these places and those other members sent
    on to them (`structures.access.can_handle_question`)."""
    if user.is_staff:
        return Question.objects.all()
    professional = professional_of(user)
    if professional is None:
        return Question.objects.none()
    questions = Question.objects.filter(member_id=professional.member_id)
    limited = list(professional.sites.values_list("pk", flat=True))
    if limited:
        questions = questions.filter(Q(site_id__in=limited) | ~Q(site__member_id=professional.member_id))
    return questions


def question_counts(questions: QuerySet) -> dict[str, int]:
    """Status → number of questions (every status present, 0 when none), in one query."""
    counts = dict.fromkeys(QuestionStatus.values, 0)
    for row in questions.order_by().values("status").annotate(count=Count("pk")):
        counts[row["status"]] = row["count"]
    return counts


def question_history(question: Question) -> list[QuestionEvent]:
    """A question's steps, oldest first, with who acted and the members it went from and to."""
    return list(
        QuestionEvent.objects.filter(question=question).select_related("actor", "from_member", "to_member")
    )


def question_recipients(question: Question) -> list[str]:
    """The addresses of the active professionals who see `question` (as `questions_visible`)."""
    professionals = Professional.objects.filter(member_id=question.member_id, user__is_active=True)
    if question.site.member_id == question.member_id:
        professionals = professionals.filter(Q(sites__isnull=True) | Q(sites=question.site_id))
    return sorted({email for email in professionals.values_list("user__email", flat=True) if email})


def questions_past_retention(*, days: int, now: datetime) -> QuerySet:
    """Questions whose person's data must be erased: closed more than `days` days ago, or answered
    and without any activity since then; not erased yet."""
    cutoff = now - timedelta(days=days)
    closed = Q(status=QuestionStatus.CLOSED, closed_at__lt=cutoff)
    answered = Q(status=QuestionStatus.ANSWERED, updated_at__lt=cutoff)
    return Question.objects.filter(erased_at__isnull=True).filter(closed | answered)
