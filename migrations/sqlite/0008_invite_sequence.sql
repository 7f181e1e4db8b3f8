-- +goose Up
-- Per-recipient SEQUENCE of invitations (issue 4, rule 5 in package calendar's doc).
--
-- A change that concerns one attendee only (removed, or invited again)
-- must reach that person with a SEQUENCE above the one they hold, or
-- clients such as Outlook ignore it; yet it must not re-send the meeting to
-- everyone else. So the SEQUENCE Liaison publishes for a meeting (in mail,
-- invite.ics and feeds alike) is the meeting's own sequence plus bump, and
-- the reconciler raises bump just enough whenever a message to one person
-- would otherwise not be newer than what they hold. bump only grows, so the
-- published SEQUENCE never goes back and is never below what anyone holds.
CREATE TABLE invite_sequences (
    meeting_id  BIGINT PRIMARY KEY REFERENCES meetings (id) ON DELETE CASCADE,
    bump        INTEGER NOT NULL DEFAULT 0
);

-- The meeting's own sequence that a recipient's last REQUEST reflected, so
-- a change of time, place or status is still told to someone whose
-- published SEQUENCE is already higher (invite_recipients.sequence is now
-- the SEQUENCE of the last message they got, meeting sequence plus bump).
ALTER TABLE invite_recipients ADD COLUMN meeting_sequence INTEGER NOT NULL DEFAULT 0;
UPDATE invite_recipients SET meeting_sequence = sequence;

-- +goose Down
ALTER TABLE invite_recipients DROP COLUMN meeting_sequence;
DROP TABLE invite_sequences;
