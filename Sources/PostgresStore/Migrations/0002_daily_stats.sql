-- Seed 001's product metrics per UTC day, for Grafana's PostgreSQL data source; docs/ANALYTICS.md
-- defines every column. One row per day from the first to the last day with a product event. Days
-- are UTC calendar days whatever the session's time zone. A contract counts once: on the day of its
-- first contract_started, until its first contract_closed.
CREATE VIEW daily_stats AS
WITH product_events AS (
    SELECT name, (occurred_at AT TIME ZONE 'UTC')::date AS day, properties AS p
    FROM events
    WHERE name IN ('chat_thread_created', 'chat_message_sent', 'contract_started', 'contract_closed',
                   'dispute_opened', 'dispute_resolved', 'dispute_nps_submitted')
),
days AS (
    SELECT first + offset_days AS day
    FROM (SELECT min(day) AS first, max(day) AS last FROM product_events) AS bounds,
         generate_series(0, last - first) AS offset_days
),
contracts AS (
    SELECT p ->> 'contract_id' AS contract_id,
           min(day) FILTER (WHERE name = 'contract_started') AS started,
           coalesce(bool_or(p @> '{"from_chat": true}') FILTER (WHERE name = 'contract_started'), false) AS from_chat,
           min(day) FILTER (WHERE name = 'contract_closed') AS closed,
           coalesce(bool_or(name = 'dispute_opened' OR p @> '{"had_dispute": true}'), false) AS disputed
    FROM product_events
    WHERE name IN ('contract_started', 'contract_closed', 'dispute_opened')
    GROUP BY 1
),
-- A thread belongs to a contract when chat_thread_created or contract_started names both.
ties AS (
    SELECT DISTINCT p ->> 'thread_id' AS thread_id, p ->> 'contract_id' AS contract_id
    FROM product_events
    WHERE name IN ('chat_thread_created', 'contract_started')
      AND p ->> 'thread_id' IS NOT NULL AND p ->> 'contract_id' IS NOT NULL
),
first_messages AS (
    SELECT t.contract_id, min(m.day) AS day
    FROM ties t
    JOIN (SELECT p ->> 'thread_id' AS thread_id, min(day) AS day
          FROM product_events WHERE name = 'chat_message_sent' GROUP BY 1) AS m USING (thread_id)
    GROUP BY t.contract_id
),
-- The days a started contract is active, and active with a message in its threads, as [from, until)
-- with until NULL while it is open; a contract closed before it started gets an empty span.
spans AS (
    SELECT c.started AS active_from,
           CASE WHEN c.closed IS NOT NULL THEN greatest(c.closed + 1, c.started) END AS active_until,
           CASE WHEN f.day IS NOT NULL THEN greatest(c.started, f.day) END AS messaged_from,
           CASE WHEN f.day IS NOT NULL AND c.closed IS NOT NULL THEN greatest(c.closed + 1, c.started, f.day) END AS messaged_until
    FROM contracts c LEFT JOIN first_messages f USING (contract_id)
    WHERE c.started IS NOT NULL
),
-- How the two counts change from one day to the next; their running sums are the counts.
changes AS (
    SELECT day, sum(active) AS active, sum(messaged) AS messaged
    FROM (SELECT active_from, 1, 0 FROM spans
          UNION ALL SELECT active_until, -1, 0 FROM spans WHERE active_until IS NOT NULL
          UNION ALL SELECT messaged_from, 0, 1 FROM spans WHERE messaged_from IS NOT NULL
          UNION ALL SELECT messaged_until, 0, -1 FROM spans WHERE messaged_until IS NOT NULL) AS change (day, active, messaged)
    GROUP BY day
),
starts AS (
    SELECT started AS day, count(*) FILTER (WHERE from_chat) AS contracts_from_chat
    FROM contracts WHERE started IS NOT NULL GROUP BY started
),
closes AS (
    SELECT closed AS day, count(*) AS closed_contracts, count(*) FILTER (WHERE disputed) AS closed_with_dispute
    FROM contracts WHERE closed IS NOT NULL GROUP BY closed
),
-- percentile_cont skips NULLs, so first responses without reply_latency_sec do not count.
day_events AS (
    SELECT day,
           count(*) FILTER (WHERE name = 'chat_thread_created' AND p ->> 'thread_type' IN ('order', 'proposal')) AS chats_with_proposal,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY (p ->> 'reply_latency_sec')::double precision)
               FILTER (WHERE name = 'chat_message_sent' AND p @> '{"first_response": true}') AS first_reply_p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY (p ->> 'reply_latency_sec')::double precision)
               FILTER (WHERE name = 'chat_message_sent' AND p @> '{"first_response": true}') AS first_reply_p95,
           count(*) FILTER (WHERE name = 'dispute_resolved' AND p ->> 'resolution' = 'win_client') AS disputes_win_client,
           count(*) FILTER (WHERE name = 'dispute_resolved' AND p ->> 'resolution' = 'win_freelancer') AS disputes_win_freelancer,
           count(*) FILTER (WHERE name = 'dispute_resolved' AND p ->> 'resolution' = 'split') AS disputes_split,
           count(*) FILTER (WHERE name = 'dispute_resolved' AND p ->> 'resolution' = 'cancelled') AS disputes_cancelled,
           count(*) FILTER (WHERE name = 'dispute_nps_submitted' AND (p ->> 'score')::integer >= 9) AS promoters,
           count(*) FILTER (WHERE name = 'dispute_nps_submitted' AND (p ->> 'score')::integer <= 6) AS detractors,
           count(*) FILTER (WHERE name = 'dispute_nps_submitted') AS nps_responses
    FROM product_events
    GROUP BY day
),
counts AS (
    SELECT d.day,
           (sum(coalesce(x.active, 0)) OVER (ORDER BY d.day))::bigint AS active_contracts,
           (sum(coalesce(x.messaged, 0)) OVER (ORDER BY d.day))::bigint AS contracts_with_messages,
           e.chats_with_proposal, coalesce(s.contracts_from_chat, 0) AS contracts_from_chat,
           e.first_reply_p50, e.first_reply_p95,
           coalesce(c.closed_contracts, 0) AS closed_contracts, coalesce(c.closed_with_dispute, 0) AS closed_with_dispute,
           e.disputes_win_client, e.disputes_win_freelancer, e.disputes_split, e.disputes_cancelled,
           e.promoters, e.detractors, e.nps_responses
    FROM days d
    LEFT JOIN changes x USING (day)
    LEFT JOIN starts s USING (day)
    LEFT JOIN closes c USING (day)
    LEFT JOIN day_events e USING (day)
)
SELECT day,
       active_contracts,
       contracts_with_messages,
       contracts_with_messages::double precision / nullif(active_contracts, 0) AS contract_chat_share,
       coalesce(chats_with_proposal, 0) AS chats_with_proposal,
       contracts_from_chat,
       contracts_from_chat::double precision / nullif(chats_with_proposal, 0) AS chat_to_contract_conversion,
       first_reply_p50,
       first_reply_p95,
       closed_contracts,
       closed_with_dispute,
       closed_with_dispute::double precision / nullif(closed_contracts, 0) AS dispute_share,
       coalesce(disputes_win_client, 0) AS disputes_win_client,
       coalesce(disputes_win_freelancer, 0) AS disputes_win_freelancer,
       coalesce(disputes_split, 0) AS disputes_split,
       coalesce(disputes_cancelled, 0) AS disputes_cancelled,
       100 * (promoters - detractors)::double precision / nullif(nps_responses, 0) AS nps,
       coalesce(nps_responses, 0) AS nps_responses
FROM counts;
