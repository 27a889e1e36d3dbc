"""A random instance number, so that caches tell two databases apart (a new store at an old address too).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    meta = sa.table("store_meta", sa.column("key", sa.String), sa.column("value", sa.Integer))
    op.bulk_insert(meta, [{"key": "instance", "value": secrets.randbelow(2**31 - 1) + 1}])


def downgrade() -> None:
    op.execute("DELETE FROM store_meta WHERE key = 'instance'")
