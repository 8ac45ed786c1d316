#!/usr/bin/env python3
"""One backup or restore through a running Backplane service's API, timed (bench/storage/run.sh).

    service_step.py <base-url> backup <label> <component>
    service_step.py <base-url> restore <backup-id> <component> <target-path>

Posts the request, polls the backup or restore every 20 ms until it is STATUS_READY, and prints one line:
"seconds=<from the POST to READY> id=<backup id>". Exits non-zero, with the service's answer, on any failure.
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


def wait(url):
    while True:
        _, resource = call("GET", url)
        if resource["status"] == "STATUS_READY":
            return resource
        if resource["status"] == "STATUS_ERROR" or resource.get("errorReason"):
            sys.exit("failed: " + json.dumps(resource))
        time.sleep(0.02)


def main():
    base, mode = sys.argv[1], sys.argv[2]
    start = time.monotonic()
    if mode == "backup":
        location, _ = call("POST", base + "/api/v1/backups", {"label": sys.argv[3], "components": [sys.argv[4]]})
    else:
        location, _ = call("POST", base + "/api/v1/backups/%s/restores" % sys.argv[3],
                           {"components": [sys.argv[4]], "targetPath": sys.argv[5]})
    resource = wait(location if location.startswith("http") else base + location)
    seconds = time.monotonic() - start
    print("seconds=%.2f id=%s" % (seconds, resource.get("backupId", resource["id"])))


if __name__ == "__main__":
    main()
