# Sourced by bench/buckets/run.sh and bench/nodes/run.sh (not run on its own): builds the service unless JAR is
# given or BUILD=0 finds one built, names the S3Proxy jar the build copies, and sets up free_port, start_s3proxy,
# the PIDS the script starts and their cleanup on exit (which also removes WORK and S3_DIR unless KEEP=1).
# Needs ROOT, WORK and S3_DIR set, and the current directory at ROOT.
if [ -z "${JAR:-}" ] && { [ "${BUILD:-1}" != 0 ] || [ ! -f backup-service/target/backup-service.jar ]; }; then
	echo "Building (work dir $WORK, data in $S3_DIR)..." >&2
	# -am: the sibling modules come from this checkout, not from ~/.m2, so a fresh clone works; package also copies
	# the S3Proxy jar the tests use into target/test-servers
	./mvnw -q -B -pl backup-service -am -DskipTests package >&2
fi
JAR=${JAR:-$ROOT/backup-service/target/backup-service.jar}
S3PROXY_JAR="$ROOT/backup-service/target/test-servers/s3proxy.jar"
[ -f "$S3PROXY_JAR" ] || { echo "no $S3PROXY_JAR: the build copies it" >&2; exit 1; }

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
PIDS=()
S3PROXY_PIDS=()
wait_port() {
	for _ in $(seq 1 150); do
		(echo > "/dev/tcp/127.0.0.1/$1") 2> /dev/null && return 0
		sleep 0.2
	done
	echo "nothing listens on port $1" >&2
	exit 1
}
# start_s3proxy <name>: an S3Proxy with the filesystem-nio2 back end under $S3_DIR/<name>, its configuration and
# log under $WORK/<name>; sets PORT, adds it to PIDS and S3PROXY_PIDS, returns once it listens
start_s3proxy() {
	local name=$1
	PORT=$(free_port)
	mkdir -p "$S3_DIR/$name" "$WORK/$name"
	cat > "$WORK/$name/s3proxy.conf" << CONF
s3proxy.endpoint=http://127.0.0.1:$PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=local-identity
s3proxy.credential=local-credential
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$S3_DIR/$name
jclouds.identity=unused
jclouds.credential=unused
CONF
	LOG_LEVEL=warn java -Xmx512m -jar "$S3PROXY_JAR" --properties "$WORK/$name/s3proxy.conf" > "$WORK/$name/s3proxy.log" 2>&1 &
	PIDS+=($!)
	S3PROXY_PIDS+=($!)
	wait_port "$PORT"
}
cleanup() {
	local pid
	for pid in "${PIDS[@]}"; do
		kill "$pid" 2> /dev/null || true
		wait "$pid" 2> /dev/null || true
	done
	if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK" "$S3_DIR"; fi
}
trap cleanup EXIT

# CPU accounting of a step, to tell where the two cores went: cpu_mark before it, cpu_since after it sets CPU_USED to
# "<service> <s3proxy> <client>", the CPU seconds (user + system) used meanwhile by the service (SERVICE_PID), the S3Proxy
# instances (S3PROXY_PIDS) and this script's children that ended meanwhile (rclone; a few polling curl/python calls)
TICKS=$(getconf CLK_TCK)
cpu_of() {
	local total=0 pid
	for pid in "$@"; do
		total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat")))
	done
	echo "$total"
}
# children_ticks: sets CHILDREN_TICKS from the second line of `times` (children's user and system time, as
# 0m1.234s 0m0.567s); the builtin runs in this shell, redirected to a file: in a pipe or $(...) it would run in a
# subshell, whose children are not these
children_ticks() {
	times > "$WORK/times.txt"
	CHILDREN_TICKS=$(tail -1 "$WORK/times.txt" | python3 -c "
import re, sys
print(int(round(sum(int(m) * 60 + float(s) for m, s in re.findall(r'(\d+)m([\d.]+)s', sys.stdin.read())) * $TICKS)))")
}
cpu_mark() {
	children_ticks
	CPU_MARK=("$(cpu_of "$SERVICE_PID")" "$(cpu_of "${S3PROXY_PIDS[@]}")" "$CHILDREN_TICKS")
}
cpu_since() {
	children_ticks
	CPU_USED=$(python3 -c "print(' '.join('%.1f' % ((a - b) / $TICKS) for a, b in zip([$(cpu_of "$SERVICE_PID"), $(cpu_of "${S3PROXY_PIDS[@]}"), $CHILDREN_TICKS], [${CPU_MARK[0]}, ${CPU_MARK[1]}, ${CPU_MARK[2]}])))")
}
