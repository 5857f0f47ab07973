"""Read any supported WFDB record into the normalized signal every later stage sees (SPEC §2).

Normalized = float32 millivolts, shape (12, 5000), standard lead order *by name*
(I, II, III, aVR, aVL, aVF, V1..V6), 500 Hz, 10 s. MIMIC writes aVF before aVL, PTB-XL
writes ``AVR``, LUDB writes ``i``/``avr``: we never trust positions, only names.

Format-16 records (MIMIC-IV-ECG, PTB-XL, LUDB) take a fast path: our own header parser and one
``np.fromfile``; that is most of why ingestion beats a ``wfdb.rdrecord`` loop several times over
(benchmarks/ingest.py). Every other WFDB format goes through ``wfdb.rdrecord``.

Structural problems (missing or truncated files, wrong leads, unknown rate) raise
:class:`RecordError`. Quality problems (flat, saturated, NaN leads) do not: they are reported in
:class:`QualityFlags` so a renderer can still draw the record; ingestion decides what to quarantine.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import numpy as np
from scipy.signal import resample_poly

STANDARD_LEADS: tuple[str, ...] = (
    "I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6",
)
FS_HZ = 500
DURATION_S = 10
N_SAMPLES = FS_HZ * DURATION_S

# Rates with a polyphase rule to 500 Hz; anything else is refused rather than guessed.
SUPPORTED_FS_HZ: frozenset[int] = frozenset({100, 125, 200, 250, 360, 400, 500, 1000, 2000})

FLAT_PTP_MV = 0.01  # SPEC §2: a lead with less peak-to-peak than this carries no ECG
# Saturation = the amplifier pinned at a lead's extreme: one plateau this long, or this many
# shorter clipped peaks. Natural peaks hold their extreme for a sample or two; LUDB 115 has a
# 0.28 s settling plateau at its start that is not saturation, hence the long threshold.
SATURATION_RUN_S = 0.5
CLIPPED_PEAK_S, CLIPPED_PEAKS = 0.02, 3

_LEAD_ALIASES = {name.lower(): name for name in STANDARD_LEADS}
_WFDB_NAN_16 = -32768  # WFDB's "no sample" value for format 16
_INT32 = 2 ** 31  # a baseline beyond any ADC's range is a corrupt header, not a record


class RecordError(ValueError):
    """A record that cannot be read into the normalized form; ``reason`` says why."""

    def __init__(self, record: str, reason: str):
        super().__init__(f"{record}: {reason}")
        self.record = record
        self.reason = reason


@dataclass(frozen=True)
class QualityFlags:
    """What normalization saw and changed; stored with every catalog row."""

    nan_count: tuple[int, ...]  # per standard lead, NaN/Inf/missing samples set to 0
    flat_leads: tuple[str, ...] = ()
    saturated_leads: tuple[str, ...] = ()
    resampled_from_hz: int | None = None
    padded_s: float = 0.0
    cropped_s: float = 0.0

    @property
    def nan_leads(self) -> tuple[str, ...]:
        return tuple(lead for lead, n in zip(STANDARD_LEADS, self.nan_count) if n > 0)

    def problems(self, max_nan_share: float = 0.5) -> list[str]:
        """Reasons to quarantine (SPEC §2): a missing (mostly NaN), flat or saturated lead."""
        limit = max_nan_share * N_SAMPLES
        missing = [lead for lead, n in zip(STANDARD_LEADS, self.nan_count) if n >= limit]
        out = []
        if missing:
            out.append(f"missing (NaN) lead(s): {', '.join(missing)}")
        flat = [lead for lead in self.flat_leads if lead not in missing]
        if flat:
            out.append(f"flat lead(s) (peak-to-peak < {FLAT_PTP_MV} mV): {', '.join(flat)}")
        if self.saturated_leads:
            out.append(f"saturated lead(s): {', '.join(self.saturated_leads)}")
        return out


@dataclass(frozen=True)
class Record:
    """A normalized 12-lead record. ``signal``: (12, 5000) float32 mV in ``leads`` order."""

    name: str
    signal: np.ndarray
    flags: QualityFlags
    meta: dict = field(default_factory=dict)  # fs_original, n_samples_original, comments, base_date, base_time
    leads: tuple[str, ...] = STANDARD_LEADS
    fs: int = FS_HZ


@dataclass(frozen=True)
class _Header:
    name: str
    n_sig: int
    fs_hz: float
    n_samples: int
    base_time: str | None
    base_date: str | None
    files: tuple[str, ...]
    fmts: tuple[str, ...]
    gains: tuple[float, ...]
    baselines: tuple[int, ...]
    byte_offsets: tuple[int, ...]
    sig_names: tuple[str, ...]
    comments: tuple[str, ...]


def read_record(path: str | os.PathLike, *, within: tuple[str, ...] = ()) -> Record:
    """Read one WFDB record (path with or without ``.hea``) into a normalized :class:`Record`.

    ``within``: real paths (``Source.roots``) that the header and every signal file it names must
    resolve inside, symlinks followed; a record that reaches outside is refused unread (issue 17).

    >>> rec = read_record("../shared/data/ptbxl/records500/00000/00005_hr")  # doctest: +SKIP
    >>> rec.signal.shape, rec.leads[4]
    ((12, 5000), 'aVL')
    """
    base = _strip_ext(Path(path))
    name = str(base)
    try:
        return _read_record(base, name, within)
    except OSError as exc:  # over-long names, permissions, I/O errors: the record, not the batch
        raise RecordError(name, f"cannot read: {exc.strerror or type(exc).__name__}") from exc


def _read_record(base: Path, name: str, within: tuple[str, ...]) -> Record:
    hea = base.with_name(base.name + ".hea")
    _check_within(hea, within, name)
    if not hea.is_file():
        raise RecordError(name, f"missing header file {hea.name}")
    header = _parse_header(hea, name)
    for f in set(header.files):
        _check_within(base.with_name(f), within, name)
    order = lead_order(header.sig_names, name)
    fs_in = _check_fs(header.fs_hz, name)
    digital, phys_mv = _read_samples(base, header, name)
    digital = digital[order]
    phys_mv = phys_mv[order]
    return normalize(
        name, phys_mv, fs_in, digital=digital,
        meta={
            "fs_original": fs_in,
            "n_samples_original": int(header.n_samples),
            "comments": list(header.comments),
            "base_date": header.base_date,
            "base_time": header.base_time,
            "sig_names_original": list(header.sig_names),
        },
    )


def _check_within(path: Path, roots: tuple[str, ...], record: str) -> None:
    """Refuse a file whose resolved path (symlinks followed) lies outside every root."""
    if not roots:
        return
    real = os.path.realpath(path)
    if not any(real == r or real.startswith(r.rstrip(os.sep) + os.sep) for r in roots):
        raise RecordError(record, f"{path.name} resolves outside the source root; not read")


def normalize(name: str, signal_mv: np.ndarray, fs_hz: int, *, digital: np.ndarray | None = None,
              meta: dict | None = None) -> Record:
    """Bring a (12, n) mV array in standard lead order to 500 Hz, 10 s, float32, with flags.

    ``digital`` (same shape, ints) lets saturation be judged on the ADC values before scaling.
    """
    if signal_mv.shape[0] != len(STANDARD_LEADS):
        raise RecordError(name, f"expected 12 leads, got {signal_mv.shape[0]}")
    x = np.asarray(signal_mv, dtype=np.float64)
    bad = ~np.isfinite(x)
    nan_count_in = bad.sum(axis=1)
    saturated = _saturated_leads(digital if digital is not None else x, bad, fs_hz)
    if bad.any():
        x = np.where(bad, 0.0, x)  # GEM's loader sets NaN/Inf to 0; we also count them
    resampled_from = None
    if fs_hz != FS_HZ:
        ratio = Fraction(FS_HZ, int(fs_hz))
        x = resample_poly(x, ratio.numerator, ratio.denominator, axis=1)
        resampled_from = int(fs_hz)
    n = x.shape[1]
    padded_s = cropped_s = 0.0
    if n < N_SAMPLES:
        x = np.pad(x, ((0, 0), (0, N_SAMPLES - n)))
        padded_s = (N_SAMPLES - n) / FS_HZ
    elif n > N_SAMPLES:
        x = x[:, :N_SAMPLES]
        cropped_s = (n - N_SAMPLES) / FS_HZ
    out = x.astype(np.float32)
    if bad.any():
        lo = np.where(bad, np.inf, signal_mv).min(axis=1)
        ptp = np.where(np.isfinite(lo), np.where(bad, -np.inf, signal_mv).max(axis=1) - lo, 0.0)
    else:
        ptp = np.ptp(signal_mv, axis=1)
    flags = QualityFlags(
        nan_count=tuple(int(c) for c in nan_count_in),
        flat_leads=tuple(STANDARD_LEADS[i] for i in np.flatnonzero(ptp < FLAT_PTP_MV)),
        saturated_leads=tuple(STANDARD_LEADS[i] for i in saturated),
        resampled_from_hz=resampled_from,
        padded_s=padded_s,
        cropped_s=cropped_s,
    )
    return Record(name=name, signal=out, flags=flags, meta=dict(meta or {}))


def lead_order(sig_names: tuple[str, ...] | list[str], record: str = "?") -> np.ndarray:
    """Indices that take a record's channels to the standard order, matched by name, case-blind."""
    seen: dict[str, int] = {}
    unknown = []
    for i, raw in enumerate(sig_names):
        std = _LEAD_ALIASES.get(raw.strip().lower())
        if std is None:
            unknown.append(raw)
        elif std in seen:
            raise RecordError(record, f"lead {std} appears twice")
        else:
            seen[std] = i
    missing = [lead for lead in STANDARD_LEADS if lead not in seen]
    if missing:
        detail = f"; unknown lead names: {', '.join(unknown)}" if unknown else ""
        raise RecordError(record, f"missing lead(s) {', '.join(missing)} "
                                  f"({len(sig_names)} signals){detail}")
    return np.array([seen[lead] for lead in STANDARD_LEADS])


