-- +goose Up
-- Messages read from the organizer mailbox (iMIP replies, RFC 6047). A row
-- is the claim on one message: claim_key is its Message-ID (or, without
-- one, the folder, UIDVALIDITY and UID), unique, so across any number of
-- instances a message is applied once. outcome says what became of it:
-- applied (the answer changed through the same service as the RSVP page,
-- and the message moved to the processed folder), refused (a forged or
-- stale reply, left in place) or unmatched (nothing to apply it to, left
-- in place); reason is a message key the admin page shows. No subject or
-- body is kept: a reply quotes the meeting's title, which may be sensitive.
CREATE TABLE imip_messages (
    id            BIGSERIAL PRIMARY KEY,
    claim_key     TEXT NOT NULL,
    folder        TEXT NOT NULL,
    uid_validity  BIGINT NOT NULL,
    uid           BIGINT NOT NULL,
    sender        TEXT NOT NULL DEFAULT '',
    meeting_id    BIGINT REFERENCES meetings (id) ON DELETE SET NULL,
    attendee      TEXT NOT NULL DEFAULT '',
    partstat      TEXT NOT NULL DEFAULT '',
    sequence      INTEGER,
    outcome       TEXT NOT NULL CHECK (outcome IN ('claimed', 'applied', 'refused', 'unmatched')),
    reason        TEXT NOT NULL DEFAULT '',
    sent_at       TIMESTAMPTZ,
    processed_at  TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX imip_messages_claim_key ON imip_messages (claim_key);
CREATE INDEX imip_messages_outcome_idx ON imip_messages (outcome, id);

-- +goose Down
DROP TABLE imip_messages;
