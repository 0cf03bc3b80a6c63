"""Telling people: the hand-offs that notify the people the work passes to, and the interview
invitations with their calendar files."""