def _strip_ext(p: Path) -> Path:
    return p.with_suffix("") if p.suffix in (".hea", ".dat") else p


def _check_fs(fs_hz: float, record: str) -> int:
    if not np.isfinite(fs_hz) or fs_hz != int(fs_hz) or int(fs_hz) not in SUPPORTED_FS_HZ:
        raise RecordError(record, f"sampling rate {fs_hz:g} Hz has no resampling rule "
                                  f"(supported: {sorted(SUPPORTED_FS_HZ)})")
    return int(fs_hz)


_PLAIN_NAME = re.compile(r"^[^/\\\x00]{1,250}$")  # a file beside the header, never a path
_SIG_SPEC = re.compile(r"^(?P<fmt>\d+)(?:x\d+)?(?::\d+)?(?:\+(?P<off>\d+))?$")
_GAIN_SPEC = re.compile(r"^(?P<gain>[-+0-9.eE]+)(?:\((?P<base>[-+]?\d+)\))?(?:/(?P<unit>\S+))?$")


def _parse_header(hea: Path, record: str) -> _Header:
    """Parse the parts of a WFDB header we use (record line, one line per signal, comments)."""
    try:
        text = hea.read_text(encoding="latin-1")
    except OSError as exc:
        raise RecordError(record, f"cannot read header: {exc}") from exc
    lines = [ln.strip() for ln in text.splitlines()]
    comments = tuple(ln.lstrip("#").strip() for ln in lines if ln.startswith("#"))
    body = [ln for ln in lines if ln and not ln.startswith("#")]
    if not body:
        raise RecordError(record, "empty header")
    rec = body[0].split()
    try:
        if "/" in rec[0]:
            raise RecordError(record, "multi-segment records are not supported")
        n_sig = int(rec[1])
        fs_hz = float(rec[2].split("/")[0].split("(")[0]) if len(rec) > 2 else 250.0
        n_samples = int(rec[3]) if len(rec) > 3 else 0
    except (IndexError, ValueError) as exc:
        raise RecordError(record, f"malformed record line {body[0]!r}") from exc
    if n_samples < 0 or n_sig < 0:
        raise RecordError(record, f"malformed record line {body[0]!r}: negative count")
    sig_lines = body[1:1 + n_sig]
    if len(sig_lines) < n_sig:
        raise RecordError(record, f"header declares {n_sig} signals but describes {len(sig_lines)}")
    files, fmts, gains, baselines, offsets, names = [], [], [], [], [], []
    for ln in sig_lines:
        parts = ln.split()
        if len(parts) < 2:
            raise RecordError(record, f"malformed signal line {ln!r}")
        m = _SIG_SPEC.match(parts[1])
        if m is None:
            raise RecordError(record, f"malformed format field {parts[1]!r}")
        gain, base = 200.0, None
        if len(parts) > 2:
            g = _GAIN_SPEC.match(parts[2])
            if g is None:
                raise RecordError(record, f"malformed gain field {parts[2]!r}")
            try:
                gain = float(g["gain"]) or 200.0  # WFDB: gain 0 means uncalibrated, default 200
            except ValueError:
                raise RecordError(record, f"malformed gain field {parts[2]!r}") from None
            if not np.isfinite(gain):
                raise RecordError(record, f"gain {parts[2]!r} is not finite")
            unit = (g["unit"] or "mV").lower()
            if unit in ("uv", "µv"):
                gain = gain * 1000.0
            elif unit not in ("mv",):
                raise RecordError(record, f"unsupported unit {g['unit']!r}")
            base = int(g["base"]) if g["base"] is not None else None
        try:
            adc_zero = int(parts[4]) if len(parts) > 4 else 0
        except ValueError:
            raise RecordError(record, f"malformed ADC zero field {parts[4]!r}") from None
        if not all(-_INT32 <= v < _INT32 for v in (adc_zero, base or 0)):
            raise RecordError(record, f"baseline or ADC zero out of range in {ln!r}")
        if not _PLAIN_NAME.match(parts[0]) or parts[0] in (".", ".."):
            raise RecordError(record, f"signal file field {parts[0]!r} is not a plain file name")
        files.append(parts[0])
        fmts.append(m["fmt"])
        gains.append(gain)
        baselines.append(base if base is not None else adc_zero)
        offsets.append(int(m["off"] or 0))
        names.append(" ".join(parts[8:]) if len(parts) > 8 else f"sig{len(names)}")
    tail = rec[4:]
    return _Header(
        name=rec[0], n_sig=n_sig, fs_hz=fs_hz, n_samples=n_samples,
        base_time=tail[0] if tail else None, base_date=tail[1] if len(tail) > 1 else None,
        files=tuple(files), fmts=tuple(fmts), gains=tuple(gains), baselines=tuple(baselines),
        byte_offsets=tuple(offsets), sig_names=tuple(names), comments=comments,
    )


