"""Frames per second that `panopticon serve` delivers to a page polling as
the page does (one request in flight, a frame only when the tick changed),
with the model running as fast as it goes; and the Python module's
overhead per step() against the command line. Usage:
  /usr/bin/python3 bench/viewer_fps.py build/panopticon [seconds]
(PYTHONPATH=build/python for the module's part; docs/BENCHMARKS.md)."""
import json
import os
import re
import subprocess
import sys
import time
import urllib.request

BIN = sys.argv[1] if len(sys.argv) > 1 else "build/panopticon"
SECONDS = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
HERE = os.path.dirname(os.path.abspath(__file__))
FULL = os.path.join(HERE, "..", "scenarios", "compliance", "full.toml")
RUN2 = os.path.join(HERE, "..", "scenarios", "epstein-2002", "run2.toml")


def fps(side, scenario=FULL, label="full system", extra=()):
    p = subprocess.Popen([BIN, "serve", scenario, "--port", "0", "--set", f"lattice.width={side}",
                          "--set", f"lattice.height={side}", "--set", "model.steps=1000000",
                          *extra],
                         stdout=subprocess.PIPE, text=True)
    port = re.search(r":(\d+)/", p.stdout.readline()).group(1)
    base = f"http://127.0.0.1:{port}"
    request = urllib.request.Request(base + "/api/control", method="POST",
                                     data=json.dumps({"action": "start", "speed": 0}).encode(),
                                     headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request).read()
    frames, size, have, start = 0, 0, -1, time.time()
    while time.time() - start < SECONDS:
        with urllib.request.urlopen(f"{base}/api/frame?have={have}") as r:
            if r.status == 200:
                body = r.read()
                have = int.from_bytes(body[4:12], "little", signed=True)
                frames += 1
                size = len(body)
    elapsed = time.time() - start
    info = json.loads(urllib.request.urlopen(base + "/api/info").read())
    p.terminate()
    p.wait()
    print(f"{side}x{side} {label}: {frames / elapsed:.1f} frames/s delivered "
          f"({size} bytes a frame, {info['frame_width']}x{info['frame_height']}), "
          f"model at {info['tick'] / elapsed:.1f} ticks/s")


def python_overhead():
    try:
        import panopticon
    except ImportError:
        print("python module: not importable (PYTHONPATH=build/python)")
        return
    ticks = 2000
    start = time.time()
    subprocess.run([BIN, "run", RUN2, "--steps", str(ticks), "--out", "/tmp/bench-viewer-run",
                    "--force"], check=True, capture_output=True)
    cli = time.time() - start
    sim = panopticon.Simulation(RUN2, overrides={"model.steps": ticks})
    start = time.time()
    for _ in range(ticks):
        sim.step()
    one_by_one = time.time() - start
    sim = panopticon.Simulation(RUN2, overrides={"model.steps": ticks})
    start = time.time()
    sim.run()
    whole = time.time() - start
    print(f"Run 2 (40x40), {ticks} ticks: command line {cli:.3f} s (with start-up and outputs); "
          f"Python step() one at a time {one_by_one:.3f} s ({1e6 * one_by_one / ticks:.1f} us a "
          f"tick); run() {whole:.3f} s ({1e6 * whole / ticks:.1f} us a tick); "
          f"overhead of a step() call {1e6 * (one_by_one - whole) / ticks:.2f} us")


fps(200)
fps(1000)
fps(1000, RUN2, "Run 2 (Model I's rules, the layer on with nothing in it)")
fps(1000, RUN2, "Run 2, plain Model I (--no-layer)", ["--no-layer"])
python_overhead()
