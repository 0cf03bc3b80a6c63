"""Forms validate input and nothing more: the rules that change data live in services."""
