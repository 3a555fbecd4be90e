-- The alert notification outbox of each instance: its records in order, compacted by rewriting,
-- and the notices receivers rejected for good.
CREATE TABLE notification_outbox (
    instance    text NOT NULL,
    position    bigserial,
    record      text NOT NULL,
    PRIMARY KEY (instance, position)
);

CREATE TABLE notification_dead_letters (
    instance    text NOT NULL,
    position    bigserial,
    record      text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (instance, position)
);
