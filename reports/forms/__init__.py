"""The forms of the report's pages: its text, the council's factual-accuracy comments and their
resolution."""
