#!/usr/bin/env bash
# Catalogue durability benchmark (issue 15): what fsync, synchronous_commit and full_page_writes cost the
# catalogue. In the same run, ROUNDS times (default 2), each configuration in turn:
#   off       the service on an external PostgreSQL started as earlier versions started the embedded one
#             (the library's defaults: fsync off, synchronous_commit off)
#   on        the same with fsync, synchronous_commit and full_page_writes on (what the embedded one runs now)
#   embedded  the service on its own embedded PostgreSQL (password, loopback, durability on), as users run it
# Each starts the packaged service, then creates BACKUPS (default 1000) small backups through the API one after
# the other (POST, poll every 5 ms until READY; bench/catalogue-durability/backups.py) of a `directory` component
# holding one 1 KiB file, to the default file location (objects forced to disk in every configuration). Before
# that, COMMITS (default 2000) one-row insert transactions on one connection measure a bare commit on each server.
# Prints a Markdown table. Needs: java 17+, python3, curl.
#   bench/catalogue-durability/run.sh            # work dir under /tmp, removed at the end unless KEEP=1
#   ROUNDS=1 BACKUPS=200 bench/catalogue-durability/run.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${BENCH_DIR:-$(mktemp -d /tmp/backplane-catalogue-bench.XXXXXX)}
ROUNDS=${ROUNDS:-2}
BACKUPS=${BACKUPS:-1000}
COMMITS=${COMMITS:-2000}
cd "$ROOT"

echo "Building (work dir $WORK)..." >&2
# One reactor build (-am: the sibling modules come from this checkout, not from ~/.m2, so a fresh clone works):
# build-classpath runs in every module of the reactor and backup-service, built last, writes cp.txt last
./mvnw -q -B -pl backup-service -am -DskipTests package dependency:build-classpath \
	-Dmdep.outputFile="$WORK/cp.txt" >&2
JAR="$ROOT/backup-service/target/backup-service.jar"
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" -cp "$(cat "$WORK/cp.txt")" bench/catalogue-durability/CatalogueBench.java
CP="$WORK/classes:$(cat "$WORK/cp.txt")"
mkdir -p "$WORK/tiny"
head -c 1024 /dev/urandom > "$WORK/tiny/one-kib.bin"

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
PG_PID= SERVICE_PID=
cleanup() {
	[ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true
	[ -n "$PG_PID" ] && kill "$PG_PID" 2>/dev/null && wait "$PG_PID" 2>/dev/null || true
	if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT
RESULTS="$WORK/results.txt"
: > "$RESULTS"

# service <round> <config> [spring.datasource args...]: starts the service on a fresh home, runs the backups,
# stops it, records the line backups.py printed
service() {
	local round=$1 config=$2 port base home line
	shift 2
	port=$(free_port)
	home="$WORK/home-$round-$config"
	java -Xmx512m -jar "$JAR" --server.address=127.0.0.1 --server.port="$port" --backplane.home="$home" \
		--backplane.components.tiny.type=directory "--backplane.components.tiny.paths[0]=$WORK/tiny" \
		"$@" > "$WORK/service-$round-$config.log" 2>&1 &
	SERVICE_PID=$!
	base=http://127.0.0.1:$port
	for _ in $(seq 1 600); do
		curl -sf "$base/actuator/health/readiness" > /dev/null 2>&1 && break
		kill -0 "$SERVICE_PID" 2>/dev/null || { cat "$WORK/service-$round-$config.log" >&2; exit 1; }
		sleep 0.2
	done
	line=$(python3 "$ROOT/bench/catalogue-durability/backups.py" "$base" tiny "$BACKUPS" "r$round")
	kill "$SERVICE_PID"
	wait "$SERVICE_PID" || true
	SERVICE_PID=
	printf '%s\tbackups\t%s\n' "$config" "$line" >> "$RESULTS"
	echo "  $config: $line" >&2
}

# external <round> <on|off>: a bare commit measure, then the service on that server
external() {
	local round=$1 durability=$2 line port
	line=$(java -cp "$CP" CatalogueBench commits "$WORK/pg-commits-$round-$durability/data" "$durability" "$COMMITS" \
		2> "$WORK/pg-commits-$round-$durability.log" | grep '^commits=')
	printf '%s\tcommits\t%s\n' "$durability" "$line" >> "$RESULTS"
	echo "  $durability: $line" >&2
	# its stdin is a FIFO held open here: closing it stops the server (and its PostgreSQL)
	rm -f "$WORK/pg.fifo" "$WORK/pg.port"
	mkfifo "$WORK/pg.fifo"
	java -cp "$CP" CatalogueBench serve "$WORK/pg-$round-$durability/data" "$durability" "$WORK/pg.port" \
		< "$WORK/pg.fifo" > "$WORK/pg-$round-$durability.log" 2>&1 &
	PG_PID=$!
	exec {PG_IN}> "$WORK/pg.fifo"
	for _ in $(seq 1 600); do
		[ -s "$WORK/pg.port" ] && break
		kill -0 "$PG_PID" 2>/dev/null || { cat "$WORK/pg-$round-$durability.log" >&2; exit 1; }
		sleep 0.2
	done
	port=$(cat "$WORK/pg.port")
	service "$round" "$durability" "--spring.datasource.url=jdbc:postgresql://127.0.0.1:$port/postgres" \
		--spring.datasource.username=postgres
	exec {PG_IN}>&-
	wait "$PG_PID" || true
	PG_PID=
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for round in $(seq 1 "$ROUNDS"); do
	echo "Round $round of $ROUNDS (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
	if [ $((round % 2)) = 1 ]; then
		external "$round" off
		external "$round" on
	else
		external "$round" on
		external "$round" off
	fi
	service "$round" embedded
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 - "$RESULTS" <<'PY'
import re, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    config, kind, values = line.rstrip("\n").split("\t")
    rows.setdefault((config, kind), []).append(dict(re.findall(r"(\w+)=([0-9.]+)", values)))
def fmt(values, digits=1):
    m = statistics.median(values)
    f = "%%.%df" % digits
    return f % m if len(values) == 1 else (f + " (" + f + "–" + f + ")") % (m, min(values), max(values))
names = {"off": "durability off (earlier versions)", "on": "durability on (this version)", "embedded": "embedded, as shipped (durability on)"}
print("| PostgreSQL | bare commit, ms | backups | total s | backups/s | per backup median ms | p90 ms |")
print("|---|---:|---:|---:|---:|---:|---:|")
for config in ("off", "on", "embedded"):
    commits = rows.get((config, "commits"), [])
    backups = rows.get((config, "backups"), [])
    if not backups:
        continue
    total = [float(r["seconds"]) for r in backups]
    n = int(backups[0]["backups"])
    print("| %s | %s | %d × %d | %s | %.1f | %s | %s |" % (names[config],
        fmt([float(r["per_commit_ms"]) for r in commits], 2) if commits else "–", len(backups), n, fmt(total),
        n / statistics.median(total), fmt([float(r["median_ms"]) for r in backups]), fmt([float(r["p90_ms"]) for r in backups])))
PY
