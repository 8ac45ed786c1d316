#!/usr/bin/env bash
# Storage provider benchmark (issue 4): Backplane's s3 provider against S3Proxy side by side with `rclone copy`
# to the same server, and the file provider side by side with `cp`: 1 x 1 GiB and 10,000 x 10 KiB, upload and
# download. Every step runs as its own process under /usr/bin/time, ROUNDS times (default 3, the S3 steps of
# both tools interleaved); the table shows the median and the range. Prints a Markdown table. Needs: java 17+,
# rclone (Debian package), a built backup-service (the script builds it).
#   bench/storage/run.sh            # work dir under /tmp, removed at the end unless KEEP=1
#   ROUNDS=1 THREADS=16 bench/storage/run.sh
set -euo pipefail
command -v rclone > /dev/null || { echo "Needs rclone: apt-get install rclone" >&2; exit 1; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${BENCH_DIR:-$(mktemp -d /tmp/backplane-storage-bench.XXXXXX)}
THREADS=${THREADS:-${THREADS_SMALL:-16}}
ROUNDS=${ROUNDS:-3}
HEAP=${HEAP:-256m}
# The S3 steps keep S3Proxy's data, the sources and the downloads in memory (tmpfs) when there is room, so that
# both tools measure the transfer rather than the local disk's writeback of the step before (which on these
# virtual disks varies a single 1 GiB write from 0.4 to 2.7 s). The file provider steps stay on disk.
if [ -z "${S3_DIR:-}" ] && [ -w /dev/shm ] && [ "$(df -k --output=avail /dev/shm | tail -1)" -gt $((8 * 1024 * 1024)) ]; then
	S3_DIR=$(mktemp -d /dev/shm/backplane-storage-bench.XXXXXX)
fi
S3_DIR=${S3_DIR:-$WORK/s3}
cd "$ROOT"

echo "Building (work dir $WORK)..." >&2
# One reactor build (-am: the sibling modules come from this checkout, not from ~/.m2, so a fresh clone works):
# build-classpath runs in every module of the reactor and backup-service, built last, writes cp.txt last
./mvnw -q -B -pl backup-service -am -DskipTests package dependency:build-classpath \
	-Dmdep.outputFile="$WORK/cp.txt" >&2
JAR="$ROOT/backup-service/target/backup-service.jar"
CP="$ROOT/backup-service/target/classes:$(cat "$WORK/cp.txt")"
# Compiled ahead, not run in source-file mode (which would compile it at every launch, inside the timing)
mkdir -p "$WORK/classes"
javac -d "$WORK/classes" -cp "$CP" bench/storage/StorageBench.java
CP="$WORK/classes:$CP"

echo "Generating data (S3 steps in $S3_DIR)..." >&2
mkdir -p "$WORK/big" "$WORK/small" "$S3_DIR"
head -c 1073741824 /dev/urandom > "$WORK/big/one-gib.bin"
python3 - "$WORK/small" <<'PY'
import os, sys
d = sys.argv[1]
for i in range(10000):
    with open(os.path.join(d, "obj-%05d.bin" % i), "wb") as f:
        f.write(os.urandom(10240))
PY
cp -r "$WORK/big" "$WORK/small" "$S3_DIR/"

# A loopback port nothing listens on
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
echo "Starting S3Proxy..." >&2
PORT=$(free_port)
mkdir -p "$S3_DIR/s3proxy/data/bench" "$WORK/s3proxy"
cat > "$WORK/s3proxy/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=local-identity
s3proxy.credential=local-credential
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$S3_DIR/s3proxy/data
jclouds.identity=unused
jclouds.credential=unused
CONF
LOG_LEVEL=warn java -Xmx512m -jar backup-service/target/test-servers/s3proxy.jar --properties "$WORK/s3proxy/s3proxy.conf" \
	> "$WORK/s3proxy/s3proxy.log" 2>&1 &
S3PROXY_PID=$!
cleanup() {
	kill "$S3PROXY_PID" 2>/dev/null || true
	wait "$S3PROXY_PID" 2>/dev/null || true
	if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK" "$S3_DIR"; fi
}
trap cleanup EXIT
for _ in $(seq 1 100); do
	(echo > "/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break
	sleep 0.2
done

export AWS_ACCESS_KEY_ID=local-identity AWS_SECRET_ACCESS_KEY=local-credential
export RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other RCLONE_CONFIG_BENCH_ENDPOINT="http://127.0.0.1:$PORT" \
	RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE=true RCLONE_CONFIG_BENCH_REGION=us-east-1 \
	RCLONE_CONFIG_BENCH_ACCESS_KEY_ID=local-identity RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY=local-credential
S3="s3://bench/backplane?endpoint=http://127.0.0.1:$PORT&checksums=when_required"
FILE="file://$WORK/file-store"

RESULTS="$WORK/results.txt"
: > "$RESULTS"
# measure <label> <bytes> <objects> <command...>: runs the step once under /usr/bin/time and records its wall
# time, peak RSS and, for Backplane, the transfer times it printed itself (pass 1 in a fresh JVM, pass 2 warm)
measure() {
	local label=$1 bytes=$2 objects=$3
	shift 3
	sync
	/usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" > "$WORK/out.txt" 2>&1 || { cat "$WORK/out.txt" >&2; exit 1; }
	read -r seconds rss_kb < "$WORK/time.txt"
	local pass1 pass2
	pass1=$(sed -n 's/^backplane .* pass=1 .* seconds=\([0-9.]*\) .*/\1/p' "$WORK/out.txt")
	pass2=$(sed -n 's/^backplane .* pass=2 .* seconds=\([0-9.]*\) .*/\1/p' "$WORK/out.txt")
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$bytes" "$objects" "$seconds" "$rss_kb" "${pass1:--}" "${pass2:--}" >> "$RESULTS"
	echo "  $label: ${seconds}s wall, transfer ${pass1:--}s, warm ${pass2:--}s, $((rss_kb / 1024)) MB" >&2
}
# These machines set AWS_CA_BUNDLE, which makes rclone fail with LoadCustomCABundleError
RCLONE=(env -u AWS_CA_BUNDLE "$(command -v rclone)")
# Two passes: the first in the fresh JVM (cold JIT), the second warm, as in the long-running service
BENCH=(java -Xmx"$HEAP" -cp "$CP" StorageBench)

BIG=1073741824
SMALL=$((10000 * 10240))
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# pair <round> <rclone step...> -- <Backplane step...>: measures both steps back to back, rclone first in odd
# rounds and Backplane first in even ones
pair() {
	local round=$1
	shift
	local first=()
	while [ "$1" != "--" ]; do first+=("$1"); shift; done
	shift
	if [ $((round % 2)) = 1 ]; then
		measure "${first[@]}"
		"${AFTER_STEP[@]}"
		measure "$@"
	else
		measure "$@"
		"${AFTER_STEP[@]}"
		measure "${first[@]}"
	fi
	"${AFTER_STEP[@]}"
}
AFTER_STEP=(true)
# clear_steps <round> <source>: run after each step of a pair: in round 1 checks that what a download wrote is
# identical to the source, then deletes every download and the second copy a two-pass upload left, so that the
# next step writes into memory the tmpfs has just given back. On these VMs a write into pages the guest has not
# touched before costs about twice as much: 1 GiB downloads by rclone into a tmpfs that kept the earlier ones
# took 2.7, 3.3, 4.6 and 5.2 s in a row, against 2.5–3.1 s each when each was deleted first; whichever tool went
# second in a round was the slower one in runs I–K.
clear_steps() {
	local round=$1 source=$2 written
	if [ "$round" = 1 ]; then
		for written in "$S/down"/*; do
			[ -e "$written" ] || continue
			if [ "$source" = "$S/small" ]; then
				diff -rq "$source" "$written" > /dev/null
			else
				cmp "$source/one-gib.bin" "$written/one-gib.bin"
			fi
		done
	fi
	rm -rf "$S/down" "$OBJECTS/backplane/"*-pass2
}
S=$S3_DIR
# service_steps <round> <compression level> <what>: the same 10,000 small files as a user of the service moves
# them: the service (packaged jar, embedded PostgreSQL) is started as the image in deploy/Dockerfile runs it in
# a container of 1 GiB (the deploy files' limit): the image's JAVA_TOOL_OPTIONS and MALLOC_ARENA_MAX=2, with
# -XX:MaxRAM=1g standing in for the container's memory limit (heap 60% of it, the default 4 runner threads);
# the steps run one job at a time. It backs up a `directory` component
# over them to S3Proxy twice (the first backup after start-up pays the JIT, the second is warm) and restores
# each backup into a new directory (the first restore after start-up, then a warm one), through the REST API
# (bench/storage/service_step.py: from the POST until the backup or restore is READY). Peak RSS is the
# service's over its whole life (start-up included), from /proc/<pid>/status.
IMAGE_JAVA_OPTS=$(sed -n 's/.*JAVA_TOOL_OPTIONS="\([^"]*\)".*/\1/p' "$ROOT/deploy/Dockerfile")
[ -n "$IMAGE_JAVA_OPTS" ] || { echo "no JAVA_TOOL_OPTIONS line in deploy/Dockerfile" >&2; exit 1; }
service_steps() {
	local round=$1 level=$2 what=$3 port pid base
	port=$(free_port)
	# shellcheck disable=SC2086 # the image's options are one word each
	BACKPLANE_HOME="$WORK/service-home" MALLOC_ARENA_MAX=2 java -XX:MaxRAM=1g $IMAGE_JAVA_OPTS -jar "$JAR" \
		--server.address=127.0.0.1 --server.port="$port" "--backplane.storage.location=s3://bench/backplane-service?endpoint=http://127.0.0.1:$PORT&checksums=when_required" \
		--backplane.components.small.type=directory "--backplane.components.small.paths[0]=$S/small" \
		--backplane.components.small.compression-level="$level" > "$WORK/service.log" 2>&1 &
	pid=$!
	base=http://127.0.0.1:$port
	for _ in $(seq 1 300); do
		curl -sf "$base/actuator/health" > /dev/null 2>&1 && break
		kill -0 "$pid" 2>/dev/null || { cat "$WORK/service.log" >&2; exit 1; }
		sleep 0.2
	done
	# the sizing check of docs/operations.md: the service must find its heap enough for its runner threads
	if grep -q "is below what" "$WORK/service.log"; then
		grep "is below what" "$WORK/service.log" >&2
		exit 1
	fi
	local step=(python3 "$ROOT/bench/storage/service_step.py" "$base")
	local b1 b2 r1 r2 id1 id2
	b1=$("${step[@]}" backup "r$round-level$level-1" small)
	b2=$("${step[@]}" backup "r$round-level$level-2" small)
	id1=${b1##*id=}
	id2=${b2##*id=}
	r1=$("${step[@]}" restore "$id1" small "$S/down/service-1")
	r2=$("${step[@]}" restore "$id2" small "$S/down/service-2")
	local rss_kb
	rss_kb=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status")
	kill "$pid"
	wait "$pid" || true
	if [ "$round" = 1 ]; then
		diff -rq "$S/small" "$S/down/service-1" > /dev/null
		diff -rq "$S/small" "$S/down/service-2" > /dev/null
	fi
	b1=${b1%% id=*} b2=${b2%% id=*} r1=${r1%% id=*} r2=${r2%% id=*}
	printf '%s\t%s\t%s\t-\t%s\t%s\t%s\n' "S3 backup of a directory of 10,000 x 10 KiB files: Backplane service, $what" \
		$SMALL 10000 "$rss_kb" "${b1#seconds=}" "${b2#seconds=}" >> "$RESULTS"
	printf '%s\t%s\t%s\t-\t%s\t%s\t%s\n' "S3 restore of that backup into an empty directory: Backplane service, $what" \
		$SMALL 10000 "$rss_kb" "${r1#seconds=}" "${r2#seconds=}" >> "$RESULTS"
	echo "  service, $what: backup ${b1#seconds=}s then ${b2#seconds=}s, restore ${r1#seconds=}s then ${r2#seconds=}s, $((rss_kb / 1024)) MB" >&2
	rm -rf "$S/down" "$OBJECTS/backplane-service"
}
# Where S3Proxy's filesystem back end keeps the bucket's objects (a directory per key prefix): each round's are
# removed at its end, so the tmpfs holds one round at a time
OBJECTS=$S3_DIR/s3proxy/data/bench
# Warm-up, not recorded: S3Proxy is a JVM too, and whichever tool used it first would pay its JIT (the first
# rclone download of 1 GiB from a fresh S3Proxy took 3.6 s here, the next ones 1.0-1.5 s). Both tools move both
# shapes once.
echo "Warm-up of S3Proxy (not recorded)..." >&2
quiet() { "$@" > /dev/null 2>&1 || { echo "warm-up step failed: $*" >&2; exit 1; }; }
quiet "${RCLONE[@]}" copy "$S/big" bench:bench/warmup-rclone-big
quiet "${RCLONE[@]}" copy bench:bench/warmup-rclone-big "$S/down/warmup-rclone-big"
quiet "${BENCH[@]}" upload "$S3" "$S/big" warmup-big 1
quiet "${BENCH[@]}" download "$S3" "$S/down/warmup-bp-big" warmup-big 1
quiet "${RCLONE[@]}" copy --transfers "$THREADS" "$S/small" bench:bench/warmup-rclone-small
quiet "${RCLONE[@]}" copy --transfers "$THREADS" bench:bench/warmup-rclone-small "$S/down/warmup-rclone-small"
quiet "${BENCH[@]}" upload "$S3" "$S/small" warmup-small "$THREADS"
quiet "${BENCH[@]}" download "$S3" "$S/down/warmup-bp-small" warmup-small "$THREADS"
rm -rf "$S/down" "$OBJECTS/warmup-"* "$OBJECTS/backplane/warmup-"*
for round in $(seq 1 "$ROUNDS"); do
	echo "Round $round of $ROUNDS (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
	r=r$round
	AFTER_STEP=(clear_steps "$round" "$S/big")
	pair "$round" "S3 upload 1 GiB: rclone copy" $BIG 1 "${RCLONE[@]}" copy "$S/big" "bench:bench/$r-rclone-big" -- \
		"S3 upload 1 GiB: Backplane" $BIG 1 "${BENCH[@]}" upload "$S3" "$S/big" "$r-big" 1 2
	pair "$round" "S3 download 1 GiB: rclone copy" $BIG 1 "${RCLONE[@]}" copy "bench:bench/$r-rclone-big" "$S/down/rclone-big" -- \
		"S3 download 1 GiB: Backplane" $BIG 1 "${BENCH[@]}" download "$S3" "$S/down/bp-big" "$r-big" 1 2
	rm -rf "$OBJECTS/$r-"*big* "$OBJECTS/backplane/$r-"*big*
	AFTER_STEP=(clear_steps "$round" "$S/small")
	pair "$round" "S3 upload 10,000 x 10 KiB, $THREADS at once: rclone copy --transfers $THREADS" $SMALL 10000 "${RCLONE[@]}" copy --transfers "$THREADS" "$S/small" "bench:bench/$r-rclone-small" -- \
		"S3 upload 10,000 x 10 KiB, $THREADS at once: Backplane" $SMALL 10000 "${BENCH[@]}" upload "$S3" "$S/small" "$r-small" "$THREADS" 2
	measure "S3 upload 10,000 x 10 KiB, $THREADS at once: Backplane, overwrite_check=head (a HEAD before each put, as on servers that ignore If-None-Match)" $SMALL 10000 "${BENCH[@]}" upload "$S3&overwrite_check=head" "$S/small" "$r-small-head" "$THREADS" 2
	pair "$round" "S3 download 10,000 x 10 KiB, $THREADS at once: rclone copy --transfers $THREADS" $SMALL 10000 "${RCLONE[@]}" copy --transfers "$THREADS" "bench:bench/$r-rclone-small" "$S/down/rclone-small" -- \
		"S3 download 10,000 x 10 KiB, $THREADS at once: Backplane" $SMALL 10000 "${BENCH[@]}" download "$S3" "$S/down/bp-small" "$r-small" "$THREADS" 2
	AFTER_STEP=(true)
	rm -rf "$S/down" "$OBJECTS/$r-"* "$OBJECTS/backplane/$r-"*
	service_steps "$round" 6 "one tar.gz artifact (level 6, the default: what does not compress is stored)"
	service_steps "$round" 0 "one tar.gz artifact (compression-level 0: all stored)"
done
echo "File provider (one round; load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
mkdir -p "$WORK/cp-store" "$WORK/down"
measure "file write 1 GiB: cp" $BIG 1 cp "$WORK/big/one-gib.bin" "$WORK/cp-store/"
measure "file write 1 GiB: cp + sync" $BIG 1 sh -c "cp '$WORK/big/one-gib.bin' '$WORK/cp-store/again.bin' && sync"
measure "file write 1 GiB: Backplane (fsync)" $BIG 1 "${BENCH[@]}" upload "$FILE" "$WORK/big" big 1
measure "file read 1 GiB: cp" $BIG 1 cp "$WORK/cp-store/one-gib.bin" "$WORK/down/cp-big.bin"
measure "file read 1 GiB: Backplane" $BIG 1 "${BENCH[@]}" download "$FILE" "$WORK/down/file-bp-big" big 1
measure "file write 10,000 x 10 KiB: cp -r" $SMALL 10000 cp -r "$WORK/small" "$WORK/cp-store/small"
measure "file write 10,000 x 10 KiB: Backplane (fsync), $THREADS threads" $SMALL 10000 "${BENCH[@]}" upload "$FILE" "$WORK/small" small "$THREADS"
measure "file read 10,000 x 10 KiB: cp -r" $SMALL 10000 cp -r "$WORK/cp-store/small" "$WORK/down/cp-small"
measure "file read 10,000 x 10 KiB: Backplane, $THREADS threads" $SMALL 10000 "${BENCH[@]}" download "$FILE" "$WORK/down/file-bp-small" small "$THREADS"
cmp "$WORK/big/one-gib.bin" "$WORK/down/file-bp-big/one-gib.bin" && diff -rq "$WORK/small" "$WORK/down/file-bp-small" > /dev/null
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# One row per step: medians over the rounds (range in brackets when there were several). "process s" is the
# wall time of a fresh process doing the transfer once (for Backplane: JVM start, client construction, first
# pass, exit). "transfer s" is the time Backplane measured itself in that fresh JVM from its first request to
# its last byte (without JVM start and client construction, which the service pays once at start-up, but with
# a cold JIT); for the other tools it is the wall time. MB/s and objects/s come from it. "warm s" is the same
# transfer repeated in the same JVM, as in a service that has been running for a while.
python3 - "$RESULTS" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, b, o, wall, rss, p1, p2 = line.rstrip("\n").split("\t")
    rows.setdefault(label, []).append((int(b), int(o), wall, int(rss), p1, p2))
def fmt(values):
    m = statistics.median(values)
    return "%.1f" % m if len(values) == 1 else "%.1f (%.1f–%.1f)" % (m, min(values), max(values))
print("| step | runs | process s | transfer s | MB/s | objects/s | warm s | warm MB/s | warm objects/s | peak RSS MB |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for label, runs in rows.items():
    b, o = runs[0][0], runs[0][1]
    # A Backplane process ran two passes: its one-pass wall time is its wall time without the warm pass
    walls = [float(r[2]) - (float(r[5]) if r[5] != "-" else 0) for r in runs if r[2] != "-"]
    transfers = [float(r[4]) if r[4] != "-" else float(r[2]) for r in runs]
    warm = [float(r[5]) for r in runs if r[5] != "-"]
    t = max(statistics.median(transfers), 0.01)
    w = max(statistics.median(warm), 0.01) if warm else None
    small = o > 1
    print("| %s | %d | %s | %s | %.0f | %s | %s | %s | %s | %d |" % (label, len(runs), fmt(walls) if walls else "–", fmt(transfers),
        b / 1e6 / t, "%.0f" % (o / t) if small else "–", fmt(warm) if warm else "–",
        "%.0f" % (b / 1e6 / w) if w else "–", "%.0f" % (o / w) if (w and small) else "–",
        max(r[3] for r in runs) // 1024))
PY
echo "(downloads of round 1 verified identical to the sources)"
