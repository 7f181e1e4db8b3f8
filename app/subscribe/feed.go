package subscribe

import (
	"context"
	"crypto/subtle"
	"fmt"
	"strings"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/calendar"
	"liaison/app/db"
	"liaison/app/meeting"
	"liaison/app/metrics"
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
	// LastModified is when the feed's content last changed (the same on
	// every instance, never going back); zero when not known.
	LastModified time.Time
}

// Feed answers GET /feeds/{token}.ics. The ETag is always the SHA-256 of
// the body (calendar.ETag), so it is strong. To answer clients' frequent
// re-polls cheaply, the last ETag of each feed is remembered with a
// fingerprint of its inputs (one aggregate query): when the fingerprint is
// unchanged and the client already holds that ETag, the answer is 304
// without loading or encoding anything. Any change of a meeting, an
// attendance, a room or an action item changes the fingerprint, so a
// changed calendar is always served fresh. The body itself is kept too
// (bounded, feed_cache.go), so a client without the ETag gets the same
// bytes for the price of that one query: the key is computed from the
// database on every such request, so this holds across instances.
//
// A re-poll within FeedFresh of the last check, presenting the ETag then
// served, is answered 304 from memory with no query at all, as long as no
// transaction has finished in this process since (db.Commits): a change
// made through this instance, a token rotated here included, is seen at
// once. Changes made through other instances (or by direct SQL) are seen
// after at most FeedFresh: feeds are polled every few minutes, so a
// two-second lag is invisible to a calendar client, and no request that
// could be refused (unknown token, rotated elsewhere, owner deactivated)
// gets more than the 304 it got FeedFresh ago, with no body.
func (s *Service) Feed(ctx context.Context, tok, ifNoneMatch string) (FeedResult, error) {
	gen, at := db.Commits(), s.Now()
	if ifNoneMatch != "" && ValidTokenShape(tok) {
		if e, ok := s.cache.fresh(hashToken(tok), gen, at); ok && etagMatch(ifNoneMatch, e.etag) {
			metrics.FeedCache(true)
			return FeedResult{ETag: e.etag, NotModified: true, LastModified: e.changed}, nil
		}
	}
	now := s.Now()
	since := now.Add(-FeedWindow)
	dueSince := workday.FromTime(since).String()
	o, fp, err := s.ownerAndFingerprint(ctx, tok, since, dueSince)
	if err != nil {
		return FeedResult{}, err
	}
	unitID := scopeUnit(o)
	key := fmt.Sprintf("%+v|%s|%s|%s|%s", fp, o.Salt, o.UserName, o.UnitName, s.baseURL)
	if e, ok := s.cache.get(o.TokenHash, key, gen, at); ok {
		if etagMatch(ifNoneMatch, e.etag) {
			metrics.FeedCache(true)
			return FeedResult{ETag: e.etag, NotModified: true, LastModified: e.changed}, nil
		}
		if e.body != nil { // same inputs, same bytes: no meeting query, no encoding
			metrics.FeedCache(true)
			return FeedResult{Body: e.body, ETag: e.etag, LastModified: e.changed}, nil
		}
	}
	metrics.FeedCache(false)
	body, err := s.buildFeed(ctx, o, since, unitID, dueSince)
	if err != nil {
		return FeedResult{}, err
	}
	etag := calendar.ETag(body)
	changed, err := s.feedChanged(ctx, o.TokenID, etag, now)
	if err != nil {
		return FeedResult{}, err
	}
	s.cache.put(o, key, etag, changed, body, gen, at)
	if etagMatch(ifNoneMatch, etag) {
		return FeedResult{ETag: etag, NotModified: true, LastModified: changed}, nil
	}
	return FeedResult{Body: body, ETag: etag, LastModified: changed}, nil
}

