"""Numbers as the report writes them: in words up to twenty ("fourteen key aspects")."""

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


def number_words(value: int) -> str:
    """14 -> "fourteen"; 21 and above stay figures."""
    return _WORDS[value] if 0 <= value < len(_WORDS) else str(value)
