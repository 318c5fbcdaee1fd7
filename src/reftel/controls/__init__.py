"""Export-control classification of goods: control lists as data, designator equivalence, the
classifier, and the catch-all red flags that make an unlisted item a concern."""

from reftel.controls.classify import (
    CLASSIFIER,
    Classification,
    Item,
    Verdict,
    classify_good,
    classify_item,
    classify_text,
)

__all__ = [
    "CLASSIFIER",
    "Classification",
    "Item",
    "Verdict",
    "classify_good",
    "classify_item",
    "classify_text",
]
