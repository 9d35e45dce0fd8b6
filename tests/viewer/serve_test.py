"""`panopticon serve`: the server's API over HTTP and the page in headless
chromium (run by ctest as serve_test, with PANOPTICON_BIN and
PANOPTICON_SOURCE)."""
import json
import os
import pathlib
import re
import shutil
import signal
import struct
import subprocess
import time
import urllib.error
import urllib.request

import pytest

BIN = os.environ.get("PANOPTICON_BIN", "build/panopticon")
SOURCE = pathlib.Path(os.environ.get("PANOPTICON_SOURCE", pathlib.Path(__file__).parents[2]))
FULL = str(SOURCE / "scenarios" / "compliance" / "full.toml")


class Server:
    def __init__(self, *args):
        self.process = subprocess.Popen([BIN, "serve", *args, "--port", "0"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line + self.process.stderr.read()
        self.port = int(match.group(1))
        self.base = f"http://127.0.0.1:{self.port}"

    def get(self, path, headers=None):
        request = urllib.request.Request(self.base + path, headers=headers or {})
        try:
            with urllib.request.urlopen(request, timeout=30) as reply:
                return reply.status, reply.read(), reply.headers
        except urllib.error.HTTPError as e:
            return e.code, e.read(), e.headers

    def post(self, path, body, content_type="application/json"):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method="POST",
                                         headers={"Content-Type": content_type})
        try:
            with urllib.request.urlopen(request, timeout=60) as reply:
                return reply.status, json.loads(reply.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        out, err = self.process.communicate(timeout=30)
        return self.process.returncode, out, err


@pytest.fixture
def server():
    s = Server(FULL, "--set", "lattice.width=30", "--set", "lattice.height=30",
               "--set", "model.steps=200")
    yield s
    if s.process.poll() is None:
        s.stop()


def test_info_frames_and_series(server):
    status, body, _ = server.get("/api/info")
    info = json.loads(body)
    assert status == 200 and info["tick"] == 0 and info["width"] == 30
    assert {"active", "dissent", "confined", "falsification_gap"} <= set(info["series"])
    assert any(p["key"] == "cameras.coverage" for p in info["parameters"])
    assert [m["name"] for m in info["mechanisms"]][:2] == ["policing", "cameras"]

    status, frame, headers = server.get("/api/frame?have=-1")
    assert status == 200 and headers["Content-Type"] == "application/octet-stream"
    magic, tick, width, height, block, flags = struct.unpack("<4sqHHHH", frame[:20])
    assert (magic, tick, width, height, block) == (b"PNF1", 0, 30, 30, 1)
    assert len(frame) == 20 + width * height * (2 if flags & 1 else 1)
    assert max(frame[20:20 + 900]) <= 6
    status, empty, _ = server.get("/api/frame?have=0")
    assert status == 204 and empty == b""

    status, reply = server.post("/api/control", {"action": "step", "ticks": 4})
    assert status == 200 and reply["tick"] == 4
    status, body, _ = server.get("/api/series?from=2")
    series = json.loads(body)
    assert series["ticks"] == [2, 3, 4] and len(series["columns"]["active"]) == 3


def test_changes_take_effect_and_errors_say_what_is_allowed(server):
    status, reply = server.post("/api/parameter", {"key": "legitimacy.initial", "value": "0.4"})
    assert status == 200 and reply["event"] == {"tick": 1, "text": "legitimacy.initial = 0.4"}
    status, reply = server.post("/api/parameter", {"key": "legitimacy.initial", "value": "3"})
    assert status == 400 and "from 0 to 1" in reply["error"]
    status, reply = server.post("/api/parameter", {"key": "lattice.width", "value": "9"})
    assert status == 400 and "lattice.width" in reply["error"]
    status, reply = server.post("/api/mechanism", {"name": "camras", "on": True})
    assert status == 400 and "did you mean cameras" in reply["error"]
    status, reply = server.post("/api/mechanism", {"name": "cameras", "on": True})
    assert status == 200
    server.post("/api/control", {"action": "step", "ticks": 2})
    info = json.loads(server.get("/api/info")[1])
    assert {"name": "cameras", "on": True} .items() <= next(
        m for m in info["mechanisms"] if m["name"] == "cameras").items()
    events = json.loads(server.get("/api/series?from=0")[1])["events"]
    assert [e["text"] for e in events] == ["legitimacy.initial = 0.4", "adopt cameras"]
    status, reply = server.post("/api/control", {"action": "reset"})
    assert reply["tick"] == 0
    assert json.loads(server.get("/api/series?from=0")[1])["events"] == []


def test_what_the_server_refuses(server):
    assert server.post("/api/control", {"action": "fly"})[0] == 400
    assert server.post("/api/control", {"action": "start", "speed": -2})[0] == 400
    assert server.post("/api/control", b"not json")[0] == 400
    # Not JSON: a page of another origin could send it without asking.
    assert server.post("/api/control", b'{"action":"step"}', "text/plain")[0] == 415
    assert server.post("/api/control", b"x" * 100000)[0] in (400, 413)
    # Another host name: DNS rebinding.
    assert server.get("/api/info", {"Host": "evil.example:80"})[0] == 403
    status, body, _ = server.get("/etc/passwd")
    assert status == 404 and b"/api/info" in body
    # Paths that climb out: the server has no files on disk to climb to.
    for path in ("/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2fviewer.js",
                 "/api/../../../etc/passwd"):
        status, body, _ = server.get(path)
        assert 400 <= status < 500 and b"root:" not in body, path
    assert server.get("/api/frame?have=x")[0] == 400
    # Nothing refused changed the model.
    assert json.loads(server.get("/api/info")[1])["tick"] == 0


def test_runs_at_speed_and_stops_cleanly_on_sigterm(server):
    server.post("/api/control", {"action": "start", "speed": 0})
    for _ in range(600):
        info = json.loads(server.get("/api/info")[1])
        if not info["running"]:
            break
    assert info["tick"] == 200, "runs to model.steps and pauses there"
    code, out, _ = server.stop()
    assert code == 0 and "stopped at tick 200" in out


def test_a_large_lattice_is_sent_downsampled():
    s = Server(FULL, "--set", "lattice.width=1000", "--set", "lattice.height=1000",
               "--set", "model.steps=2")
    try:
        info = json.loads(s.get("/api/info")[1])
        assert (info["frame_width"], info["frame_height"], info["block"]) == (500, 500, 2)
        frame = s.get("/api/frame?have=-1")[1]
        assert len(frame) <= 20 + 2 * 500 * 500
    finally:
        s.stop()


def test_bad_command_lines_exit_2(tmp_path):
    missing = subprocess.run([BIN, "serve", str(tmp_path / "none.toml")], capture_output=True,
                             text=True)
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    s = Server(FULL)
    try:
        taken = subprocess.run([BIN, "serve", FULL, "--port", str(s.port)], capture_output=True,
                               text=True, timeout=30)
        assert taken.returncode == 2 and "--port" in taken.stderr
    finally:
        s.stop()


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed")
def test_the_page_draws_frames_and_charts_offline(server):
    server.post("/api/control", {"action": "step", "ticks": 20})
    dom = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=3000",
         "--dump-dom", server.base + "/"],
        capture_output=True, text=True, timeout=120).stdout
    body = re.search(r"<body[^>]*>", dom).group(0)
    assert int(re.search(r'data-frames="(\d+)"', body).group(1)) >= 1
    assert re.search(r'data-tick="20"', body)
    info = json.loads(server.get("/api/info")[1])
    assert dom.count('class="chart"') == len(info["series"])
    assert 'id="lattice"' in dom
    # Offline: the page names no other host.
    page = server.get("/")[1].decode() + server.get("/viewer.js")[1].decode()
    assert not re.search(r"https?://(?!127\.0\.0\.1)", page)


