package subscribe

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"liaison/app/calendar"
	"liaison/app/workday"
)

// FeedWindow is how far back a feed reaches: meetings that ended and action
// items that fell due longer ago are left out, so feeds do not grow forever.
const FeedWindow = 180 * 24 * time.Hour

// FeedResult is a feed's answer. With NotModified, Body is nil.
type FeedResult struct {
	Body        []byte
	ETag        string
	NotModified bool
}

// Feed answers GET /feeds/{token}.ics. The ETag is always the SHA-256 of
// the body (calendar.ETag), so it is strong. To answer clients' frequent
// re-polls cheaply, the last ETag of each feed is remembered with a
// fingerprint of its inputs (one aggregate query): when the fingerprint is
// unchanged and the client already holds that ETag, the answer is 304
// without loading or encoding anything. Any change of a meeting, an
// attendance, a room or an action item changes the fingerprint, so a
// changed calendar is always served fresh.
func (s *Service) Feed(ctx context.Context, tok, ifNoneMatch string) (FeedResult, error) {
	o, err := s.resolve(ctx, tok)
	if err != nil {
		return FeedResult{}, err
	}
	now := s.Now()
	since := now.Add(-FeedWindow)
	dueSince := workday.FromTime(since).String()
	unitID := o.UserUnitID
	if o.UnitID != nil {
		unitID = *o.UnitID
	}
	fp, err := s.Store.Fingerprint(ctx, o, since, unitID, dueSince)
	if err != nil {
		return FeedResult{}, err
	}
	key := fmt.Sprintf("%+v|%s|%s|%s|%s", fp, o.Salt, o.UserName, o.UnitName, s.baseURL)
	if etag, ok := s.cache.get(o.TokenHash, key); ok && etagMatch(ifNoneMatch, etag) {
		return FeedResult{ETag: etag, NotModified: true}, nil
	}
	body, err := s.buildFeed(ctx, o, since, unitID, dueSince)
	if err != nil {
		return FeedResult{}, err
	}
	etag := calendar.ETag(body)
	s.cache.put(o.TokenHash, key, etag)
	if etagMatch(ifNoneMatch, etag) {
		return FeedResult{ETag: etag, NotModified: true}, nil
	}
	return FeedResult{Body: body, ETag: etag}, nil
}

// buildFeed loads and encodes a feed.
func (s *Service) buildFeed(ctx context.Context, o feedOwner, since time.Time, unitID int64, dueSince string) ([]byte, error) {
	ms, ov, err := s.Store.FeedMeetings(ctx, o, since)
	if err != nil {
		return nil, err
	}
	acts, err := s.Store.OpenActions(ctx, unitID, dueSince)
	if err != nil {
		return nil, err
	}
	events := make([]calendar.Event, 0, len(ms))
	for i := range ms {
		events = append(events, s.event(&ms[i], ov[ms[i].ID], nil))
	}
	days := make([]calendar.AllDay, 0, len(acts))
	for _, a := range acts {
		if d, ok := s.allDay(a); ok {
			days = append(days, d)
		}
	}
	name := s.t("feed.name_user", "Name", o.UserName)
	if o.UnitID != nil {
		name = s.t("feed.name_unit", "Unit", o.UnitName)
	}
	opts := calendar.FeedOptions{BusySummary: s.t("feed.busy")}
	body, err := calendar.Feed(name, events, days, opts)
	if err == nil {
		return body, nil
	}
	// One bad record (say an override a later rule change orphaned) must
	// not take the whole calendar down: leave it out and say so in the log.
	keep := events[:0]
	for _, ev := range events {
		if _, e := calendar.Feed(name, []calendar.Event{ev}, nil, opts); e != nil {
			s.Log.Warn("feed: meeting left out", "uid", ev.UID, "err", e)
			continue
		}
		keep = append(keep, ev)
	}
	return calendar.Feed(name, keep, days, opts)
}

// event maps a meeting row onto a calendar event; attendees only for
// invitations (feeds never carry people).
func (s *Service) event(m *meetingRow, ov []occurrenceRow, att []attendeeRow) calendar.Event {
	ev := calendar.Event{
		UID: m.UID, Sequence: m.Sequence + m.SeqOffset, Status: calendar.StatusConfirmed,
		Title: m.Title, Description: m.Description, Location: place(m),
		URL:   s.link(fmt.Sprintf("/meetings/%d", m.ID)),
		Start: m.StartAt, End: m.EndAt, Sensitivity: calendar.Sensitivity(m.Sensitivity),
		Organizer: calendar.Person{Name: m.UnitName, Email: s.from},
		RRule:     m.RRule, Created: m.CreatedAt, LastModified: m.UpdatedAt,
	}
	if m.Status == "cancelled" {
		ev.Status = calendar.StatusCancelled
	}
	for _, a := range att {
		ev.Attendees = append(ev.Attendees, calendar.Attendee{Person: calendar.Person{Name: a.Name, Email: a.Email}, Role: a.Role, Answer: a.Answer})
	}
	for _, o := range ov {
		if o.Status == "cancelled" {
			ev.ExDates = append(ev.ExDates, o.OriginalStart)
			continue
		}
		ev.Overrides = append(ev.Overrides, calendar.Override{RecurrenceID: o.OriginalStart, Start: o.StartAt, End: o.EndAt, Sequence: o.Sequence + m.SeqOffset})
	}
	return ev
}

// place is the room, the free-text place, or else the online link (as the
// meeting page shows it).
func place(m *meetingRow) string {
	var parts []string
	if m.RoomName != "" {
		parts = append(parts, m.RoomName)
	}
	if m.Location != "" {
		parts = append(parts, m.Location)
	}
	if len(parts) == 0 && m.OnlineURL != "" {
		parts = append(parts, m.OnlineURL)
	}
	return strings.Join(parts, " · ")
}

// allDay maps an action item's due date; sensitive and classified items get
// a neutral title (the calendar package also redacts classified ones).
func (s *Service) allDay(a actionRow) (calendar.AllDay, bool) {
	d, err := workday.ParseDate(a.DueOn)
	if err != nil {
		return calendar.AllDay{}, false
	}
	title := s.t("feed.action_due", "Title", a.Title)
	if a.Sensitivity != "ordinary" {
		title = s.t("feed.action_due_neutral")
	}
	return calendar.AllDay{
		UID: fmt.Sprintf("action-%d@liaison", a.ID), Title: title,
		URL:  s.link(fmt.Sprintf("/actions/%d", a.ID)),
		Date: time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC), Sensitivity: calendar.Sensitivity(a.Sensitivity),
		LastModified: a.UpdatedAt,
	}, true
}

// etagMatch implements If-None-Match for strong tags (and "*").
func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, part := range strings.Split(header, ",") {
		p := strings.TrimSpace(part)
		if p == "*" || p == etag {
			return true
		}
	}
	return false
}

// feedCache remembers, per feed, the fingerprint and ETag of the last body
// built; bounded, since any entry can be rebuilt.
type feedCache struct {
	mu  sync.Mutex
	max int
	m   map[string][2]string
}

func (c *feedCache) init(max int) { c.max, c.m = max, map[string][2]string{} }

func (c *feedCache) get(feed, fp string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[feed]
	if !ok || e[0] != fp {
		return "", false
	}
	return e[1], true
}

func (c *feedCache) put(feed, fp, etag string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= c.max {
		for k := range c.m { // drop an arbitrary entry
			delete(c.m, k)
			break
		}
	}
	c.m[feed] = [2]string{fp, etag}
}
