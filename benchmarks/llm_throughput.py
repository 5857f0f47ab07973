"""LLM stage throughput against a local OpenAI-protocol server with 100 ms latency and RPM/TPM limits.

Ours (gem_data.llm.online: token buckets following x-ratelimit headers, adaptive concurrency, ledger)
and a naive baseline (the openai SDK's own retries under a fixed semaphore) answer the same rows
against identical servers, in the same run. Reported: achieved request rate as a share of the RPM
limit, rows lost (never answered), and 429s. Then prompt-token statistics of the guider on the real
PTB-XL and LUDB records in ../shared/data (ingested, features and per-record facts from the features
stage, prompts from the guider; o200k_base text tokens + image tiles of a 200-DPI page).

Run: .venv/bin/python benchmarks/llm_throughput.py [--rows 600] [--rpm 2400] [--records 51]
"""
from __future__ import annotations

import argparse
import asyncio
import csv
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import openai  # noqa: E402

from gem_data.llm.ledger import Ledger  # noqa: E402
from gem_data.llm.online import answer_online  # noqa: E402
from tests.gem_data.llm.fake_openai import FakeOpenAI  # noqa: E402
from tests.gem_data.llm.helpers import make_config, make_requests  # noqa: E402

LATENCY_S = 0.1


def _server_tokens(req) -> int:
    """The fake server's token count for a request (its TPM bucket charges this much)."""
    from gem_data.llm.client import chat_body

    body = chat_body(req)
    return len(json.dumps(body)) // 4 + int(body["max_completion_tokens"])


def ours(rows: list[str], rpm: int, tpm: int, image: Path, tmp: Path) -> dict:
    with FakeOpenAI(latency_s=LATENCY_S, rpm=rpm, tpm=tpm) as fake:
        config = make_config(fake.base_url, concurrency=32, rpm=rpm, tpm=tpm, max_attempts=8,
                             backoff_max_s=5.0, timeout_s=30.0)
        requests = [r.model_copy(update={"est_prompt_tokens": _server_tokens(r) - config.max_output_tokens})
                    for r in make_requests(config, rows, image)]
        ledger = Ledger(tmp / "ours.sqlite")
        start = time.perf_counter()
        results = answer_online(requests, config, ledger, "sk-bench")
        wall = time.perf_counter() - start
        stored = ledger.counts().get("done", 0)
        ledger.close()
        ok = sum(r.status == "ok" for r in results)
        twice = sum(n > 1 for n in fake.answered.values())
        return {"wall_s": wall, "ok": ok, "lost": len(rows) - min(ok, stored), "n_429": fake.n_429,
                "answered_twice": twice}


def naive(rows: list[str], rpm: int, tpm: int, image: Path) -> dict:
    """What a first script does: a semaphore and the SDK's default retries (2, short backoff), run
    again on the failed rows until every row is answered (at most 20 rounds)."""
    from gem_data.llm.client import chat_body

    with FakeOpenAI(latency_s=LATENCY_S, rpm=rpm, tpm=tpm) as fake:
        config = make_config(fake.base_url)
        todo = make_requests(config, rows, image)

        async def round_(requests):
            sem = asyncio.Semaphore(32)
            async with openai.AsyncOpenAI(api_key="sk-bench", base_url=fake.base_url) as client:
                async def one(req):
                    async with sem:
                        try:
                            await client.chat.completions.create(**chat_body(req))
                            return None
                        except openai.APIError:
                            return req

                return [r for r in await asyncio.gather(*(one(r) for r in requests)) if r is not None]

        start = time.perf_counter()
        rounds = 0
        while todo and rounds < 20:
            todo = asyncio.run(round_(todo))
            rounds += 1
        return {"wall_s": time.perf_counter() - start, "ok": len(rows) - len(todo), "lost": len(todo),
                "rounds": rounds, "n_429": fake.n_429, "answered_twice": sum(n > 1 for n in fake.answered.values())}


def _share(run: dict, limit_rpm: float) -> float:
    """Answered requests per minute as % of the limit, not counting the server's initial burst (its
    bucket starts with one second of requests), so the figure is the sustained rate."""
    burst = limit_rpm / 60.0
    return 100 * max(0.0, run["ok"] - burst) / run["wall_s"] * 60 / limit_rpm


def _real_sources() -> dict[str, tuple[Path, dict[str, str]]]:
    """{source: (WFDB folder, {record file stem: report})} for the real records beside the project."""
    data = ROOT.parent / "shared" / "data"
    out: dict[str, tuple[Path, dict[str, str]]] = {}
    ptbxl = data / "ptbxl"
    if (ptbxl / "ptbxl_database_subset.csv").exists():
        with open(ptbxl / "ptbxl_database_subset.csv", newline="", encoding="utf-8") as fh:
            reports = {Path(row["filename_hr"]).name: row["report"] for row in csv.DictReader(fh)}
        out["PTB-XL"] = (ptbxl / "records500", reports)
    ludb = data / "ludb"
    if (ludb / "ludb.csv").exists():  # its diagnoses stand in for a machine report
        with open(ludb / "ludb.csv", newline="", encoding="utf-8") as fh:
            reports = {row["ID"].strip(): ". ".join(v.strip().replace("\n", ". ") for k, v in row.items()
                                                    if k not in ("ID", "Sex", "Age") and v and v.strip())
                       for row in csv.DictReader(fh)}
        out["LUDB"] = (ludb / "data", reports)
    return out


