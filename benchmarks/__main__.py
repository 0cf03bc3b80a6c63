"""``make bench``: every benchmark on SQLite, then on a throwaway PostgreSQL, each in a fresh
database; written to results.md with the machine and date.

Benchmarks prove speed targets; they are not part of ``make test``. Each benchmark returns rows
of (measure, figure, target, met), ``met`` being None for a figure with no target. Each database
runs in a process of its own (Django is set up for one database per process), which hands its
rows back as JSON.

``python -m benchmarks search pages`` runs only the sections named, on ``DATABASE_URL`` (a new
SQLite file when unset), and prints without writing.
"""

import datetime
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import Row

ROOT = Path(__file__).resolve().parent.parent
SECTIONS = {
    "import": "Import of a review document",
    "report": "Report rendering and PDF downloads",
    "pages": "Every page of every role at 1x, 10x and 500x the demo's reviews",
    "needs": "What needs you: home pages and each kind's page at 2 and 1,000 open reviews",
    "load": "Load: 20 clients for 60 seconds, then the review page and the bare view alone",
    "search": "Good-practice library and search, at 10x the reviews",
    "uploads": "Hostile uploads refused: a swollen workbook and a lying DOCX",
}
DATABASES = ("SQLite", "PostgreSQL")


def _machine() -> str:
    cores = os.cpu_count()
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f", {kib / 1024 / 1024:.0f} GiB memory"
    python = platform.python_version()
    return f"{platform.machine()}, {cores} cores{memory}, Python {python}, {platform.system()}"


def _sqlite_url() -> str:
    return f"sqlite:///{Path(tempfile.mkdtemp(prefix='peerreview-bench-')) / 'bench.sqlite3'}"


def _in_process(names: list[str]) -> dict[str, list[Row]]:
    """Runs the sections ``names`` here, on DATABASE_URL, migrated first."""
    os.environ.setdefault("DATABASE_URL", _sqlite_url())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerreview.test_settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from tests.static_files import collect_static

    collect_static()  # pages link to hashed static files, as in production: a new clone has none yet

    from benchmarks import (
        bench_import,
        bench_load,
        bench_needs,
        bench_pages,
        bench_report,
        bench_search,
        bench_uploads,
    )

    # This process stands in for a production worker, so it starts as one does (gunicorn.conf.py,
    # the task worker): the PDF engine warmed, then all it has loaded (the benchmarks' own modules
    # too) set aside from the garbage collector's full collections.
    from reports.documents.pdf import ready_to_serve

    ready_to_serve()

    runs = {
        "import": bench_import.run,
        "report": bench_report.run,
        "pages": bench_pages.run,
        "needs": bench_needs.run,
        "load": bench_load.run,
        "search": bench_search.run,
        "uploads": bench_uploads.run,
    }
    return {name: runs[name]() for name in names}


Results = dict[str, dict[str, list[Row]] | str]  # per database: its sections, or why none


def _in_a_process(database_url: str) -> dict[str, list[Row]] | str:
    """Every section in a new process on ``database_url``; or what went wrong."""
    with tempfile.NamedTemporaryFile(suffix=".json") as said:
        env = {**os.environ, "DATABASE_URL": database_url}
        ran = subprocess.run([sys.executable, "-m", "benchmarks", "--json", said.name], cwd=ROOT, env=env)
        if ran.returncode:
            return f"the run stopped with an error (exit {ran.returncode}); its output says why"
        rows: dict[str, list[Row]] = json.loads(Path(said.name).read_text())
        return rows


def _everything() -> Results:
    from benchmarks.postgres import throwaway_postgres

    results: Results = {"SQLite": _in_a_process(_sqlite_url())}
    with throwaway_postgres() as url:
        results["PostgreSQL"] = _in_a_process(url) if url else "no PostgreSQL server (initdb) on this machine"
    return results


def _table(title: str, rows: list[Row]) -> tuple[list[str], int]:
    lines = [f"### {title}", "", "| measure | figure | target | met |", "|---|---|---|---|"]
    missed = 0
    for measure, figure, target, met in rows:
        verdict = "—" if met is None else "yes" if met else "**missed**"
        lines.append(f"| {measure} | {figure} | {target or '—'} | {verdict} |")
        missed += met is False
    return [*lines, ""], missed


def _written(results: Results) -> tuple[str, int]:
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {datetime.date.today():%Y-%m-%d}.",
        f"Machine: {_machine()}. Each database in a process of its own, one after the other.",
        "",
    ]
    missed = 0
    for database, sections in results.items():
        lines += [f"## {database}", ""]
        if isinstance(sections, str):
            lines += [f"**Not measured**: {sections}.", ""]
            missed += 1
            continue
        for name, rows in sections.items():
            table, misses = _table(SECTIONS[name], [tuple(row) for row in rows])  # type: ignore[misc]
            lines += table
            missed += misses
    return "\n".join(lines), missed


def main() -> int:
    arguments = sys.argv[1:]
    if arguments[:1] == ["--json"]:  # a database's process, run by the one below
        Path(arguments[1]).write_text(json.dumps(_in_process(list(SECTIONS))))
        return 0
    if arguments:
        text, missed = _written(
            {os.environ.get("DATABASE_URL", "sqlite").split(":")[0]: _in_process(arguments)}
        )
        print(text)
        return 2 if missed else 0
    text, missed = _written(_everything())
    (ROOT / "benchmarks" / "results.md").write_text(text, encoding="utf-8")
    print(text)
    return 2 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
