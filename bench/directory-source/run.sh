#!/usr/bin/env bash
# Memory benchmark of the directory source: backs up a generated tree of SIZE_MIB MiB (half random data, half
# sparse files that read as zeros, plus 10,000 small files) with -Xmx256m into a counting SHA-256 stream, then
# runs `tar czf` over the same tree for comparison. Both under /usr/bin/time -v for wall time and peak RSS.
# Usage: bench/directory-source/run.sh [dir]   (env SIZE_MIB, default 2048; XMX, default 256m; KEEP=1 keeps the tree)
set -euo pipefail
cd "$(dirname "$0")/../.."
DIR=${1:-${TMPDIR:-/tmp}/backplane-bench-directory}
SIZE_MIB=${SIZE_MIB:-2048}
XMX=${XMX:-256m}
OUT=${OUT:-target/bench-directory}
mkdir -p "$OUT"

# -am: the sibling modules (API client, ZooKeeper engine) come from this checkout, not from ~/.m2, so a fresh
# clone works; build-classpath runs in every module and backup-service, built last, writes the file last
./mvnw -q -B -pl backup-service -am -DskipTests package dependency:build-classpath \
	-Dmdep.outputFile="$PWD/$OUT/classpath.txt" -Dmdep.includeScope=runtime
CP="backup-service/target/classes:$(cat "$OUT/classpath.txt")"

if [ ! -f "$DIR/.complete-$SIZE_MIB" ]; then
	rm -rf "$DIR"
	mkdir -p "$DIR/random" "$DIR/sparse" "$DIR/small"
	random_files=$((SIZE_MIB / 2 / 16))
	for i in $(seq 1 "$random_files"); do
		head -c $((16 * 1024 * 1024)) /dev/urandom > "$DIR/random/r-$i.bin"
	done
	sparse_files=$((SIZE_MIB / 2 / 128))
	for i in $(seq 1 "$sparse_files"); do
		truncate -s 128M "$DIR/sparse/s-$i.bin"
	done
	for d in $(seq 1 100); do
		mkdir -p "$DIR/small/d-$d"
		for f in $(seq 1 100); do
			printf 'small file %d/%d\n' "$d" "$f" > "$DIR/small/d-$d/f-$f.txt"
		done
	done
	touch "$DIR/.complete-$SIZE_MIB"
fi
echo "Tree: $DIR ($(du -sh --apparent-size "$DIR" | cut -f1) apparent, $(find "$DIR" -type f | wc -l) files)"

echo "== directory source (-Xmx$XMX)"
/usr/bin/time -v java -Xmx"$XMX" -cp "$CP" bench/directory-source/DirectorySourceBench.java "$DIR" \
	> "$OUT/java.out" 2> "$OUT/java.time"
cat "$OUT/java.out"
grep -E 'User time|System time|Elapsed|Maximum resident' "$OUT/java.time"

echo "== tar czf (GNU tar + gzip -6), output piped to wc -c"
/usr/bin/time -v bash -c "tar czf - -C '$DIR' . | wc -c" > "$OUT/tar.out" 2> "$OUT/tar.time"
echo "artifactBytes=$(cat "$OUT/tar.out")"
grep -E 'User time|System time|Elapsed|Maximum resident' "$OUT/tar.time"

if [ "${KEEP:-0}" != 1 ]; then
	rm -rf "$DIR"
fi
