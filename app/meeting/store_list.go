package meeting

import (
	"context"
	"strings"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/page"
)

// Filter selects meetings for a list.
type Filter struct {
	From, To *time.Time // meetings (series) overlapping [From, To)
	Kind     Kind
	UnitID   int64  // convening, co-organising or inspected unit
	Status   Status // scheduled | cancelled
	Q        string // in the title
	Mine     bool   // the actor is invited or created it
	When     string // "upcoming" (default order, not yet ended) or "past" (newest first)
	CaseID   int64  // studied by the meeting, on its agenda or in its decisions
	Page     page.Request
}

// keyed ends each EXISTS of the list: with OFFSET, PostgreSQL can turn an
// EXISTS under OR neither into a join nor into a "hashed SubPlan" (which
// reads every attendee row of the actor's unit, years of them, on every
// request); it probes the (meeting_id, …) indexes for each row of the page
// window instead, a cost bounded by the page, not by history. SQLite
// probes per row either way and needs LIMIT before OFFSET.
const keyed = " LIMIT 1 OFFSET 0"

// visibility is the SQL form of account.Actor.Can(ActView) over meetings,
// so pages are filled with rows the actor may see. Service.List checks
// each row with the policy again.
func visibility(a account.Actor) (string, []any) {
	member := `(meetings.convening_unit_id = ? OR EXISTS (SELECT 1 FROM meeting_units mu WHERE mu.meeting_id = meetings.id AND mu.unit_id = ?` + keyed + `)
		OR EXISTS (SELECT 1 FROM meeting_attendees ma WHERE ma.meeting_id = meetings.id AND (ma.user_id = ? OR ma.unit_id = ?)` + keyed + `))`
	memberArgs := []any{a.UnitID, a.UnitID, a.UserID, a.UnitID}
	owner := `(meetings.convening_unit_id = ? OR EXISTS (SELECT 1 FROM meeting_units mo WHERE mo.meeting_id = meetings.id AND mo.unit_id = ? AND mo.role = 'co_organiser'` + keyed + `)
		OR EXISTS (SELECT 1 FROM meeting_attendees mp WHERE mp.meeting_id = meetings.id AND mp.user_id = ?` + keyed + `))`
	ownerArgs := []any{a.UnitID, a.UnitID, a.UserID}
	broad := a.Role == account.RoleLeader || a.Role == account.RoleAdmin || (a.UnitKind == account.KindRuleOfLawOffice && a.Role == account.RoleSecretary)
	var parts []string
	var args []any
	if broad {
		parts = append(parts, account.SQLIs("meetings.sensitivity", account.Ordinary))
	} else {
		parts = append(parts, "("+account.SQLIs("meetings.sensitivity", account.Ordinary)+" AND "+member+")")
		args = append(args, memberArgs...)
	}
	if a.Role == account.RoleLeader {
		parts = append(parts, account.SQLIs("meetings.sensitivity", account.Sensitive))
	} else {
		parts = append(parts, "("+account.SQLIs("meetings.sensitivity", account.Sensitive)+" AND "+member+")")
		args = append(args, memberArgs...)
	}
	parts = append(parts, "("+account.SQLIs("meetings.sensitivity", account.Classified)+" AND "+owner+")")
	args = append(args, ownerArgs...)
	// A draft (草稿) only to its organising units, and to admins as an
	// ordinary meeting; the status test is a column one.
	organiser := `(meetings.convening_unit_id = ? OR EXISTS (SELECT 1 FROM meeting_units md WHERE md.meeting_id = meetings.id AND md.unit_id = ? AND md.role = 'co_organiser'` + keyed + `))`
	draft := "(meetings.status <> 'draft' OR " + organiser
	if a.Role == account.RoleAdmin {
		draft += " OR " + account.SQLIs("meetings.sensitivity", account.Ordinary)
	}
	args = append(args, a.UnitID, a.UnitID)
	return "((" + strings.Join(parts, " OR ") + ") AND " + draft + "))", args
}

// summaryColumns are what a list page shows of a meeting (and its view
// policy needs): no description, findings, report or minutes-sized text.
const summaryColumns = "meetings.id, meetings.uid, meetings.sequence, meetings.status, meetings.kind, meetings.title, " +
	"meetings.sensitivity, meetings.convening_unit_id, meetings.chair_user_id, meetings.room_id, meetings.location, " +
	"meetings.start_at, meetings.end_at, meetings.rrule, meetings.series_end_at, meetings.created_by, meetings.version, " +
	"meetings.created_at, meetings.updated_at, meetings.notice_number"

