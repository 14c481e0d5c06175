#!/usr/bin/env bash
# The hold and the sale side by side, in one run on a fresh database: the bare hold
# statement, the app's hold and sale exactly as it sends them (run by pgbench), the
# app's own bench in three mixes, and the ratios the performance issue sets goals on.
# SQLite beside it: a raw conditional-update loop on one file against the app's bench.
#
# Usage: pgbench/compare.sh [clients=64] [seconds=20] [sqlite counters=8]
# PG_ONLY=1 runs the three pgbench scripts only. ALSO_SQL=<file> runs that SQL on the
# database before them: an A/B of a server-side function, e.g. the sale before
# migration 0017 (see docs/PERFORMANCE.md):
#   sed -n '/^CREATE FUNCTION/,$p' migrations/postgres/0016_*.sql \
#     | sed 's/^CREATE FUNCTION/CREATE OR REPLACE FUNCTION/' >/tmp/sell_0016.sql
#   PG_ONLY=1 ALSO_SQL=/tmp/sell_0016.sql pgbench/compare.sh 64 20
# Needs a local PostgreSQL (127.0.0.1:5432, user postgres, trust), psql, pgbench, jq,
# python3. Builds the release binary first. Prints each figure, then the ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-64}; seconds=${2:-20}; sqlite_counters=${3:-8}
db=boxoffice_compare
url="postgres://postgres@127.0.0.1:5432/$db"
bin=target/release/boxoffice
cargo build --release -q --bin boxoffice

q() { psql -h 127.0.0.1 -U postgres -d "$db" -qAtc "$1"; }
fresh_db() {
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  # A one-second app bench creates the schema, the bench hall (300 seats), a showtime.
  "$bin" --database-url "$url" bench --terminals 1 --seconds 1 >/dev/null 2>&1
}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# pgbench SCRIPT NAME: prints "NAME per_second p50 p99" into $out/pg, and to the screen.
pg() {
  local script=$1 name=$2
  q "CHECKPOINT" >/dev/null
  pgbench -h 127.0.0.1 -U postgres -n -M prepared -c "$clients" -j 2 -T "$seconds" \
    -l --log-prefix "$out/$name" \
    -D st="$st" -D seat_lo="$lo" -D seat_hi="$hi" -D ord="$ord" -D uid_lo="$uid_lo" \
    -D users="$clients" -D clients="$clients" -D per="$per" -D st_lo="$st_lo" -D k=0 \
    -f "pgbench/$script" "$db" >"$out/$name.txt" 2>&1 || { cat "$out/$name.txt"; exit 1; }
  local tps
  tps=$(awk '/^tps/ {print $3; exit}' "$out/$name.txt")
  cat "$out/$name".[0-9]* | awk '{print $3}' | sort -n | awk -v n="$name" -v t="$tps" '
    { v[NR] = $1 }
    END { printf "%s %.0f %.2f %.2f\n", n, t, v[int(NR*0.50)]/1000, v[int(NR*0.99)]/1000 }' \
    | tee -a "$out/pg"
  rm -f "$out/$name".[0-9]*
}

# bench MIX: the app's own bench on a fresh database; prints its JSON report's figures.
bench() {
  local mix=$1 dburl=$2 terminals=$3
  "$bin" --json --database-url "$dburl" bench --terminals "$terminals" --seconds "$seconds" \
    --mix "$mix" 2>/dev/null >"$out/bench-$mix-$terminals.json"
  jq -r --arg m "$mix" '"app bench --mix \($m) --terminals \(.terminals): hold attempts \(((.holds + .conflicts) / .seconds) | floor)/s (held \(.holds_per_second | floor)/s), hold p50 \(.hold_latency.p50_ms) p99 \(.hold_latency.p99_ms) ms; sales \(.sales_per_second | floor)/s, sale p99 \(.sale_latency.p99_ms) ms; app CPU \(.cpu_ms_per_operation * 1000 | floor) us/op; errors \(.errors); double sales \(.double_sales), unpaid \(.sold_not_paid), unticketed \(.paid_not_ticketed)"' \
    "$out/bench-$mix-$terminals.json"
}
attempts() { jq '(.holds + .conflicts) / .seconds' "$out/bench-$1.json"; }

