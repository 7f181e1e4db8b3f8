// Package search finds meetings, agenda items, minutes, decisions, cases,
// documents and action items by any text they contain, within what the
// caller may see (issue 20 item 6).
//
// The text lives in search_docs, kept by SQL triggers (migration 0030)
// for ordinary records only. Each hit is checked against the owning
// package's own visibility rule before it is returned.
package search

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/page"
)

// MaxQuery is the longest query accepted, in characters.
const MaxQuery = 100

// maxScan bounds the candidates one request reads and checks: a query
// whose matches the caller mostly may not see answers a short page with a
// cursor to go on, instead of reading the whole index.
const maxScan = 500

// batches are how many candidates are read and checked at a time: all
// of them in one statement (and one per kind for visibility), since each
// statement on PostgreSQL costs in the number of matches; a first small
// batch of 100 then 400 measured slower on the load district (p50 130 ms
// against 42 ms: members see few of the matches and paid twice).
var batches = []int{maxScan}

// Kinds of hits.
const (
	KindMeeting  = "meeting"
	KindAgenda   = "agenda"
	KindMinutes  = "minutes"
	KindDecision = "decision"
	KindCase     = "case"
	KindDocument = "document"
	KindAction   = "action"
)

// Visibility answers, for a batch of record ids, which the actor may see.
// meeting.Service, casefile.Service and followup.Service provide them.
type Visibility func(ctx context.Context, a account.Actor, ids []int64) (map[int64]bool, error)

// Service runs searches.
type Service struct {
	store     *store
	Meetings  Visibility // meetings; also rules their agenda, minutes and decisions
	Cases     Visibility
	Documents Visibility
	Actions   Visibility
}

// NewService returns a service over d with the visibility rules given.
func NewService(d *db.DB, meetings, cases, documents, actions Visibility) *Service {
	return &Service{store: &store{db: d}, Meetings: meetings, Cases: cases, Documents: documents, Actions: actions}
}

// Hit is one record found: its kind and id, its human key (title), the
// matched text with a little context (snippet, plain text) and its page.
type Hit struct {
	Kind    string `json:"kind"`
	ID      int64  `json:"id"`
	Title   string `json:"title"`
	Snippet string `json:"snippet"`
	Link    string `json:"link"`
	// Mark is where the match lies in Snippet (bytes), for the page's
	// highlight; -1 when the match is only in the title.
	Mark [2]int `json:"-"`
}

// Validate trims q and checks it: empty or longer than MaxQuery is a 422.
func Validate(q string) (string, error) {
	q = strings.TrimSpace(q)
	switch {
	case q == "":
		return "", apperr.Fields{"q": "search.q_required"}.Err()
	case utf8.RuneCountInString(q) > MaxQuery:
		return "", apperr.Fields{"q": "search.q_too_long"}.Err()
	case strings.ContainsRune(q, 0):
		return "", apperr.Fields{"q": "search.q_invalid"}.Err()
	}
	return q, nil
}

// Search returns one page of hits for q that the actor may see, newest
// records first. The cursor continues after the last record read, which
// may be past the last hit when maxScan candidates held too few visible
// ones.
func (s *Service) Search(ctx context.Context, a account.Actor, q string, p page.Request) (page.Page[Hit], error) {
	q, err := Validate(q)
	if err != nil {
		return page.Page[Hit]{}, err
	}
	if p.Limit <= 0 {
		p.Limit = page.DefaultLimit
	}
	out := page.Page[Hit]{Items: []Hit{}}
	if a.IsAnonymous() {
		return out, nil
	}
	before := p.Cursor.ID
	for _, batch := range batches {
		docs, err := s.store.candidates(ctx, q, before, batch)
		if err != nil {
			return page.Page[Hit]{}, err
		}
		visible, err := s.visible(ctx, a, docs)
		if err != nil {
			return page.Page[Hit]{}, err
		}
		for _, d := range docs {
			before = d.ID
			if !visible[d.Kind][d.visibilityKey()] {
				continue
			}
			if len(out.Items) == p.Limit {
				// One more visible hit: the page is full and there is more.
				out.NextCursor = page.Cursor{ID: d.ID + 1}.Encode()
				return out, nil
			}
			out.Items = append(out.Items, d.hit(q))
		}
		if len(docs) < batch {
			return out, nil // the index has no more
		}
	}
	out.NextCursor = page.Cursor{ID: before}.Encode()
	return out, nil
}

// visible asks each kind's rule about the batch: per kind, the set of
// visibility keys (meeting ids for the meeting kinds) the actor may see.
func (s *Service) visible(ctx context.Context, a account.Actor, docs []doc) (map[string]map[int64]bool, error) {
	ids := map[string][]int64{}
	for _, d := range docs {
		ids[d.Kind] = append(ids[d.Kind], d.visibilityKey())
	}
	rules := map[string]Visibility{KindCase: s.Cases, KindDocument: s.Documents, KindAction: s.Actions}
	out := map[string]map[int64]bool{}
	var meetings []int64
	for _, k := range []string{KindMeeting, KindAgenda, KindMinutes, KindDecision} {
		meetings = append(meetings, ids[k]...)
	}
	if len(meetings) > 0 {
		m, err := s.Meetings(ctx, a, dedupe(meetings))
		if err != nil {
			return nil, err
		}
		for _, k := range []string{KindMeeting, KindAgenda, KindMinutes, KindDecision} {
			out[k] = m
		}
	}
	for k, rule := range rules {
		if len(ids[k]) == 0 {
			continue
		}
		m, err := rule(ctx, a, dedupe(ids[k]))
		if err != nil {
			return nil, err
		}
		out[k] = m
	}
	return out, nil
}

func dedupe(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// visibilityKey is the id the kind's rule is asked about.
func (d doc) visibilityKey() int64 {
	if d.MeetingID != nil {
		return *d.MeetingID
	}
	return d.RecordID
}

// hit turns a candidate into what the caller gets.
func (d doc) hit(q string) Hit {
	h := Hit{Kind: d.Kind, ID: d.RecordID, Title: strings.TrimSpace(d.Title)}
	h.Snippet, h.Mark = snippet(d.Body, q)
	switch d.Kind {
	case KindCase:
		h.Link = "/cases/" + strconv.FormatInt(d.RecordID, 10)
	case KindDocument:
		h.Link = "/documents/" + strconv.FormatInt(d.RecordID, 10)
	case KindAction:
		h.Link = "/actions/" + strconv.FormatInt(d.RecordID, 10)
	default:
		h.Link = "/meetings/" + strconv.FormatInt(d.visibilityKey(), 10)
	}
	return h
}
