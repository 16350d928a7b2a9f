"""Demo data that ships with the app, and the generator that writes it."""
