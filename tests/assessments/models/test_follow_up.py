"""The action queryset's reads: each action's progress log with who wrote each entry."""

from assessments.models import Action
from assessments.services.follow_up import action_progress_add
from tests.lifecycle import bring_to, plan_an_action


def test_with_progress_reads_every_entry_and_its_author_in_one_query(cast, django_assert_num_queries):
    review = bring_to(cast.review, "s6", manager=cast.review_manager, spoc=cast.spoc, lead=cast.lead_peer)
    for writers in ([cast.spoc, cast.deputy], [cast.deputy]):
        action = plan_an_action(review, by=cast.spoc)
        for writer in writers:
            action_progress_add(action=action, text=f"Progress from {writer.full_name}", by=writer)
    # The actions, then their entries with their authors.
    with django_assert_num_queries(2):
        read = [
            [entry.by.full_name for entry in a.updates.all()]
            for a in Action.objects.with_progress().order_by("pk")
        ]
    assert read == [[cast.spoc.full_name, cast.deputy.full_name], [cast.deputy.full_name]]
