"""kill -9 in the middle of an online run: restart finishes every row and never pays twice silently."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.gem_data.llm.helpers import make_config, make_requests
from tests.gem_data.llm.fake_openai import FakeOpenAI

from gem_data.llm.ledger import Ledger

CONCURRENCY = 4
ROWS = [f"k{i:02d}" for i in range(24)]

# The child builds the same requests as the test and runs them; it is what gets SIGKILLed.
_CHILD = r"""
import json, sys
sys.path.insert(0, sys.argv[4])
from tests.gem_data.llm.helpers import make_config, make_requests
from gem_data.llm.ledger import Ledger
from gem_data.llm.online import answer_online
base_url, ledger_path, image = sys.argv[1], sys.argv[2], sys.argv[3]
config = make_config(base_url, concurrency=%d)
requests = make_requests(config, %r, image)
ledger = Ledger(ledger_path)
results = answer_online(requests, config, ledger, "sk-child")
print(json.dumps([r.model_dump() for r in results]))
""" % (CONCURRENCY, ROWS)


def _child(base_url: str, ledger: Path, image: Path, script: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(script), base_url, str(ledger), str(image),
                             str(Path(__file__).resolve().parents[3])],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_sigkill_mid_run_then_restart_loses_nothing_and_resends_only_in_flight(tmp_path, image_path):
    script = tmp_path / "child.py"
    script.write_text(_CHILD)
    ledger_path = tmp_path / "ledger.sqlite"
    with FakeOpenAI(latency_s=0.25) as fake:
        proc = _child(fake.base_url, ledger_path, image_path, script)
        deadline = time.monotonic() + 60
        while sum(fake.answered.values()) < 8 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read()

        config = make_config(fake.base_url, concurrency=CONCURRENCY)
        keys = {r.custom_id.split("/")[1]: r.key for r in make_requests(config, ROWS, image_path)}
        ledger = Ledger(ledger_path)
        stored_before = {row for row, key in keys.items()
                         if (hit := ledger.get([key]).get(key)) is not None and hit.state == "done"}
        ledger.close()
        assert 0 < len(stored_before) < len(ROWS)  # the kill really landed mid-run
        received_before = dict(fake.received)

        proc = _child(fake.base_url, ledger_path, image_path, script)
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results = {r["record_id"].split("/")[1]: r for r in json.loads(out)}

    assert all(r["status"] == "ok" for r in results.values())  # every row finished
    for row in stored_before:  # answered and stored before the kill: never sent again
        assert fake.received[row] == received_before[row] == 1
    resent = {row for row, n in fake.received.items() if n > 1}
    assert len(resent) <= CONCURRENCY  # at most what was in flight at the kill
    flagged = {row for row, r in results.items() if r["possibly_billed_twice"]}
    answered_twice = {row for row, n in fake.answered.items() if n > 1}
    assert answered_twice <= flagged and resent <= flagged  # anything paid twice is reported
    assert len(flagged) <= CONCURRENCY
