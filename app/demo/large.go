package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"liaison/app/account"
	"liaison/app/clock"
	"liaison/app/db"
)

// Size is how large a generated district is. Large is the one the
// performance figures are measured on; the load tool's short form and the
// "flat from 1k to 20k meetings" check build smaller ones.
//
// A district has two eras. The current one (from subscribe.FeedWindow ago
// to half a year ahead) holds the Current* records: the workload its
// people see today (upcoming meetings, the feed user's calendar, open
// action items, cases in hand). The history before it (back to three years
// ago) holds the rest, all settled: past meetings, rectified action items,
// closed cases. Changing Meetings, Actions or Cases changes only the
// history, so two sizes differ in accumulated history, not in page sizes.
// A Current* of 0, or one above its total, means "everything is current".
type Size struct {
	Units, Users, Meetings, Actions, Cases int
	FeedEvents                             int // meetings in the feed user's calendar
	CurrentMeetings                        int // meetings in the current era
	CurrentActions                         int // action items due in the current era
	CurrentCases                           int // cases accepted in the current era
}

// Large is the district of the performance figures (README "Performance").
var Large = Size{Units: 50, Users: 2000, Meetings: 20000, Actions: 200000, Cases: 10000, FeedEvents: 500,
	CurrentMeetings: 800, CurrentActions: 8000, CurrentCases: 400}

// LargeVersion changes whenever the generator writes a different district
// for the same Size, so that tools caching generated databases (the load
// tool) know to build them again. 2: the current era stays the same size
// and only history grows with --meetings. 3: documents are received (on
// paper, two days after issue) and items carry received_on and answered_on.
const LargeVersion = 3

// Scaled is Large with this many meetings (at least 1) and action items
// and cases in Large's proportion: only the history grows or shrinks, the
// current era keeps Large's size (it shrinks only below its own size).
func Scaled(meetings int) Size {
	if meetings < 1 {
		meetings = 1
	}
	s := Large
	f := float64(meetings) / float64(Large.Meetings)
	s.Meetings = meetings
	s.Actions = max(100, int(float64(Large.Actions)*f))
	s.Cases = max(50, int(float64(Large.Cases)*f))
	return s
}

// span is a stretch of time.
type span struct{ from, to time.Time }

// era splits total records into history (first, older) and current ones.
func era(total, current int) (history, cur int) {
	if current <= 0 || current > total {
		current = total
	}
	return total - current, current
}

// spread places record i of the history (spread over [h.from, h.to)) or
// of the current era (over [from, to)) in time, and returns its index
// within its era.
func spread(i, history, current int, h span, from, to time.Time) (int, time.Time, bool) {
	if i < history {
		return i, h.from.Add(time.Duration(i) * (h.to.Sub(h.from) / time.Duration(history))), false
	}
	k := i - history
	return k, from.Add(time.Duration(k) * (to.Sub(from) / time.Duration(current))), true
}

// Validate refuses sizes the generator's naming cannot hold.
func (s Size) Validate() error {
	switch {
	case s.Units < 8 || s.Units > 99:
		return errors.New("units must be 8..99")
	case s.Users < 4*s.Units || s.Users > 99*s.Units:
		return errors.New("users must be 4..99 per unit")
	case s.Meetings < 1 || s.Actions < 1 || s.Cases < 1:
		return errors.New("meetings, actions and cases must be positive")
	}
	return nil
}

// Well-known users of a generated district (password: Password). Every
// other user is named p<unit><slot>, e.g. p0705: unit 7, slot 5; slot 0 is
// the unit's secretary, slot 1 a leader, the rest members.
const (
	LargeAdmin     = "perf.admin"     // admin of the rule-of-law office
	LargeSecretary = "perf.secretary" // the office's secretary: sees every ordinary record
	LargeMember    = "perf.member"    // a member of the procuratorate
	LargeFeedUser  = "perf.feed"      // invited to FeedEvents meetings in the feed window
)

// LargeUsername is the name of the user in slot of unit u.
func LargeUsername(u, slot int) string { return fmt.Sprintf("p%02d%02d", u, slot) }

// LargeResult says what was written.
type LargeResult struct {
	Rows    map[string]int
	Elapsed time.Duration
}

// gen carries the generator's state: ids it assigned and the clock.
type gen struct {
	d        *db.DB
	s        Size
	now      time.Time
	rnd      *rand.Rand
	pwHash   string
	unitID   []int64 // by unit index
	unitKind []account.UnitKind
	userID   [][]int64 // by unit index, slot
	feedUser int64
	feedUnit int
	caseIDs  [2][]int64 // history, current
	docIDs   [2][]int64
	rows     map[string]int
}

