"""The one exception type that means "the user gave bad input"."""


class UserError(Exception):
    """Bad input or bad usage: reported as one line, exit status 2, nothing written."""

    exit_code = 2
