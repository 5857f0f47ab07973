"""Independent truth corpus for the grounding verifier (issue 14): LUDB paragraphs labelled from the
cardiologists' annotations, and the scorer that runs the verifier on them as a black box."""
