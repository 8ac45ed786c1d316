#!/bin/sh
# CLI startup: wall time of `dcos-backup list` against a running Backplane, with and without AppCDS and the
# launcher's JVM flags. Not a test: results go to docs/benchmarks.md by hand.
#
#   bench/cli-startup/run.sh            starts backup-service/target/backup-service.jar on a free port
#   URL=http://127.0.0.1:8080 bench/cli-startup/run.sh    uses a running service instead
#
# Builds the service and the CLI itself (one reactor build, nothing taken from ~/.m2). Needs: java 17+, curl,
# python3; hyperfine (apt-get install hyperfine) or falls back to a loop over date +%s%N.
# Env: RUNS (default 20), BACKUPS (backups in the catalogue, default 20).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd -P)
out=$root/target/bench-cli
rm -rf "$out" && mkdir -p "$out"
plugin=$root/cli-plugin/target/dcos-backup-plugin
jar=$plugin/lib/dcos-backup.jar
runs=${RUNS:-20}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
echo "Building..." >&2
(cd "$root" && ./mvnw -q -B -pl backup-service,cli-plugin -am -DskipTests package >&2)

pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; }
trap cleanup EXIT INT TERM

url=${URL:-}
if [ -z "$url" ]; then
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	url=http://127.0.0.1:$port
	"$java" -Xmx384m -jar "$root/backup-service/target/backup-service.jar" --server.port="$port" \
		--backplane.home="$out/home" >"$out/service.log" 2>&1 &
	pid=$!
	i=0
	until curl -sf "$url/actuator/health/readiness" >/dev/null; do
		i=$((i + 1)); [ $i -lt 180 ] || { echo "Service not ready; see $out/service.log" >&2; exit 1; }
		sleep 1
	done
	n=0
	while [ $n -lt "${BACKUPS:-20}" ]; do
		curl -sf -H 'Content-Type: application/json' -d "{\"label\":\"bench-$n\"}" "$url/v1/create" >/dev/null
		n=$((n + 1)); sleep 1
	done
fi

export XDG_CACHE_HOME=$out/cache
"$plugin/bin/dcos-backup" list --url="$url" >"$out/list.txt"   # warms the AppCDS archive
"$plugin/bin/dcos-backup" list --url="$url" >/dev/null
echo "Catalogue: $(($(wc -l <"$out/list.txt") - 1)) backups; $("$java" -version 2>&1 | head -1); load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/context.txt"

plain="$java -jar $jar list --url=$url"
flags="$java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData -jar $jar list --url=$url"
nocds="env DCOS_BACKUP_CDS=0 $plugin/bin/dcos-backup list --url=$url"
launcher="$plugin/bin/dcos-backup list --url=$url"

if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N --warmup 3 --runs "$runs" --export-markdown "$out/results.md" \
		-n 'java -jar (defaults)' "$plain" \
		-n 'java -jar + C1/SerialGC flags' "$flags" \
		-n 'bin/dcos-backup, DCOS_BACKUP_CDS=0' "$nocds" \
		-n 'bin/dcos-backup (flags + AppCDS)' "$launcher"
	cat "$out/results.md"
else
	for name in plain flags nocds launcher; do
		eval "cmd=\$$name"
		total=0; i=0
		while [ $i -lt "$runs" ]; do
			start=$(date +%s%N); $cmd >/dev/null; end=$(date +%s%N)
			total=$((total + (end - start) / 1000000)); i=$((i + 1))
		done
		echo "$name: mean $((total / runs)) ms over $runs runs" | tee -a "$out/results.md"
	done
fi
