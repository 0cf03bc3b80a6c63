"""The evidence files: where they are stored, how an upload is checked, and its virus scan."""
