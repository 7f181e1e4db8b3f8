package meeting

import (
	"context"
	"slices"
	"strconv"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/workday"
)

// 回执 with a deadline (issue 20 item 3). A meeting has a reply-by time
// (ReplyBy): set by the secretary, or by default the district's number of
// Chinese working days before the start day (the holiday calendar of
// followup.Holidays), at 17:30 Shanghai time. A default that would already
// have passed when the meeting is created leaves the meeting without a
// deadline. Receipts is the organisers' 回执 table by unit.

// DefaultReplyDays is the district default: 回执截止 会前 2 个工作日.
const DefaultReplyDays = 2

// MaxReplyDays is the largest setting admins may choose.
const MaxReplyDays = 20

const replyDaysKey = "meeting.reply_days"

// ReplyDays is the district setting: working days before the start day.
func (s *Service) ReplyDays(ctx context.Context) (int, error) {
	if s.Settings == nil {
		return DefaultReplyDays, nil
	}
	v, ok, err := s.Settings.Get(ctx, replyDaysKey)
	if err != nil || !ok {
		return DefaultReplyDays, err
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > MaxReplyDays {
		return DefaultReplyDays, nil
	}
	return n, nil
}

// SetReplyDays changes the setting (admins); audited.
func (s *Service) SetReplyDays(ctx context.Context, a account.Actor, n int) (int, error) {
	if !a.Can(account.ActManage, account.Scope{}) {
		return 0, apperr.E(apperr.Forbidden, "forbidden")
	}
	if err := CheckReplyDays(n); err != nil {
		return 0, err
	}
	if s.Settings == nil {
		return 0, apperr.E(apperr.Internal, "settings")
	}
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		cur, err := s.ReplyDays(ctx)
		if err != nil {
			return err
		}
		if err := s.Settings.Set(ctx, replyDaysKey, strconv.Itoa(n)); err != nil {
			return err
		}
		return s.Accounts.AuditChange(ctx, a, "meeting.reply_days", "settings", 0,
			map[string]int{"reply_days": cur}, map[string]int{"reply_days": n}, nil)
	})
	return n, err
}

// CheckReplyDays refuses a setting out of range (422).
func CheckReplyDays(n int) error {
	if n < 0 || n > MaxReplyDays {
		return fieldErr("reply_days", "meeting.reply_days_invalid")
	}
	return nil
}

// DefaultReplyBy is 17:30 Shanghai time of the day n working days before
// start's day (n == 0: the start day itself).
func (s *Service) DefaultReplyBy(ctx context.Context, start time.Time, n int) (time.Time, error) {
	cal, err := s.Actions.Holidays.Calendar(ctx)
	if err != nil {
		return time.Time{}, err
	}
	d := workday.FromTime(start)
	for i := 0; i < n; {
		d = d.AddDays(-1)
		ok, err := cal.IsWorkday(d)
		if err != nil {
			return time.Time{}, err
		}
		if ok {
			i++
		}
	}
	return time.Date(d.Year, d.Month, d.Day, 17, 30, 0, 0, workday.Shanghai()), nil
}

// replyByOnCreate is the deadline of a new meeting: the given one, which
// must be before the start and not past, or the district default (none if
// that would be past, or not before the start).
func (s *Service) replyByOnCreate(ctx context.Context, in Input, now time.Time) (*time.Time, error) {
	if in.ReplyBy != nil {
		t := in.ReplyBy.In(workday.Shanghai())
		if !t.Before(in.Start) {
			return nil, fieldErr("reply_by", "meeting.reply_by_after_start")
		}
		if t.Before(now) {
			return nil, fieldErr("reply_by", "meeting.reply_by_past")
		}
		return &t, nil
	}
	return s.defaultFor(ctx, in.Start, now)
}

func (s *Service) defaultFor(ctx context.Context, start, now time.Time) (*time.Time, error) {
	n, err := s.ReplyDays(ctx)
	if err != nil {
		return nil, err
	}
	t, err := s.DefaultReplyBy(ctx, start, n)
	if err != nil {
		if e, ok := apperr.As(err); ok && e.Code == "workday.beyond_schedule" {
			return nil, nil // beyond the known calendar: no deadline
		}
		return nil, err
	}
	if t.Before(now) || !t.Before(start) {
		return nil, nil
	}
	return &t, nil
}

// replyByOnUpdate applies a change of m (already moved to its new start):
// a given deadline must be before the start; a kept one that the move put
// at or after the start is replaced by the default.
func (s *Service) replyByOnUpdate(ctx context.Context, m *Meeting, given *time.Time) error {
	if given != nil {
		if given.IsZero() { // the zero time clears it
			m.ReplyBy = nil
			return nil
		}
		t := given.In(workday.Shanghai())
		if !t.Before(m.Start) {
			return fieldErr("reply_by", "meeting.reply_by_after_start")
		}
		m.ReplyBy = &t
		return nil
	}
	if m.ReplyBy != nil && !m.ReplyBy.Before(m.Start) {
		t, err := s.defaultFor(ctx, m.Start, s.Now())
		if err != nil {
			return err
		}
		m.ReplyBy = t
	}
	return nil
}

