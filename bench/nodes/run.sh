#!/usr/bin/env bash
# Node snapshot benchmark (issue 18): the plan `backup-s3` of a `nodes` component against `rclone copy` of the same
# node folders to the same S3Proxy, side by side in one run. Three node folders of NODE_MIB MiB each (default 1024),
# each NODE_FILES files of random data (default 8, as a snapshot's few large SSTable files).
#
#   1. rclone copy of the three folders in one process, once per --transfers value in TRANSFERS (default
#      "4 8 16"), each into an empty prefix: the fastest is "best"
#   2. Backplane: plan backup-s3 of a component with `strategy: parallel` (POST /v1/plans/backup-s3/start, until
#      GET /v1/plans/backup-s3 answers 200)
#   3. three sequential rclone copies, one per folder, with the best --transfers (what serial is compared with)
#   4. Backplane: plan backup-s3 of a component with `strategy: serial` (the same folders)
#
# The service is warmed up first by one unrecorded plan run of each strategy (S3Proxy by one rclone copy).
# Steps 2–4 run ROUNDS times (default 1; rounds after the first swap the order of the tools); the table shows the
# median and the range. Peak RSS of the service is its VmHWM over its whole life. Prints a Markdown table. Needs:
# java 17+, python3, curl, rclone (Debian package), a built backup-service (the script builds it).
#   bench/nodes/run.sh                                # full size; work dirs removed at the end
#   NODE_MIB=64 TRANSFERS="4 8" bench/nodes/run.sh    # quick run
#   BUILD=0 (use the jar already built)  JAR=<path> (another build of the service, e.g. to compare two commits)
#   KEEP=1 (keep the work dirs; the node folders and S3Proxy's data stay on /dev/shm, which is memory: remove them after)
#   ROUNDS=3  SERVICE_JAVA_OPTS=... (e.g. a JFR recording)  Each step also records the CPU seconds of the service, of
#   S3Proxy and of rclone (bench/s3proxy-bench.sh).
set -euo pipefail
command -v rclone > /dev/null || { echo "Needs rclone: apt-get install rclone" >&2; exit 1; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
NODE_MIB=${NODE_MIB:-1024}
NODE_FILES=${NODE_FILES:-8}
TRANSFERS=${TRANSFERS:-4 8 16}
ROUNDS=${ROUNDS:-1}
WORK=${BENCH_DIR:-$(mktemp -d /tmp/backplane-nodes-bench.XXXXXX)}
# The node folders and S3Proxy's data on a tmpfs when there is room (the folders, one rclone copy and one Backplane
# copy at a time, and margin): the benchmark measures the tools, not the local disk's writeback
NEED_KB=$((NODE_MIB * 1024 * 3 * 4))
if [ -z "${S3_DIR:-}" ] && [ -w /dev/shm ] && [ "$(df -k --output=avail /dev/shm | tail -1)" -gt "$NEED_KB" ]; then
	S3_DIR=$(mktemp -d /dev/shm/backplane-nodes-bench.XXXXXX)
fi
S3_DIR=${S3_DIR:-$WORK/s3}
mkdir -p "$S3_DIR"
cd "$ROOT"

# the build, the S3Proxy jar, free_port, PIDS and the cleanup of both (needs ROOT, WORK and S3_DIR)
. "$ROOT/bench/s3proxy-bench.sh"

echo "Starting S3Proxy..." >&2
start_s3proxy s3proxy
DATA=$S3_DIR/s3proxy

# These machines set AWS_CA_BUNDLE, which makes rclone fail with LoadCustomCABundleError
RCLONE=(env -u AWS_CA_BUNDLE "$(command -v rclone)")
# the remotes come from the environment; an empty config file keeps rclone from looking for one
touch "$WORK/rclone.conf"
export RCLONE_CONFIG=$WORK/rclone.conf
export RCLONE_CONFIG_DST_TYPE=s3 RCLONE_CONFIG_DST_PROVIDER=Other RCLONE_CONFIG_DST_ENDPOINT="http://127.0.0.1:$PORT" \
	RCLONE_CONFIG_DST_FORCE_PATH_STYLE=true RCLONE_CONFIG_DST_REGION=us-east-1 \
	RCLONE_CONFIG_DST_ACCESS_KEY_ID=local-identity RCLONE_CONFIG_DST_SECRET_ACCESS_KEY=local-credential
export AWS_ACCESS_KEY_ID=local-identity AWS_SECRET_ACCESS_KEY=local-credential

echo "Generating 3 node folders of $NODE_FILES files, $NODE_MIB MiB each..." >&2
NODES=$S3_DIR/nodes
FILE_KIB=$((NODE_MIB * 1024 / NODE_FILES))
for i in 0 1 2; do
	mkdir -p "$NODES/node-$i/keyspace/table"
	for f in $(seq 1 "$NODE_FILES"); do
		head -c $((FILE_KIB * 1024)) /dev/urandom > "$NODES/node-$i/keyspace/table/nb-$f-big-Data.db"
	done
done
"${RCLONE[@]}" mkdir DST:rclone
"${RCLONE[@]}" mkdir DST:snapshots
# S3Proxy's JIT warmed up by one copy of a node folder, not recorded
"${RCLONE[@]}" copy "$NODES/node-0" DST:rclone/warmup > /dev/null
"${RCLONE[@]}" purge DST:rclone/warmup

echo "Starting the service..." >&2
# As deploy/Dockerfile runs it in a container of 1 GiB: the image's JAVA_TOOL_OPTIONS, MALLOC_ARENA_MAX=2, and
# -XX:MaxRAM=1g standing in for the container's memory limit (bench/storage does the same)
IMAGE_JAVA_OPTS=$(sed -n 's/.*JAVA_TOOL_OPTIONS="\([^"]*\)".*/\1/p' "$ROOT/deploy/Dockerfile")
[ -n "$IMAGE_JAVA_OPTS" ] || { echo "no JAVA_TOOL_OPTIONS line in deploy/Dockerfile" >&2; exit 1; }
SERVICE_PORT=$(free_port)
NODE_ARGS=()
for c in parallel serial; do
	NODE_ARGS+=("--backplane.components.$c.type=nodes" "--backplane.components.$c.strategy=$c")
	for i in 0 1 2; do
		NODE_ARGS+=("--backplane.components.$c.nodes[$i]=$NODES/node-$i")
	done
done
# shellcheck disable=SC2086 # the image's options are one word each
BACKPLANE_HOME="$WORK/service-home" MALLOC_ARENA_MAX=2 java -XX:MaxRAM=1g $IMAGE_JAVA_OPTS ${SERVICE_JAVA_OPTS:-} -jar "$JAR" \
	--server.address=127.0.0.1 --server.port="$SERVICE_PORT" \
	"--backplane.storage.location=s3://snapshots?endpoint=http://127.0.0.1:$PORT&checksums=when_required" \
	"${NODE_ARGS[@]}" > "$WORK/service.log" 2>&1 &
SERVICE_PID=$!
PIDS=("$SERVICE_PID" "${PIDS[@]}")
BASE=http://127.0.0.1:$SERVICE_PORT
for _ in $(seq 1 900); do
	curl -sf "$BASE/actuator/health" > /dev/null 2>&1 && break
	kill -0 "$SERVICE_PID" 2> /dev/null || { cat "$WORK/service.log" >&2; exit 1; }
	sleep 0.2
done
curl -sf "$BASE/actuator/health" > /dev/null || { echo "the service did not start" >&2; exit 1; }

RESULTS=$WORK/results.txt
: > "$RESULTS"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
# record <step> <tool> <seconds> <cpu>: cpu is the CPU_USED of cpu_since for the step
record() {
	printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$RESULTS"
	echo "  $1, $2: $3 s (CPU s of the service, S3Proxy, rclone: $4)" >&2
}
# timed <command...>: runs it, sets SECONDS_TAKEN
timed() {
	local start end
	sync
	start=$(date +%s.%N)
	"$@" > "$WORK/out.txt" 2>&1 || { cat "$WORK/out.txt" >&2; exit 1; }
	end=$(date +%s.%N)
	SECONDS_TAKEN=$(python3 -c "print('%.2f' % ($end - $start))")
}
# plan <component> <snapshot>: plan backup-s3 of the component; checks that every node's files are in the snapshot
# layout, then deletes the snapshot's objects (S3Proxy's data on disk) so the tmpfs holds one copy at a time
plan() {
	local component=$1 snapshot=$2 out seconds cpu
	sync
	cpu_mark
	out=$(python3 "$ROOT/bench/nodes/plan_step.py" "$BASE" backup-s3 \
		"{\"COMPONENT\": \"$component\", \"SNAPSHOT_NAME\": \"$snapshot\"}")
	cpu_since
	cpu=$CPU_USED
	seconds=$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["seconds"])')
	for i in 0 1 2; do
		diff -rq "$NODES/node-$i" "$DATA/snapshots/$snapshot/node-$i" > /dev/null \
			|| { echo "snapshot $snapshot node $i differs from its folder" >&2; exit 1; }
	done
	record "$component" "Backplane plan backup-s3, strategy: $component" "$seconds" "$cpu"
	rm -rf "${DATA:?}/snapshots/$snapshot"
}
# rclone_all <transfers> <prefix>: one rclone copy of the three folders
rclone_all() {
	cpu_mark
	timed "${RCLONE[@]}" copy --transfers "$1" "$NODES" "DST:rclone/$2"
	cpu_since
	record parallel "rclone copy --transfers $1 (the three folders in one process)" "$SECONDS_TAKEN" "$CPU_USED"
	"${RCLONE[@]}" purge "DST:rclone/$2"
}
# rclone_each <transfers> <prefix>: three rclone copies, one folder after the other
rclone_each() {
	local total=0 i
	cpu_mark
	for i in 0 1 2; do
		timed "${RCLONE[@]}" copy --transfers "$1" "$NODES/node-$i" "DST:rclone/$2/node-$i"
		total=$(python3 -c "print('%.2f' % ($total + $SECONDS_TAKEN))")
	done
	cpu_since
	record serial "3 sequential rclone copy --transfers $1" "$total" "$CPU_USED"
	"${RCLONE[@]}" purge "DST:rclone/$2"
}
# Warm-up, not recorded: the service's JIT, as in a service that has been running (one plan run of each strategy)
echo "Warm-up of the service (not recorded)..." >&2
for c in parallel serial; do
	python3 "$ROOT/bench/nodes/plan_step.py" "$BASE" backup-s3 "{\"COMPONENT\": \"$c\", \"SNAPSHOT_NAME\": \"warmup-$c\"}" > /dev/null
	rm -rf "${DATA:?}/snapshots/warmup-$c"
