"""MkDocs hooks of ``msoko serve`` only: they forward to ``generator.preview`` (see there), whose state the
command set up; MkDocs loads this file by path, so the state cannot live in it."""

from __future__ import annotations

from generator.preview import on_page_markdown, on_pre_build

__all__ = ["on_page_markdown", "on_pre_build"]
