"""Events the review data sends to the layers above it, which may not be imported from here."""

from django.dispatch import Signal

# Sent inside the import's transaction once a review has been written from a document, with
# ``review`` and ``by``. The reports app stores the published version a document records.
review_imported = Signal()
