package notify

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"liaison/app/apperr"
	"liaison/app/db"
)

// unitChannel is one configured channel of a unit; URL and secret sealed.
type unitChannel struct {
	ID           int64
	UnitID       int64
	Kind         Channel
	URLSealed    string `gorm:"column:url_sealed"`
	SecretSealed string
	Enabled      bool
	MsgType      RobotMsgType `gorm:"column:msgtype"`
	Version      int
	LastSentAt   *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (unitChannel) TableName() string { return "unit_channels" }

// channelsOf loads the channels of the given units in one query.
func (s store) channelsOf(ctx context.Context, unitIDs []int64) ([]unitChannel, error) {
	var rows []unitChannel
	err := s.conn(ctx).Where("unit_id IN ?", unitIDs).Order("unit_id, kind").Find(&rows).Error
	return rows, apperr.Wrap(err, "db")
}

// channel loads one unit's channel of kind; found false when none.
func (s store) channel(ctx context.Context, unitID int64, kind Channel) (unitChannel, bool, error) {
	var c unitChannel
	err := s.conn(ctx).Where("unit_id = ? AND kind = ?", unitID, kind).Take(&c).Error
	if db.IsNotFound(err) {
		return c, false, nil
	}
	return c, err == nil, apperr.Wrap(err, "db")
}

// createChannel inserts c; a unit has one channel per kind, so a concurrent
// creation of the same channel is a stale version.
func (s store) createChannel(ctx context.Context, c *unitChannel) error {
	res := s.conn(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "unit_id"}, {Name: "kind"}}, DoNothing: true}).Create(c)
	if res.Error != nil {
		return apperr.Wrap(res.Error, "db")
	}
	if res.RowsAffected != 1 {
		return apperr.ConflictVersion()
	}
	return nil
}

// updateChannel writes c if its version is still version, and bumps it.
func (s store) updateChannel(ctx context.Context, c *unitChannel, version int) error {
	res := s.conn(ctx).Model(&unitChannel{}).Where("id = ? AND version = ?", c.ID, version).
		Updates(map[string]any{"url_sealed": c.URLSealed, "secret_sealed": c.SecretSealed, "enabled": c.Enabled, "msgtype": c.MsgType,
			"version": gorm.Expr("version + 1"), "updated_at": c.UpdatedAt})
	if res.Error != nil {
		return apperr.Wrap(res.Error, "db")
	}
	if res.RowsAffected != 1 {
		return apperr.ConflictVersion()
	}
	c.Version = version + 1
	return nil
}

// deleteChannel removes c if its version is still version. Its queued rows
// stay in the outbox; the relay records them as not sent.
func (s store) deleteChannel(ctx context.Context, id int64, version int) error {
	res := s.conn(ctx).Where("id = ? AND version = ?", id, version).Delete(&unitChannel{})
	if res.Error != nil {
		return apperr.Wrap(res.Error, "db")
	}
	if res.RowsAffected != 1 {
		return apperr.ConflictVersion()
	}
	return nil
}

// reserveWindow starts a new window for the channel if the last one is over:
// the instance that wins it may send one message now. False means another
// message went out within the window, until the returned time.
func (s store) reserveWindow(ctx context.Context, id int64, now time.Time, window time.Duration) (bool, time.Time, error) {
	res := s.conn(ctx).Model(&unitChannel{}).
		Where("id = ? AND (last_sent_at IS NULL OR last_sent_at <= ?)", id, now.Add(-window)).
		Update("last_sent_at", now)
	if res.Error != nil || res.RowsAffected == 1 {
		return res.RowsAffected == 1, time.Time{}, apperr.Wrap(res.Error, "db")
	}
	var c unitChannel
	if err := s.conn(ctx).Select("last_sent_at").Where("id = ?", id).Take(&c).Error; err != nil {
		return false, time.Time{}, apperr.Wrap(err, "db")
	}
	next := now.Add(window)
	if c.LastSentAt != nil {
		next = c.LastSentAt.Add(window)
	}
	return false, next, nil
}

// claimBatch claims, for worker, the other rows of the same unit channel
// that are due now (or abandoned mid-send), up to limit, oldest first, so
// that they go out in one message with the row the worker already holds.
// Test messages are never batched.
func (s store) claimBatch(ctx context.Context, o Outbox, worker string, now, staleBefore time.Time, limit int) ([]Outbox, error) {
	if o.Kind != KindChannelTest {
		ids := s.conn(ctx).Model(&Outbox{}).Select("id").
			Where("unit_id = ? AND channel = ? AND kind <> ? AND id <> ?", o.UnitID, o.Channel, KindChannelTest, o.ID).
			Where("(status IN ? AND next_attempt_at <= ?) OR (status = ? AND claimed_at < ?)", []Status{Queued, Failed}, now, Sending, staleBefore).
			Order("id").Limit(limit)
		err := s.conn(ctx).Model(&Outbox{}).
			Where("id IN (?) AND ((status IN ? AND next_attempt_at <= ?) OR (status = ? AND claimed_at < ?))", ids, []Status{Queued, Failed}, now, Sending, staleBefore).
			Updates(map[string]any{"status": Sending, "claimed_by": worker, "claimed_at": now, "attempts": gorm.Expr("attempts + 1")}).Error
		if err != nil {
			return nil, apperr.Wrap(err, "db")
		}
	}
	var rows []Outbox
	err := s.conn(ctx).Where("(id = ? OR (unit_id = ? AND channel = ? AND kind <> ?)) AND status = ? AND claimed_by = ?",
		o.ID, o.UnitID, o.Channel, KindChannelTest, Sending, worker).Order("id").Find(&rows).Error
	return rows, apperr.Wrap(err, "db")
}

// markBatchNotSent records rows that cannot go out (channel removed or
// disabled since they were written): no automatic retry.
func (s store) markBatchNotSent(ctx context.Context, ids []int64, worker, msg string) error {
	err := s.conn(ctx).Model(&Outbox{}).Where("id IN ? AND status = ? AND claimed_by = ?", ids, Sending, worker).
		Updates(map[string]any{"status": NotSent, "claimed_by": "", "next_attempt_at": nil, "last_error": msg}).Error
	return apperr.Wrap(err, "db")
}

// undelivered counts the rows matching where by how they failed, in one
// grouped query.
func (s store) undelivered(ctx context.Context, where string, arg any) (Undelivered, error) {
	var rows []struct {
		Status  Status
		Waiting bool
		N       int
	}
	err := s.conn(ctx).Model(&Outbox{}).
		Select("status, next_attempt_at IS NOT NULL AS waiting, COUNT(*) AS n").
		Where(where, arg).Where("status IN ?", []Status{NotSent, Failed}).
		Group("status, next_attempt_at IS NOT NULL").Scan(&rows).Error
	var u Undelivered
	for _, r := range rows {
		switch {
		case r.Status == NotSent:
			u.NotConfigured += r.N
		case r.Waiting:
			u.Retrying += r.N
		default:
			u.GaveUp += r.N
		}
	}
	return u, apperr.Wrap(err, "db")
}

// peek reads what deliver needs to choose a path: the row without its
// message bytes.
func (s store) peek(ctx context.Context, id int64) (Outbox, error) {
	var o Outbox
	err := s.conn(ctx).Omit("message").First(&o, id).Error
	if db.IsNotFound(err) {
		return o, apperr.NotFoundErr("outbox")
	}
	return o, apperr.Wrap(err, "db")
}
