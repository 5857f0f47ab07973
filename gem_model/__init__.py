"""GEM-style multimodal ECG models: ECG-CoCa + CLIP encoders, projectors, a transformers LLM.

Modules, in data-flow order: ``config`` (presets), ``ecg_encoder``, ``vision``, ``projector``,
``splice``, ``gem`` (the model and its checkpoint folder), ``conversation`` (chat template),
``tokenizer``, ``data``, ``train``, ``pipes_train`` (Dagster Pipes entry), ``inference``, ``cli``.
Nothing here imports dagster.
"""
