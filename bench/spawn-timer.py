#!/usr/bin/python3
"""Times processes for bench/startup.ts: wall time to the first `::error::` line and to exit, and CPU time.

Node cannot read a child's resource usage; wait4() returns it when the child is reaped, the whole process included
(start-up before any JavaScript runs and teardown after the `exit` event). One request per stdin line, a JSON object
{"argv": [...], "env": {...}, "cwd": "..." or null}; one reply per stdout line, {"error": ms, "exit": ms, "cpu": ms,
"status": exit code}. `error` is the exit time when no `::error::` line was written. Standard library only.
"""
import json
import os
import sys
import time


def run(argv, env, cwd):
    read_end, write_end = os.pipe()
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            if cwd:
                os.chdir(cwd)
            os.dup2(write_end, 1)
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 2)
            os.close(read_end)
            os.execve(argv[0], argv, env)
        finally:
            os._exit(127)
    os.close(write_end)
    seen = b""
    error = None
    while True:
        chunk = os.read(read_end, 65536)
        if not chunk:
            break
        if error is None:
            # Keep a tail that can hold a split marker; the first one is all that matters.
            seen = seen[-16:] + chunk
            if b"::error::" in seen:
                error = time.perf_counter() - start
    os.close(read_end)
    _, status, usage = os.wait4(pid, 0)
    exit_s = time.perf_counter() - start
    return {
        "error": (error if error is not None else exit_s) * 1000,
        "exit": exit_s * 1000,
        "cpu": (usage.ru_utime + usage.ru_stime) * 1000,
        "status": os.waitstatus_to_exitcode(status),
    }


for line in sys.stdin:
    request = json.loads(line)
    print(json.dumps(run(request["argv"], request["env"], request.get("cwd"))), flush=True)
