"""Rewrite the «Настройки» table of README.md from the option declarations in generator/config.py.

Run after adding or changing an option; tests/test_config.py fails when an option is missing from README.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.config import Config, documented_options  # noqa: E402

README = Path(__file__).resolve().parent.parent / "README.md"
START, END = "<!-- options:start -->", "<!-- options:end -->"


def default_of(key: str) -> str:
    value: object = Config()
    for part in key.split("."):
        value = getattr(value, part)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value) if value != "" else "—"


def table() -> str:
    rows = ["| Ключ | По умолчанию | Что задаёт |", "|---|---|---|"]
    rows += [f"| `{key}` | `{default_of(key)}` | {doc} |" for key, doc in documented_options()]
    return "\n".join(rows)


def main() -> None:
    text = README.read_text(encoding="utf-8")
    block = f"{START}\n{table()}\n{END}"
    if START in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text = text.replace("## Лицензия", f"## Настройки\n\nВсе настройки проекта — в файле `msoko.yml`; неизвестный ключ или значение не того типа\nостанавливают сборку с сообщением, где ошибка.\n\n{block}\n\n## Лицензия")
    README.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
