"""Errors a user can cause. The CLI turns them into one line on stderr and an exit code."""


class UserError(Exception):
    """A problem with the user's input or options: exit code 2, no traceback."""

    exit_code = 2


class FetchError(UserError):
    """A wiki could not be reached or kept failing after retries: exit code 3."""

    exit_code = 3
