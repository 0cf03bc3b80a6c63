from django import template

register = template.Library()

_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]


@register.filter
def number_words(value: int) -> str:
    """14 -> "fourteen", as the report writes small counts."""
    return _WORDS[value] if 0 <= value < len(_WORDS) else str(value)


@register.filter
def section_label(key: str) -> str:
    from reports.services import SECTIONS

    return SECTIONS.get(key, key)
