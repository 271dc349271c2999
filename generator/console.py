"""The terminal the commands talk to: rich output on stderr, so stdout stays clean for data."""

from __future__ import annotations

import os

from rich.console import Console

#: no colour codes when the output is a file or CI log, so messages stay greppable
console = Console(stderr=True, highlight=False, no_color="NO_COLOR" in os.environ, soft_wrap=True)
