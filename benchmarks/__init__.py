"""The benchmarks behind ``make bench`` (see ``__main__``)."""

Row = tuple[str, str, str, bool | None]  # what each benchmark returns: measure, figure, target, met
