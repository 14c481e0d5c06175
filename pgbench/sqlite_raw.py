#!/usr/bin/env python3
"""What one SQLite file can do for holds, without the application: N processes, each
looping on one conditional UPDATE of a pre-existing seat row in its own write
transaction (BEGIN IMMEDIATE ... COMMIT), WAL with synchronous=FULL as boxoffice opens
its file. Every attempt writes (the hold it makes lapses at once), as pgbench/hold.sql
does on PostgreSQL. Prints one JSON line: holds per second and latency percentiles.

Usage: pgbench/sqlite_raw.py [processes=8] [seconds=20] [file=/tmp/boxoffice-sqlite-raw.db]
"""
import json
import multiprocessing as mp
import os
import random
import sqlite3
import sys
import time

SEATS = 300


def connect(path):
    db = sqlite3.connect(path, isolation_level=None, timeout=10.0)  # boxoffice waits as long
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    return db


def setup(path):
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(path + suffix)
        except FileNotFoundError:
            pass
    db = connect(path)
    db.execute(
        "CREATE TABLE seat_claims (showtime_id INTEGER NOT NULL, seat_id INTEGER NOT NULL,"
        " order_id INTEGER, state TEXT NOT NULL, held_until REAL NOT NULL,"
        " PRIMARY KEY (showtime_id, seat_id))"
    )
    db.executemany(
        "INSERT INTO seat_claims VALUES (1, ?, NULL, 'released', 0)",
        [(s,) for s in range(SEATS)],
    )
    db.close()


def worker(path, seconds, me, out):
    db = connect(path)
    rng = random.Random(me)
    lat = []
    busy = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        seat = rng.randrange(SEATS)
        t = time.monotonic()
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            # SQLite's busy handler is unfair: a writer can wait out the whole timeout.
            busy += 1
            continue
        now = time.time()
        db.execute(
            "UPDATE seat_claims SET order_id = ?, state = 'held', held_until = ?"
            " WHERE showtime_id = 1 AND seat_id = ?"
            " AND (state = 'released' OR (state = 'held' AND held_until <= ?))",
            (me, now, seat, now),
        )
        db.execute("COMMIT")
        lat.append(time.monotonic() - t)
    out.put((lat, busy))


def main():
    procs = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 20
    path = sys.argv[3] if len(sys.argv) > 3 else "/tmp/boxoffice-sqlite-raw.db"
    setup(path)
    out = mp.Queue()
    workers = [mp.Process(target=worker, args=(path, seconds, i, out)) for i in range(procs)]
    started = time.monotonic()
    for w in workers:
        w.start()
    lat = []
    busy = 0
    for _ in workers:
        got, refused = out.get()
        lat.extend(got)
        busy += refused
    for w in workers:
        w.join()
    elapsed = time.monotonic() - started
    lat.sort()
    at = lambda q: round(lat[min(len(lat) - 1, int(round((len(lat) - 1) * q)))] * 1000, 2)
    print(json.dumps({
        "processes": procs, "seconds": round(elapsed, 1), "holds": len(lat),
        "holds_per_second": round(len(lat) / elapsed, 1),
        "p50_ms": at(0.5), "p95_ms": at(0.95), "p99_ms": at(0.99), "max_ms": at(1.0),
        "busy_timeouts": busy,
    }))


if __name__ == "__main__":
    main()