// feedChanged returns when the feed changed to etag, recording now when
// this is the first build with that ETag. Seconds: HTTP dates have no more.
func (s *Service) feedChanged(ctx context.Context, tokenID int64, etag string, now time.Time) (time.Time, error) {
	prev, at, err := s.store.FeedVersion(ctx, tokenID)
	if err != nil || prev == etag {
		return at.Truncate(time.Second), err
	}
	// Strictly later than the previous version: two changes within one
	// second must not share a date, or a client asking If-Modified-Since
	// the first would be told the second is not newer.
	next := now.Truncate(time.Second)
	if prev != "" && !next.After(at.Truncate(time.Second)) {
		next = at.Truncate(time.Second).Add(time.Second)
	}
	if err := s.store.SetFeedVersion(ctx, tokenID, etag, next); err != nil {
		return time.Time{}, err
	}
	_, at, err = s.store.FeedVersion(ctx, tokenID) // another instance may have won
	return at.Truncate(time.Second), err
}

// scopeUnit is the unit whose action items a feed shows: the unit of a
// unit feed, the owner's unit of a personal one.
func scopeUnit(o feedOwner) int64 {
	if o.UnitID != nil {
		return *o.UnitID
	}
	return o.UserUnitID
}

// ownerAndFingerprint resolves tok (NotFound as resolve) and computes its
// feed's fingerprint: one query when the feed's owner is remembered from an
// earlier request (the fingerprint's scope depends on the owner), two
// otherwise or when the owner's scope changed since.
func (s *Service) ownerAndFingerprint(ctx context.Context, tok string, since time.Time, dueSince string) (feedOwner, fingerprint, error) {
	if ValidTokenShape(tok) {
		h := hashToken(tok)
		if prev, ok := s.cache.owner(h); ok {
			o, fp, found, err := s.store.OwnerFingerprint(ctx, h, prev, since, scopeUnit(prev), dueSince)
			switch {
			case err != nil:
				return feedOwner{}, fingerprint{}, err
			case !found: // gone (rotated): resolve says so
			case subtle.ConstantTimeCompare([]byte(o.TokenHash), []byte(h)) != 1,
				o.UnitID != nil && !o.UnitActive || o.UnitID == nil && !o.UserActive: // as resolve
				return feedOwner{}, fingerprint{}, apperr.NotFoundErr("feed")
			case sameScope(o, prev):
				return o, fp, nil
			}
		}
	}
	o, err := s.resolve(ctx, tok)
	if err != nil {
		return feedOwner{}, fingerprint{}, err
	}
	fp, err := s.store.Fingerprint(ctx, o, since, scopeUnit(o), dueSince)
	return o, fp, err
}

// sameScope reports whether a fingerprint computed for b's scope is one
// for a's.
func sameScope(a, b feedOwner) bool {
	eq := func(x, y *int64) bool { return x == nil && y == nil || x != nil && y != nil && *x == *y }
	return a.TokenID == b.TokenID && eq(a.UserID, b.UserID) && eq(a.UnitID, b.UnitID) && scopeUnit(a) == scopeUnit(b)
}

