"""Team shape security, part 2: row-level security and the rules the database enforces (PostgreSQL only)

Who a connection is comes from ``session_user`` (functions below); nothing depends on the role prefix, which
``admin apply`` keeps in ``agentdesk_role_prefix()``. The *kind* of a connection is ``owner`` (the tables'
owner, a superuser, or any role outside the agentdesk groups: they get no rights from agentdesk), ``router``,
``agent``, ``lead``, ``admin``, or ``none`` (a retired user, or a group member who is not a user).

- Row-level security is ENABLED and FORCED on every table of customer data: an agent or a lead sees their
  team's rows, their own, and what is offered to them (a pending transfer, an open consultation); an admin,
  the router and the owner see everything. Related rows (notes, attachments, rounds …) follow their
  interaction. ``users`` and ``workbins`` have policies for the few writes a desktop makes there.
- Triggers enforce the rules with readable messages (docs/security.md): inbound email comes only from the
  router; a review round is decided only by a lead of its team (or an admin), never by its author, and a
  decided round never changes; an outbound email that needs review reaches the outbox only from ``review``
  through an approved round; the outbox's sending state changes only by the router (a desktop may take a
  message back, hand it back, or decide on an uncertain one).
- Table privileges (what each group may change) are granted by ``admin apply``; no desktop group may delete
  customer data.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFINER = "SECURITY DEFINER SET search_path = public, pg_temp"

_FUNCTIONS = [
    # which groups the session user belongs to, by their name after the prefix
    f"""
    CREATE FUNCTION agentdesk_session_groups() RETURNS text[] LANGUAGE sql STABLE {DEFINER} AS $$
        SELECT coalesce(array_agg(substr(g.rolname, length(agentdesk_role_prefix()) + 1)), '{{}}')
        FROM pg_catalog.pg_auth_members m
        JOIN pg_catalog.pg_roles g ON g.oid = m.roleid
        JOIN pg_catalog.pg_roles r ON r.oid = m.member
        WHERE r.rolname = session_user
          AND g.rolname IN (agentdesk_role_prefix() || 'agentdesk_agent', agentdesk_role_prefix() || 'agentdesk_lead',
                            agentdesk_role_prefix() || 'agentdesk_admin', agentdesk_role_prefix() || 'agentdesk_router')
    $$
    """,
    f"""
    CREATE FUNCTION agentdesk_session_kind() RETURNS text LANGUAGE sql STABLE {DEFINER} AS $$
        SELECT CASE
            WHEN 'agentdesk_router' = ANY (agentdesk_session_groups()) THEN 'router'
            WHEN cardinality(agentdesk_session_groups()) = 0 THEN 'owner'
            ELSE coalesce((SELECT u.role FROM users u
                           WHERE u.login = agentdesk_session_login() AND u.retired_at IS NULL), 'none')
        END
    $$
    """,
    # the kind row-level security uses: inside a SECURITY DEFINER function (current_user = the owner) all rows
    """
    CREATE FUNCTION agentdesk_rls_kind() RETURNS text LANGUAGE sql STABLE AS $$
        SELECT CASE
            WHEN pg_catalog.pg_has_role(current_user, (SELECT c.relowner FROM pg_catalog.pg_class c
                                                       WHERE c.oid = 'public.interactions'::regclass), 'USAGE')
            THEN 'owner'
            ELSE agentdesk_session_kind()
        END
    $$
    """,
    f"""
    CREATE FUNCTION agentdesk_session_uid() RETURNS bigint LANGUAGE sql STABLE {DEFINER} AS $$
        SELECT u.id FROM users u WHERE u.login = agentdesk_session_login() AND u.retired_at IS NULL
    $$
    """,
    f"""
    CREATE FUNCTION agentdesk_session_team() RETURNS bigint LANGUAGE sql STABLE {DEFINER} AS $$
        SELECT u.team_id FROM users u WHERE u.login = agentdesk_session_login() AND u.retired_at IS NULL
    $$
    """,
    # interactions offered to the session user: a pending transfer to them or their team, an open consultation
    f"""
    CREATE FUNCTION agentdesk_offered_ids() RETURNS bigint[] LANGUAGE sql STABLE {DEFINER} AS $$
        SELECT coalesce(array_agg(DISTINCT x.id), '{{}}') FROM (
            SELECT o.interaction_id AS id FROM transfer_offers o
            WHERE o.state = 'pending'
              AND (o.to_user_id = agentdesk_session_uid() OR o.to_team_id = agentdesk_session_team())
            UNION ALL
            SELECT c.interaction_id FROM consultations c
            WHERE c.state = 'open' AND c.with_user_id = agentdesk_session_uid()
        ) x
    $$
    """,
    # whether an outbound email of this author needs review (actions.outbound._needs_review, in SQL)
    f"""
    CREATE FUNCTION agentdesk_needs_review(interaction_id bigint, author_id bigint) RETURNS boolean
    LANGUAGE sql STABLE {DEFINER} AS $$
        WITH rule AS (SELECT value AS v FROM options WHERE key = 'qa_review'),
             author AS (SELECT u.login, t.name AS team FROM users u LEFT JOIN teams t ON t.id = u.team_id
                        WHERE u.id = author_id)
        SELECT EXISTS (SELECT 1 FROM qa_rounds r WHERE r.interaction_id = $1)
            OR coalesce((SELECT (rule.v -> 'agents') ? author.login OR (rule.v -> 'teams') ? author.team
                         FROM rule, author), false)
            OR coalesce((SELECT ('x' || encode(substring(sha256(convert_to('agentdesk-qa-sample:' || $1, 'UTF8'))
                                                         FROM 1 FOR 4), 'hex'))::bit(32)::bigint % 100
                                < coalesce((rule.v ->> 'sample_percent')::int, 0)
                         FROM rule), false)
    $$
    """,
]

# -- policies -------------------------------------------------------------------------------------------------
_ALL = "(SELECT agentdesk_rls_kind()) IN ('owner', 'router', 'admin')"
_UID = "(SELECT agentdesk_session_uid())"
_TEAM = "(SELECT agentdesk_session_team())"
_INTERACTION_SEEN = f"team_id = {_TEAM} OR owner_id = {_UID} OR id = ANY ((SELECT agentdesk_offered_ids())::bigint[])"


def _via(table: str, column: str) -> str:
    """Visible when the parent row is (the parent's own policy decides); ``column`` names the child's column."""
    return f"EXISTS (SELECT 1 FROM {table} p WHERE p.id = {column})"


#: table → (USING, WITH CHECK); each becomes one policy for all commands, granted commands come from admin apply
_POLICIES = {
    "interactions": (f"{_ALL} OR {_INTERACTION_SEEN}", None),
    "contacts": (f"{_ALL} OR team_id IS NULL OR team_id = {_TEAM} "
                 "OR EXISTS (SELECT 1 FROM interactions i WHERE i.contact_id = contacts.id)",
                 f"{_ALL} OR team_id IS NULL OR team_id = {_TEAM}"),
    "contact_emails": (f"{_ALL} OR {_via('contacts', 'contact_emails.contact_id')}", None),
    "contact_phones": (f"{_ALL} OR {_via('contacts', 'contact_phones.contact_id')}", None),
    "cases": (f"{_ALL} OR team_id IS NULL OR team_id = {_TEAM} "
              "OR EXISTS (SELECT 1 FROM interactions i WHERE i.case_id = cases.id)",
              f"{_ALL} OR team_id IS NULL OR team_id = {_TEAM} "
              "OR EXISTS (SELECT 1 FROM interactions i WHERE i.case_id = cases.id)"),
    "case_data": (f"{_ALL} OR {_via('cases', 'case_data.case_id')}", None),
    "notes": (f"{_ALL} OR {_via('interactions', 'notes.interaction_id')}",
              f"{_ALL} OR ({_via('interactions', 'notes.interaction_id')} AND author_id = {_UID})"),
    "attachments": (f"{_ALL} OR {_via('interactions', 'attachments.interaction_id')}", None),
    "history": (f"{_ALL} OR actor_id = {_UID} OR {_via('interactions', 'history.interaction_id')} "
                f"OR (interaction_id IS NULL AND team_id = {_TEAM})",
                f"{_ALL} OR actor_id = {_UID}"),
    "qa_rounds": (f"{_ALL} OR {_via('interactions', 'qa_rounds.interaction_id')}", None),
    "consultations": (f"{_ALL} OR with_user_id = {_UID} OR {_via('interactions', 'consultations.interaction_id')}", None),
    "consultation_messages": (f"{_ALL} OR {_via('consultations', 'consultation_messages.consultation_id')}",
                              f"{_ALL} OR ({_via('consultations', 'consultation_messages.consultation_id')} "
                              f"AND author_id = {_UID})"),
    "transfer_offers": (f"{_ALL} OR to_user_id = {_UID} OR to_team_id = {_TEAM} "
                        f"OR {_via('interactions', 'transfer_offers.interaction_id')}", None),
    "workbin_items": (f"{_ALL} OR {_via('interactions', 'workbin_items.interaction_id')}", None),
    "outbox": (f"{_ALL} OR {_via('interactions', 'outbox.interaction_id')}", None),
    # the change feed (migration 0008) names interactions, teams and owners: each desktop follows its own
    "change_log": (f"{_ALL} OR team_id = {_TEAM} OR user_id = {_UID}", None),
}

_RULES = [
    # interactions: inbound email only from the router; review and outbox transitions
    f"""
    CREATE FUNCTION agentdesk_interactions_rules() RETURNS trigger LANGUAGE plpgsql {DEFINER} AS $$
    DECLARE
        kind text := agentdesk_session_kind();
        round record;
        item text;
    BEGIN
        IF kind NOT IN ('agent', 'lead', 'admin', 'none') THEN
            RETURN NEW;
        END IF;
        IF TG_OP = 'INSERT' THEN
            IF NEW.direction = 'inbound' AND NEW.kind = 'email' THEN
                RAISE EXCEPTION 'only the router stores inbound email' USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF NEW.state IN ('review', 'outbox', 'sent', 'failed') THEN
                RAISE EXCEPTION 'a new interaction cannot start as %', NEW.state
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END IF;
        IF NEW.direction <> OLD.direction OR NEW.kind <> OLD.kind THEN
            RAISE EXCEPTION 'interaction %: its direction and kind never change', OLD.id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.state = OLD.state THEN
            RETURN NEW;
        END IF;
        SELECT coalesce(r.decision, '') AS decision INTO round FROM qa_rounds r
            WHERE r.interaction_id = OLD.id ORDER BY r.round_no DESC LIMIT 1;
        round.decision := coalesce(round.decision, '');
        IF OLD.state = 'review' AND NOT (
                (NEW.state = 'outbox' AND round.decision IN ('approved', 'edited'))
                OR (NEW.state = 'rejected' AND round.decision = 'rejected')
                OR (NEW.state = 'needs_attention' AND round.decision = 'stopped')) THEN
            RAISE EXCEPTION 'outbound email % is waiting for review: only a lead''s decision moves it (to %)',
                OLD.id, NEW.state USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.state = 'outbox' AND OLD.state <> 'review'
                AND agentdesk_needs_review(OLD.id, coalesce(OLD.owner_id, agentdesk_session_uid())) THEN
            RAISE EXCEPTION 'outbound email % needs a lead''s approval before it reaches the outbox', OLD.id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF OLD.state = 'outbox' THEN
            SELECT coalesce(o.state, '') INTO item FROM outbox o WHERE o.interaction_id = OLD.id;
            item := coalesce(item, '');
            IF NOT ((NEW.state = 'draft' AND item = 'cancelled') OR (NEW.state = 'sent' AND item = 'sent')) THEN
                RAISE EXCEPTION 'outbound email % is in the outbox: only the router moves it to %',
                    OLD.id, NEW.state USING ERRCODE = 'insufficient_privilege';
            END IF;
        ELSIF NEW.state IN ('sent', 'failed') THEN
            RAISE EXCEPTION 'only the router marks an email %', NEW.state USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END $$
    """,
    # qa_rounds: opened by the author undecided; decided once, by a lead of the team or an admin, not the author
    # (every write to an open round is part of its decision: reviewer, time, note, the reviewer's version)
    f"""
    CREATE FUNCTION agentdesk_qa_rounds_rules() RETURNS trigger LANGUAGE plpgsql {DEFINER} AS $$
    DECLARE
        kind text := agentdesk_session_kind();
        uid bigint := agentdesk_session_uid();
        target record;
    BEGIN
        IF kind = 'owner' THEN
            RETURN NEW;
        END IF;
        IF TG_OP = 'INSERT' THEN
            IF NEW.decision IS NOT NULL OR NEW.reviewer_id IS NOT NULL OR NEW.decided_at IS NOT NULL THEN
                RAISE EXCEPTION 'a review round starts undecided' USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF uid IS NULL OR NEW.submitted_by <> uid THEN
                RAISE EXCEPTION 'a review round is submitted by its author, as themself'
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END IF;
        IF OLD.decision IS NOT NULL THEN
            RAISE EXCEPTION 'round % of outbound email % is already %; a decided round never changes',
                OLD.round_no, OLD.interaction_id, OLD.decision USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF (NEW.interaction_id, NEW.round_no, NEW.submitted_by, NEW.subject, NEW.body_text, NEW.team_id)
                IS DISTINCT FROM (OLD.interaction_id, OLD.round_no, OLD.submitted_by, OLD.subject, OLD.body_text,
                                  OLD.team_id)
                OR NEW.body_html IS DISTINCT FROM OLD.body_html
                OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at THEN
            RAISE EXCEPTION 'round % of outbound email %: only its decision may be written', OLD.round_no,
                OLD.interaction_id USING ERRCODE = 'insufficient_privilege';
        END IF;
        SELECT i.team_id, i.owner_id INTO target FROM interactions i WHERE i.id = OLD.interaction_id;
        IF NOT (kind = 'admin' OR (kind = 'lead' AND target.team_id IS NOT DISTINCT FROM agentdesk_session_team()
                                   AND target.team_id IS NOT NULL)) THEN
            RAISE EXCEPTION 'only a lead of the team of outbound email % (or an administrator) decides its review',
                OLD.interaction_id USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF uid IS NULL OR uid = OLD.submitted_by OR uid IS NOT DISTINCT FROM target.owner_id THEN
            RAISE EXCEPTION 'nobody approves their own: round % of outbound email % is by the same user',
                OLD.round_no, OLD.interaction_id USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF NEW.reviewer_id IS DISTINCT FROM uid THEN
            RAISE EXCEPTION 'the reviewer of a round is the user deciding it' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END $$
    """,
    # outbox: a desktop queues a message of an interaction already in the outbox, takes it back, decides
    f"""
    CREATE FUNCTION agentdesk_outbox_rules() RETURNS trigger LANGUAGE plpgsql {DEFINER} AS $$
    DECLARE
        kind text := agentdesk_session_kind();
        istate text;
    BEGIN
        IF kind IN ('owner', 'router') THEN
            RETURN NEW;
        END IF;
        SELECT i.state INTO istate FROM interactions i WHERE i.id = NEW.interaction_id;
        IF TG_OP = 'INSERT' OR (OLD.state = 'cancelled' AND NEW.state = 'queued') THEN
            IF NEW.state <> 'queued' OR NEW.attempts <> 0 OR NEW.sent_at IS NOT NULL OR NEW.filed_in_sent THEN
                RAISE EXCEPTION 'a message enters the outbox queued, never sent' USING ERRCODE = 'insufficient_privilege';
            END IF;
            IF istate IS DISTINCT FROM 'outbox' THEN
                RAISE EXCEPTION 'interaction % is %, not handed to the outbox: it cannot be queued for sending',
                    NEW.interaction_id, istate USING ERRCODE = 'insufficient_privilege';
            END IF;
            RETURN NEW;
        END IF;
        IF NOT ((OLD.state = 'queued' AND NEW.state = 'cancelled' AND OLD.not_before > now())
                OR (OLD.state = 'uncertain' AND NEW.state IN ('sent', 'queued'))) THEN
            RAISE EXCEPTION 'only the router changes the sending state of outbox item % (% to %)', OLD.id,
                OLD.state, NEW.state USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF (NEW.raw, NEW.message_id, NEW.envelope_from, NEW.attempts, NEW.interaction_id)
                IS DISTINCT FROM (OLD.raw, OLD.message_id, OLD.envelope_from, OLD.attempts, OLD.interaction_id)
                OR NEW.envelope_to::text IS DISTINCT FROM OLD.envelope_to::text THEN
            RAISE EXCEPTION 'outbox item %: a queued message is never rewritten', OLD.id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
    END $$
    """,
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for sql in _FUNCTIONS:
        op.execute(sql)
    for table, (using, check) in _POLICIES.items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY agentdesk_rows ON {table} USING ({using}) WITH CHECK ({check or using})")
    # a desktop deletes only the attachments of its own email being written
    op.execute(
        f"CREATE POLICY agentdesk_own_draft ON attachments AS RESTRICTIVE FOR DELETE USING ({_ALL} OR EXISTS ("
        f"SELECT 1 FROM interactions p WHERE p.id = attachments.interaction_id AND p.owner_id = {_UID} "
        "AND p.direction = 'outbound' AND p.state IN ('draft', 'rejected', 'needs_attention')))")
    # users and workbins: the desktop's few writes there (not forced: the owner's functions read them)
    op.execute("ALTER TABLE users ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY agentdesk_read ON users FOR SELECT USING (true)")
    op.execute(f"CREATE POLICY agentdesk_write ON users FOR UPDATE USING ({_ALL} OR id = {_UID}) "
               f"WITH CHECK ({_ALL} OR id = {_UID})")
    op.execute(f"CREATE POLICY agentdesk_add ON users FOR INSERT WITH CHECK ({_ALL})")
    op.execute("ALTER TABLE workbins ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY agentdesk_read ON workbins FOR SELECT USING (true)")
    op.execute(f"CREATE POLICY agentdesk_write ON workbins FOR UPDATE USING ({_ALL}) WITH CHECK ({_ALL})")
    op.execute(
        f"CREATE POLICY agentdesk_add ON workbins FOR INSERT WITH CHECK ({_ALL} OR (kind <> 'team' AND ("
        f"owner_id = {_UID} OR ((SELECT agentdesk_rls_kind()) = 'lead' "
        f"AND (SELECT u.team_id FROM users u WHERE u.id = workbins.owner_id) = {_TEAM}))))")
    for sql in _RULES:
        op.execute(sql)
    # checked at commit: an approval writes the interaction before its round (the rows' flush order)
    op.execute("CREATE CONSTRAINT TRIGGER interactions_rules AFTER INSERT OR UPDATE ON interactions "
               "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION agentdesk_interactions_rules()")
    op.execute("CREATE TRIGGER qa_rounds_rules BEFORE INSERT OR UPDATE ON qa_rounds "
               "FOR EACH ROW EXECUTE FUNCTION agentdesk_qa_rounds_rules()")
    op.execute("CREATE CONSTRAINT TRIGGER outbox_rules AFTER INSERT OR UPDATE ON outbox "
               "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION agentdesk_outbox_rules()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in ("interactions", "qa_rounds", "outbox"):
        op.execute(f"DROP TRIGGER {table}_rules ON {table}")
        op.execute(f"DROP FUNCTION agentdesk_{table}_rules()")
    op.execute("DROP POLICY agentdesk_own_draft ON attachments")
    for table in ("users", "workbins"):
        for name in ("agentdesk_read", "agentdesk_write", "agentdesk_add"):
            op.execute(f"DROP POLICY {name} ON {table}")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for table in _POLICIES:
        op.execute(f"DROP POLICY agentdesk_rows ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    for name in ("agentdesk_needs_review(bigint, bigint)", "agentdesk_offered_ids()", "agentdesk_session_team()",
                 "agentdesk_session_uid()", "agentdesk_rls_kind()", "agentdesk_session_kind()",
                 "agentdesk_session_groups()"):
        op.execute(f"DROP FUNCTION {name}")
