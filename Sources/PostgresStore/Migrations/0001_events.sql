-- The event journal: every accepted event, once. The idempotency key (event_name:event_id, or the
-- event's natural id) is unique, so a key stored before a restart or by another instance sharing
-- the database is a duplicate. Events without a key (queue samples) are never deduplicated.
CREATE TABLE events (
    id              bigserial PRIMARY KEY,
    idempotency_key text UNIQUE,
    name            text NOT NULL,
    occurred_at     timestamptz NOT NULL,
    received_at     timestamptz NOT NULL,
    -- The instance that accepted the event; it replays its own events into its metrics at start-up.
    instance        text NOT NULL,
    -- Catalog properties by name, after validation and PII hashing; message content is never here.
    properties      jsonb NOT NULL,
    -- The same event in the embedded journal's record format, read back at start-up.
    record          bytea NOT NULL
);

CREATE INDEX events_instance_id ON events (instance, id);
CREATE INDEX events_name_occurred_at ON events (name, occurred_at);

-- Live dispute state, shared by every instance: kept by a trigger on the dispute events.
CREATE TABLE disputes (
    dispute_id      text PRIMARY KEY,
    contract_id     text,
    owner           text,
    state           text NOT NULL,
    sla_deadline    timestamptz,
    opened_at       timestamptz,
    updated_at      timestamptz NOT NULL,
    resolved_at     timestamptz,
    resolution      text
);

CREATE FUNCTION apply_dispute_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    p jsonb := NEW.properties;
    deadline timestamptz := NEW.occurred_at + make_interval(secs => (p ->> 'sla_remaining_sec')::double precision);
BEGIN
    IF NEW.name = 'dispute_opened' THEN
        INSERT INTO disputes AS d (dispute_id, contract_id, owner, state, sla_deadline, opened_at, updated_at)
        VALUES (p ->> 'dispute_id', p ->> 'contract_id', p ->> 'owner', 'open', deadline, NEW.occurred_at, NEW.occurred_at)
        ON CONFLICT (dispute_id) DO UPDATE SET
            contract_id = EXCLUDED.contract_id, owner = coalesce(EXCLUDED.owner, d.owner),
            sla_deadline = coalesce(EXCLUDED.sla_deadline, d.sla_deadline), opened_at = EXCLUDED.opened_at;
    ELSIF NEW.name = 'dispute_state_updated' THEN
        INSERT INTO disputes AS d (dispute_id, owner, state, sla_deadline, updated_at)
        VALUES (p ->> 'dispute_id', p ->> 'owner', p ->> 'state', deadline, NEW.occurred_at)
        ON CONFLICT (dispute_id) DO UPDATE SET
            owner = coalesce(EXCLUDED.owner, d.owner), state = EXCLUDED.state,
            sla_deadline = EXCLUDED.sla_deadline, updated_at = EXCLUDED.updated_at
        WHERE d.resolved_at IS NULL;
    ELSIF NEW.name = 'dispute_resolved' THEN
        INSERT INTO disputes AS d (dispute_id, state, updated_at, resolved_at, resolution)
        VALUES (p ->> 'dispute_id', 'resolved', NEW.occurred_at, NEW.occurred_at, p ->> 'resolution')
        ON CONFLICT (dispute_id) DO UPDATE SET
            state = 'resolved', updated_at = EXCLUDED.updated_at, resolved_at = EXCLUDED.resolved_at,
            resolution = EXCLUDED.resolution;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER events_dispute_state AFTER INSERT ON events
    FOR EACH ROW WHEN (NEW.name IN ('dispute_opened', 'dispute_state_updated', 'dispute_resolved'))
    EXECUTE FUNCTION apply_dispute_event();
