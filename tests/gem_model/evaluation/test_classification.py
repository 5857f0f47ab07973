"""ECG-Bench metrics agree with scikit-learn and survive a class missing from the ground truth."""
from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import f1_score, hamming_loss, roc_auc_score

from gem_model.evaluation.classification import (
    LABEL_SETS, choice_accuracy, labels_from_codes, load_scp_statements, multilabel_metrics, parse_choice,
    parse_labels,
)

CLASSES = ("NORM", "MI", "STTC", "CD", "HYP")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_macro_auc_f1_and_hamming_match_sklearn_on_random_labels(seed):
    rng = np.random.default_rng(seed)
    y_true = rng.random((200, 5)) < 0.3
    y_pred = rng.random((200, 5)) < 0.35
    y_score = np.round(rng.random((200, 5)), 2)  # rounded: ties must be averaged as sklearn does
    m = multilabel_metrics(y_true, y_pred, y_score, classes=CLASSES)
    assert m.macro_auc == pytest.approx(roc_auc_score(y_true, y_score, average="macro"))
    assert m.macro_f1 == pytest.approx(f1_score(y_true, y_pred, average="macro", zero_division=0))
    assert m.hamming_loss == pytest.approx(hamming_loss(y_true, y_pred))
    binary = multilabel_metrics(y_true, y_pred, classes=CLASSES)  # text only: the prediction is the score
    assert binary.macro_auc == pytest.approx(roc_auc_score(y_true, y_pred.astype(float), average="macro"))


def test_a_class_absent_from_the_truth_is_excluded_from_auc_and_reported():
    rng = np.random.default_rng(5)
    y_true = rng.random((60, 5)) < 0.4
    y_true[:, 4] = False  # no HYP in this test set: its AUC is undefined
    y_pred = rng.random((60, 5)) < 0.4
    y_score = rng.random((60, 5))
    m = multilabel_metrics(y_true, y_pred, y_score, classes=CLASSES)
    assert m.auc_excluded == ("HYP",) and "HYP" not in m.auc_per_class
    assert np.isfinite(m.macro_auc)  # not NaN-poisoned
    assert m.macro_auc == pytest.approx(roc_auc_score(y_true[:, :4], y_score[:, :4], average="macro"))
    # F1 keeps every class, as sklearn does (HYP: no true positives possible)
    assert m.macro_f1 == pytest.approx(f1_score(y_true, y_pred, average="macro", zero_division=0))
    assert m.support["HYP"] == 0


def test_all_classes_undefined_gives_no_auc_instead_of_nan():
    y = np.zeros((4, 5), dtype=bool)
    m = multilabel_metrics(y, y, classes=CLASSES)
    assert m.macro_auc is None and m.auc_excluded == CLASSES and m.hamming_loss == 0.0


def test_ptbxl_superclasses_are_parsed_from_text_with_negation():
    texts = [
        "Sinus rhythm. Normal ECG.",
        "Inferior myocardial infarction with ST depression in V5 and V6.",
        "Complete right bundle branch block; left ventricular hypertrophy by voltage criteria.",
        "No ST elevation and no signs of infarction; first-degree AV block.",
        "sinusrhythmus linkstyp linksschenkelblock",  # PTB-XL German report
        None,
    ]
    got = parse_labels(texts, LABEL_SETS["ptbxl-super"])
    as_sets = [{c for c, on in zip(CLASSES, row) if on} for row in got]
    assert as_sets == [{"NORM"}, {"MI", "STTC"}, {"CD", "HYP"}, {"CD"}, {"CD"}, set()]


def test_ptbxl_truth_from_scp_codes_uses_the_statement_table(shared_data):
    table = load_scp_statements(shared_data / "ptbxl" / "scp_statements.csv")
    assert table["NORM"] == "NORM" and table["IMI"] == "MI" and table["LVH"] == "HYP"
    row = labels_from_codes("{'IMI': 35.0, 'LVH': 100.0, 'SR': 0.0}", table, CLASSES)
    assert [c for c, on in zip(CLASSES, row) if on] == ["MI", "HYP"]  # SR is a rhythm, not diagnostic


def test_multiple_choice_unparseable_answers_count_as_wrong():
    options = ["Atrial fibrillation", "Sinus rhythm", "Atrial flutter", "Ventricular tachycardia"]
    answers = ["The answer is (B).", "C", "**A** because the rhythm is irregular",
               "It could be A or B, hard to say; answer: A or answer: B", "I am not sure.",
               "This looks like ventricular tachycardia."]
    parsed = [parse_choice(a, 4, options) for a in answers]
    assert parsed == [1, 2, 0, None, None, 3]
    assert choice_accuracy(parsed, [1, 2, 0, 0, 1, 3]) == pytest.approx(4 / 6)  # None never scores
