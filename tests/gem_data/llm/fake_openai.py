"""A real HTTP server on 127.0.0.1 that speaks enough of the OpenAI protocol for our tests and benchmark.

Chat Completions, Files (multipart upload, list, content, delete) and Batches (create, retrieve, list,
cancel), with injectable faults and server-side counting, so tests exercise the real ``openai`` SDK over
real sockets instead of mocking it.

Rows are recognised by a ``ROW-<id>`` marker in the user text. ``faults[row_id]`` is a list consumed one
entry per attempt: ``"429"`` (with ``retry-after``), ``"500"``, ``"timeout"`` (answer after
``timeout_sleep_s``), ``"400"`` (context_length_exceeded), ``"401"`` (echoes the bearer token, as a
careless proxy might: the client must redact it), ``"quota"`` (429 insufficient_quota).
Optional rate limits (``rpm``, ``tpm``) are enforced with token buckets holding one second's worth.
"""
from __future__ import annotations

import email.parser
import email.policy
import json
import re
import threading
import time
import uuid
from collections import Counter, defaultdict
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_ROW = re.compile(r"ROW-([A-Za-z0-9_.\-]+)")


class FakeOpenAI:
    def __init__(self, *, latency_s: float = 0.0, rpm: int | None = None, tpm: int | None = None,
                 retry_after_s: float = 0.2, timeout_sleep_s: float = 2.0, batch_polls: int = 1):
        self.latency_s = latency_s
        self.retry_after_s = retry_after_s
        self.timeout_sleep_s = timeout_sleep_s
        self.batch_polls = batch_polls  # retrieves a batch stays in_progress before it completes
        self.faults: dict[str, list[str]] = defaultdict(list)
        self.lock = threading.Lock()
        self.received = Counter()   # row -> chat requests received (every attempt)
        self.arrivals: dict[str, list[float]] = defaultdict(list)  # row -> monotonic arrival times
        self.answered = Counter()   # row -> 200 answers fully written
        self.bodies: list[dict] = []
        self.auth_headers: set[str] = set()
        self.n_429 = 0
        self.files: dict[str, dict] = {}
        self.batches: dict[str, dict] = {}
        self.batch_creates = 0
        self.uploads = 0
        self.first_200_at: float | None = None
        self.last_200_at: float | None = None
        self._rpm = _Bucket(rpm / 60.0) if rpm else None
        self._tpm = _Bucket(tpm / 60.0) if tpm else None
        self._rpm_limit, self._tpm_limit = rpm, tpm
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self) -> "FakeOpenAI":
        self.thread.start()
        return self

    def __exit__(self, *_):
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- chat -----------------------------------------------------------------------------------

    def chat(self, body: dict, auth: str) -> tuple[int, dict, dict]:
        row = _row_of(body)
        with self.lock:
            self.received[row] += 1
            self.arrivals[row].append(time.monotonic())
            self.bodies.append(body)
            self.auth_headers.add(auth)
            fault = self.faults[row].pop(0) if self.faults.get(row) else None
        est_tokens = len(json.dumps(body)) // 4 + int(body.get("max_completion_tokens") or 0)
        if fault is None and self._rpm is not None:
            wait = max(self._rpm.try_take(1), self._tpm.try_take(est_tokens) if self._tpm else 0.0)
            if wait > 0:
                fault = "limit"
                with self.lock:
                    self.n_429 += 1
                return 429, _err("rate_limit_exceeded", "Rate limit reached"), {
                    "retry-after": f"{wait:.3f}"}
        if fault in ("429",):
            with self.lock:
                self.n_429 += 1
            return 429, _err("rate_limit_exceeded", "Rate limit reached"), {
                "retry-after": str(self.retry_after_s)}
        if fault == "quota":
            return 429, _err("insufficient_quota", "You exceeded your current quota"), {}
        if fault == "500":
            return 500, _err("server_error", "The server had an error"), {}
        if fault == "400":
            return 400, _err("context_length_exceeded", "This model's maximum context length is 128000"), {}
        if fault == "401":
            return 401, _err("invalid_api_key", f"Incorrect API key provided: {auth.split()[-1]}"), {}
        time.sleep(self.timeout_sleep_s if fault == "timeout" else self.latency_s)
        return 200, _completion(body, row), self._limit_headers()

    def _limit_headers(self) -> dict:
        out = {}
        for kind, bucket, limit in (("requests", self._rpm, self._rpm_limit),
                                    ("tokens", self._tpm, self._tpm_limit)):
            if bucket is not None:
                out[f"x-ratelimit-limit-{kind}"] = str(limit)
                out[f"x-ratelimit-remaining-{kind}"] = str(int(bucket.level()))
                out[f"x-ratelimit-reset-{kind}"] = "1s"
        return out

    def answered_row(self, row: str) -> None:
        with self.lock:
            self.answered[row] += 1
            now = time.perf_counter()
            self.first_200_at = self.first_200_at or now
            self.last_200_at = now

    # -- files and batches ----------------------------------------------------------------------

    def add_file(self, filename: str, purpose: str, data: bytes) -> dict:
        fid = f"file-{uuid.uuid4().hex[:16]}"
        obj = {"id": fid, "object": "file", "bytes": len(data), "created_at": int(time.time()),
               "filename": filename, "purpose": purpose, "status": "processed"}
        with self.lock:
            self.files[fid] = {"meta": obj, "data": data}
            self.uploads += purpose == "batch"
        return obj

    def create_batch(self, body: dict) -> tuple[int, dict]:
        if body.get("input_file_id") not in self.files:
            return 400, _err("invalid_request_error", "input file not found")
        bid = f"batch_{uuid.uuid4().hex[:16]}"
        obj = {"id": bid, "object": "batch", "endpoint": body["endpoint"], "errors": None,
               "input_file_id": body["input_file_id"], "completion_window": body["completion_window"],
               "status": "in_progress", "output_file_id": None, "error_file_id": None,
               "created_at": int(time.time()), "metadata": body.get("metadata"),
               "request_counts": {"total": 0, "completed": 0, "failed": 0}, "_polls": 0}
        with self.lock:
            self.batches[bid] = obj
            self.batch_creates += 1
        return 200, _public(obj)

    def retrieve_batch(self, bid: str) -> dict | None:
        with self.lock:
            obj = self.batches.get(bid)
            if obj is None:
                return None
            obj["_polls"] += 1
            ready = obj["status"] == "in_progress" and obj["_polls"] > self.batch_polls
        if ready:
            self._run_batch(obj)
        return _public(obj)

    def _run_batch(self, obj: dict) -> None:
        lines = self.files[obj["input_file_id"]]["data"].decode().splitlines()
        out, errs = [], []
        for line in lines:
            req = json.loads(line)
            status, body, _ = self.chat(req["body"], "batch")
            item = {"id": f"batch_req_{uuid.uuid4().hex[:8]}", "custom_id": req["custom_id"]}
            if status == 200:
                self.answered_row(_row_of(req["body"]))
                out.append({**item, "response": {"status_code": 200, "request_id": "r", "body": body},
                            "error": None})
            else:
                errs.append({**item, "response": {"status_code": status, "request_id": "r", "body": body},
                             "error": None})
        counts = {"total": len(lines), "completed": len(out), "failed": len(errs)}
        out_id = self.add_file("batch_output.jsonl", "batch_output",
                               "".join(json.dumps(o) + "\n" for o in out).encode())["id"] if out else None
        err_id = self.add_file("batch_errors.jsonl", "batch_output",
                               "".join(json.dumps(o) + "\n" for o in errs).encode())["id"] if errs else None
        with self.lock:
            obj.update(status="completed", output_file_id=out_id, error_file_id=err_id,
                       request_counts=counts, completed_at=int(time.time()))


