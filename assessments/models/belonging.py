"""How a row says which review it belongs to: the one answer the access rules (an object of
another review is not found) and the audit log (each event is filed under its review) both use."""

from typing import ClassVar


class OfAReview:
    """Mixed into every model whose rows belong to one review.

    ``review_via`` names the relations that lead to a row with its own ``review`` key, as
    dotted attribute names (``"action.finding"``); empty for a model that has the key itself.
    """

    review_via: ClassVar[str] = ""

    @property
    def owning_review_id(self) -> int:
        target = self
        for relation in filter(None, self.review_via.split(".")):
            target = getattr(target, relation)
        return target.review_id  # type: ignore[attr-defined]
