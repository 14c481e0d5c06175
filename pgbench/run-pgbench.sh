#!/usr/bin/env bash
# The raw ceiling of the hold statement on this machine, beside `boxoffice bench`.
# Usage: pgbench/run-pgbench.sh [clients] [seconds]   (needs psql, pgbench, a local PostgreSQL)
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-64}; seconds=${2:-30}
db=boxoffice_pgbench
url="postgres://postgres@127.0.0.1:5432/$db"
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
# A short app bench creates the schema, the bench hall (300 seats) and a showtime.
cargo run --release -q -- --database-url "$url" bench --terminals 1 --seconds 1 >/dev/null
q() { psql -h 127.0.0.1 -U postgres -d "$db" -qAtc "$1"; }
st=$(q "SELECT max(id) FROM showtimes")
lo=$(q "SELECT min(s.id) FROM seats s JOIN showtimes st ON st.hall_id = s.hall_id WHERE st.id = $st")
hi=$(q "SELECT max(s.id) FROM seats s JOIN showtimes st ON st.hall_id = s.hall_id WHERE st.id = $st")
uid=$(q "SELECT id FROM users WHERE username_key = 'operator'")
ord=$(q "INSERT INTO orders (showtime_id, user_id, channel, created_at, expires_at) VALUES ($st, $uid, 'counter', now(), now() + interval '1 day') RETURNING id")
q "UPDATE seat_claims SET state = 'released' WHERE showtime_id = $st" >/dev/null
# Every transaction's latency is logged, so the percentiles can be set beside the app's.
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
for script in hold.sql hold_tx.sql hold_call.sql; do
  echo "== $script, $clients clients, $seconds s"
  pgbench -h 127.0.0.1 -U postgres -n -M prepared -c "$clients" -j 2 -T "$seconds" -r \
    -l --log-prefix "$logs/${script%.sql}" \
    -D st="$st" -D seat_lo="$lo" -D seat_hi="$hi" -D ord="$ord" -D uid_lo="$uid" -D users=1 \
    -f "pgbench/$script" "$db" | grep -E "^(tps|latency|number of)"
  cat "$logs/${script%.sql}".* | awk '{print $3}' | sort -n | awk '
    { v[NR] = $1 }
    END { printf "latency p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms\n",
          v[int(NR*0.50)]/1000, v[int(NR*0.95)]/1000, v[int(NR*0.99)]/1000, v[NR]/1000 }'
done
