#!/usr/bin/env python3
"""One backup of one component through a running Backplane service's API, timed (bench/buckets/run.sh).

    backup_step.py <base-url> <label> <component> [<storage location>]

Posts the backup, polls it every 100 ms until it is STATUS_READY, and prints one line of JSON: "seconds" (from the
POST to READY), "id", and the component's "artifactKey", "itemsSkipped", "bytesSkipped" and "progress" as the
API answers them. Exits non-zero, with the service's answer, on any failure.

With TIMELINE=<file>, every poll appends a JSON line to the file: the label, the seconds since the POST, the
wall-clock time, the status, the component's progress, the CPU ticks (user + system) of each process in
TIMELINE_PIDS (run.sh sets the service's and both S3Proxy servers'), and the first one's ticks per thread name
(threads that ended are no longer counted) and resident memory (VmRSS, KiB).
"""
import json
import os
import sys
import time
import urllib.request


def call(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, method=method, data=data, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return response.headers.get("Location"), json.loads(response.read() or b"null")


def main():
    base, label, component = sys.argv[1:4]
    request = {"label": label, "components": [component]}
    if len(sys.argv) > 4:
        request["storageLocation"] = sys.argv[4]
    start = time.monotonic()
    location, _ = call("POST", base + "/api/v1/backups", request)
    url = location if location.startswith("http") else base + location
    timeline = open(os.environ["TIMELINE"], "a") if os.environ.get("TIMELINE") else None
    pids = os.environ.get("TIMELINE_PIDS", "").split()
    while True:
        _, backup = call("GET", url)
        if timeline:
            ticks = []
            for pid in pids:
                with open("/proc/%s/stat" % pid) as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                    ticks.append(int(fields[11]) + int(fields[12]))
            threads = {}
            if pids:
                task_dir = "/proc/%s/task" % pids[0]
                for task in os.listdir(task_dir):
                    try:
                        with open("%s/%s/stat" % (task_dir, task)) as stat:
                            text = stat.read()
                    except OSError:
                        continue
                    name = text[text.index("(") + 1:text.rindex(")")].rstrip("0123456789#- ")
                    fields = text.rsplit(")", 1)[1].split()
                    threads[name] = threads.get(name, 0) + int(fields[11]) + int(fields[12])
            rss = None
            if pids:
                with open("/proc/%s/status" % pids[0]) as status:
                    rss = next((int(l.split()[1]) for l in status if l.startswith("VmRSS:")), None)
            progress = (backup.get("components", {}).get(component) or {}).get("progress") or {}
            print(json.dumps({"label": label, "t": round(time.monotonic() - start, 2), "epoch": time.time(), "status": backup["status"],
                              "cpuTicks": ticks, "rssKb": rss, "threads": threads,
                              "progress": progress}), file=timeline, flush=True)
        if backup["status"] == "STATUS_READY":
            break
        if backup["status"] == "STATUS_ERROR" or backup.get("errorReason"):
            sys.exit("failed: " + json.dumps(backup))
        time.sleep(0.1)
    seconds = time.monotonic() - start
    result = backup["components"][component]
    print(json.dumps({"seconds": round(seconds, 2), "id": backup["id"], "artifactKey": result.get("artifactKey"),
                      "itemsSkipped": result.get("itemsSkipped"), "bytesSkipped": result.get("bytesSkipped"),
                      "progress": result.get("progress")}))


if __name__ == "__main__":
    main()
