"""A participant's copy of an alert: what travels to it, how it is kept, what its users see."""