done
echo "1. rclone copy of the three folders (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
BEST=
BEST_SECONDS=
for t in $TRANSFERS; do
	rclone_all "$t" "t$t"
	if [ -z "$BEST" ] || python3 -c "import sys; sys.exit(0 if $SECONDS_TAKEN < $BEST_SECONDS else 1)"; then
		BEST=$t
		BEST_SECONDS=$SECONDS_TAKEN
	fi
done
for round in $(seq 1 "$ROUNDS"); do
	echo "Round $round of $ROUNDS (load average $(cut -d' ' -f1-3 /proc/loadavg)); best --transfers $BEST" >&2
	if [ $((round % 2)) = 1 ]; then
		plan parallel "parallel-$round"
		rclone_each "$BEST" "seq-$round"
		plan serial "serial-$round"
	else
		rclone_all "$BEST" "again-$round"
		plan serial "serial-$round"
		rclone_each "$BEST" "seq-$round"
		plan parallel "parallel-$round"
	fi
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
RSS_KB=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$SERVICE_PID/status")

python3 - "$RESULTS" "$NODE_MIB" "$NODE_FILES" "$RSS_KB" "$LOAD_BEFORE" "$LOAD_AFTER" "$BEST" << 'PY'
import statistics, sys
path, node_mib, node_files, rss_kb, load_before, load_after, best = sys.argv[1:8]
rows = {}
cpus = {}
for line in open(path):
    step, tool, seconds, cpu = line.rstrip("\n").split("\t")
    rows.setdefault((step, tool), []).append(float(seconds))
    service, s3proxy, client = map(float, cpu.split())
    # the tool's CPU: the service's for Backplane (the client then only polls), rclone's for rclone
    cpus.setdefault((step, tool), []).append((service if tool.startswith("Backplane") else client, s3proxy))
