"""One exception family for the user's own mistakes; the CLI turns them into a Russian message and an exit code.

A traceback is shown only for a bug in msoko itself, never for bad data or configuration.
"""

from __future__ import annotations


class MsokoError(Exception):
    """Base of every error that the CLI reports as a message (exit code ``exit_code``)."""

    exit_code = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\nЧто сделать: {self.hint}"


class ConfigError(MsokoError):
    """The project configuration (msoko.yml) is missing, unreadable or invalid."""

    exit_code = 2


class DataError(MsokoError):
    """The data packages cannot be loaded or did not pass validation."""


class BuildError(MsokoError):
    """A build stage failed; the previously published site is left untouched."""


class PrivacyError(BuildError):
    """A table would publish a suppressed (small-group) value; the build refuses to publish it."""
