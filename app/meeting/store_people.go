package meeting

import (
	"context"
	"time"

	"gorm.io/gorm"

	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/workday"
)

// AddAttendees inserts attendees; an invitee named twice is a conflict.
func (s *store) AddAttendees(ctx context.Context, as []*Attendee) error {
	if len(as) == 0 {
		return nil
	}
	err := s.conn(ctx).Create(as).Error
	if db.IsUnique(err) {
		return &apperr.Error{Kind: apperr.Conflict, Code: "meeting.attendee_twice", Fields: map[string]string{"user_id": "meeting.attendee_twice"}}
	}
	for _, a := range as {
		a.local()
	}
	return dbErr(err)
}

func (a *Attendee) local() {
	sh := workday.Shanghai()
	a.CreatedAt = a.CreatedAt.In(sh)
	for _, p := range []**time.Time{&a.AnsweredAt, &a.CheckedInAt} {
		if *p != nil {
			t := (*p).In(sh)
			*p = &t
		}
	}
}

// Attendees returns the attendees of many meetings in one query, by meeting.
func (s *store) Attendees(ctx context.Context, ids []int64) (map[int64][]Attendee, error) {
	out := map[int64][]Attendee{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []Attendee
	if err := s.conn(ctx).Where("meeting_id IN ?", ids).Order("meeting_id, id").Find(&rows).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	for _, a := range rows {
		a.local()
		out[a.MeetingID] = append(out[a.MeetingID], a)
	}
	return out, nil
}

// UpdateAttendee writes an attendee's answer and check-in.
func (s *store) UpdateAttendee(ctx context.Context, a *Attendee) error {
	res := s.conn(ctx).Model(&Attendee{}).Where("id = ? AND meeting_id = ?", a.ID, a.MeetingID).
		Select("role", "answer", "comment", "delegate_user_id", "answered_at", "checked_in_at", "checked_in_by").Updates(a)
	if res.Error != nil {
		return dbErr(res.Error)
	}
	if res.RowsAffected == 0 {
		return apperr.NotFoundErr("attendee")
	}
	return nil
}

// AnswerAttendee stores a's answer if nobody answered for the row since it
// was read (answer_version unchanged), counting it; otherwise the answer
// changed meanwhile, a conflict. The condition sits in the UPDATE, so two
// transactions that read the same row cannot both pass.
func (s *store) AnswerAttendee(ctx context.Context, a *Attendee) error {
	res := s.conn(ctx).Model(&Attendee{}).Where("id = ? AND meeting_id = ? AND answer_version = ?", a.ID, a.MeetingID, a.AnswerVersion).
		Updates(map[string]any{"answer": a.Answer, "comment": a.Comment, "delegate_user_id": a.DelegateUserID, "answered_at": a.AnsweredAt,
			"answer_version": a.AnswerVersion + 1})
	if res.Error != nil {
		return dbErr(res.Error)
	}
	if res.RowsAffected == 0 {
		return apperr.E(apperr.Conflict, "meeting.answer_changed")
	}
	a.AnswerVersion++
	return nil
}

// RemoveAttendee deletes attendee id of meeting mid.
func (s *store) RemoveAttendee(ctx context.Context, mid, id int64) error {
	res := s.conn(ctx).Where("id = ? AND meeting_id = ?", id, mid).Delete(&Attendee{})
	if res.Error != nil {
		return apperr.Wrap(res.Error, "db")
	}
	if res.RowsAffected == 0 {
		return apperr.NotFoundErr("attendee")
	}
	return nil
}

// StandingMember is a user of the leading group's standing units.
type StandingMember struct {
	ID     int64
	UnitID int64
}

// StandingMembers returns the active secretaries and leaders of the
// rule-of-law office, procuratorate, justice bureau and government: the
// leading group's standing members a joint meeting invites by default.
func (s *store) StandingMembers(ctx context.Context) ([]StandingMember, error) {
	var out []StandingMember
	err := s.conn(ctx).Table("users").Select("users.id, users.unit_id").
		Joins("JOIN units ON units.id = users.unit_id").
		Where("users.active = ? AND units.active = ? AND users.role IN ? AND units.kind IN ?", true, true,
			[]string{"secretary", "leader"}, []string{"rule_of_law_office", "procuratorate", "justice_bureau", "government"}).
		Order("units.id, users.id").Scan(&out).Error
	return out, apperr.Wrap(err, "db")
}

// Rooms returns rooms in name order (active only when activeOnly).
func (s *store) Rooms(ctx context.Context, activeOnly bool) ([]Room, error) {
	q := s.conn(ctx).Order("name, id")
	if activeOnly {
		q = q.Where("active = ?", true)
	}
	var rs []Room
	err := q.Limit(500).Find(&rs).Error
	return rs, apperr.Wrap(err, "db")
}

// Room returns room id, or NotFound.
func (s *store) Room(ctx context.Context, id int64) (Room, error) {
	var r Room
	err := s.conn(ctx).Where("id = ?", id).Take(&r).Error
	if db.IsNotFound(err) {
		return r, apperr.NotFoundErr("room")
	}
	return r, apperr.Wrap(err, "db")
}

// SaveRoom inserts or (version-checked) updates r.
func (s *store) SaveRoom(ctx context.Context, r *Room, old int) error {
	var err error
	if r.ID == 0 {
		err = s.conn(ctx).Create(r).Error
	} else {
		r.Version = old + 1
		res := s.conn(ctx).Model(&Room{}).Where("id = ? AND version = ?", r.ID, old).Select("name", "address", "capacity", "active", "exclusive", "version", "updated_at").Updates(r)
		err = res.Error
		if err == nil && res.RowsAffected == 0 {
			return apperr.ConflictVersion()
		}
	}
	if db.IsUnique(err) {
		return &apperr.Error{Kind: apperr.Conflict, Code: "meeting.room_taken", Fields: map[string]string{"name": "meeting.room_taken"}}
	}
	return apperr.Wrap(err, "db")
}

// DeleteRoom deletes room id; a room meetings used is deactivated instead,
// so their register entries keep naming it.
func (s *store) DeleteRoom(ctx context.Context, id int64, now time.Time) error {
	var n int64
	if err := s.conn(ctx).Model(&Meeting{}).Where("room_id = ?", id).Count(&n).Error; err != nil {
		return apperr.Wrap(err, "db")
	}
	var res *gorm.DB
	if n > 0 {
		res = s.conn(ctx).Model(&Room{}).Where("id = ?", id).Updates(map[string]any{"active": false, "version": gorm.Expr("version + 1"), "updated_at": now.UTC()})
	} else {
		res = s.conn(ctx).Where("id = ?", id).Delete(&Room{})
	}
	if res.Error != nil {
		return apperr.Wrap(res.Error, "db")
	}
	if res.RowsAffected == 0 {
		return apperr.NotFoundErr("room")
	}
	return nil
}
