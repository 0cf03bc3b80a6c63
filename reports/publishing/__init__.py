"""The report's own steps at stage 5 (its text, the factual-accuracy check, publishing a version)
and the background task that renders and announces a published version."""
