"""The SPOCs' knowledge hub: questions to the network, answers, the answer that helped, and
review managers hiding a post."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from assessments.forms.hub import AnswerForm, HideForm, HubFilterForm, QuestionForm
from assessments.models import HubAnswer, HubQuestion
from assessments.reads.hub import question_with_answers, questions
from assessments.reads.pool import current_framework
from assessments.rules import programme
from assessments.services import hub as services
from peerreview.forms import add_errors
from peerreview.pagination import paginate

PAGE_SIZE = 20


@login_required
def hub(request):
    programme.require_hub(request.user)
    form = HubFilterForm(request.GET or None)
    page = paginate(request, questions(request.user, **form.filters()), PAGE_SIZE)
    context = {"form": form, "page": page, "total": page.paginator.count}
    return render(request, "assessments/hub.html", context)


@login_required
def hub_ask(request):
    programme.require_hub(request.user)
    form = QuestionForm(request.POST or None, framework=current_framework())
    if request.method == "POST" and form.is_valid():
        question = services.question_ask(author=request.user, **form.cleaned_data)
        messages.success(request, "Your question is posted. Members of the network are told of it.")
        return redirect("hub_question", pk=question.pk)
    return render(request, "assessments/hub_ask.html", {"form": form})


@login_required
def hub_question(request, pk):
    programme.require_hub(request.user)
    question = question_with_answers(request.user, pk)
    if question is None:
        raise Http404("No such question")
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_post(question=question, author=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Your answer is posted. The person who asked is told.")
            return redirect("hub_question", pk=question.pk)
    context = {
        "question": question,
        "form": form,
        "may_mark": programme.may_mark_helpful(request.user, question),
        "may_moderate": programme.may_moderate_hub(request.user),
    }
    return render(request, "assessments/hub_question.html", context)


@login_required
@require_POST
def hub_helpful(request, pk):
    """The person who asked marks the answer ``pk`` as the one that helped."""
    programme.require_hub(request.user)
    shown = programme.hub_posts_shown_to(request.user)
    answers = HubAnswer.objects.filter(shown, hidden_at__isnull=True).select_related("question", "author")
    answer = get_object_or_404(answers.filter(question__in=HubQuestion.objects.filter(shown)), pk=pk)
    if not programme.may_mark_helpful(request.user, answer.question):
        raise PermissionDenied("Only the person who asked marks the answer that helped")
    services.answer_mark_helpful(question=answer.question, answer=answer, by=request.user)
    messages.success(request, f"Thank you. {answer.author.full_name} is told that their answer helped.")
    return redirect("hub_question", pk=answer.question_id)


def _hide(request, post: HubQuestion | HubAnswer, question: HubQuestion):
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_hide(post=post, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "The post is hidden, and its author is told why.")
            return redirect("hub_question", pk=question.pk)
    return render(request, "assessments/hub_hide.html", {"form": form, "post": post, "question": question})


@login_required
def hub_hide_question(request, pk):
    programme.require_hub(request.user)
    question = get_object_or_404(
        HubQuestion.objects.filter(programme.hub_posts_shown_to(request.user)), pk=pk
    )
    if not programme.may_moderate_hub(request.user):
        raise PermissionDenied("Review managers hide posts")
    return _hide(request, question, question)


@login_required
def hub_hide_answer(request, pk):
    programme.require_hub(request.user)
    shown = HubAnswer.objects.filter(programme.hub_posts_shown_to(request.user)).select_related("question")
    answer = get_object_or_404(shown, pk=pk)
    if not programme.may_moderate_hub(request.user):
        raise PermissionDenied("Review managers hide posts")
    return _hide(request, answer, answer.question)