def _read_samples(base: Path, h: _Header, record: str) -> tuple[np.ndarray, np.ndarray]:
    """Return (digital int array, physical mV float64 with NaN for missing) in file order."""
    single_16 = len(set(h.files)) == 1 and set(h.fmts) == {"16"} and len(set(h.byte_offsets)) == 1
    if not single_16:
        return _read_samples_wfdb(base, h, record)
    dat = base.with_name(h.files[0])
    if not dat.is_file():
        raise RecordError(record, f"missing signal file {dat.name}")
    size = dat.stat().st_size - h.byte_offsets[0]
    n_expected = h.n_samples * h.n_sig * 2
    if h.n_samples == 0:
        n_expected = size - size % (h.n_sig * 2)
    if size < n_expected:
        raise RecordError(record, f"truncated {dat.name}: expected {n_expected} bytes of samples, "
                                  f"found {max(size, 0)}")
    n = n_expected // (h.n_sig * 2)
    if n == 0:
        raise RecordError(record, f"{dat.name} holds no samples")
    raw = np.fromfile(dat, dtype="<i2", count=n * h.n_sig, offset=h.byte_offsets[0])
    digital = raw.reshape(n, h.n_sig).T  # (n_sig, n): format 16 interleaves samples
    gains = np.asarray(h.gains)[:, None]
    base_v = np.asarray(h.baselines)[:, None]
    phys = (digital - base_v) / gains
    phys[digital == _WFDB_NAN_16] = np.nan
    return digital, phys


