"""ECG paper rendering (SPEC §5): standard layouts on a physical-unit grid, seeded augmentations.

``render_page(signal_mv, RenderConfig(...))`` draws one page; ``page_geometry(config)`` says where
every cell, baseline and calibration pulse lands in pixels; ``gem_data.render.batch.build_batch``
renders an ingested batch incrementally.
"""
from gem_data.render.config import RenderConfig, RenderConfigError, record_seed
from gem_data.render.draw import RenderError, encode_png, render_page
from gem_data.render.layouts import LAYOUTS
from gem_data.render.paper import PageGeometry, page_geometry

__all__ = ["LAYOUTS", "PageGeometry", "RenderConfig", "RenderConfigError", "RenderError", "encode_png",
           "page_geometry", "record_seed", "render_page"]
