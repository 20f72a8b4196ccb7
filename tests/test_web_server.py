"""`sse-channels serve`: its options, its loopback default, the warning for every interface,
the one line without the extra, a bad data file, and a real uvicorn stopped by signals."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.request

import pytest

from sse_channels.web import server

from .webserver import free_port, start, wait_until_up


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    import sse_channels.web

    seen: list[dict[str, object]] = []

    def fake(**kwargs: object) -> int:
        seen.append(kwargs)
        return 0

    monkeypatch.setattr(sse_channels.web, "serve", fake)
    return seen


def test_serve_binds_the_loopback_address_by_default(run, calls) -> None:
    assert run("serve")[0] == 0
    assert calls == [{"host": "127.0.0.1", "port": 8000, "data": None}]


def test_serve_takes_host_port_and_data(run, calls, tmp_path) -> None:
    data = str(tmp_path / "c.yaml")
    assert run("serve", "--host", "0.0.0.0", "--port", "9001", "--data", data)[0] == 0
    assert run("--data", data, "serve")[0] == 0
    assert calls == [
        {"host": "0.0.0.0", "port": 9001, "data": data},
        {"host": "127.0.0.1", "port": 8000, "data": data},
    ]


def test_a_port_out_of_range_is_a_usage_error(run, calls) -> None:
    code, out, err = run("serve", "--port", "70000")
    assert (code, out, calls) == (2, "", [])
    assert "70000 is out of range" in err


def test_without_the_extra_serve_says_how_to_install_it(run, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "starlette", None)  # `import starlette` fails
    assert run("serve") == (1, "", "serve needs the web extra: pip install 'sse-channels[web]'\n")
    assert run("--lang", "zh", "serve") == (
        1,
        "",
        "serve 需要安装网页组件：pip install 'sse-channels[web]'\n",
    )


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True),
     ("0.0.0.0", False), ("::", False), ("192.168.1.20", False), ("example.com", False)],
)  # fmt: skip
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert server.loopback(host) is loopback


def _no_server(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    import uvicorn

    configs: list[object] = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda self: configs.append(self.config))
    return configs


def test_every_interface_gets_a_warning_line(monkeypatch, capsys) -> None:
    configs = _no_server(monkeypatch)
    assert server.run(host="0.0.0.0", port=8000, data=None) == 0
    assert capsys.readouterr().err == (
        "warning: serving on 0.0.0.0: every machine that can reach this one can read the page;"
        " the default 127.0.0.1 serves this machine only\n"
    )
    assert server.run(host="127.0.0.1", port=8000, data=None) == 0
    assert capsys.readouterr().err == ""
    assert len(configs) == 2


def test_a_bad_data_file_is_said_before_any_port_is_opened(monkeypatch, capsys, tmp_path) -> None:
    configs = _no_server(monkeypatch)
    bad = tmp_path / "channels.yaml"
    bad.write_text("areas: [\n", encoding="utf-8")
    assert server.run(host="127.0.0.1", port=8000, data=str(bad)) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {bad}:")
    assert "Traceback" not in err
    assert configs == []


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_a_real_server_answers_and_stops_cleanly_on_a_signal(run, sig: signal.Signals) -> None:
    port = free_port()
    proc = start(port=port)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(proc, base)
        with urllib.request.urlopen(base + "/api/search?q=%E5%80%BA%E5%88%B8") as response:
            body = response.read().decode()
        assert body == run("search", "债券", "--json")[1]
    finally:
        proc.send_signal(sig)
        try:
            _out, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert f"Uvicorn running on http://127.0.0.1:{port}" in err
    assert err.splitlines()[-1].endswith(f"Finished server process [{proc.pid}]")


def test_a_port_in_use_is_one_error_and_exit_1() -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        proc = start(port=port)
        _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 1
    assert "Traceback" not in err
    assert "address already in use" in err.lower()
