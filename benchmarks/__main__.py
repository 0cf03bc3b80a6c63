"""``make bench``: runs every benchmark against a fresh database and writes results.md.

Benchmarks prove speed targets; they are not part of ``make test``. Each benchmark returns rows
of (measure, figure, target, met), ``met`` being None for a figure with no target; the results
file records them with the machine and date.
"""

import datetime
import os
import platform
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _machine() -> str:
    cores = os.cpu_count()
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f", {kib / 1024 / 1024:.0f} GiB memory"
    python = platform.python_version()
    return f"{platform.machine()}, {cores} cores{memory}, Python {python}, {platform.system()}"


def main() -> int:
    database = Path(tempfile.mkdtemp(prefix="peerreview-bench-")) / "bench.sqlite3"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{database}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerreview.test_settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from benchmarks import bench_import, bench_load, bench_pages, bench_report, bench_search

    everything = {
        "import": ("Import of a review document", bench_import.run),
        "report": ("Report rendering and download", bench_report.run),
        "pages": ("Every page of every role, at the demo's size and with 10x the reviews", bench_pages.run),
        "load": ("Load: 20 clients for 60 seconds", bench_load.run),
        "search": ("Good-practice library and search, at 10x the reviews", bench_search.run),
    }
    # `python -m benchmarks search` runs only the sections named, and prints without writing.
    chosen = sys.argv[1:] or list(everything)
    sections = [(everything[name][0], everything[name][1]()) for name in chosen]
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench` on {datetime.date.today():%Y-%m-%d}.",
        f"Machine: {_machine()}. Database: {os.environ['DATABASE_URL'].split(':')[0]}.",
        "",
    ]
    failed = 0
    for title, rows in sections:
        lines += [f"## {title}", "", "| measure | figure | target | met |", "|---|---|---|---|"]
        for measure, figure, target, met in rows:
            verdict = "—" if met is None else "yes" if met else "**missed**"
            lines.append(f"| {measure} | {figure} | {target or '—'} | {verdict} |")
            failed += met is False
        lines.append("")
    text = "\n".join(lines)
    if not sys.argv[1:]:
        (ROOT / "benchmarks" / "results.md").write_text(text, encoding="utf-8")
    print(text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