// LoadLarge writes a generated district into a database that has no
// users yet, in batched INSERTs, one transaction per part. It is
// deterministic for a given size and now.
func LoadLarge(ctx context.Context, d *db.DB, s Size, now time.Time) (LargeResult, error) {
	sw := clock.StartStopwatch()
	if err := s.Validate(); err != nil {
		return LargeResult{}, err
	}
	var users int64
	if err := d.Conn(ctx).Raw("SELECT COUNT(*) FROM users").Scan(&users).Error; err != nil {
		return LargeResult{}, err
	}
	if users > 0 {
		return LargeResult{}, errors.New("the database already has users; the large district needs an empty one")
	}
	hash, err := account.HashPassword(Password)
	if err != nil {
		return LargeResult{}, err
	}
	g := &gen{d: d, s: s, now: now.UTC(), rnd: rand.New(rand.NewPCG(20260301, uint64(s.Meetings))), pwHash: hash, rows: map[string]int{}}
	parts := []func(context.Context) error{g.people, g.meetings, g.cases, g.actions}
	for _, part := range parts {
		if err := d.WithTx(ctx, part); err != nil {
			return LargeResult{}, err
		}
	}
	err = resetSequences(ctx, d, "units", "users", "rooms", "meetings", "meeting_attendees", "agenda_items",
		"cases", "case_notifications", "documents", "action_items")
	if err == nil && d.Dialect == db.Postgres {
		err = d.Conn(ctx).Exec("ANALYZE").Error // fresh statistics, as autovacuum would give a live district
	}
	return LargeResult{Rows: g.rows, Elapsed: sw.Elapsed()}, err
}

// people writes the units and users.
func (g *gen) people(ctx context.Context) error {
	uid, err := nextID(ctx, g.d, "units")
	if err != nil {
		return err
	}
	units := newBatch(ctx, g.d, "units", "id", "name", "short_name", "kind", "active", "version", "created_at", "updated_at")
	for i := 0; i < g.s.Units; i++ {
		name, short, kind := unitName(i)
		g.unitID = append(g.unitID, uid+int64(i))
		g.unitKind = append(g.unitKind, kind)
		if err := units.add(uid+int64(i), name, short, string(kind), true, 1, g.now, g.now); err != nil {
			return err
		}
	}
	if err := units.flush(); err != nil {
		return err
	}
	g.rows["units"] = units.n
	id, err := nextID(ctx, g.d, "users")
	if err != nil {
		return err
	}
	users := newBatch(ctx, g.d, "users", "id", "username", "display_name", "unit_id", "role", "email", "password_hash",
		"active", "locale", "version", "created_at", "updated_at")
	perUnit := g.s.Users / g.s.Units
	g.userID = make([][]int64, g.s.Units)
	g.feedUnit = g.s.Units - 1
	for u := 0; u < g.s.Units; u++ {
		n := perUnit
		if u < g.s.Users%g.s.Units {
			n++
		}
		for slot := 0; slot < n; slot++ {
			name, role := g.user(u, slot)
			if name == LargeFeedUser {
				g.feedUser = id
			}
			g.userID[u] = append(g.userID[u], id)
			err := users.add(id, name, fmt.Sprintf("%s%d", surname[(u*7+slot)%len(surname)], slot), g.unitID[u], string(role),
				name+"@perf.example", g.pwHash, true, "", 1, g.now, g.now)
			if err != nil {
				return err
			}
			id++
		}
	}
	if err := users.flush(); err != nil {
		return err
	}
	g.rows["users"] = users.n
	rooms := newBatch(ctx, g.d, "rooms", "name", "address", "capacity", "active", "version", "created_at", "updated_at")
	for i := 1; i <= 4; i++ {
		if err := rooms.add(fmt.Sprintf("第%d会议室（性能）", i), "区政府办公楼", 20*i, true, 1, g.now, g.now); err != nil {
			return err
		}
	}
	return rooms.flush()
}

// user names and ranks the user in slot of unit u.
func (g *gen) user(u, slot int) (string, account.Role) {
	switch {
	case u == 0 && slot == 0:
		return LargeSecretary, account.RoleSecretary
	case u == 0 && slot == 2:
		return LargeAdmin, account.RoleAdmin
	case u == 1 && slot == 2:
		return LargeMember, account.RoleMember
	case u == g.feedUnit && slot == 2:
		return LargeFeedUser, account.RoleMember
	case slot == 0:
		return LargeUsername(u, slot), account.RoleSecretary
	case slot == 1:
		return LargeUsername(u, slot), account.RoleLeader
	}
	return LargeUsername(u, slot), account.RoleMember
}

var surname = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"}

// unitName: the six hub units of the demo district first, then its
// agencies, then numbered agencies.
func unitName(i int) (string, string, account.UnitKind) {
	if i < len(Units) {
		return Units[i].Name + "（性能）", Units[i].ShortName, Units[i].Kind
	}
	return fmt.Sprintf("区第%d执法局", i), fmt.Sprintf("执法%d局", i), account.KindAgency
}

// pick returns a random user of unit u in a slot ≥ from.
func (g *gen) pick(u, from int) int64 {
	ids := g.userID[u]
	return ids[from+g.rnd.IntN(len(ids)-from)]
}
