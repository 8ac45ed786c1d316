#!/usr/bin/env bash
# ZooKeeper benchmark (issue 3): starts Debian's ZooKeeper (apt-get install zookeeper) as a separate process on a
# free loopback port, runs ZooKeeperBench against it with a 256 MiB heap, stops the server by its PID.
# Usage: bench/zookeeper/run.sh [znodes] [sequential-creates]
# BENCH_JAVA_OPTS adds JVM options, e.g. BENCH_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/zk.jfr
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
[ -f /usr/share/java/zookeeper.jar ] || { echo "Needs Debian's ZooKeeper: apt-get install zookeeper" >&2; exit 1; }
work="$(mktemp -d)"
trap 'if [[ -n "${zkpid:-}" ]]; then kill "$zkpid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
mkdir -p "$work/conf" "$work/data"
cat > "$work/conf/zoo.cfg" <<CFG
tickTime=2000
dataDir=$work/data
clientPort=$port
clientPortAddress=127.0.0.1
admin.enableServer=false
maxClientCnxns=0
CFG
cp /etc/zookeeper/conf/log4j.properties "$work/conf/" 2>/dev/null || true
java -Xmx1g -cp "$work/conf:/usr/share/java/zookeeper.jar" org.apache.zookeeper.server.quorum.QuorumPeerMain \
	"$work/conf/zoo.cfg" > "$work/zk.log" 2>&1 &
zkpid=$!

(cd "$root" && ./mvnw -q -B -pl backplane-zookeeper -am -DskipTests compile dependency:build-classpath \
	-Dmdep.includeScope=runtime -Dmdep.outputFile="$work/cp.txt" >/dev/null)
cp="$root/backplane-zookeeper/target/classes:$(cat "$work/cp.txt")"
for i in $(seq 1 50); do
	if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then break; fi
	sleep 0.2
done
echo "ZooKeeper $(java -cp /usr/share/java/zookeeper.jar org.apache.zookeeper.Version 2>/dev/null | head -1 || echo 3.8) at 127.0.0.1:$port; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '<configuration><root level="OFF"/></configuration>\n' > "$work/logback.xml"
java -Xmx256m ${BENCH_JAVA_OPTS:-} -Dlogback.configurationFile="$work/logback.xml" -cp "$cp" "$here/ZooKeeperBench.java" "127.0.0.1:$port" "${1:-100000}" "${2:-20000}"