def prompt_tokens(n_records: int, tmp: Path) -> list[str]:
    """Guider prompt tokens (system + user + chat framing) on real records, one line per source, built
    as the pipeline builds them: ingested (gem_data.catalog), FeatureDB rows and per-record facts from
    the features stage (``features`` + ``features_records``), then gem_data.guider.build_prompt. Every
    trusted beat of the 14 features in all 12 leads; a beat adds ~270 tokens, so beat counts are shown."""
    import polars as pl

    from gem_data.catalog import ingest_batch
    from gem_data.features import build_batch as build_features
    from gem_data.guider import GuiderConfig, build_prompt, count_text_tokens, image_tokens
    from gem_data.guider.build import prompt_text_tokens
    from gem_data.layout import DataLayout
    from gem_data.sources import WfdbFolder

    sources = _real_sources()
    if not sources:
        return ["prompt tokens: no real records found under ../shared/data"]
    config = GuiderConfig()
    template = config.load()
    system = count_text_tokens(template.system)
    lines = []
    for source, (folder, reports) in sources.items():
        layout = DataLayout(tmp / source)
        wfdb = WfdbFolder(folder)
        counts, beats, doubtful = [], [], []
        for batch in wfdb.list_batches():
            if len(counts) >= n_records:
                break
            ingest_batch(wfdb, layout, batch)
            build_features(layout, batch)
            feats = pl.read_parquet(layout.features(batch))
            facts = {r["record_id"]: r for r in pl.read_parquet(layout.stage_file("features_records", batch))
                     .iter_rows(named=True)}
            for rec in pl.read_parquet(layout.catalog(batch)).filter(pl.col("status") == "ok").iter_rows(named=True):
                rows = feats.filter(pl.col("record_id") == rec["record_id"])
                if rows.is_empty() or len(counts) >= n_records:
                    continue
                report = reports.get(Path(rec["path"]).name) or "none"
                _, user = build_prompt({**rec, "report": report}, rows, template, config, facts.get(rec["record_id"]))
                counts.append(prompt_text_tokens(template, user))
                beats.append(int(rows["beat"].max()) + 1)
                doubtful.append(_doubtful_share(rows))
        c, b = np.asarray(counts), np.asarray(beats)
        by_beats = ", ".join(f"{n} beats {np.median(c[b == n]):.0f}" for n in (11, 12) if (b == n).any())
        lines.append(f"prompt tokens on {len(c)} real {source} records ({np.median(b):.0f} beats median): text "
                     f"median {np.median(c):.0f}, p95 {np.percentile(c, 95):.0f}, max {c.max()} (o200k_base; "
                     f"{template.version}, system part {system}; median at {by_beats}; doubtful values shown as "
                     f"'-': {100 * np.mean(doubtful):.1f}%); + {image_tokens(2200, 1700)} image tokens for a "
                     "200-DPI letter page")
    return lines


def _doubtful_share(rows) -> float:
    """Share of the record's measured per-beat values the guider prints as not measurable."""
    from gem_data.features.confidence import doubtful_expr
    from gem_data.guider import FEATURE_ROWS

    cols = [c for c, _, _ in FEATURE_ROWS if c in rows.columns]
    if "p_conf" not in rows.columns:
        return 0.0
    flags = rows.select([(doubtful_expr(c) & rows[c].is_not_null()).alias(c) for c in cols]).to_numpy()
    measured = rows.select([rows[c].is_not_null().alias(c) for c in cols]).to_numpy()
    return float(flags.sum() / max(1, measured.sum()))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=600)
    ap.add_argument("--rpm", type=int, default=2400)
    ap.add_argument("--records", type=int, default=100, help="real records per source for token stats")
    ap.add_argument("--tokens-only", action="store_true", help="only the prompt-token statistics")
    args = ap.parse_args()
    if args.tokens_only:
        with tempfile.TemporaryDirectory() as tmp_dir:
            for line in prompt_tokens(args.records, Path(tmp_dir)):
                print(line, flush=True)
        return
    rows = [f"b{i:05d}" for i in range(args.rows)]
    with tempfile.TemporaryDirectory() as tmp_dir:
        tmp = Path(tmp_dir)
        image = tmp / "page.png"
        Image.new("RGB", (220, 170), (255, 235, 235)).save(image)
        from tests.gem_data.llm.helpers import make_config as _mc

        per_request = _server_tokens(make_requests(_mc("http://x/v1"), rows[:1], image)[0])
        print(f"server: {LATENCY_S * 1000:.0f} ms latency, {args.rpm} RPM; {args.rows} rows of "
              f"{per_request} tokens", flush=True)
        runs = {}
        # rpm-bound: TPM far above need; tpm-bound: TPM allows half the RPM limit
        for name, tpm in (("rpm-bound", args.rpm * per_request * 10), ("tpm-bound", args.rpm * per_request // 2)):
            runs[name] = ours(rows, args.rpm, tpm, image, tmp / name)
            limit_rpm = min(args.rpm, tpm / per_request)
            pct = _share(runs[name], limit_rpm)
            print(f"ours ({name}, TPM {tpm}, effective limit {limit_rpm:.0f} req/min): {pct:.0f}% "
                  f"{runs[name]}", flush=True)
        base = naive(rows, args.rpm, args.rpm * 1000, image)
        print(f"naive SDK retries (rpm-bound): {base}", flush=True)
        for line in prompt_tokens(args.records, tmp):
            print(line, flush=True)
    r = runs["rpm-bound"]
    pct, base_pct = _share(r, args.rpm), _share(base, args.rpm)
    print(f"llm_throughput: {pct:.0f}% of the rate limit, {r['lost']} lost rows of {args.rows} "
          f"({args.rpm} RPM, 100 ms latency; {pct / base_pct:.2f}x naive-sdk-retries: {base_pct:.0f}%, "
          f"{base['lost']} lost)")


if __name__ == "__main__":
    main()
