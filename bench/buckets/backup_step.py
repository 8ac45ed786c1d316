#!/usr/bin/env python3
"""One backup of one component through a running Backplane service's API, timed (bench/buckets/run.sh).

    backup_step.py <base-url> <label> <component> [<storage location>]

Posts the backup, polls it every 100 ms until it is STATUS_READY, and prints one line of JSON: "seconds" (from the
POST to READY), "id", and the component's "artifactKey", "itemsSkipped", "bytesSkipped" and "progress" as the
API answers them. Exits non-zero, with the service's answer, on any failure.
"""
import json
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
    while True:
        _, backup = call("GET", url)
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
