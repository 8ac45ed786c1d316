#!/usr/bin/env bash
# Bucket source benchmark (issue 17): Backplane's `buckets` component against `rclone sync` between the same pair of
# S3Proxy servers, side by side in one run. The source S3Proxy (standing in for MinIO) holds a bucket of SMALL
# objects of 10 KiB (default 10,000) and a bucket with one object of BIG_MIB MiB (default 1024); the other S3Proxy
# is the storage: Backplane's storage location and rclone's destination.
#
#   1. rclone sync of every source bucket into the storage S3Proxy, once per --transfers value in TRANSFERS
#      (default "4 8 16 32"), each into an empty prefix; the fastest is "best" and is kept for steps 4 and 7
#   2. Backplane's first backup of the `buckets` component (the packaged service, through its REST API)
#   3. Backplane's second backup, nothing changed: its own counters (objects read and stored, from the index's
#      summary line; objects skipped, from the API) and the pool on the storage S3Proxy's disk (objects and bytes
#      before and after) show what it read and wrote
#   4. rclone sync again (best --transfers), nothing changed; and `rclone lsf` of the source alone: the listing
#      that any tool needs to learn what changed, the floor of an unchanged backup against this server
#   5. 1 % of the small objects change: half rewritten with new random content of the same size, half 1 KiB larger
#   6. Backplane's third backup: reads and stores only those
#   7. rclone sync again (best --transfers)
#
# Peak RSS of the service is its VmHWM over its whole life (start-up and the warm-up included). Prints a Markdown
# table. Needs: java 17+, python3, curl, rclone (Debian package), a built backup-service (the script builds it).
#   bench/buckets/run.sh                         # full size; work dir under /tmp (and /dev/shm), removed at the end
#   SMALL=1000 BIG_MIB=64 TRANSFERS="8 16" bench/buckets/run.sh     # quick run
#   BUILD=0 (use the jar already built)  JAR=<path> (another build of the service, e.g. to compare two commits)
#   KEEP=1 (keep the work dirs; S3Proxy's data stays on /dev/shm, which is memory: remove it after)
#   MAX_IN_FLIGHT=16 (the component's setting)  SERVICE_JAVA_OPTS=... (e.g. a JFR recording or async-profiler)
#   REHEARSALS=4 (unrecorded rehearsals of the first backup before the steps, for the JIT; 0 for none)
#   TIMELINE=<file> (each 100 ms poll of every backup appends a JSON line: seconds since the request, progress, CPU
#   ticks of the service and both S3Proxy servers, and the service's CPU ticks per thread name; to see where a step
#   waits or which threads take the CPU, e.g. the JIT compiler's)
# Each step also records the CPU seconds of the service, of both S3Proxy servers and of rclone (bench/s3proxy-bench.sh).
set -euo pipefail
command -v rclone > /dev/null || { echo "Needs rclone: apt-get install rclone" >&2; exit 1; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SMALL=${SMALL:-10000}
BIG_MIB=${BIG_MIB:-1024}
TRANSFERS=${TRANSFERS:-4 8 16 32}
MAX_IN_FLIGHT=${MAX_IN_FLIGHT:-8}
REHEARSALS=${REHEARSALS:-4}
CHANGED=$((SMALL / 100))
[ "$CHANGED" -ge 2 ] || { echo "SMALL must be at least 200 (1 % of it changes, half same-size)" >&2; exit 1; }
WORK=${BENCH_DIR:-$(mktemp -d /tmp/backplane-buckets-bench.XXXXXX)}
# Both servers' data on a tmpfs when there is room (twice the data per rclone --transfers value, plus the pool):
# the benchmark measures the tools, not the local disk's writeback
NEED_KB=$(( (BIG_MIB * 1024 + SMALL * 12) * 8 ))
if [ -z "${S3_DIR:-}" ] && [ -w /dev/shm ] && [ "$(df -k --output=avail /dev/shm | tail -1)" -gt "$NEED_KB" ]; then
	S3_DIR=$(mktemp -d /dev/shm/backplane-buckets-bench.XXXXXX)
fi
S3_DIR=${S3_DIR:-$WORK/s3}
mkdir -p "$S3_DIR"
cd "$ROOT"

# the build, the S3Proxy jar, free_port, PIDS and the cleanup of both (needs ROOT, WORK and S3_DIR)
. "$ROOT/bench/s3proxy-bench.sh"
echo "Starting the source and the storage S3Proxy..." >&2
start_s3proxy source
SRC_PORT=$PORT
start_s3proxy storage
DST_PORT=$PORT
SRC_DATA=$S3_DIR/source
DST_DATA=$S3_DIR/storage

# These machines set AWS_CA_BUNDLE, which makes rclone fail with LoadCustomCABundleError
RCLONE=(env -u AWS_CA_BUNDLE "$(command -v rclone)")
# the remotes come from the environment; an empty config file keeps rclone from looking for one
touch "$WORK/rclone.conf"
export RCLONE_CONFIG=$WORK/rclone.conf
for remote in SRC:$SRC_PORT DST:$DST_PORT; do
	n=${remote%%:*}
	export "RCLONE_CONFIG_${n}_TYPE=s3" "RCLONE_CONFIG_${n}_PROVIDER=Other" \
		"RCLONE_CONFIG_${n}_ENDPOINT=http://127.0.0.1:${remote#*:}" "RCLONE_CONFIG_${n}_FORCE_PATH_STYLE=true" \
		"RCLONE_CONFIG_${n}_REGION=us-east-1" "RCLONE_CONFIG_${n}_ACCESS_KEY_ID=local-identity" \
		"RCLONE_CONFIG_${n}_SECRET_ACCESS_KEY=local-credential"
done
export AWS_ACCESS_KEY_ID=local-identity AWS_SECRET_ACCESS_KEY=local-credential

echo "Generating $SMALL x 10 KiB and 1 x $BIG_MIB MiB into the source S3Proxy..." >&2
mkdir -p "$WORK/gen/small" "$WORK/gen/big" "$WORK/gen/warmup"
python3 - "$WORK/gen" "$SMALL" << 'PY'
import os, sys
d, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    with open(os.path.join(d, "small", "obj-%05d.bin" % i), "wb") as f:
        f.write(os.urandom(10240))
for i in range(1000):
    with open(os.path.join(d, "warmup", "w-%04d.bin" % i), "wb") as f:
        f.write(os.urandom(10240))
PY
head -c $((BIG_MIB * 1048576)) /dev/urandom > "$WORK/gen/big/one.bin"
"${RCLONE[@]}" copy --transfers 16 "$WORK/gen/small" SRC:small
"${RCLONE[@]}" copy "$WORK/gen/big" SRC:big
# The storage S3Proxy: a bucket for rclone's copies, one for Backplane's location; its JIT warmed up by one copy
# of 1,000 small objects, not recorded (the source S3Proxy was warmed up by the generation)
"${RCLONE[@]}" mkdir DST:rclone
"${RCLONE[@]}" mkdir DST:store
"${RCLONE[@]}" copy --transfers 16 "$WORK/gen/warmup" DST:rclone/warmup > /dev/null
"${RCLONE[@]}" purge DST:rclone/warmup
rm -rf "$WORK/gen/big"

echo "Starting the service..." >&2
# As deploy/Dockerfile runs it in a container of 1 GiB: the image's JAVA_TOOL_OPTIONS, MALLOC_ARENA_MAX=2, and
# -XX:MaxRAM=1g standing in for the container's memory limit (bench/storage does the same)
IMAGE_JAVA_OPTS=$(sed -n 's/.*JAVA_TOOL_OPTIONS="\([^"]*\)".*/\1/p' "$ROOT/deploy/Dockerfile")
[ -n "$IMAGE_JAVA_OPTS" ] || { echo "no JAVA_TOOL_OPTIONS line in deploy/Dockerfile" >&2; exit 1; }
SERVICE_PORT=$(free_port)
# shellcheck disable=SC2086 # the image's options are one word each
BACKPLANE_HOME="$WORK/service-home" MALLOC_ARENA_MAX=2 java -XX:MaxRAM=1g $IMAGE_JAVA_OPTS ${SERVICE_JAVA_OPTS:-} -jar "$JAR" \
	--server.address=127.0.0.1 --server.port="$SERVICE_PORT" \
	"--backplane.storage.location=s3://store/backplane?endpoint=http://127.0.0.1:$DST_PORT&checksums=when_required" \
	--backplane.components.minio.type=buckets "--backplane.components.minio.endpoint=http://127.0.0.1:$SRC_PORT" \
	"--backplane.components.minio.credentials[ACCESS_KEY_ID]=local-identity" \
	"--backplane.components.minio.credentials[SECRET_ACCESS_KEY]=local-credential" \
	"--backplane.components.minio.buckets[0]=small" "--backplane.components.minio.buckets[1]=big" \
	--backplane.components.minio.max-in-flight="$MAX_IN_FLIGHT" \
	--backplane.components.warmup.type=buckets "--backplane.components.warmup.endpoint=http://127.0.0.1:$SRC_PORT" \
	"--backplane.components.warmup.credentials[ACCESS_KEY_ID]=local-identity" \
	"--backplane.components.warmup.credentials[SECRET_ACCESS_KEY]=local-credential" \
	"--backplane.components.warmup.buckets[0]=warmup" \
	"--backplane.storage.locations.rehearsal.uri=s3://store/rehearsal?endpoint=http://127.0.0.1:$DST_PORT&checksums=when_required" \
	--backplane.components.rehearsal.type=buckets "--backplane.components.rehearsal.endpoint=http://127.0.0.1:$SRC_PORT" \
	"--backplane.components.rehearsal.credentials[ACCESS_KEY_ID]=local-identity" \
	"--backplane.components.rehearsal.credentials[SECRET_ACCESS_KEY]=local-credential" \
	"--backplane.components.rehearsal.buckets[0]=small" "--backplane.components.rehearsal.buckets[1]=big" \
	--backplane.components.rehearsal.max-in-flight="$MAX_IN_FLIGHT" > "$WORK/service.log" 2>&1 &
SERVICE_PID=$!
export TIMELINE_PIDS="$SERVICE_PID ${S3PROXY_PIDS[*]}"
PIDS=("$SERVICE_PID" "${PIDS[@]}")
BASE=http://127.0.0.1:$SERVICE_PORT
for _ in $(seq 1 900); do
	curl -sf "$BASE/actuator/health" > /dev/null 2>&1 && break
	kill -0 "$SERVICE_PID" 2> /dev/null || { cat "$WORK/service.log" >&2; exit 1; }
	sleep 0.2
done
curl -sf "$BASE/actuator/health" > /dev/null || { echo "the service did not start" >&2; exit 1; }
# Warm-up, not recorded: the service's JIT, as in a service that has been running; a bucket of its own
"${RCLONE[@]}" copy --transfers 16 "$WORK/gen/warmup" SRC:warmup
python3 "$ROOT/bench/buckets/backup_step.py" "$BASE" warmup-1 warmup > /dev/null
python3 "$ROOT/bench/buckets/backup_step.py" "$BASE" warmup-2 warmup > /dev/null
# and a rehearsal: the first backup's very work (the same buckets, by a component of its own, into a location of
# its own, so with no previous backup and an empty pool), then its objects removed from the storage S3Proxy's disk.
# A JVM compiles the code a long-running service has long compiled, with the two cores the steps share: the C2
# compiler thread took 4.7, 4.1, 2.6, 0.4 and 0.3 CPU seconds in five rehearsals in a row (TIMELINE), so four
# (docs/benchmarks.md); each followed by an unchanged backup of the same buckets
for i in $(seq 1 "$REHEARSALS"); do
	id=$(python3 "$ROOT/bench/buckets/backup_step.py" "$BASE" "rehearsal-$i" rehearsal rehearsal \
		| python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
	# and the unchanged backup's work after it (the ranged listing, the previous index): a service compiles it
	# after a few backups
	again=$(python3 "$ROOT/bench/buckets/backup_step.py" "$BASE" "rehearsal-$i-unchanged" rehearsal rehearsal \
		| python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
	# deleted, so the next rehearsal has no previous backup either
	curl -sf -X DELETE "$BASE/api/v1/backups/$again" > /dev/null
	curl -sf -X DELETE "$BASE/api/v1/backups/$id" > /dev/null
	rm -rf "${DST_DATA:?}/store/rehearsal"
done

RESULTS=$WORK/results.txt
: > "$RESULTS"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
# timed <command...>: runs it, sets SECONDS_TAKEN
timed() {
	local start end
	start=$(date +%s.%N)
	"$@" > "$WORK/out.txt" 2>&1 || { cat "$WORK/out.txt" >&2; exit 1; }
	end=$(date +%s.%N)
	SECONDS_TAKEN=$(python3 -c "print('%.2f' % ($end - $start))")
}
# pool_state: "<objects> <bytes>" of the pool on the storage S3Proxy's disk
pool_state() {
	local dir=$DST_DATA/store/backplane/objects
	if [ -d "$dir" ]; then
		echo "$(find "$dir" -type f | wc -l) $(du -sb "$dir" | cut -f1)"
	else
		echo "0 0"
	fi
}
# store_bytes: bytes of everything under Backplane's location on the storage S3Proxy's disk
store_bytes() {
	du -sb "$DST_DATA/store" | cut -f1
}
# backplane <step> <label>: one backup of the component; records its time, the API's counters, the index's summary
# (what it read and stored) and what appeared on the storage S3Proxy's disk
backplane() {
	local step=$1 label=$2 before_pool before_bytes after_pool out
	before_pool=$(pool_state)
	before_bytes=$(store_bytes)
	sync
	cpu_mark
	out=$(python3 "$ROOT/bench/buckets/backup_step.py" "$BASE" "$label" minio)
	cpu_since
	after_pool=$(pool_state)
	python3 - "$step" "$out" "$DST_DATA/store/backplane" "$before_pool" "$after_pool" "$before_bytes" "$(store_bytes)" \
		"$CPU_USED" >> "$RESULTS" << 'PY'
import gzip, json, os, sys
step, out, location, before, after, before_bytes, after_bytes, cpu = sys.argv[1:9]
result = json.loads(out)
summary = None
with gzip.open(os.path.join(location, result["artifactKey"]), "rt") as index:
    for line in index:
        line = json.loads(line)
        if line.get("type") == "summary":
            summary = line
before, after = [list(map(int, s.split())) for s in (before, after)]
print(json.dumps({"step": step, "tool": "Backplane", "seconds": result["seconds"], "objects": summary["objects"],
                  "read": summary["read"], "readBytes": summary["readBytes"], "stored": summary["stored"],
                  "storedBytes": summary["storedBytes"], "skipped": result["itemsSkipped"],
                  "skippedBytes": result["bytesSkipped"], "poolObjectsAdded": after[0] - before[0],
                  "poolBytesAdded": after[1] - before[1], "storeBytesAdded": int(after_bytes) - int(before_bytes),
                  "cpu": list(map(float, cpu.split()))}))
PY
	tail -1 "$RESULTS" | sed 's/^/  /' >&2
}
# rclone_sync <step> <transfers> <dest prefix>: one rclone sync of the source's buckets (all but the service's
# warm-up bucket) into DST:rclone/<prefix>/<bucket>, as one process, like Backplane's one backup of both; records
# its time and how many objects it says it copied
rclone_sync() {
	local step=$1 transfers=$2 prefix=$3
	sync
	cpu_mark
	timed "${RCLONE[@]}" sync --transfers "$transfers" --exclude "/warmup/**" --stats 0 -v SRC: "DST:rclone/$prefix"
	cpu_since
	python3 - "$step" "$transfers" "$SECONDS_TAKEN" "$WORK/out.txt" "$CPU_USED" >> "$RESULTS" << 'PY'
import json, re, sys
step, transfers, seconds, out, cpu = sys.argv[1:6]
copied = len(re.findall(r": Copied \(", open(out).read()))
print(json.dumps({"step": step, "tool": "rclone sync --transfers %s" % transfers, "transfers": int(transfers),
                  "seconds": float(seconds), "copied": copied, "cpu": list(map(float, cpu.split()))}))
PY
	tail -1 "$RESULTS" | sed 's/^/  /' >&2
}
echo "1. rclone sync, first copy (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
BEST=
BEST_SECONDS=
for t in $TRANSFERS; do
	rclone_sync first "$t" "t$t"
	s=$(tail -1 "$RESULTS" | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')
	if [ -z "$BEST" ] || python3 -c "import sys; sys.exit(0 if $s < $BEST_SECONDS else 1)"; then
		[ -z "$BEST" ] || "${RCLONE[@]}" purge "DST:rclone/t$BEST"
		BEST=$t
		BEST_SECONDS=$s
	else
		"${RCLONE[@]}" purge "DST:rclone/t$t"
	fi
done
echo "2. Backplane, first backup (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
backplane first bench-first
echo "3. Backplane, nothing changed" >&2
backplane unchanged bench-unchanged
echo "4. rclone sync --transfers $BEST, nothing changed" >&2
rclone_sync unchanged "$BEST" "t$BEST"
echo "   and the listing alone: rclone lsf of the source, what any tool reads to learn what changed" >&2
cpu_mark
timed "${RCLONE[@]}" lsf -R --files-only --exclude "/warmup/**" SRC:
cpu_since
printf '{"step": "unchanged", "tool": "rclone lsf -R of the source (listing alone)", "seconds": %s, "copied": 0, "cpu": [%s]}\n' \
	"$SECONDS_TAKEN" "${CPU_USED// /, }" >> "$RESULTS"
tail -1 "$RESULTS" | sed 's/^/  /' >&2
echo "5. Changing $CHANGED objects (1 %; half of them same-size)..." >&2
mkdir -p "$WORK/gen/changed"
python3 - "$WORK/gen/changed" "$SMALL" "$CHANGED" << 'PY'
import os, sys
d, n, changed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
for j in range(changed):
    i = j * (n // changed)
    # even ones keep their size (only ETag and last-modified time tell them apart), odd ones grow by 1 KiB
    size = 10240 if j % 2 == 0 else 11264
    with open(os.path.join(d, "obj-%05d.bin" % i), "wb") as f:
        f.write(os.urandom(size))
PY
"${RCLONE[@]}" copy --transfers 16 "$WORK/gen/changed" SRC:small
echo "6. Backplane, 1 % changed" >&2
backplane changed bench-changed
echo "7. rclone sync --transfers $BEST, 1 % changed" >&2
rclone_sync changed "$BEST" "t$BEST"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
RSS_KB=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$SERVICE_PID/status")
# The copies both tools made are what the source holds: rclone's by rclone check, Backplane's by its own counters
# (every object in the index; an object's content is checked against its SHA-256 by every restore)
"${RCLONE[@]}" check --one-way --exclude "/warmup/**" SRC: "DST:rclone/t$BEST" > "$WORK/check.txt" 2>&1 \
	|| { cat "$WORK/check.txt" >&2; exit 1; }

python3 - "$RESULTS" "$SMALL" "$BIG_MIB" "$CHANGED" "$RSS_KB" "$LOAD_BEFORE" "$LOAD_AFTER" "$MAX_IN_FLIGHT" << 'PY'
import json, sys
path, small, big_mib, changed, rss_kb, load_before, load_after, in_flight = sys.argv[1:9]
rows = [json.loads(l) for l in open(path)]
small, changed, big_mib = int(small), int(changed), int(big_mib)
total = small * 10240 + big_mib * 1048576
def row(step, tool):
    return next(r for r in rows if r["step"] == step and r["tool"].startswith(tool))
firsts = [r for r in rows if r["step"] == "first" and r["tool"].startswith("rclone")]
best = min(firsts, key=lambda r: r["seconds"])
bp_first = row("first", "Backplane")
print("%d objects of 10 KiB and 1 of %d MiB (%.2f GB); %d changed; Backplane max-in-flight %s; load average %s before, %s after."
      % (small, big_mib, total / 1e9, changed, in_flight, load_before, load_after))
print()
print("| step | tool | seconds | MB/s | vs best rclone | % of its first | objects read | bytes read | objects stored | bytes stored | objects skipped | CPU s, the tool | CPU s, both S3Proxy |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
# the tool's CPU: the service's for Backplane (the script then only polls), rclone's for rclone
cpu = lambda r: "%.1f | %.1f" % (r["cpu"][0] if r["tool"] == "Backplane" else r["cpu"][2], r["cpu"][1])
for r in rows:
    first = bp_first if r["tool"] == "Backplane" else best
    pct = "%.1f %%" % (100 * r["seconds"] / first["seconds"]) if r["step"] != "first" else "–"
    vs = "–"
    if r["step"] == "first":
        vs = "%.2f×" % (best["seconds"] / r["seconds"]) if r["tool"] == "Backplane" else ("best" if r is best else "%.2f×" % (best["seconds"] / r["seconds"]))
    mbs = "%.0f" % (total / 1e6 / r["seconds"]) if r["step"] == "first" else "–"
    if r["tool"] == "Backplane":
        print("| %s | Backplane | %.2f | %s | %s | %s | %d | %d | %d | %d | %d | %s |" % (r["step"], r["seconds"], mbs, vs, pct,
              r["read"], r["readBytes"], r["stored"], r["storedBytes"], r["skipped"], cpu(r)))
    else:
        tool = r["tool"] + (" (best)" if r["step"] != "first" and "sync" in r["tool"] else "")
        print("| %s | %s | %.2f | %s | %s | %s | %s | | | | | %s |" % (r["step"], tool, r["seconds"], mbs, vs, pct,
              "%d copied" % r["copied"] if "sync" in r["tool"] else "–", cpu(r)))
print()
for step in ("unchanged", "changed"):
    r = row(step, "Backplane")
    print("- Backplane %s: pool on the storage S3Proxy's disk +%d objects, +%d bytes; everything under the location +%d bytes (index and manifest)"
          % (step, r["poolObjectsAdded"], r["poolBytesAdded"], r["storeBytesAdded"]))
print("- Backplane first: ratio to the best rclone (%s) %.2f× (target ≥ 1.0×); unchanged %.1f %% of the first (target ≤ 10 %%); 1 %% changed %.1f %% (target ≤ 15 %%)"
      % (best["tool"], best["seconds"] / bp_first["seconds"], 100 * row("unchanged", "Backplane")["seconds"] / bp_first["seconds"],
         100 * row("changed", "Backplane")["seconds"] / bp_first["seconds"]))
listing = row("unchanged", "rclone lsf")
print("- Listing the source alone (rclone lsf -R) took %.2f s, %.1f %% of Backplane's first backup: the floor of an unchanged backup against this server"
      % (listing["seconds"], 100 * listing["seconds"] / bp_first["seconds"]))
print("- Peak RSS of the service over its whole life (VmHWM): %d MB (target < 512 MB)" % (int(rss_kb) // 1024))
PY
