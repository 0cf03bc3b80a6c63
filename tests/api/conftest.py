import pytest
from django.test import Client

from api.tokens import api_token_create
from tests.lifecycle import bring_to, plan_an_action


class Script:
    """A council's or the programme's script: a token of one person's, and the calls it makes."""

    def __init__(self, user, *, writes: bool = True):
        self.user = user
        self.row, self.token = api_token_create(user=user, name="Test script", writes=writes, days=30)
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {self.token}")

    def get(self, path, **headers):
        return self.client.get(path, headers=headers)

    def put(self, path, data, **headers):
        return self.client.put(path, data, content_type="application/json", headers=headers)

    def post(self, path, data, **headers):
        return self.client.post(path, data, content_type="application/json", headers=headers)


@pytest.fixture
def script():
    return Script


@pytest.fixture
def published(cast):
    """The cast's review with its report published and one action in its plan."""
    review = bring_to(
        cast.review, "s5_published", manager=cast.review_manager, spoc=cast.spoc, lead=cast.lead_peer
    )
    plan_an_action(review, by=cast.spoc)
    return review


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """Calls are counted per token in the cache; a token's number may be used again by the next
    test's token (SQLite reuses a rolled-back row's key)."""
    from django.core.cache import cache

    cache.clear()
