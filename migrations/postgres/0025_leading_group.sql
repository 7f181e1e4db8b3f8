-- +goose Up
-- The 领导小组 as a roster (issue 16): each member a user with a position,
-- kept by administrators, invited to its meetings as one.
CREATE TABLE leading_group_members (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT NOT NULL UNIQUE REFERENCES users (id),
    position    TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE leading_group_members;
