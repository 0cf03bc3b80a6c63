"""The council's feedback on its review, for the programme."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from assessments.forms.feedback import FeedbackForm
from assessments.lifecycle import stages
from assessments.models import ReviewFeedback
from assessments.pages.shared import review_context
from assessments.rules import access
from assessments.rules.access import Permission
from assessments.services import feedback as services
from peerreview.forms import add_errors


@login_required
def feedback(request, reference):
    review = access.review_for(request.user, reference, Permission.GIVE_FEEDBACK)
    answered = ReviewFeedback.objects.filter(review=review, respondent=request.user).first()
    form = None if answered else FeedbackForm(request.POST or None, stages=stages.stages_reached(review))
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.feedback_give(
                review=review,
                ratings=form.ratings(),
                to_change=form.cleaned_data["to_change"],
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Thank you: your feedback is sent to the Scottish Government.")
            return redirect("review_detail", reference=review.reference)
    context = review_context(request, review) | {"form": form, "answered": answered}
    return render(request, "assessments/feedback.html", context)