// ReceiptRow is one invited person in the 回执 table.
type ReceiptRow struct {
	AttendeeID   int64      `json:"attendee_id"`
	UserID       *int64     `json:"user_id"`
	Name         string     `json:"name"`
	Role         Role       `json:"role"`
	Answer       Answer     `json:"answer"`
	Comment      string     `json:"comment"`
	DelegateName string     `json:"delegate_name,omitempty"`
	AnsweredAt   *time.Time `json:"answered_at"`
	// Overdue: not answered (未回复) and the deadline has passed.
	Overdue bool `json:"overdue"`
}

// ReceiptUnit is the rows of one unit with its counts by answer.
type ReceiptUnit struct {
	UnitID   *int64         `json:"unit_id"`
	UnitName string         `json:"unit_name"`
	Counts   map[Answer]int `json:"counts"`
	Overdue  int            `json:"overdue"`
	Rows     []ReceiptRow   `json:"rows"`
}

// Receipts is the 回执 table of a meeting.
type Receipts struct {
	MeetingID int64          `json:"meeting_id"`
	Title     string         `json:"title"`
	Start     time.Time      `json:"start"`
	ReplyBy   *time.Time     `json:"reply_by"`
	Passed    bool           `json:"passed"` // the deadline has passed
	Counts    map[Answer]int `json:"counts"`
	Units     []ReceiptUnit  `json:"units"`
}

// unanswered is an answer that still owes a 回执.
func unanswered(a Answer) bool { return a == Pending || a == "" }

// Receipts returns the 回执 table of meeting id, for its organisers and
// admins (others: as any organiser-only part, NotFound or Forbidden).
// Comments of a meeting whose level keeps no content are left out.
func (s *Service) Receipts(ctx context.Context, a account.Actor, id int64) (Receipts, error) {
	m, att, err := s.edit(ctx, a, id)
	if err != nil {
		return Receipts{}, err
	}
	now := s.Now()
	out := Receipts{MeetingID: m.ID, Title: m.Title, Start: m.Start, ReplyBy: m.ReplyBy,
		Passed: m.ReplyBy != nil && now.After(*m.ReplyBy), Counts: emptyCounts()}
	var units, users []int64
	for _, p := range att {
		if p.UnitID != nil {
			units = append(units, *p.UnitID)
		}
		if p.DelegateUserID != nil {
			users = append(users, *p.DelegateUserID)
		}
	}
	unitNames, userNames, err := s.store.names(ctx, units, users)
	if err != nil {
		return Receipts{}, err
	}
	index := map[string]int{}
	for _, p := range att {
		key, name := "guest:"+p.UnitName, p.UnitName
		if p.UnitID != nil {
			key, name = "unit:"+strconv.FormatInt(*p.UnitID, 10), unitNames[*p.UnitID]
		}
		i, ok := index[key]
		if !ok {
			i = len(out.Units)
			index[key] = i
			out.Units = append(out.Units, ReceiptUnit{UnitID: p.UnitID, UnitName: name, Counts: emptyCounts()})
		}
		ans := p.Answer
		if ans == "" {
			ans = Pending
		}
		row := ReceiptRow{AttendeeID: p.ID, UserID: p.UserID, Name: p.Name, Role: p.Role, Answer: ans,
			AnsweredAt: p.AnsweredAt, Overdue: out.Passed && unanswered(ans)}
		if m.Sensitivity.HoldsContent() {
			row.Comment = p.Comment
		}
		if p.DelegateUserID != nil {
			row.DelegateName = userNames[*p.DelegateUserID]
		}
		u := &out.Units[i]
		u.Rows = append(u.Rows, row)
		u.Counts[ans]++
		out.Counts[ans]++
		if row.Overdue {
			u.Overdue++
		}
	}
	return out, nil
}

func emptyCounts() map[Answer]int {
	return map[Answer]int{Accepted: 0, Declined: 0, Delegated: 0, Tentative: 0, Pending: 0}
}

// RSVPFor records the answer of attendee attendeeID given by its unit: a
// secretary or liaison (member) of the unit the invited person belongs to
// may answer for them, naming who attends by the delegate mechanism.
// Another unit's person (or an outside guest) is 403; the audit entry
// (meeting.rsvp) is the actor's, with for_user_id naming the person.
func (s *Service) RSVPFor(ctx context.Context, a account.Actor, id, attendeeID int64, in RSVPInput) (Attendee, error) {
	return s.rsvp(ctx, a, id, in, func(att []Attendee) (int, error) {
		i := slices.IndexFunc(att, func(x Attendee) bool { return x.ID == attendeeID })
		if i < 0 {
			return i, apperr.NotFoundErr("attendee")
		}
		if !CanAnswerFor(a, att[i]) {
			return i, apperr.E(apperr.Forbidden, "meeting.not_own_unit")
		}
		return i, nil
	})
}

// CanAnswerFor reports whether a may answer for invitee p (RSVPFor): a
// secretary or liaison (member) of the unit p belongs to, for a user of
// the district (not an outside guest). The meeting page's 本单位回执
// offers exactly these rows.
func CanAnswerFor(a account.Actor, p Attendee) bool {
	return p.UserID != nil && p.UnitID != nil && *p.UnitID == a.UnitID &&
		(a.Role == account.RoleSecretary || a.Role == account.RoleMember)
}

// SQLUnanswered is the condition, on meeting_attendees aliased alias, of
// an invitee who owes a 回执 (has not answered).
func SQLUnanswered(alias string) string { return alias + ".answer = '" + string(Pending) + "'" }

func sameTime(a, b *time.Time) bool { return (a == nil) == (b == nil) && (a == nil || a.Equal(*b)) }
