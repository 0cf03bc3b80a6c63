"""A review's life: the stage machine (what each move needs, what is merely early, and the
moves themselves, recorded and told) and the Scottish working days its dates are counted in."""
