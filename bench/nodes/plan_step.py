#!/usr/bin/env python3
"""One run of a DC/OS SDK plan through a running Backplane service's plan API, timed (bench/nodes/run.sh).

    plan_step.py <base-url> <plan> <JSON map of parameters, with SNAPSHOT_NAME>

Posts /v1/plans/<plan>/start, polls GET /v1/plans/<plan> every 100 ms until it answers 200 (complete) with every
step's message naming the snapshot (so a previous run's COMPLETE is never taken for this one), and prints one line
of JSON: "seconds" (from the POST to complete) and the steps' messages. Exits non-zero on 417 (error) or any
failure, with the plan's answer.
"""
import json
import sys
import time
import urllib.error
import urllib.request


def call(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, method=method, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as ex:
        return ex.code, json.loads(ex.read() or b"null")


def main():
    base, plan, parameters = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    snapshot = parameters["SNAPSHOT_NAME"]
    start = time.monotonic()
    status, answer = call("POST", "%s/v1/plans/%s/start" % (base, plan), parameters)
    if status != 200:
        sys.exit("start answered %d: %s" % (status, json.dumps(answer)))
    while True:
        status, answer = call("GET", "%s/v1/plans/%s" % (base, plan))
        steps = [s for phase in answer.get("phases", []) for s in phase["steps"]]
        if status == 417:
            sys.exit("failed: " + json.dumps(answer))
        if status == 200 and steps and all(snapshot + "/" in (s.get("message") or "") for s in steps):
            break
        time.sleep(0.1)
    seconds = time.monotonic() - start
    print(json.dumps({"seconds": round(seconds, 2), "steps": [s["message"] for s in steps]}))


if __name__ == "__main__":
    main()
