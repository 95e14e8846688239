"""Import of 100,000 invoices for 20,000 customers: wall time and peak memory per backend.

Usage: .venv/bin/python bench/ledger_import.py [--invoices N] [--customers N] [--skip-postgres]
Each import runs as a real `ar-assistant import` process; peak memory is its max RSS.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "assistant"]
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def write_ledger(folder: Path, customers: int, invoices: int) -> tuple[Path, Path]:
    cpath, ipath = folder / "customers.csv", folder / "invoices.csv"
    with cpath.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["customer_id", "name", "email", "language", "timezone", "country"])
        for i in range(customers):
            out.writerow([f"C{i:06d}", f"Customer {i}", f"ap{i}@customer{i}.example", "en", "Europe/Berlin", "DE"])
    start = date(2026, 1, 1)
    with ipath.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["invoice_number", "customer_id", "issue_date", "due_date", "amount", "currency"])
        for i in range(invoices):
            issue = start + timedelta(days=i % 300)
            out.writerow([f"INV-{i:07d}", f"C{i % customers:06d}", issue.isoformat(),
                          (issue + timedelta(days=30)).isoformat(), f"{100 + i % 9000}.{i % 100:02d}", "EUR"])
    return cpath, ipath


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one command."""
    started = time.monotonic()
    proc = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.monotonic() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"command failed: {' '.join(argv)}")
    return elapsed, usage.ru_maxrss / 1024


def run_backend(name: str, url: str, cpath: Path, ipath: Path, folder: Path) -> None:
    config = folder / f"{name}.toml"
    config.write_text(f'[database]\nurl = "{url}"\n')
    env = {**os.environ, "AR_ASSISTANT_CONFIG": str(config)}
    subprocess.run([*CLI, "init"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    for label, kind, path in (("customers", "customers", cpath), ("invoices", "invoices", ipath),
                              ("invoices again (all updates)", "invoices", ipath)):
        secs, mb = timed([*CLI, "import", kind, str(path)], env)
        print(f"| {name} | {label} | {secs:.2f} s | {mb:.0f} MB |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=100_000)
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}; "
          f"{args.invoices} invoices for {args.customers} customers")
    print("| backend | file | wall time | peak memory |\n|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cpath, ipath = write_ledger(folder, args.customers, args.invoices)
        run_backend("sqlite", f"sqlite:///{folder / 'bench.db'}", cpath, ipath, folder)
        if not args.skip_postgres:
            from sqlalchemy import create_engine, text

            name = f"ar_bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            try:
                run_backend("postgresql", PG_ADMIN.rsplit("/", 1)[0] + f"/{name}", cpath, ipath, folder)
            finally:
                with admin.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