def _read_samples_wfdb(base: Path, h: _Header, record: str) -> tuple[np.ndarray, np.ndarray]:
    import wfdb  # only for formats our fast path does not cover

    for f in set(h.files):
        if not base.with_name(f).is_file():
            raise RecordError(record, f"missing signal file {f}")
    try:
        rec = wfdb.rdrecord(str(base), physical=False, return_res=32)
        digital = rec.d_signal.T.astype(np.int64)
    except Exception as exc:  # wfdb raises many types for corrupt files; name the record
        raise RecordError(record, f"unreadable signal: {type(exc).__name__}: {exc}") from exc
    gains = np.asarray(rec.adc_gain, dtype=float)[:, None]
    gains[gains == 0] = 200.0
    units = [u.lower() for u in rec.units]
    scale = np.array([1000.0 if u in ("uv", "µv") else 1.0 for u in units])[:, None]
    phys = (digital - np.asarray(rec.baseline)[:, None]) / (gains * scale)
    nan_values = {"8": -128, "16": -32768, "80": -128, "212": -2048, "24": -(2 ** 23), "32": -(2 ** 31)}
    for i, fmt in enumerate(rec.fmt):
        if fmt in nan_values:
            phys[i, digital[i] == nan_values[fmt]] = np.nan
    return digital, phys