// buildFeed loads and encodes a feed.
func (s *Service) buildFeed(ctx context.Context, o feedOwner, since time.Time, unitID int64, dueSince string) ([]byte, error) {
	ms, ov, err := s.store.FeedMeetings(ctx, o, since)
	if err != nil {
		return nil, err
	}
	acts, err := s.store.OpenActions(ctx, unitID, dueSince)
	if err != nil {
		return nil, err
	}
	events := make([]calendar.Event, 0, len(ms))
	for i := range ms {
		events = append(events, s.event(&ms[i], ov[ms[i].ID], nil))
	}
	rule, err := s.uidRule(ctx)
	if err != nil {
		return nil, err
	}
	days := make([]calendar.AllDay, 0, len(acts))
	for _, a := range acts {
		if d, ok := s.allDay(a, rule); ok {
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
		Title: m.Title, Description: m.Description, Location: place(m), Online: m.OnlineURL,
		URL: s.link(fmt.Sprintf("/meetings/%d", m.ID)), Comment: m.CancelReason,
		Start: m.StartAt, End: m.EndAt, Sensitivity: calendar.Sensitivity(m.Sensitivity),
		Organizer: calendar.Person{Name: m.UnitName, Email: s.from},
		RRule:     m.RRule, Created: m.CreatedAt, LastModified: m.UpdatedAt,
	}
	if m.Status == string(meeting.Cancelled) {
		ev.Status = calendar.StatusCancelled
	}
	ev.Attendees = attendees(att)
	for _, o := range ov {
		if o.Status == string(meeting.Cancelled) {
			ev.ExDates = append(ev.ExDates, o.OriginalStart)
			continue
		}
		ev.Overrides = append(ev.Overrides, calendar.Override{RecurrenceID: o.OriginalStart, Start: o.StartAt, End: o.EndAt, Sequence: o.Sequence + m.SeqOffset})
	}
	return ev
}

// place is the room and the free-text place: LOCATION keeps the room of a
// hybrid meeting, and the online link goes in URL and CONFERENCE.
func place(m *meetingRow) string {
	var parts []string
	if m.RoomName != "" {
		parts = append(parts, m.RoomName)
	}
	if m.Location != "" {
		parts = append(parts, m.Location)
	}
	return strings.Join(parts, " · ")
}

// attendees maps attendee rows, naming both sides of each delegation
// (DELEGATED-TO on the delegator, DELEGATED-FROM on the delegate) when both
// have an address.
func attendees(att []attendeeRow) []calendar.Attendee {
	emailOf := map[int64]string{}
	for _, a := range att {
		if a.UserID != nil && a.Email != "" {
			emailOf[*a.UserID] = a.Email
		}
	}
	out := make([]calendar.Attendee, 0, len(att))
	from := map[string]string{} // delegate's email → delegator's
	for _, a := range att {
		c := calendar.Attendee{Person: calendar.Person{Name: a.Name, Email: a.Email}, Role: a.Role, Answer: a.Answer}
		if a.Answer == calendar.AnswerDelegated && a.DelegateUserID != nil && a.Email != "" {
			if to := emailOf[*a.DelegateUserID]; to != "" {
				c.DelegatedTo, from[to] = to, a.Email
			}
		}
		out = append(out, c)
	}
	for i := range out {
		out[i].DelegatedFrom = from[out[i].Email]
	}
	return out
}

// allDay maps an action item's due date; sensitive and classified items get
// a neutral title (the calendar package also redacts classified ones).
func (s *Service) allDay(a actionRow, rule uidRule) (calendar.AllDay, bool) {
	d, err := workday.ParseDate(a.DueOn)
	if err != nil {
		return calendar.AllDay{}, false
	}
	title := s.t("feed.action_due", "Title", a.Title)
	if a.Sensitivity != string(account.Ordinary) {
		title = s.t("feed.action_due_neutral")
	}
	return calendar.AllDay{
		UID: rule.actionUID(a.ID), Title: title,
		URL:  s.link(fmt.Sprintf("/actions/%d", a.ID)),
		Date: time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC), Sensitivity: calendar.Sensitivity(a.Sensitivity),
		LastModified: a.UpdatedAt,
	}, true
}

// etagMatch implements If-None-Match, which uses the weak comparison (RFC
// 9110 §13.1.2): W/"x" matches "x", since nginx and other proxies that
// compress on the fly make ETags weak. The gzip variant (GzipETag) of a
// body matches it too: both stand for the same content.
func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	etag = opaque(etag)
	for header != "" { // without strings.Split: re-polls come often
		var part string
		part, header, _ = strings.Cut(header, ",")
		if p := strings.TrimSpace(part); p == "*" || opaque(p) == etag {
			return true
		}
	}
	return false
}

// gzipSuffix marks the ETag of a feed's gzip-encoded variant: a strong ETag
// names one representation, so the compressed bytes need their own.
const gzipSuffix = `-gzip"`

// GzipETag is the ETag of the gzip-encoded variant of a body with etag.
func GzipETag(etag string) string { return strings.TrimSuffix(etag, `"`) + gzipSuffix }

// opaque is an entity tag without its weakness mark and gzip suffix.
func opaque(tag string) string {
	tag = strings.TrimPrefix(tag, "W/")
	if strings.HasSuffix(tag, gzipSuffix) {
		tag = strings.TrimSuffix(tag, gzipSuffix) + `"`
	}
	return tag
}