echo "== PostgreSQL, $clients clients, $seconds s each, one fresh database"
fresh_db
st=$(q "SELECT max(id) FROM showtimes")
lo=$(q "SELECT min(s.id) FROM seats s JOIN showtimes st ON st.hall_id = s.hall_id WHERE st.id = $st")
hi=$(q "SELECT max(s.id) FROM seats s JOIN showtimes st ON st.hall_id = s.hall_id WHERE st.id = $st")
uid=$(q "SELECT id FROM users WHERE username_key = 'operator'")
ord=$(q "INSERT INTO orders (showtime_id, user_id, channel, created_at, expires_at) VALUES ($st, $uid, 'counter', now(), now() + interval '1 day') RETURNING id")
q "UPDATE seat_claims SET state = 'released' WHERE showtime_id = $st" >/dev/null
# Each pgbench client is a cashier of its own, as each counter of the app bench is.
q "INSERT INTO users (username, username_key, role, password_hash)
   SELECT 'pgbench-' || i, 'pgbench-' || i, 'cashier', '!' FROM generate_series(0, $clients - 1) AS i" >/dev/null
uid_lo=$(q "SELECT min(id) FROM users WHERE username_key LIKE 'pgbench-%'")
# Cash is taken only in an open shift ([shift] required): each cashier has one.
q "INSERT INTO shifts (user_id, opened_at, float_cents)
   SELECT id, now(), 0 FROM users WHERE username_key LIKE 'pgbench-%'" >/dev/null
# The sale script sells each client's own seats, a few per showtime: enough showtimes
# of the bench hall, two hours apart, far enough out not to meet the bench's own.
per=$(( (hi - lo + 1) / clients ))
[ "$per" -ge 1 ] || { echo "at most $((hi - lo + 1)) clients"; exit 2; }
q "INSERT INTO showtimes (movie_id, hall_id, starts_at, occupied_until, price_cents)
   SELECT s.movie_id, s.hall_id, date_trunc('day', now()) + interval '400 days' + i * interval '2 hours',
          date_trunc('day', now()) + interval '400 days' + i * interval '2 hours' + interval '110 minutes', 1000
     FROM showtimes s, generate_series(0, 1999) AS i WHERE s.id = $st" >/dev/null
st_lo=$(q "SELECT min(id) FROM showtimes WHERE starts_at > now() + interval '399 days'")
if [ -n "${ALSO_SQL:-}" ]; then
  psql -h 127.0.0.1 -U postgres -d "$db" -q -v ON_ERROR_STOP=1 -f "$ALSO_SQL" >/dev/null
  echo "(with $ALSO_SQL applied)"
fi
echo "name per_second p50_ms p99_ms"
pg hold.sql bare_hold_statement
pg hold_call.sql app_hold
pg sale_call.sql app_hold_and_sale
[ -z "${PG_ONLY:-}" ] || exit 0

for mix in holds mixed sales; do
  fresh_db
  bench "$mix" "$url" "$clients"
done

echo
echo "== SQLite, one file, $sqlite_counters counters, $seconds s each"
python3 pgbench/sqlite_raw.py "$sqlite_counters" "$seconds" | tee "$out/sqlite_raw.json"
for mix in holds mixed; do
  f=$(mktemp -u /tmp/boxoffice-compare-XXXXXX.db)
  bench "$mix" "sqlite://$f?mode=rwc" "$sqlite_counters"
  rm -f "$f" "$f-wal" "$f-shm"
done

echo
echo "== Ratios (goals of the performance issue in brackets)"
ps() { awk -v n="$1" '$1 == n {print $2}' "$out/pg"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else print "n/a" }'; }
echo "app hold (pgbench) / bare hold statement:         $(ratio "$(ps app_hold)" "$(ps bare_hold_statement)")  [>= 50%]"
echo "app bench --mix holds attempts / app hold pgbench: $(ratio "$(attempts "holds-$clients")" "$(ps app_hold)")  [>= 70%]"
echo "app bench mixed: hold p99 $(jq .hold_latency.p99_ms "$out/bench-mixed-$clients.json") ms [< 50], sale p99 $(jq .sale_latency.p99_ms "$out/bench-mixed-$clients.json") ms [< 100]"
echo "SQLite app bench --mix holds attempts / raw loop:  $(ratio "$(attempts "holds-$sqlite_counters")" "$(jq .holds_per_second "$out/sqlite_raw.json")")"
echo "SQLite app bench mixed: hold attempts $(attempts "mixed-$sqlite_counters" | cut -d. -f1)/s, hold p99 $(jq .hold_latency.p99_ms "$out/bench-mixed-$sqlite_counters.json") ms [< 20]"