class _Bucket:
    def __init__(self, rate: float):
        self.rate, self.capacity = rate, max(1.0, rate)
        self.tokens, self.stamp = self.capacity, time.monotonic()
        self.lock = threading.Lock()

    def level(self) -> float:
        with self.lock:
            return self.tokens

    def try_take(self, n: float) -> float:
        """Take ``n`` and return 0, or return how long until it would be available."""
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            need = min(n, self.capacity)
            if self.tokens >= need:
                self.tokens -= n
                return 0.0
            return (need - self.tokens) / self.rate


def _row_of(body: dict) -> str:
    m = _ROW.search(json.dumps(body.get("messages", [])))
    return m.group(1) if m else "?"


def _err(code: str, message: str) -> dict:
    return {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": code}}


def _completion(body: dict, row: str) -> dict:
    n_prompt = len(json.dumps(body.get("messages", []))) // 4
    text = (f"Lead-by-lead review of ROW-{row}.\n\n**Response:** The rhythm is regular in lead II "
            f"(beats 1-10) and the QRS is narrow; answer for ROW-{row}.")
    return {"id": f"chatcmpl-{uuid.uuid4().hex[:12]}", "object": "chat.completion",
            "created": int(time.time()), "model": body.get("model", "?"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                         "finish_reason": "stop"}],
            "usage": {"prompt_tokens": n_prompt, "completion_tokens": 40, "total_tokens": n_prompt + 40}}


