"""Parse each paragraph with the model, restoring case first where the text is all capitals."""

from __future__ import annotations

from reftel.extraction.nlp import model
from reftel.extraction.pipeline import Context
from reftel.extraction.truecase import capital_lines, restore_case

RESTORE_CASE = True
"""Restore case in all-capitals paragraphs before the model reads them (off only to measure
what restoring is worth)."""


def model_text(text: str) -> str:
    """The text the model reads: the paragraph itself, or its case-restored twin."""
    return restore_case(text) if RESTORE_CASE and capital_lines(text) else text


def parse_paragraphs(context: Context) -> None:
    """Parse one cable's paragraphs, unless a batch run parsed them already."""
    if not context.docs:
        parse_many([context])


def parse_many(contexts: list[Context]) -> None:
    """Parse the paragraphs of many cables in one stream through the model."""
    work = [(c, p) for c in contexts for p in c.cable.paragraphs if p.text.strip()]
    texts = [model_text(p.text) for _c, p in work]
    for (context, paragraph), doc in zip(work, model().pipe(texts, batch_size=64), strict=True):
        context.docs.append((paragraph, doc))
