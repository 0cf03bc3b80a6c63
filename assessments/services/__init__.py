"""Writes: every change to review data goes through a service function here. Each is
keyword-only, atomic, and validates (``full_clean``) before saving."""
