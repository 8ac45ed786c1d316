# Sourced by bench/buckets/run.sh and bench/nodes/run.sh (not run on its own): builds the service unless JAR is
# given or BUILD=0 finds one built, names the S3Proxy jar the build copies, and sets up free_port, the PIDS the
# script starts and their cleanup on exit (which also removes WORK and S3_DIR unless KEEP=1).
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
S3PROXY_PIDS=()
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
