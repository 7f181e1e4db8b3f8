-- +goose Up
-- answer_version counts the answers an invitee's row has taken. A 回执
-- given for someone else (本单位回执, or the API with answer_version)
-- names the count it saw, so two liaisons answering for one person at
-- once cannot overwrite each other: the later one is refused (409).
ALTER TABLE meeting_attendees ADD COLUMN answer_version INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE meeting_attendees DROP COLUMN answer_version;
