"""QR codes of tel: URIs, read back by a real decoder (zbar's zbarimg) from what is drawn."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from sse_channels.errors import UsageError
from sse_channels.handoff.qr import image, image_kind, terminal, write_image

URI = "tel:+864008888400,6,1959"
ZBARIMG = shutil.which("zbarimg")
needs_zbar = pytest.mark.skipif(
    ZBARIMG is None, reason="zbarimg (Debian zbar-tools) is not installed; .ci/run installs it"
)


def decode(path: Path) -> str:
    """The payload zbar finds in an image; --raw prints it without the `QR-Code:` prefix."""
    assert ZBARIMG is not None
    proc = subprocess.run(
        [ZBARIMG, "--quiet", "--raw", str(path)], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.removesuffix("\n")


def rasterise(text: str, path: Path, *, ink: int, paper: int) -> None:
    """Draw half-block text as a terminal does: each cell is two modules, top and bottom;
    ink where a block is drawn, the terminal's background elsewhere, and more background
    around it (a terminal's screen)."""
    from PIL import Image

    lines = text.split("\n")
    width = max(len(line) for line in lines)
    scale, margin = 8, 6
    img = Image.new("L", ((width + 2 * margin) * scale, (2 * len(lines) + 2 * margin) * scale))
    img.paste(paper, (0, 0, img.width, img.height))
    for y, line in enumerate(lines):
        for x, ch in enumerate(line.ljust(width)):
            for half, inked in enumerate((ch in "█▀", ch in "█▄")):
                if inked:
                    left, top = (x + margin) * scale, (2 * y + half + margin) * scale
                    img.paste(ink, (left, top, left + scale, top + scale))
    img.save(path)


def test_terminal_code_shape() -> None:
    lines = terminal(URI).split("\n")
    assert (len(lines), max(map(len, lines))) == (17, 33)  # version 2 (25 modules) + 2 x 4
    assert set("".join(lines)) <= set("▀▄█ ")
    assert lines[0] == "█" * 33  # the quiet zone is drawn (light) on a dark terminal
    assert lines[-1] == "▀" * 33  # 33 rows: the last line's bottom half is the background


def test_terminal_inverted_draws_the_dark_modules() -> None:
    lines = terminal(URI, invert=True).split("\n")
    assert lines[0] == ""  # the quiet zone is the light terminal's own background
    assert lines[2].startswith("    █▀▀▀▀▀█ ")  # a finder pattern, four modules in


@needs_zbar
def test_terminal_rendering_decodes_on_a_dark_background(tmp_path: Path) -> None:
    shot = tmp_path / "dark.png"
    rasterise(terminal(URI), shot, ink=235, paper=20)  # light text on a dark terminal
    assert decode(shot) == URI


@needs_zbar
def test_terminal_rendering_decodes_inverted_on_a_light_background(tmp_path: Path) -> None:
    shot = tmp_path / "light.png"
    rasterise(terminal(URI, invert=True), shot, ink=20, paper=245)
    assert decode(shot) == URI


@needs_zbar
@pytest.mark.parametrize("uri", [URI, "tel:+864008888400,2,4,2", "tel:+862860119091"])
def test_png_decodes(tmp_path: Path, uri: str) -> None:
    out = tmp_path / "code.png"
    out.write_bytes(image(uri, "png"))
    assert decode(out) == uri


def test_svg_is_an_svg() -> None:
    svg = image(URI, "svg").decode()
    assert svg.startswith("<?xml") and "<svg" in svg and 'width="330"' in svg


@pytest.mark.parametrize("name", ["code.jpg", "code", "code.png.txt"])
def test_other_extensions_are_refused(name: str) -> None:
    with pytest.raises(UsageError) as info:
        image_kind(name)
    assert str(info.value) == f"--qr-out writes .png or .svg files, not {name!r}"


def test_write_image_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "mine.png"
    target.write_bytes(b"precious")
    with pytest.raises(UsageError, match="exists; use --force"):
        write_image(URI, str(target), force=False)
    assert target.read_bytes() == b"precious"
    assert write_image(URI, str(target), force=True) == "png"
    assert target.read_bytes().startswith(b"\x89PNG")


# --------------------------------------------------------------------------- the command


def test_dial_qr_draws_the_code_after_the_answer(run) -> None:
    code, out, err = run("dial", "债券", "--at", "2026-11-26T10:00", "--qr")
    assert (code, err) == (0, "")
    lines = out.split("\n")
    head = lines.index("  tel:+864008888400,6,1959")
    assert lines[head + 1 : head + 3] == ["", "tel:+864008888400,6,1959  4008888400 → 6 → 1959"]
    assert "\n".join(lines[head + 3 : head + 20]) == terminal(URI)
    assert lines[head + 20 :] == [""]


@needs_zbar
def test_dial_qr_out_writes_a_png_that_decodes(run, tmp_path: Path) -> None:
    target = tmp_path / "bond.png"
    code, _, err = run("dial", "债券", "--qr-out", str(target))
    assert code == 0
    assert err == f"wrote {target} (png, {URI})\n"
    assert decode(target) == URI
    code, _, err = run("dial", "债券", "--qr-out", str(target))
    assert (code, err.splitlines()[-1]) == (2, f"error: {target} exists; use --force to replace it")
    assert run("dial", "债券", "--qr-out", str(target), "--force")[0] == 0


def test_dial_qr_out_needs_one_line(run, tmp_path: Path) -> None:
    code, _, err = run("dial", "行业云", "--qr-out", str(tmp_path / "x.png"))
    assert code == 2
    out = tmp_path / "x.png"
    assert err == (
        "error: --qr-out writes one line and 2 match; choose one: "
        f"sse-channels dial 4008888400 2 4 1 --qr-out {out} (industry cloud - SSE quote cloud); "
        f"sse-channels dial 4008888400 2 4 2 --qr-out {out}"
        " (industry cloud - Zhengtong cloud and Xinchuang cloud)\n"
    )
    code, _, err = run("--lang", "zh", "dial", "投资者热线", "--qr-out", str(out))
    assert err == (
        "错误：--qr-out 一次只能生成一条线路的二维码，当前匹配到 2 条，请选择其一："
        f"sse-channels dial 4008888400 1 1 --qr-out {out} (咨询)；"
        f"sse-channels dial 4008888400 1 2 --qr-out {out} (投诉和建议)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_dial_qr_out_bad_extension(run, tmp_path: Path) -> None:
    code, out, err = run("dial", "债券", "--qr-out", str(tmp_path / "x.jpg"))
    assert (code, out) == (2, "")
    assert err == "error: --qr-out writes .png or .svg files, not 'x.jpg'\n"


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "the QR code needs 33 columns and the terminal has 30: widen it, or write an image"
         " with --qr-out FILE.png"),
        ("zh", "二维码需要 33 列宽，终端只有 30 列；请加宽终端窗口，"
         "或用 --qr-out FILE.png 保存为图片"),
    ],
)  # fmt: skip
def test_dial_qr_too_narrow_says_so_instead_of_drawing(run, monkeypatch, lang, message) -> None:
    from sse_channels.output import stdio

    monkeypatch.setattr(stdio, "is_tty", lambda: True)
    code, out, err = run("--lang", lang, "dial", "廉政监督", "--qr", env={"COLUMNS": "30"})
    assert (code, err) == (0, message + "\n")
    assert "▀" not in out and "█" not in out
    assert "tel:+864008888400,6,1284  4008888400 → 6 → 1284" in out.splitlines()
    code, out, err = run("--lang", lang, "dial", "廉政监督", "--qr", env={"COLUMNS": "33"})
    assert (code, err) == (0, "")
    assert "█" in out
