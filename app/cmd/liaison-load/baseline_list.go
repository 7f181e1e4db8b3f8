package main

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/meeting"
)

// visibilitySQL is the meeting visibility rule written by hand, with $1 the
// unit and $2 the user.
func visibilitySQL(a account.Actor) string {
	member := `(m.convening_unit_id = $1 OR EXISTS (SELECT 1 FROM meeting_units mu WHERE mu.meeting_id = m.id AND mu.unit_id = $1)
		OR EXISTS (SELECT 1 FROM meeting_attendees ma WHERE ma.meeting_id = m.id AND (ma.user_id = $2 OR ma.unit_id = $1)))`
	owner := `(m.convening_unit_id = $1 OR EXISTS (SELECT 1 FROM meeting_units mo WHERE mo.meeting_id = m.id AND mo.unit_id = $1 AND mo.role = 'co_organiser')
		OR EXISTS (SELECT 1 FROM meeting_attendees mp WHERE mp.meeting_id = m.id AND mp.user_id = $2))`
	broad := a.Role == account.RoleLeader || a.Role == account.RoleAdmin || (a.UnitKind == account.KindRuleOfLawOffice && a.Role == account.RoleSecretary)
	var parts []string
	if broad {
		parts = append(parts, "m.sensitivity = 'ordinary'")
	} else {
		parts = append(parts, "(m.sensitivity = 'ordinary' AND "+member+")")
	}
	if a.Role == account.RoleLeader {
		parts = append(parts, "m.sensitivity = 'sensitive'")
	} else {
		parts = append(parts, "(m.sensitivity = 'sensitive' AND "+member+")")
	}
	parts = append(parts, "(m.sensitivity = 'classified' AND "+owner+")")
	// a draft (草稿) only to its organising units, and to admins when ordinary
	organiser := `(m.convening_unit_id = $1 OR EXISTS (SELECT 1 FROM meeting_units md WHERE md.meeting_id = m.id AND md.unit_id = $1 AND md.role = 'co_organiser'))`
	if a.Role == account.RoleAdmin {
		organiser = "(" + organiser + " OR m.sensitivity = 'ordinary')"
	}
	return "((" + strings.Join(parts, " OR ") + ") AND (m.status <> 'draft' OR " + organiser + "))"
}

// meetingList is GET /meetings (the upcoming tab, first page): the actor,
// one page of meetings with the caller's answers, the units and rooms.
func (b *baseline) meetingList(c echo.Context) error {
	ctx := c.Request().Context()
	a, err := b.actor(c)
	if err != nil {
		return err
	}
	const limit = 50
	rows, err := b.pool.Query(ctx, `SELECT m.id, m.status, m.kind, m.title, m.sensitivity, m.convening_unit_id, m.room_id, m.location,
		m.start_at, m.end_at, m.rrule, COALESCE(me.answer, '')
		FROM meetings m LEFT JOIN meeting_attendees me ON me.meeting_id = m.id AND me.user_id = $2
		WHERE `+visibilitySQL(a)+` AND m.series_end_at > $3
		ORDER BY m.start_at, m.id LIMIT $4`, a.UnitID, a.UserID, wall.Now().UTC(), limit+1)
	if err != nil {
		return err
	}
	v := bListView{Tab: "upcoming", Kinds: meeting.Kinds}
	for rows.Next() {
		var r bRow
		if err := rows.Scan(&r.ID, &r.Status, &r.Kind, &r.Title, &r.Sensitivity, &r.ConveningUnitID, &r.RoomID, &r.Location,
			&r.Start, &r.End, &r.RRule, &r.MyAnswer); err != nil {
			rows.Close()
			return err
		}
		r.Busy = r.Title == ""
		v.Rows = append(v.Rows, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(v.Rows) > limit {
		last := v.Rows[limit-1]
		v.Rows = v.Rows[:limit]
		q := url.Values{"tab": {"upcoming"}, "cursor": {fmt.Sprintf("%s_%d", last.Start.UTC().Format(time.RFC3339Nano), last.ID)}}
		v.NextLink = "/meetings?" + q.Encode()
	}
	v.Dir = bDir{UnitName: map[int64]string{}, RoomName: map[int64]string{}}
	urows, err := b.pool.Query(ctx, `SELECT id, name FROM units WHERE active ORDER BY id`)
	if err != nil {
		return err
	}
	for urows.Next() {
		var u account.Unit
		if err := urows.Scan(&u.ID, &u.Name); err != nil {
			urows.Close()
			return err
		}
		v.Dir.Units = append(v.Dir.Units, u)
		v.Dir.UnitName[u.ID] = u.Name
	}
	urows.Close()
	rrows, err := b.pool.Query(ctx, `SELECT id, name FROM rooms WHERE active`)
	if err != nil {
		return err
	}
	for rrows.Next() {
		var id int64
		var name string
		if err := rrows.Scan(&id, &name); err != nil {
			rrows.Close()
			return err
		}
		v.Dir.RoomName[id] = name
	}
	rrows.Close()
	p := &bPage{tr: b.tr, Lang: "zh-CN", Nav: "meetings", Actor: a, Path: "/meetings", Data: v}
	p.Title = p.T("nav.meetings")
	return b.render(c, b.list, p)
}
