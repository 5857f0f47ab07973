"""``gem render`` on real WFDB records: PTB-XL (upper-case lead names) and LUDB (lower-case)."""
from __future__ import annotations

from PIL import Image
from click.testing import CliRunner

from gem_data.render.cli import render


def test_render_writes_a_page_for_any_wfdb_record(tmp_path, shared_data):
    out = tmp_path / "page.png"
    rec = shared_data / "ptbxl" / "records500" / "00000" / "00005_hr"
    result = CliRunner().invoke(render, [str(rec), "-o", str(out), "--layout", "12x1", "--dpi", "100",
                                         "--augment", "rotate,noise", "--seed", "4"])
    assert result.exit_code == 0, result.output
    image = Image.open(out)
    assert image.size == (1100, 850) and image.text["gem:seed"] == "4"
    ludb = CliRunner().invoke(render, [str(shared_data / "ludb" / "data" / "1.hea"), "-o", str(tmp_path / "l.png"),
                                       "--dpi", "100"])
    assert ludb.exit_code == 0, ludb.output


def test_bad_layout_dpi_or_record_give_clear_errors(tmp_path, shared_data):
    rec = str(shared_data / "ptbxl" / "records500" / "00000" / "00005_hr")
    out = str(tmp_path / "x.png")
    bad_layout = CliRunner().invoke(render, [rec, "-o", out, "--layout", "4x3"])
    assert bad_layout.exit_code == 2 and "4x3" in bad_layout.output
    bad_dpi = CliRunner().invoke(render, [rec, "-o", out, "--dpi", "0"])
    assert bad_dpi.exit_code == 2 and "dpi must be" in bad_dpi.output
    missing = CliRunner().invoke(render, [str(tmp_path / "nope"), "-o", out])
    assert missing.exit_code == 1 and "missing header file" in missing.output
