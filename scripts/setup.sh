#!/usr/bin/env bash
# Set up msoko-site on a fresh Debian/Ubuntu machine and build the demo site into site/.
# Installs the Python environment (.venv) from pyproject.toml, the system packages the checks need
# (Chromium for browser tests, poppler-utils to read PDFs back, fonts for the PDF report, Java for the HTML
# validator) when run as root, and the npm tools from package.json.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[test]'

# System packages: only when missing, and only as root (otherwise say what to install).
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need+=(npm)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# The report's PDF is set in Liberation Serif (metric-compatible with the DOCX's Times New Roman).
[ -e /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf ] || need+=(fonts-liberation)
# WeasyPrint (the PDF report) draws text with Pango.
ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0' || need+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    else
        echo "Установите системные пакеты: ${need[*]} (нужны для проверок в браузере, проверки HTML и отчёта в PDF)." >&2
    fi
fi

# npm tools (axe-core for accessibility checks), pinned by package-lock.json.
if [ -f package.json ] && command -v npm >/dev/null 2>&1; then
    npm ci --silent --no-audit --no-fund >/dev/null
fi

.venv/bin/msoko build
