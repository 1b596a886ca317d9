"""Error types that separate a user's mistake from a bug in the program.

A ``UserError`` carries one sentence that says what is wrong and where; the command
line prints it on one line and the window shows it in a dialog. Anything else is a
bug and gets the full detail.
"""


class UserError(Exception):
    """Bad input from the user: a file, an argument, a form field, a database."""
