"""Limits that keep any one request from making the server work without bound."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Per-request limits; past them the server answers 413 (body) or 422 (draws, time)."""

    max_body_bytes: int = 256 * 1024
    """Largest request body accepted (claims documents, scenarios)."""
    max_draws: int = 10_000
    """Most Monte Carlo draws one simulate request may ask for."""
    default_draws: int = 1_000
    """Draws when a simulate request names none."""
    max_seconds: float = 10.0
    """Longest one model or treaty computation may run before the request is answered 503."""
    max_validate_seconds: float = 120.0
    """Time limit of the leave-one-out validation (computed once per seed and draws, then cached)."""
    max_concurrent_models: int = 2
    """Model computations running at once; further requests wait up to ``max_seconds``, then get 503."""
    record_refresh_seconds: float = 1.0
    """How often the store's revision is checked for writes made by other processes."""
