"""Which lead goes in which cell of a page, per standard layout (SPEC §5).

A layout is a tuple of rows; each row is a tuple of leads drawn left to right as *consecutive*
time slices of the shown window, the way an ECG cart switches leads while it prints. So a row with
four leads shows 0-2.5 s, 2.5-5 s, 5-7.5 s, 7.5-10 s at 25 mm/s, and a row with one lead is a
rhythm strip over the whole window. Cells stacked in one column therefore show the same instant,
aligned with the rhythm strip below.
"""
from __future__ import annotations

from gem_data.signals import STANDARD_LEADS

LAYOUTS: dict[str, tuple[tuple[str, ...], ...]] = {
    # 3 rows of 4 x 2.5 s plus the 10 s lead-II rhythm strip (the US standard; ecg-image-kit default)
    "3x4": (
        ("I", "aVR", "V1", "V4"),
        ("II", "aVL", "V2", "V5"),
        ("III", "aVF", "V3", "V6"),
        ("II",),
    ),
    # GEM's choice: one lead per row, the full 10 s, I on top and V6 at the bottom
    "12x1": tuple((lead,) for lead in STANDARD_LEADS),
    # common in Europe: limb leads on the left half, chest leads on the right half
    "6x2": tuple(zip(STANDARD_LEADS[:6], STANDARD_LEADS[6:])),
}


def layout_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of a layout by name; an unknown name raises a ValueError that lists the choices."""
    try:
        return LAYOUTS[name]
    except KeyError:
        raise ValueError(f"unknown layout {name!r}; choose one of {', '.join(LAYOUTS)}") from None
