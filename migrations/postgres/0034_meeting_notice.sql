-- +goose Up
-- 会议通知 (issue 20 item 2): a meeting takes its notice number (字号, from
-- app/docnumber, kind notice) when it is issued (发布, or created issued);
-- a draft has none. Existing meetings keep none: their notices were mails.
ALTER TABLE meetings ADD COLUMN notice_number TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN notice_issued_at TIMESTAMPTZ;

-- +goose Down
ALTER TABLE meetings DROP COLUMN notice_issued_at;
ALTER TABLE meetings DROP COLUMN notice_number;
