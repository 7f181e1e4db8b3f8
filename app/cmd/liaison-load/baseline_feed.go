package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/labstack/echo/v4"

	"liaison/app/calendar"
	"liaison/app/workday"
)

const baseURL = "http://localhost:8080"

// feed is GET /feeds/{token}.ics for a user's token, hand-written: the
// owner, the meetings and their overrides, the unit's open action items,
// then the product's encoder. A re-poll builds the body and compares its
// ETag (what plain code does; no cache).
func (b *baseline) feed(c echo.Context) error {
	ctx := c.Request().Context()
	tok := strings.TrimSuffix(c.Param("file"), ".ics")
	h := sha256.Sum256([]byte(tok))
	var userID, unitID int64
	var name string
	err := b.pool.QueryRow(ctx, `SELECT u.id, u.unit_id, u.display_name FROM feed_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = $1 AND u.active`, hex.EncodeToString(h[:])).Scan(&userID, &unitID, &name)
	if errors.Is(err, pgx.ErrNoRows) {
		return echo.ErrNotFound
	}
	if err != nil {
		return err
	}
	since := wall.Now().UTC().Add(-180 * 24 * time.Hour)
	rows, err := b.pool.Query(ctx, `SELECT m.id, m.uid, m.sequence, m.status, m.title, m.description, m.sensitivity,
		COALESCE(cu.name, ''), m.location, m.online_url, COALESCE(r.name, ''), m.start_at, m.end_at, m.rrule, m.created_at, m.updated_at
		FROM meetings m LEFT JOIN rooms r ON r.id = m.room_id LEFT JOIN units cu ON cu.id = m.convening_unit_id
		WHERE m.status = 'scheduled' AND m.series_end_at >= $1 AND EXISTS (SELECT 1 FROM meeting_attendees ma
			WHERE ma.meeting_id = m.id AND ma.user_id = $2 AND ma.answer NOT IN ('declined', 'delegated'))
		ORDER BY m.start_at, m.id`, since, userID)
	if err != nil {
		return err
	}
	var events []calendar.Event
	idx := map[int64]int{}
	for rows.Next() {
		var ev calendar.Event
		var id int64
		var status, sens, unit, loc, online, room string
		if err := rows.Scan(&id, &ev.UID, &ev.Sequence, &status, &ev.Title, &ev.Description, &sens, &unit, &loc, &online, &room,
			&ev.Start, &ev.End, &ev.RRule, &ev.Created, &ev.LastModified); err != nil {
			rows.Close()
			return err
		}
		ev.Status, ev.Sensitivity = calendar.StatusConfirmed, calendar.Sensitivity(sens)
		ev.URL = fmt.Sprintf("%s/meetings/%d", baseURL, id)
		ev.Organizer = calendar.Person{Name: unit, Email: "liaison@localhost"}
		ev.Location = place(room, loc, online)
		idx[id] = len(events)
		events = append(events, ev)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	orows, err := b.pool.Query(ctx, `SELECT o.meeting_id, o.original_start, o.status, o.start_at, o.end_at, o.sequence
		FROM meeting_occurrences o JOIN meeting_attendees ma ON ma.meeting_id = o.meeting_id AND ma.user_id = $1
		ORDER BY o.meeting_id, o.original_start`, userID)
	if err != nil {
		return err
	}
	for orows.Next() {
		var id int64
		var o calendar.Override
		var status string
		if err := orows.Scan(&id, &o.RecurrenceID, &status, &o.Start, &o.End, &o.Sequence); err != nil {
			orows.Close()
			return err
		}
		if i, ok := idx[id]; ok {
			if status == "cancelled" {
				events[i].ExDates = append(events[i].ExDates, o.RecurrenceID)
			} else {
				events[i].Overrides = append(events[i].Overrides, o)
			}
		}
	}
	orows.Close()
	days, err := b.openActions(c, unitID, workday.FromTime(since).String())
	if err != nil {
		return err
	}
	body, err := calendar.Feed(b.tr.T("zh-CN", "feed.name_user", map[string]any{"Name": name}), events, days,
		calendar.FeedOptions{BusySummary: b.tr.T("zh-CN", "feed.busy", nil)})
	if err != nil {
		return err
	}
	etag := calendar.ETag(body)
	c.Response().Header().Set("ETag", etag)
	if c.Request().Header.Get("If-None-Match") == etag {
		return c.NoContent(http.StatusNotModified)
	}
	return c.Blob(http.StatusOK, "text/calendar; charset=utf-8", body)
}

func (b *baseline) openActions(c echo.Context, unitID int64, dueSince string) ([]calendar.AllDay, error) {
	rows, err := b.pool.Query(c.Request().Context(), `SELECT id, title, due_on, sensitivity, updated_at FROM action_items
		WHERE responsible_unit_id = $1 AND status IN ('open', 'in_progress', 'returned', 'overdue') AND due_on >= $2
		ORDER BY due_on, id`, unitID, dueSince)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []calendar.AllDay
	for rows.Next() {
		var d calendar.AllDay
		var id int64
		var title, due, sens string
		if err := rows.Scan(&id, &title, &due, &sens, &d.LastModified); err != nil {
			return nil, err
		}
		day, err := workday.ParseDate(due)
		if err != nil {
			continue
		}
		d.UID, d.URL = fmt.Sprintf("action-%d@liaison", id), fmt.Sprintf("%s/actions/%d", baseURL, id)
		d.Date, d.Sensitivity = time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, time.UTC), calendar.Sensitivity(sens)
		d.Title = b.tr.T("zh-CN", "feed.action_due", map[string]any{"Title": title})
		if sens != "ordinary" {
			d.Title = b.tr.T("zh-CN", "feed.action_due_neutral", nil)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func place(room, loc, online string) string {
	var parts []string
	if room != "" {
		parts = append(parts, room)
	}
	if loc != "" {
		parts = append(parts, loc)
	}
	if len(parts) == 0 && online != "" {
		parts = append(parts, online)
	}
	return strings.Join(parts, " · ")
}

// baselineCalls are the baseline's requests for the paths it serves.
func baselineCalls(f *fixture) map[string]call {
	l := liaisonCalls(f)
	return map[string]call{"meeting list": l["meeting list"], "my feed": l["my feed"], "feed 304": l["feed 304"]}
}
