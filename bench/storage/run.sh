#!/usr/bin/env bash
# Storage provider benchmark (issue 4): Backplane's s3 provider against S3Proxy side by side with `rclone copy`
# to the same server, and the file provider side by side with `cp`: 1 x 1 GiB and 10,000 x 10 KiB, upload and
# download. Prints a Markdown table (wall time incl. process start, MB/s, objects/s, peak RSS from
# /usr/bin/time). Needs: java 17+, rclone (Debian package), a built backup-service (the script builds it).
#   bench/storage/run.sh            # work dir under /tmp, removed at the end unless KEEP=1
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${BENCH_DIR:-$(mktemp -d /tmp/backplane-storage-bench.XXXXXX)}
THREADS_SMALL=${THREADS_SMALL:-16}
HEAP=${HEAP:-256m}
cd "$ROOT"

echo "Building (work dir $WORK)..." >&2
./mvnw -q -o -pl backup-service -am -DskipTests process-test-resources >&2
./mvnw -q -o -pl backup-service dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >&2
CP="$ROOT/backup-service/target/classes:$(cat "$WORK/cp.txt")"
mkdir -p "$WORK/classes"
javac -q -d "$WORK/classes" -cp "$CP" bench/storage/StorageBench.java 2>/dev/null || javac -d "$WORK/classes" -cp "$CP" bench/storage/StorageBench.java
CP="$WORK/classes:$CP"

echo "Generating data..." >&2
mkdir -p "$WORK/big" "$WORK/small"
head -c 1073741824 /dev/urandom > "$WORK/big/one-gib.bin"
python3 - "$WORK/small" <<'PY'
import os, sys
d = sys.argv[1]
for i in range(10000):
    with open(os.path.join(d, "obj-%05d.bin" % i), "wb") as f:
        f.write(os.urandom(10240))
PY

echo "Starting S3Proxy..." >&2
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$WORK/s3proxy/data/bench"
cat > "$WORK/s3proxy/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=local-identity
s3proxy.credential=local-credential
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$WORK/s3proxy/data
jclouds.identity=unused
jclouds.credential=unused
CONF
LOG_LEVEL=warn java -Xmx512m -jar backup-service/target/test-servers/s3proxy.jar --properties "$WORK/s3proxy/s3proxy.conf" \
	> "$WORK/s3proxy/s3proxy.log" 2>&1 &
S3PROXY_PID=$!
cleanup() {
	kill "$S3PROXY_PID" 2>/dev/null || true
	wait "$S3PROXY_PID" 2>/dev/null || true
	if [ "${KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi
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

# measure <label> <bytes> <objects> <command...>: one table row from /usr/bin/time
measure() {
	local label=$1 bytes=$2 objects=$3
	shift 3
	sync
	/usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" > "$WORK/out.txt" 2>&1 || { cat "$WORK/out.txt" >&2; exit 1; }
	read -r seconds rss_kb < "$WORK/time.txt"
	python3 - "$label" "$bytes" "$objects" "$seconds" "$rss_kb" <<'PY'
import sys
label, b, o, s, rss = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])
s = max(s, 0.01)
print("| %s | %.1f | %.0f | %.0f | %d |" % (label, s, b / 1e6 / s, o / s, rss // 1024))
PY
}
# These machines set AWS_CA_BUNDLE, which makes rclone fail with LoadCustomCABundleError
RCLONE=(env -u AWS_CA_BUNDLE "$(command -v rclone)")
BENCH=(java -Xmx"$HEAP" -cp "$CP" StorageBench)

BIG=1073741824
SMALL=$((10000 * 10240))
echo "| step | seconds | MB/s | objects/s | peak RSS MB |"
echo "|---|---:|---:|---:|---:|"
measure "S3 upload 1 GiB: rclone copy" $BIG 1 "${RCLONE[@]}" copy "$WORK/big" bench:bench/rclone-big
measure "S3 upload 1 GiB: Backplane" $BIG 1 "${BENCH[@]}" upload "$S3" "$WORK/big" big 1
measure "S3 download 1 GiB: rclone copy" $BIG 1 "${RCLONE[@]}" copy bench:bench/rclone-big "$WORK/down/rclone-big"
measure "S3 download 1 GiB: Backplane" $BIG 1 "${BENCH[@]}" download "$S3" "$WORK/down/bp-big" big 1
measure "S3 upload 10,000 x 10 KiB: rclone copy" $SMALL 10000 "${RCLONE[@]}" copy "$WORK/small" bench:bench/rclone-small
measure "S3 upload 10,000 x 10 KiB: rclone copy --transfers $THREADS_SMALL" $SMALL 10000 "${RCLONE[@]}" copy --transfers "$THREADS_SMALL" "$WORK/small" bench:bench/rclone-small16
measure "S3 upload 10,000 x 10 KiB: Backplane, $THREADS_SMALL threads" $SMALL 10000 "${BENCH[@]}" upload "$S3" "$WORK/small" small "$THREADS_SMALL"
measure "S3 download 10,000 x 10 KiB: rclone copy --transfers $THREADS_SMALL" $SMALL 10000 "${RCLONE[@]}" copy --transfers "$THREADS_SMALL" bench:bench/rclone-small16 "$WORK/down/rclone-small"
measure "S3 download 10,000 x 10 KiB: Backplane, $THREADS_SMALL threads" $SMALL 10000 "${BENCH[@]}" download "$S3" "$WORK/down/bp-small" small "$THREADS_SMALL"
mkdir -p "$WORK/cp-store"
measure "file write 1 GiB: cp" $BIG 1 cp "$WORK/big/one-gib.bin" "$WORK/cp-store/"
measure "file write 1 GiB: cp + sync" $BIG 1 sh -c "cp '$WORK/big/one-gib.bin' '$WORK/cp-store/again.bin' && sync"
measure "file write 1 GiB: Backplane (fsync)" $BIG 1 "${BENCH[@]}" upload "$FILE" "$WORK/big" big 1
measure "file read 1 GiB: cp" $BIG 1 cp "$WORK/cp-store/one-gib.bin" "$WORK/down/cp-big.bin"
measure "file read 1 GiB: Backplane" $BIG 1 "${BENCH[@]}" download "$FILE" "$WORK/down/file-bp-big" big 1
measure "file write 10,000 x 10 KiB: cp -r" $SMALL 10000 cp -r "$WORK/small" "$WORK/cp-store/small"
measure "file write 10,000 x 10 KiB: Backplane (fsync), $THREADS_SMALL threads" $SMALL 10000 "${BENCH[@]}" upload "$FILE" "$WORK/small" small "$THREADS_SMALL"
measure "file read 10,000 x 10 KiB: cp -r" $SMALL 10000 cp -r "$WORK/cp-store/small" "$WORK/down/cp-small"
measure "file read 10,000 x 10 KiB: Backplane, $THREADS_SMALL threads" $SMALL 10000 "${BENCH[@]}" download "$FILE" "$WORK/down/file-bp-small" small "$THREADS_SMALL"
cmp "$WORK/big/one-gib.bin" "$WORK/down/bp-big/one-gib.bin" && cmp "$WORK/big/one-gib.bin" "$WORK/down/file-bp-big/one-gib.bin" \
	&& diff -rq "$WORK/small" "$WORK/down/bp-small" >/dev/null && echo "(downloads verified identical to the sources)"
