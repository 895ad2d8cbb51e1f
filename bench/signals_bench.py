"""Interaction-signal import benchmark: a calendar of 100,000 events and an mbox of 200,000 messages.

Run on demand, not as a test::

    python bench/signals_bench.py                               # 100,000 events, 200,000 messages
    python bench/signals_bench.py --events 10000 --messages 20000 --people 2000

It generates an organisation (``--people``, default 5,000) with ``importers.generate`` and,
from the generator's signal builders, a calendar export of ``--events`` events (team
meetings, weekly 1:1s and monthly all-hands recurring, the rest ad-hoc meetings) and an mbox
of ``--messages`` messages. The org chart is imported into a fresh embedded store once; then
each measurement runs in a child process of its own, so that the peak memory printed is that
step's alone:

* ``library``: what parsing the file with the library alone costs, the baseline. For the
  calendar, ``icalendar`` parsing the file and ``recurring_ical_events`` expanding it over the
  same window; for the mbox, the standard library's ``mailbox.mbox`` reading every message
  (the way the library reads an mbox: whole messages) and looking at its From header.
* ``import``: ``intrograph import calendar|email`` as a user runs it (``run_import``: parse,
  match people, privacy, merge with the store, write), first into the store as it is and then
  once more (the re-import, which changes nothing).

Printed per file: seconds, events or messages per second, and peak resident memory (MiB) of
each, and the import's time as a multiple of the library's.
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from importers.generate.dates import AS_OF  # noqa: E402

#: The window every step counts: the generator's dates, and the ongoing 1:1s up to today.
SINCE = (AS_OF - timedelta(days=2 * 366)).isoformat()


def _peak_mib() -> float:
    """This process's peak resident memory. VmHWM, not ``ru_maxrss``: Linux carries a child's
    ``ru_maxrss`` over from its parent at fork, so it would report the parent's files in memory."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def child(step: str, path: str, store_uri: str) -> None:
    """One measurement in this process; prints one JSON line."""
    from datetime import datetime, timezone
    started = time.perf_counter()
    if step == "calendar-library":
        import icalendar
        import recurring_ical_events
        cal = icalendar.Calendar.from_ical(Path(path).read_bytes())
        since = datetime.fromisoformat(SINCE).replace(tzinfo=timezone.utc)
        found = len(recurring_ical_events.of(cal).between(since, datetime.now(timezone.utc)))
        detail = {"occurrences": found}
    elif step == "email-library":
        import mailbox
        box = mailbox.mbox(path, create=False)
        found = sum(1 for message in box if message["From"])
        detail = {"messages": found}
    else:
        from graphsvc.store import open_store
        from importers.run import run_import
        kind = step.split("-")[0]
        with open_store(store_uri) as store:
            report = run_import(store, kind, path, since=SINCE)
        detail = {"summary": report.summary.as_dict(), "stats": report.stats}
    print(json.dumps({"seconds": time.perf_counter() - started, "peak_mib": _peak_mib(), **detail}))


def _run(step: str, path: Path, store_uri: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", step, str(path), store_uri],
                         check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _prepare(people: int, events: int, messages: int, folder: Path, seed: int) -> tuple[Path, Path, str]:
    from graphsvc.store import open_store
    from importers.generate.org import assign_dotted, assign_identity, build_org
    from importers.generate.profiles import build_profiles
    from importers.generate.signals import build_calendar, build_mail
    from importers.generate.writers import ORGCHART_HEADER, orgchart_rows, write_csv
    from importers.run import run_import

    org = build_org(people, seed)
    assign_identity(org, seed)
    assign_dotted(org, seed)
    profiles = build_profiles(org, seed)
    managers = sum(1 for p in org if p.reports)
    recurring = managers + max(1, people // 40) + len({p.dept for p in org})
    calendar = folder / "calendar.ics"
    calendar.write_bytes(build_calendar(org, profiles, seed, meetings=max(0, events - recurring)).encode())
    mail = folder / "mail.mbox"
    mail.write_bytes(build_mail(org, profiles, seed, messages=messages).encode())
    chart = folder / "orgchart.csv"
    write_csv(chart, ORGCHART_HEADER, orgchart_rows(org))
    uri = f"sqlite:///{folder / 'bench.db'}"
    with open_store(uri) as store:
        run_import(store, "orgchart", chart)
    return calendar, mail, uri


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--people", type=int, default=5_000)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--messages", type=int, default=200_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", choices=("calendar", "email"), help="measure one file only")
    ap.add_argument("--dir", help="keep the files here (default: a temporary folder, removed after)")
    args = ap.parse_args(argv)
    folder = Path(args.dir) if args.dir else Path(tempfile.mkdtemp(prefix="signals-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        t0 = time.perf_counter()
        calendar, mail, uri = _prepare(args.people, args.events, args.messages, folder, args.seed)
        events = calendar.read_bytes().count(b"BEGIN:VEVENT")
        print(f"{args.people:,} people; {events:,} events ({calendar.stat().st_size / 2**20:.0f} MiB), "
              f"{args.messages:,} messages ({mail.stat().st_size / 2**20:.0f} MiB); window {SINCE} to today; "
              f"prepared in {time.perf_counter() - t0:.0f} s")
        for kind, path, unit, count in (("calendar", calendar, "events", events),
                                        ("email", mail, "messages", args.messages)):
            if args.only not in (None, kind):
                continue
            library = _run(f"{kind}-library", path, uri)
            first = _run(f"{kind}-import", path, uri)
            again = _run(f"{kind}-import", path, uri)
            print(f"\n{kind}: {path.name}")
            for name, r in (("library alone", library), ("import", first), ("re-import", again)):
                print(f"  {name:<14} {r['seconds']:7.1f} s  {count / r['seconds']:9,.0f} {unit}/s  "
                      f"peak {r['peak_mib']:6,.0f} MiB")
            s = first["stats"]
            print(f"  import = {first['seconds'] / library['seconds']:.1f}× the library alone; "
                  f"{s['pairs']:,} pairs, {s['interactions']:,} interactions; "
                  f"re-import changed nothing: {not any(v for k, v in again['summary'].items() if k != 'relationships_unchanged')}")
    finally:
        if not args.dir:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
    else:
        sys.exit(main())
