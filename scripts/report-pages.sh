#!/usr/bin/env bash
# Pictures of every page of a report, as docs/screenshots/report/ shows them: the Midlothian report
# rebuilt from its exchange document (../shared/examples/), in a throwaway SQLite database.
# Usage: scripts/report-pages.sh [exchange-document.json]   (needs pdftoppm, Debian's poppler-utils)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
document="${1:-$here/../shared/examples/midlothian-2019.json}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DJANGO_DEBUG=true DATABASE_URL="sqlite:///$work/db.sqlite3" DJANGO_LOG_FORMAT=text
py="$here/.venv/bin/python"
"$py" "$here/manage.py" migrate --verbosity 0
"$py" "$here/manage.py" import_review "$document" > "$work/imported.txt"
reference="$("$py" -c 'import json, sys; print(json.load(open(sys.argv[1]))["review"]["reference"])' "$document")"
"$py" "$here/manage.py" render_report "$reference" --output "$work/report.pdf"
out="$here/docs/screenshots/report"
rm -rf "$out" && mkdir -p "$out"
pdftoppm -r 50 -png "$work/report.pdf" "$out/page"
ls "$out"
