from django import template

from reports import words

register = template.Library()


@register.filter
def number_words(value: int) -> str:
    """14 -> "fourteen", as the report writes small counts."""
    return words.number_words(value)


@register.filter
def section_label(key: str) -> str:
    from reports.content import SECTION_TITLES

    return SECTION_TITLES.get(key, key)
