"""Limits that keep any one request from making the server work without bound."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Limits on each request and on the server's work: past them the server answers 413 (body), 422
    (draws), 429 (a client's rate of expensive requests) or 503 (time, a full pool)."""

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
    """Model computations running at once (the ``models`` pool's workers)."""
    model_queue: int = 16
    """Model requests that may wait for a worker (up to their deadline); past that, 503 at once."""
    read_workers: int = 8
    """Threads answering record queries that are not cached yet, and refreshing the session."""
    write_workers: int = 4
    """Threads running the store's transactions (each may wait up to the store's lock timeout)."""
    model_rate: str = "60/minute"
    """Expensive requests (simulate, assess a scenario, validate) one client address may make, in the
    notation of the ``limits`` library (``N/second|minute|hour``); past it, 429 with Retry-After."""
    request_seconds: float = 30.0
    """Deadline of any request (reading its body included), validate excepted
    (``max_validate_seconds``); past it, 503."""
    record_refresh_seconds: float = 1.0
    """How often the store's revision is checked for writes made by other processes."""
    store_retry_seconds: float = 5.0
    """While the store cannot be read, how long the shipped record alone is served before the store
    is tried again."""
