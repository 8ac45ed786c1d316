#!/usr/bin/env python3
"""N backups through a running Backplane service's API, one after the other (bench/catalogue-durability/run.sh).

    backups.py <base-url> <component> <count> <label-prefix>

Each backup is posted, then polled every 5 ms until STATUS_READY; the next is posted after. Prints one line:
"backups=N seconds=<total> median_ms=… p90_ms=… max_ms=…" (per backup: from the POST to READY seen).
"""
import json
import statistics
import sys
import time
import urllib.request


def call(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, method=method, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return response.headers.get("Location"), json.loads(response.read() or b"null")


def main():
    base, component, count, prefix = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    latencies = []
    start = time.monotonic()
    for i in range(count):
        began = time.monotonic()
        location, _ = call("POST", base + "/api/v1/backups", {"label": "%s-%d" % (prefix, i), "components": [component]})
        url = location if location.startswith("http") else base + location
        while True:
            _, backup = call("GET", url)
            if backup["status"] == "STATUS_READY":
                break
            if backup["status"] == "STATUS_ERROR":
                sys.exit("failed: " + json.dumps(backup))
            time.sleep(0.005)
        latencies.append((time.monotonic() - began) * 1000)
    total = time.monotonic() - start
    latencies.sort()
    print("backups=%d seconds=%.2f median_ms=%.1f p90_ms=%.1f max_ms=%.1f" % (
        count, total, statistics.median(latencies), latencies[int(len(latencies) * 0.9) - 1], latencies[-1]))


if __name__ == "__main__":
    main()