// List returns one page of meetings the actor may see, by start time,
// without their units (fillListRefs reads them with the attendees); with
// summary, only summaryColumns are read.
func (s *store) List(ctx context.Context, a account.Actor, f Filter, now time.Time, summary bool) ([]Meeting, error) {
	vis, args := visibility(a)
	q := s.conn(ctx).Model(&Meeting{}).Where(vis, args...)
	if summary {
		q = q.Select(summaryColumns)
	}
	if f.From != nil {
		q = q.Where("meetings.series_end_at > ?", f.From.UTC())
	}
	if f.To != nil {
		q = q.Where(`(meetings.start_at < ? OR EXISTS (SELECT 1 FROM meeting_occurrences o
			WHERE o.meeting_id = meetings.id AND o.status = 'scheduled' AND o.start_at < ?))`, f.To.UTC(), f.To.UTC())
	}
	if f.Kind != "" {
		q = q.Where("meetings.kind = ?", f.Kind)
	}
	if f.Status != "" {
		q = q.Where("meetings.status = ?", f.Status)
	}
	if f.UnitID > 0 {
		q = q.Where("(meetings.convening_unit_id = ? OR EXISTS (SELECT 1 FROM meeting_units fu WHERE fu.meeting_id = meetings.id AND fu.unit_id = ?"+keyed+"))", f.UnitID, f.UnitID)
	}
	if f.Q != "" {
		q = q.Where(`LOWER(meetings.title) LIKE LOWER(?) ESCAPE '\'`, db.Contains(f.Q))
	}
	if f.CaseID > 0 {
		// Each branch starts from its table's case index, so the cost
		// follows the case's links, not the district's meetings.
		q = q.Where(`meetings.id IN (SELECT mc.meeting_id FROM meeting_cases mc WHERE mc.case_id = ?
			UNION SELECT ai.meeting_id FROM agenda_item_cases ac JOIN agenda_items ai ON ai.id = ac.agenda_item_id WHERE ac.case_id = ?
			UNION SELECT mn.meeting_id FROM decision_action_cases dc JOIN decision_actions da ON da.id = dc.decision_action_id
				JOIN decisions de ON de.id = da.decision_id JOIN minutes mn ON mn.id = de.minutes_id WHERE dc.case_id = ?)`, f.CaseID, f.CaseID, f.CaseID)
	}
	if f.Mine {
		q = q.Where("(meetings.created_by = ? OR EXISTS (SELECT 1 FROM meeting_attendees mm WHERE mm.meeting_id = meetings.id AND mm.user_id = ?"+keyed+"))", a.UserID, a.UserID)
	}
	desc := f.When == "past"
	// Each tab also bounds start_at, which the list is ordered by: without
	// it the database walks the start index from the district's first
	// meeting and filters out years of past ones (linear in history). Both
	// bounds only restate the tab: a meeting starts before its series ends,
	// and no upcoming meeting starts before the earliest upcoming start
	// (found in the series_end_at, start_at index of migration 0011).
	switch f.When {
	case "past":
		q = q.Where("meetings.series_end_at <= ? AND meetings.start_at <= ?", now.UTC(), now.UTC())
	case "upcoming":
		// HAVING COUNT(*) keeps the database from answering MIN by walking
		// meetings_start_idx from the first meeting ever (both PostgreSQL
		// and SQLite do, filtering out every past meeting): it reads the
		// not-ended series from the (series_end_at, start_at) index instead.
		q = q.Where(`meetings.series_end_at > ? AND meetings.start_at >= (SELECT COALESCE(MIN(u.start_at), ?) FROM meetings u
			WHERE u.series_end_at > ? HAVING COUNT(*) >= 0)`, now.UTC(), now.UTC(), now.UTC())
	}
	if c := f.Page.Cursor; !c.IsZero() {
		t, err := time.Parse(time.RFC3339Nano, c.Key)
		if err != nil {
			return nil, fieldErr("cursor", "page.cursor_invalid")
		}
		op := ">"
		if desc {
			op = "<"
		}
		q = q.Where("(meetings.start_at "+op+" ? OR (meetings.start_at = ? AND meetings.id "+op+" ?))", t.UTC(), t.UTC(), c.ID)
	}
	if desc {
		q = q.Order("meetings.start_at DESC, meetings.id DESC")
	} else {
		q = q.Order("meetings.start_at, meetings.id")
	}
	var ms []Meeting
	if err := q.Limit(f.Page.Limit + 1).Find(&ms).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	return ms, nil
}

// Overlapping returns the meetings (series) overlapping [from, to), other
// than self, capped at 2000.
func (s *store) Overlapping(ctx context.Context, from, to time.Time, self int64) ([]Meeting, error) {
	var ms []Meeting
	// an occurrence moved before the series' first start is found by its override
	err := s.conn(ctx).Where(`(start_at < ? OR EXISTS (SELECT 1 FROM meeting_occurrences o
		WHERE o.meeting_id = meetings.id AND o.status = 'scheduled' AND o.start_at < ?))
		AND series_end_at > ? AND id <> ? AND status = ?`, to.UTC(), to.UTC(), from.UTC(), self, Scheduled).
		Order("start_at, id").Limit(2000).Find(&ms).Error
	if err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	return ms, s.fillUnits(ctx, ms)
}

// History returns the audit entries of meeting id, newest first.
func (s *store) History(ctx context.Context, id int64, pr page.Request) ([]account.AuditEntry, error) {
	// with its content: erased content (a meeting made sensitive or
	// classified later) shows as withheld
	q := account.WithContent(s.conn(ctx)).Where("object_type = ? AND object_id = ?", "meeting", itoa(id))
	if pr.Cursor.ID > 0 {
		q = q.Where("audit_log.id < ?", pr.Cursor.ID)
	}
	var out []account.AuditEntry
	err := q.Order("audit_log.id DESC").Limit(pr.Limit + 1).Find(&out).Error
	return out, apperr.Wrap(err, "db")
}