total = 3 * int(node_mib) * 1048576
def fmt(values):
    m = statistics.median(values)
    return "%.2f" % m if len(values) == 1 else "%.2f (%.2f–%.2f)" % (m, min(values), max(values))
print("3 node folders × %s MiB (%s files each, %.2f GB); load average %s before, %s after; peak RSS of the service %d MB."
      % (node_mib, node_files, total / 1e9, load_before, load_after, int(rss_kb) // 1024))
print()
print("| strategy | tool | runs | seconds | MB/s | CPU s, the tool | CPU s, S3Proxy |")
print("|---|---|---:|---:|---:|---:|---:|")
for (step, tool), values in rows.items():
    tool_cpu = statistics.median(c[0] for c in cpus[(step, tool)])
    s3proxy_cpu = statistics.median(c[1] for c in cpus[(step, tool)])
    print("| %s | %s | %d | %s | %.0f | %.1f | %.1f |" % (step, tool, len(values), fmt(values),
          total / 1e6 / statistics.median(values), tool_cpu, s3proxy_cpu))
print()
median = lambda step, prefix: statistics.median(next(v for (s, t), v in rows.items() if s == step and t.startswith(prefix)))
rclone_best = min(statistics.median(v) for (s, t), v in rows.items() if s == "parallel" and t.startswith("rclone"))
par = median("parallel", "Backplane")
ser = median("serial", "Backplane")
seq = median("serial", "3 sequential")
print("- parallel: best rclone copy / Backplane = %.2f× (target ≥ 1.0×)" % (rclone_best / par))
print("- serial: Backplane / three sequential rclone copies (--transfers %s) = %.2f (target ≤ 1.1)" % (best, ser / seq))
PY
