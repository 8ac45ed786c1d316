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
