#!/usr/bin/env bash
# API benchmark (issue 20): the catalogue's read API at SIZES backups (default "1000 1000000"), side by side.
# Builds the service jar once (with its sibling modules, no install needed); for each size: starts the packaged service on a fresh home (its embedded PostgreSQL), fills
# the catalogue by SQL (bench/api/fill.sql: generate_series; two components per backup, a restore for 1 %), then
# drives each request at a fixed rate with `hey` (RATE requests/s in all over CONNECTIONS connections, for
# DURATION), after a warm-up; then streams the whole DC/OS list (GET /v1/list, no prefix) once, sampling the
# service's RSS. Prints one Markdown table. The service runs with the JVM options of deploy/marathon.json.
# Needs: java 17+, hey and psql (Debian: apt-get install -y hey postgresql-client), curl, python3.
#   bench/api/run.sh                                  # work dir under /tmp, removed at the end unless KEEP=1
#   SIZES=1000 DURATION=5s bench/api/run.sh           # quick look
#   MAVEN_ARGS=-o bench/api/run.sh                    # offline build (warm Maven cache)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${BENCH_DIR:-$(mktemp -d /tmp/backplane-api-bench.XXXXXX)}
mkdir -p "$WORK"
SIZES=${SIZES:-1000 1000000}
RATE=${RATE:-500}
CONNECTIONS=${CONNECTIONS:-20}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-1000}
JAVA_OPTS=${JAVA_OPTS:--Xmx600m -XX:+UseSerialGC -XX:NewRatio=4 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30}
for tool in hey psql curl python3 java; do
	command -v "$tool" > /dev/null || { echo "$tool is missing (Debian: apt-get install -y hey postgresql-client curl python3)" >&2; exit 1; }
done
cd "$ROOT"

