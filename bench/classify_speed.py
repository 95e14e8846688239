"""Classification speed: throughput on ~5 KB messages, cold start of `classify`, model size.

Usage: .venv/bin/python bench/classify_speed.py [--messages N]

Throughput is measured in this process, pinned to one core, over the whole reading path
(`understand_message`: MIME parse, machine-mail check, reply text, entities, intents) on
synthetic ~5 KB replies: a short answer, a signature and the quoted reminder thread. It is
given per wall-clock second and per CPU-second of this process: on a shared machine other
processes take turns on the same core, which lowers the first but not the second.
Cold start runs `python -m assistant classify one.eml` in a fresh process, five times.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ANSWERS = [
    "We paid INV-{n} on 3 May by bank transfer, ref 88{n}. Please check your account.",
    "Hi, we never received invoice INV-{n}. Could you send us a copy?",
    "INV-{n} is scheduled for our payment run next Friday.",
    "Sorry, cash flow is tight this month. Could we pay INV-{n} in three instalments?",
    "The price on INV-{n} is wrong, we agreed EUR 950 and not EUR 1,050. Please send a credit note.",
    "Thanks, noted. Have a good weekend.",
    "Wir haben die Rechnung INV-{n} bereits am 15.11. überwiesen.",
    "Nous n'avons jamais reçu la facture FA-{n}, merci de la renvoyer.",
]
QUOTE = ("> Dear customer,\n> Our records show that invoice INV-{n} for EUR 1,200.00 was due on 1 November 2026 "
         "and remains unpaid. If you have already paid, please ignore this message or send us the payment "
         "reference. If you have not received the invoice, reply and we will send a copy.\n>\n")


def message(i: int, rng: random.Random) -> bytes:
    n = 1000 + i
    answer = rng.choice(ANSWERS).format(n=n)
    body = f"Hello,\n\n{answer}\n\nBest regards,\nJane Doe\nAccounts Payable\nCustomer GmbH\n+49 30 1234567\n\n"
    body += "On Mon, 16 Nov 2026 at 09:00, Example Ltd <ar@example.com> wrote:\n"
    while len(body) < 5000:
        body += QUOTE.format(n=n)
    head = (f"Message-ID: <bench-{i}@customer.example>\nFrom: Jane Doe <ap@customer.example>\n"
            f"To: ar@example.com\nSubject: Re: Invoice INV-{n} overdue\nDate: Fri, 20 Nov 2026 10:00:00 +0000\n"
            "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n")
    return (head + body).encode()


def throughput(count: int) -> tuple[float, float, int]:
    from intents.classify.model import load_model
    from intents.understand import understand_message

    rng = random.Random(7)
    messages = [message(i, rng) for i in range(count)]
    model = load_model()
    for raw in messages[:20]:  # warm caches (dateparser languages, spaCy vocab)
        understand_message(raw, model=model)
    started, cpu_started = time.perf_counter(), time.process_time()
    for raw in messages:
        understand_message(raw, model=model)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return count / elapsed, count / cpu, sum(map(len, messages)) // count


def cold_start(runs: int = 5) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU (user + system) seconds of each fresh `classify` process."""
    import resource

    rng = random.Random(1)
    with tempfile.NamedTemporaryFile(suffix=".eml", delete=False) as fh:
        fh.write(message(0, rng))
        path = fh.name
    times: list[float] = []
    cpu: list[float] = []
    try:
        for _ in range(runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "assistant", "classify", path], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    finally:
        os.unlink(path)
    return times, cpu


def model_size() -> int:
    model = ROOT / "intents" / "model"
    return sum(p.stat().st_size for p in model.rglob("*") if p.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=1000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    rate, cpu_rate, size = throughput(args.messages)
    print(f"throughput: {rate:.0f} messages/s wall clock, {cpu_rate:.0f} messages per CPU-second, one core "
          f"({args.messages} messages of ~{size} bytes; parse + machine mail + reply text + entities + intents) "
          "[target >= 200]")
    times, cpu = cold_start()
    print(f"cold start `python -m assistant classify one.eml`: median {statistics.median(times):.2f} s "
          f"wall clock (max {max(times):.2f} s), median {statistics.median(cpu):.2f} s CPU, "
          f"over {len(times)} runs [target < 2 s]")
    print(f"model size: {model_size() / 1e6:.1f} MB in intents/model [target < 50 MB]")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} (2 cores shared; figures drop under load)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