def _public(obj: dict) -> dict:
    return {k: v for k, v in obj.items() if not k.startswith("_")}


def _handler(server: FakeOpenAI):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet, and never prints headers
            pass

        def _send(self, status: int, payload, headers: dict | None = None, raw: bytes | None = None):
            data = raw if raw is not None else json.dumps(payload).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json" if raw is None else
                                 "application/octet-stream")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)
                self.wfile.flush()
                return True
            except (BrokenPipeError, ConnectionResetError):
                return False

        def _body(self) -> bytes:
            n = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(n) if n else b""

        def do_POST(self):
            path = self.path.split("?")[0]
            raw = self._body()
            if path.endswith("/chat/completions"):
                body = json.loads(raw)
                status, payload, headers = server.chat(body, self.headers.get("Authorization", ""))
                if self._send(status, payload, headers) and status == 200:
                    server.answered_row(_row_of(body))
            elif path.endswith("/files"):
                msg = email.parser.BytesParser(policy=email.policy.default).parsebytes(
                    b"Content-Type: " + self.headers["Content-Type"].encode() + b"\r\n\r\n" + raw)
                fields, data, filename = {}, b"", "upload"
                for part in msg.iter_parts():
                    name = part.get_param("name", header="content-disposition")
                    if name == "file":
                        data = part.get_payload(decode=True)
                        filename = part.get_filename() or filename
                    else:
                        fields[name] = part.get_payload(decode=True).decode()
                self._send(200, server.add_file(filename, fields.get("purpose", "batch"), data))
            elif path.endswith("/batches"):
                status, payload = server.create_batch(json.loads(raw))
                self._send(status, payload)
            elif re.search(r"/batches/[^/]+/cancel$", path):
                bid = path.split("/")[-2]
                with server.lock:
                    obj = server.batches.get(bid)
                    if obj:
                        obj["status"] = "cancelled"
                self._send(200 if obj else 404, _public(obj) if obj else _err("not_found", bid))
            else:
                self._send(404, _err("not_found", path))

        def do_GET(self):
            path, _, query = self.path.partition("?")
            m = re.search(r"/files/([^/]+)(/content)?$", path)
            if path.endswith("/files"):
                purpose = dict(p.split("=", 1) for p in query.split("&") if "=" in p).get("purpose")
                data = [f["meta"] for f in server.files.values()
                        if purpose is None or f["meta"]["purpose"] == purpose]
                self._send(200, {"object": "list", "data": data, "has_more": False})
            elif m:
                f = server.files.get(m.group(1))
                if f is None:
                    self._send(404, _err("not_found", m.group(1)))
                elif m.group(2):
                    self._send(200, None, raw=f["data"])
                else:
                    self._send(200, f["meta"])
            elif path.endswith("/batches"):
                data = [_public(b) for b in sorted(server.batches.values(), key=lambda b: b["created_at"],
                                                   reverse=True)]
                self._send(200, {"object": "list", "data": data, "has_more": False,
                                 "first_id": data[0]["id"] if data else None,
                                 "last_id": data[-1]["id"] if data else None})
            elif re.search(r"/batches/[^/]+$", path):
                obj = server.retrieve_batch(path.split("/")[-1])
                self._send(200 if obj else 404, obj or _err("not_found", path))
            else:
                self._send(404, _err("not_found", path))

        def do_DELETE(self):
            m = re.search(r"/files/([^/]+)$", self.path)
            with server.lock:
                gone = server.files.pop(m.group(1), None) if m else None
            if gone is None:
                self._send(404, _err("not_found", self.path))
            else:
                self._send(200, {"id": m.group(1), "object": "file", "deleted": True})

    return Handler