echo "Building (work dir $WORK)..." >&2
# shellcheck disable=SC2086
./mvnw -B -q ${MAVEN_ARGS:-} -pl backup-service -am -DskipTests package >&2
# a copy: a build in the same tree during the run does not change the jar under the running service
cp "$ROOT/backup-service/target/backup-service.jar" "$WORK/backup-service.jar"
JAR="$WORK/backup-service.jar"

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
SERVICE_PID=
cleanup() {
	if [ -n "$SERVICE_PID" ]; then kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true; fi
	if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT
RESULTS="$WORK/results.tsv"
: > "$RESULTS"

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# cpu_ticks <pid>...: CPU time (user + system, in clock ticks) of these processes and all their descendants: the
# service's JVM and its PostgreSQL (the postmaster, detached from the JVM, and its backends)
cpu_ticks() {
	python3 - "$@" <<'PY'
import os, sys
kids, ticks = {}, {}
for p in os.listdir("/proc"):
    if p.isdigit():
        try:
            s = open(f"/proc/{p}/stat").read()
        except OSError:
            continue
        f = s[s.rindex(")") + 2:].split()
        kids.setdefault(int(f[1]), []).append(int(p))
        ticks[int(p)] = int(f[11]) + int(f[12])
todo, seen, total = [int(a) for a in sys.argv[1:]], set(), 0
while todo:
    p = todo.pop()
    if p not in seen:
        seen.add(p)
        total += ticks.get(p, 0)
        todo += kids.get(p, [])
print(total)
PY
}
TICK_MS=$((1000 / $(getconf CLK_TCK)))

# load <size> <name> <path>: warm-up, then RATE requests/s for DURATION; records req/s, p50, p99 (ms), non-200s,
# and the service's CPU time per request (JVM and PostgreSQL, ms): what a request costs whatever else the machine runs
load() {
	local size=$1 name=$2 path=$3 out before after
	hey -n "$WARMUP" -c 10 "$BASE$path" > /dev/null
	before=$(cpu_ticks "$SERVICE_PID" "$PG_PID")
	out=$(hey -z "$DURATION" -c "$CONNECTIONS" -q $((RATE / CONNECTIONS)) "$BASE$path")
	after=$(cpu_ticks "$SERVICE_PID" "$PG_PID")
	printf '%s\t%s\t%s\n' "$size" "$name" "$(printf '%s\n' "$out" | awk -v cpu=$(((after - before) * TICK_MS)) '
		/Requests\/sec:/ {rps=$2}
		/ 50% in / {p50=$3*1000}
		/ 99% in / {p99=$3*1000}
		/^ *\[[0-9]+\]/ {code=$1; gsub(/[\[\]]/, "", code); if (code != "200") bad += $2; n += $2}
		END {printf "%.0f\t%.1f\t%.1f\t%d\t%.2f", rps, p50, p99, bad, (n > 0) ? cpu / n : 0}')" >> "$RESULTS"
	echo "  $size $name: $(tail -1 "$RESULTS" | cut -f3-)" >&2
}

for size in $SIZES; do
	home="$WORK/home-$size"
	port=$(free_port)
	BASE=http://127.0.0.1:$port
	echo "== $size backups: starting the service" >&2
	# shellcheck disable=SC2086
	java $JAVA_OPTS -jar "$JAR" --server.port="$port" --backplane.home="$home" > "$WORK/service-$size.log" 2>&1 &
	SERVICE_PID=$!
	ready=0
	for _ in $(seq 1 1500); do
		curl -sf "$BASE/actuator/health/readiness" > /dev/null 2>&1 && { ready=1; break; }
		kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$WORK/service-$size.log" >&2; exit 1; }
		sleep 0.2
	done
	[ "$ready" = 1 ] || { echo "The service did not get ready in 5 minutes" >&2; exit 1; }
	PG_PID=$(head -1 "$home/postgres/data/postmaster.pid")
	pg_port=$(sed -n 's/.*Embedded PostgreSQL started: port=\([0-9]*\).*/\1/p' "$WORK/service-$size.log" | head -1)
	export PGPASSWORD
	PGPASSWORD=$(cat "$home/postgres/password")
	sql() { psql -X -q -h 127.0.0.1 -p "$pg_port" -U postgres -d postgres "$@"; }
	start=$(date +%s.%N)
	sql -v n="$size" -f bench/api/fill.sql > /dev/null
	fill=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)")
	printf '%s\tfill\t%s\n' "$size" "$fill" >> "$RESULTS"
	echo "  filled in ${fill} s" >&2
	# one label per 100 backups: the same share of the catalogue at every size
	label=$(printf 'lbl%05d' $((size / 100 * 42 / 100)))
	shown=$(sql -At -c "select b.id from backup b join restore r on r.backup_id = b.id where b.label = '$label' limit 1")
	# a cursor in the middle of the catalogue (the service's format: base64url of <epoch s>.<nanos>:<id>)
	middle=$(sql -At -F ' ' -c "select floor(extract(epoch from created_at))::bigint,
		(extract(microseconds from created_at)::bigint % 1000000) * 1000, id
		from backup order by created_at desc, id desc offset $((size / 2)) limit 1" \
		| python3 -c 'import base64, sys; s, n, i = sys.stdin.read().split(); print(base64.urlsafe_b64encode(f"{s}.{n}:{i}".encode()).decode().rstrip("="))')
	second=$(curl -sf "$BASE/api/v1/backups?limit=50" | python3 -c 'import json, sys; print(json.load(sys.stdin)["nextCursor"])')
	load "$size" "GET /api/v1/backups?limit=50 (first page)" "/api/v1/backups?limit=50"
	load "$size" "GET /api/v1/backups?limit=50&cursor=… (second page)" "/api/v1/backups?limit=50&cursor=$second"
	load "$size" "GET /api/v1/backups?limit=50&cursor=… (page in the middle)" "/api/v1/backups?limit=50&cursor=$middle"
	load "$size" "GET /api/v1/backups?prefix=<label>&limit=50 (~100 match)" "/api/v1/backups?prefix=$label&limit=50"
	load "$size" "GET /api/v1/backups?status=STATUS_ERROR&limit=50 (5 %)" "/api/v1/backups?status=STATUS_ERROR&limit=50"
	load "$size" "GET /api/v1/backups/{id} (with a restore)" "/api/v1/backups/$shown"
	load "$size" "GET /v1/list?prefix=<label>- (DC/OS, ~100 match)" "/v1/list?prefix=$label-"

	# the whole DC/OS list, streamed: RSS sampled every 50 ms meanwhile
	sleep 2
	idle=$(rss_kb "$SERVICE_PID")
	curl -sS -o "$WORK/list-$size.json" -w '%{size_download} %{time_total}\n' "$BASE/v1/list" > "$WORK/list-$size.txt" &
	curl_pid=$!
	peak=$idle
	while kill -0 "$curl_pid" 2>/dev/null; do
		now=$(rss_kb "$SERVICE_PID")
		[ "$now" -gt "$peak" ] && peak=$now
		sleep 0.05
	done
	wait "$curl_pid"
	read -r bytes seconds < "$WORK/list-$size.txt"
	listed=$(grep -o '"dcos_version"' "$WORK/list-$size.json" | wc -l)
	head -c 16 "$WORK/list-$size.json" | grep -q '^{"backup_info":\[' || { echo "list body does not start as expected" >&2; exit 1; }
	[ "$(tail -c 2 "$WORK/list-$size.json")" = "]}" ] || { echo "list body does not end as expected" >&2; exit 1; }
	[ "$listed" -eq "$size" ] || { echo "list has $listed backups, expected $size" >&2; exit 1; }
	rm -f "$WORK/list-$size.json"
	printf '%s\tstream\t%s\t%s\t%s\t%s\n' "$size" "$bytes" "$seconds" "$idle" "$peak" >> "$RESULTS"
	echo "  GET /v1/list: $bytes bytes in $seconds s, RSS idle $((idle / 1024)) MB, peak $((peak / 1024)) MB" >&2
	kill "$SERVICE_PID"
	wait "$SERVICE_PID" || true
	SERVICE_PID=
done

python3 - "$RESULTS" "$RATE" "$CONNECTIONS" "$DURATION" <<'PY'
import sys
from collections import OrderedDict
path, rate, conns, duration = sys.argv[1:]
rows, sizes, fill, stream = OrderedDict(), [], {}, {}
for line in open(path):
    f = line.rstrip("\n").split("\t")
    size = int(f[0])
    if size not in sizes:
        sizes.append(size)
    if f[1] == "fill":
        fill[size] = f[2]
    elif f[1] == "stream":
        stream[size] = f[2:]
    else:
        rows.setdefault(f[1], {})[size] = f[2:]
def n(size):
    return f"{size:,}"
print(f"Fixed rate {rate} requests/s over {conns} connections for {duration} each (hey -q), after a warm-up. "
      "CPU ms/req: CPU time of the service's JVM and PostgreSQL processes per request during the run.")
print()
head = "| request | " + " | ".join(f"{n(s)}: req/s | p50 ms | p99 ms | CPU ms/req" for s in sizes)
if len(sizes) == 2:
    head += " | p50 ratio"
print(head + " |")
print("|---" + "|---:" * (4 * len(sizes) + (1 if len(sizes) == 2 else 0)) + "|")
for name, by in rows.items():
    cells = []
    for s in sizes:
        rps, p50, p99, bad, cpu = by.get(s, ["-", "-", "-", "0", "-"])
        cells += [rps + (f" ({bad} not 200)" if bad != "0" else ""), p50, p99, cpu]
    line = f"| `{name}` | " + " | ".join(cells)
    if len(sizes) == 2 and all(s in by for s in sizes):
        a, b = float(by[sizes[0]][1]), float(by[sizes[1]][1])
        line += f" | {b / a:.2f}" if a > 0 else " | -"
    print(line + " |")
print()
print("| `GET /v1/list` (whole catalogue, streamed) | body | time | service RSS idle | peak | peak - idle |")
print("|---|---:|---:|---:|---:|---:|")
for s in sizes:
    if s in stream:
        b, t, idle, peak = stream[s]
        print(f"| {n(s)} backups | {int(b) / 1e6:.1f} MB | {float(t):.1f} s | {int(idle) / 1024:.0f} MB "
              f"| {int(peak) / 1024:.0f} MB | {(int(peak) - int(idle)) / 1024:.0f} MB |")
print()
print("Fill by SQL: " + ", ".join(f"{n(s)} backups {fill[s]} s" for s in sizes if s in fill))
PY
