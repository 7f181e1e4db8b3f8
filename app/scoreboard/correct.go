package scoreboard

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/followup"
	"liaison/app/i18n"
)

// Correct is the follow-up area's Dated hook: it runs inside the
// transaction that entered a record dated in an earlier month (an item
// received then, an answer dated then). Items count by their own dates, so
// such a record may belong to a month already published, and a published
// figure never changes silently: every published month from the record's
// month to last month in which the record now counts differently than in
// its latest revision gets a correction revision, recomputed from the
// records, whose reason names the record (by its document number or
// title, never an id; sensitive and classified ones by their kind only).
// The revisions before stay as they were.
func (s *Service) Correct(ctx context.Context, a account.Actor, changes []followup.Dated) error {
	if len(changes) == 0 {
		return nil
	}
	cur := s.CurrentMonth()
	from := cur
	for _, c := range changes {
		if m := MonthOf(c.On); from.After(m) {
			from = m
		}
	}
	var months []string
	for m := from; cur.After(m); m = m.Next() {
		months = append(months, m.String())
	}
	if len(months) == 0 {
		return nil
	}
	if err := s.store.Lock(ctx); err != nil {
		return err
	}
	snaps, err := s.store.Snapshots(ctx, months)
	if err != nil || len(snaps) == 0 {
		return err
	}
	latest := map[string]snapshot{}
	for _, sn := range snaps {
		latest[sn.Month] = sn // ordered by revision: the last wins
	}
	agencies, err := s.agencies(ctx)
	if err != nil {
		return err
	}
	onBoard := map[int64]bool{}
	for _, u := range agencies {
		onBoard[u.ID] = true
	}
	for m := from; cur.After(m); m = m.Next() {
		sn, ok := latest[m.String()]
		if !ok {
			continue
		}
		published, err := decodeRows(sn.Rows)
		if err != nil {
			return err
		}
		was := map[int64]map[Figure][]int64{}
		for _, r := range published {
			was[r.UnitID] = r.Records
			onBoard[r.UnitID] = true
		}
		now := map[int64]map[Figure][]int64{}
		var reasons []string
		for _, c := range changes {
			u := c.Item.ResponsibleUnitID
			if MonthOf(c.On).After(m) || !onBoard[u] {
				continue // it counts from its own month on, and only for the board's units
			}
			if _, ok := now[u]; !ok {
				if now[u], err = s.liveRecords(ctx, m, u); err != nil {
					return err
				}
			}
			if !countsAlike(was[u], now[u], c.Item.ID) {
				r, err := s.correctionReason(ctx, c)
				if err != nil {
					return err
				}
				if !slices.Contains(reasons, r) {
					reasons = append(reasons, r)
				}
			}
		}
		if len(reasons) > 0 {
			if err := s.addRevision(ctx, a, m, joinReasons(reasons), nil, true); err != nil {
				return err
			}
		}
	}
	return nil
}

// countsAlike reports whether item id is behind the same figures in both.
func countsAlike(was, now map[Figure][]int64, id int64) bool {
	for _, f := range Figures {
		if !f.IsMeeting() && slices.Contains(was[f], id) != slices.Contains(now[f], id) {
			return false
		}
	}
	return true
}

// joinReasons joins reasons within the 500 characters a reason may have.
func joinReasons(rs []string) string {
	out := strings.Join(rs, "；")
	if utf8.RuneCountInString(out) <= 500 {
		return out
	}
	r := []rune(out)
	return string(r[:499]) + "…"
}

// correctionReason says which record was entered late, and its date:
// "补录：检察建议书 奎检行建〔2026〕5号 收到于2026年10月". It is kept in the
// district's language (zh-CN), as a publisher's typed reason is.
func (s *Service) correctionReason(ctx context.Context, c followup.Dated) (string, error) {
	tr := s.Tr
	if tr == nil { // a service built without the application's messages (tests)
		var err error
		if tr, err = i18n.New(); err != nil {
			return "", apperr.Wrap(err, "i18n")
		}
	}
	t := func(id string, args ...any) string {
		m := map[string]any{}
		for i := 0; i+1 < len(args); i += 2 {
			m[args[i].(string)] = args[i+1]
		}
		return tr.T(i18n.ZH, id, m)
	}
	it := c.Item
	var (
		doc documentRef
		ok  bool
	)
	if it.SourceKind == followup.FromDocument {
		var err error
		if doc, ok, err = s.store.DocumentRef(ctx, it.SourceID); err != nil {
			return "", err
		}
	}
	// The reason is public with the board: a sensitive or classified
	// record is named by its kind alone.
	var record string
	typeName := "document.type_" + string(doc.Type)
	if doc.Type.Custom() {
		typeName = "document.type_custom" // an added type: named by its kind on the public board
	}
	switch {
	case ok && doc.Sensitivity == account.Ordinary:
		record = t("scoreboard.correction.document", "Type", t(typeName), "Number", doc.Number)
	case ok:
		record = t("scoreboard.correction.document_hidden", "Type", t(typeName),
			"Sensitivity", t("sensitivity."+string(doc.Sensitivity)))
	case it.Sensitivity == account.Ordinary:
		record = t("scoreboard.correction.item", "Title", it.Title)
	default:
		record = t("scoreboard.correction.item_hidden", "Sensitivity", t("sensitivity."+string(it.Sensitivity)))
	}
	return t("scoreboard.correction."+string(c.Event), "Record", record, "Year", c.On.Year, "Month", int(c.On.Month)), nil
}
