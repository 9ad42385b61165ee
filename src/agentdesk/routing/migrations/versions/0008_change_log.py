"""The change log: one row per changed interaction, transfer offer, review round or outbox item, written by
triggers in the transaction of the change, which every desktop follows with a cursor (agentdesk.desk.feed).

On PostgreSQL each row carries the top-level transaction id (``tx``, from ``pg_current_xact_id()``) so that a
reader can tell, from its snapshot, which rows it may not have seen yet (sequence ids are handed out before
commit: id 12 can be visible while id 11 is not). Statement-level triggers with transition tables keep a bulk
ingest to one extra INSERT per statement; they run with their owner's rights (a desktop's login may not write
the log itself); each also wakes listeners (``NOTIFY agentdesk_changes``, a hint
only). On SQLite (one writer at a time, ids committed in order) row triggers write the same rows without
``tx``. ``change_log_horizon`` remembers how far old rows were pruned, so that a desktop behind it knows.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_COLUMNS = "tx, kind, interaction_id, team_id, user_id, state, created_at"

#: PostgreSQL: (trigger function, table, event, SELECT of the rows to log from the transition tables)
_PG_TRIGGERS = {
    "agentdesk_log_interactions_insert": ("interactions", "INSERT", """
        SELECT 'interaction', n.id, n.team_id, n.owner_id, n.state FROM new_rows n"""),
    "agentdesk_log_interactions_update": ("interactions", "UPDATE", """
        SELECT 'interaction', n.id, n.team_id, n.owner_id, n.state FROM new_rows n
        UNION ALL  -- the team and owner it left learn that it left them
        SELECT 'interaction', o.id, o.team_id, o.owner_id, n.state FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE o.team_id IS DISTINCT FROM n.team_id OR o.owner_id IS DISTINCT FROM n.owner_id"""),
    "agentdesk_log_transfer_offers_insert": ("transfer_offers", "INSERT", """
        SELECT 'transfer', n.interaction_id, i.team_id, n.from_user_id, n.state
        FROM new_rows n JOIN interactions i ON i.id = n.interaction_id
        UNION ALL
        SELECT 'transfer', n.interaction_id, coalesce(n.to_team_id, i.team_id), n.to_user_id, n.state
        FROM new_rows n JOIN interactions i ON i.id = n.interaction_id"""),
    "agentdesk_log_transfer_offers_update": ("transfer_offers", "UPDATE", """
        SELECT 'transfer', n.interaction_id, i.team_id, n.from_user_id, n.state
        FROM new_rows n JOIN interactions i ON i.id = n.interaction_id
        UNION ALL
        SELECT 'transfer', n.interaction_id, coalesce(n.to_team_id, i.team_id), n.to_user_id, n.state
        FROM new_rows n JOIN interactions i ON i.id = n.interaction_id"""),
    "agentdesk_log_qa_rounds_insert": ("qa_rounds", "INSERT", """
        SELECT 'review', n.interaction_id, n.team_id, n.submitted_by, coalesce(n.decision, 'waiting')
        FROM new_rows n"""),
    "agentdesk_log_qa_rounds_update": ("qa_rounds", "UPDATE", """
        SELECT 'review', n.interaction_id, n.team_id, n.submitted_by, coalesce(n.decision, 'waiting')
        FROM new_rows n"""),
    "agentdesk_log_outbox_insert": ("outbox", "INSERT", """
        SELECT 'outbox', n.interaction_id, n.team_id, i.owner_id, n.state
        FROM new_rows n LEFT JOIN interactions i ON i.id = n.interaction_id"""),
    "agentdesk_log_outbox_update": ("outbox", "UPDATE", """
        SELECT 'outbox', n.interaction_id, n.team_id, i.owner_id, n.state
        FROM new_rows n LEFT JOIN interactions i ON i.id = n.interaction_id
        WHERE n.state IS DISTINCT FROM (SELECT o.state FROM old_rows o WHERE o.id = n.id)"""),
}

#: SQLite: (table, event, VALUES rows or a SELECT, evaluated per row with NEW/OLD)
_SQLITE_TRIGGERS = {
    "change_log_interactions_insert": ("interactions", "INSERT", [
        "SELECT 'interaction', NEW.id, NEW.team_id, NEW.owner_id, NEW.state"]),
    "change_log_interactions_update": ("interactions", "UPDATE", [
        "SELECT 'interaction', NEW.id, NEW.team_id, NEW.owner_id, NEW.state",
        "SELECT 'interaction', OLD.id, OLD.team_id, OLD.owner_id, NEW.state "
        "WHERE OLD.team_id IS NOT NEW.team_id OR OLD.owner_id IS NOT NEW.owner_id"]),
    **{f"change_log_transfer_offers_{verb.lower()}": ("transfer_offers", verb, [
        "SELECT 'transfer', NEW.interaction_id, i.team_id, NEW.from_user_id, NEW.state "
        "FROM interactions i WHERE i.id = NEW.interaction_id",
        "SELECT 'transfer', NEW.interaction_id, coalesce(NEW.to_team_id, i.team_id), NEW.to_user_id, NEW.state "
        "FROM interactions i WHERE i.id = NEW.interaction_id"]) for verb in ("INSERT", "UPDATE")},
    **{f"change_log_qa_rounds_{verb.lower()}": ("qa_rounds", verb, [
        "SELECT 'review', NEW.interaction_id, NEW.team_id, NEW.submitted_by, coalesce(NEW.decision, 'waiting')"])
       for verb in ("INSERT", "UPDATE")},
    "change_log_outbox_insert": ("outbox", "INSERT", [
        "SELECT 'outbox', NEW.interaction_id, NEW.team_id, "
        "(SELECT owner_id FROM interactions WHERE id = NEW.interaction_id), NEW.state"]),
    "change_log_outbox_update": ("outbox", "UPDATE", [
        "SELECT 'outbox', NEW.interaction_id, NEW.team_id, "
        "(SELECT owner_id FROM interactions WHERE id = NEW.interaction_id), NEW.state "
        "WHERE NEW.state IS NOT OLD.state"]),
}

_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f000', 'now')"


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("id", _BIGID, primary_key=True, autoincrement=True),
        sa.Column("tx", sa.BigInteger(), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("interaction_id", sa.BigInteger(), nullable=True),
        sa.Column("team_id", sa.BigInteger(), nullable=True),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("state", sa.String(20), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_change_log"),
        sqlite_autoincrement=True,  # ids never reused after pruning: the SQLite cursor is the id
    )
    op.create_index("ix_change_log_tx", "change_log", ["tx"])
    op.create_index("ix_change_log_created_at", "change_log", ["created_at"])
    op.create_table(
        "change_log_horizon",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("pruned_id", sa.BigInteger(), nullable=False),
        sa.Column("pruned_tx", sa.BigInteger(), nullable=True),
        sa.Column("pruned_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_change_log_horizon"),
    )
    if op.get_bind().dialect.name == "postgresql":
        for function, (table, verb, rows) in _PG_TRIGGERS.items():
            referencing = "NEW TABLE AS new_rows" if verb == "INSERT" else "OLD TABLE AS old_rows NEW TABLE AS new_rows"
            op.execute(f"""
                CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql
                SECURITY DEFINER SET search_path = public, pg_temp AS $$
                BEGIN
                    INSERT INTO change_log ({_COLUMNS})
                    SELECT pg_current_xact_id()::text::bigint, c.*, now() FROM ({rows}) AS c;
                    IF FOUND THEN
                        PERFORM pg_notify('agentdesk_changes', 'change_log');
                    END IF;
                    RETURN NULL;
                END $$
            """)
            op.execute(f"CREATE TRIGGER {function} AFTER {verb} ON {table} REFERENCING {referencing} "
                       f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()")
        return
    for name, (table, verb, selects) in _SQLITE_TRIGGERS.items():
        inserts = "".join(
            f"INSERT INTO change_log ({_COLUMNS}) SELECT NULL, c.*, {_SQLITE_NOW} FROM ({select}) AS c; "
            for select in selects)
        op.execute(f"CREATE TRIGGER {name} AFTER {verb} ON {table} BEGIN {inserts}END")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for function, (table, _verb, _rows) in _PG_TRIGGERS.items():
            op.execute(f"DROP TRIGGER {function} ON {table}")
            op.execute(f"DROP FUNCTION {function}()")
    else:
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    op.drop_table("change_log_horizon")
    op.drop_index("ix_change_log_created_at", table_name="change_log")
    op.drop_index("ix_change_log_tx", table_name="change_log")
    op.drop_table("change_log")
