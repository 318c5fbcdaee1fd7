"""The store an app serves, kept on the app so every request of it shares one engine."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from reftel.store.repository import Store


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(store_of)]