def _saturated_leads(values: np.ndarray, bad: np.ndarray, fs_hz: float) -> list[int]:
    """Leads pinned at their own maximum or minimum: one long plateau or repeated clipped peaks."""
    long_run = max(3, int(round(SATURATION_RUN_S * fs_hz)))
    peak_run = max(3, int(round(CLIPPED_PEAK_S * fs_hz)))
    if bad.any():
        lo = np.where(bad, np.inf, values).min(axis=1)
        hi = np.where(bad, -np.inf, values).max(axis=1)
    else:
        lo, hi = values.min(axis=1), values.max(axis=1)
    # Vectorized pre-check: a lead with fewer than peak_run samples at either extreme cannot be
    # saturated; only the rare rest gets a run-length look.
    at_hi = (values == hi[:, None]) & ~bad
    at_lo = (values == lo[:, None]) & ~bad
    suspects = np.flatnonzero(((at_hi.sum(axis=1) >= peak_run) | (at_lo.sum(axis=1) >= peak_run)) & (hi > lo))
    out = []
    for i in suspects:
        for mask in (at_hi[i], at_lo[i]):
            runs = _run_lengths(mask)
            if runs.max(initial=0) >= long_run or (runs >= peak_run).sum() >= CLIPPED_PEAKS:
                out.append(int(i))
                break
    return out


def _run_lengths(mask: np.ndarray) -> np.ndarray:
    """Lengths of the runs of True in a boolean array."""
    padded = np.concatenate(([0], mask.view(np.int8), [0]))
    edges = np.flatnonzero(np.diff(padded))
    return edges[1::2] - edges[::2]
