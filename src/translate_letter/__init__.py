"""translate-letter: a gettext workflow that turns an English letter into reviewed
Persian, French and Arabic letters."""

__version__ = "0.1.0"