WORLD = str(SOURCE / "scenarios" / "world" / "synthetic.toml")
SMALL_WORLD = ["--set", "synthetic.count=6", "--set", "synthetic.regions=2",
               "--set", "world.end_year=2014", "--threads", "2"]


def test_a_world_is_served_a_year_at_a_time():
    s = Server(WORLD, *SMALL_WORLD)
    try:
        info = json.loads(s.get("/api/world/info")[1])
        assert info["kind"] == "world" and len(info["countries"]) == 7
        assert info["countries"][0]["exporter"] and info["next_year"] == 2006
        assert json.loads(s.get("/api/world/years?from=0")[1])["rows"] == []
        status, reply = s.post("/api/control", {"action": "step"})
        assert status == 200 and reply["next_year"] == 2007
        years = json.loads(s.get("/api/world/years?from=0")[1])
        assert years["rows_total"] == 7 and {r["year"] for r in years["rows"]} == {2006}
        s.post("/api/control", {"action": "start", "speed": 0})
        for _ in range(600):
            years = json.loads(s.get("/api/world/years?from=7")[1])
            if years["done"]:
                break
            time.sleep(0.1)
        assert years["done"] and years["rows_total"] == 7 * 9  # 2006-2014
        assert len(years["rows"]) == 7 * 8
        assert s.post("/api/control", {"action": "fly"})[0] == 400
        assert s.get("/api/world/years?from=x")[0] == 400
        assert s.get("/api/info")[0] == 404, "a world has no scenario API"
        page = s.get("/")[1].decode()
        assert "world.js" in page
        if shutil.which("chromium"):
            dom = subprocess.run(
                ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
                 "--virtual-time-budget=4000", "--dump-dom", s.base + "/"],
                capture_output=True, text=True, timeout=120).stdout
            body = re.search(r"<body[^>]*>", dom).group(0)
            assert re.search(r'data-rows="%d"' % (7 * 9), body), body
            assert dom.count('class="country') >= 7
    finally:
        code, out, _ = s.stop()
        assert code == 0 and "stopped before 2015" in out


def test_a_bad_world_exits_2_naming_the_key(tmp_path):
    bad = subprocess.run([BIN, "serve", WORLD, "--set", "synthetic.count=0", "--port", "0"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "synthetic.count" in bad.stderr


def test_clients_that_stall_are_bounded_and_the_model_goes_on(server):
    import socket

    server.post("/api/control", {"action": "step", "ticks": 3})
    # More idle connections than workers: each holds one for the read
    # timeout at most, then the others are served.
    idle = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(12)]
    half = socket.create_connection(("127.0.0.1", server.port))
    half.sendall(b"GET /api/info HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
    try:
        status, body, _ = server.get("/api/info")
        assert status == 200 and json.loads(body)["tick"] == 3
    finally:
        for s in idle + [half]:
            s.close()
    # Closing them harmed nothing.
    assert server.post("/api/control", {"action": "step"})[1]["tick"] == 4


def test_no_layer_runs_model_one_and_refuses_a_switch():
    s = Server(str(SOURCE / "scenarios" / "epstein-2002" / "run2.toml"), "--no-layer")
    try:
        info = json.loads(s.get("/api/info")[1])
        assert "dissent" not in info["series"] and "active" in info["series"]
        status, reply = s.post("/api/mechanism", {"name": "cameras", "on": True})
        assert status == 400 and "plain Model I" in reply["error"]
        assert s.post("/api/control", {"action": "step", "ticks": 3})[1]["tick"] == 3
    finally:
        s.stop()
