"""What runs on its own, daily or on demand: the reminders, the backup, and the retention of old
data."""
