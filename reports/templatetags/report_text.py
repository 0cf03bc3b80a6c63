from django import template

from reports.documents.content import SECTION_TITLES
from reports.documents.numbers_in_words import number_words as words_for

register = template.Library()


@register.filter
def number_words(value: int) -> str:
    """14 -> "fourteen", as the report writes small counts."""
    return words_for(value)


@register.filter
def section_label(key: str) -> str:
    """A comment's section as the report titles it (``content.SECTIONS``)."""
    return SECTION_TITLES.get(key, key)
