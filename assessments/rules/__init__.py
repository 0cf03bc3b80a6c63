"""Who may act on a review, and when (the access table), and what is true of a review now (its
facts), which the rules and every page decide by."""
