package meeting

import (
	"context"
	"fmt"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/docnumber"
	"liaison/app/workday"
)

// The 会议通知 (issue 20 item 2). A meeting takes its notice number from
// app/docnumber (kind notice, letter 会) in the convening unit's series of
// the issuing year when it is issued: on 发布, or on creation when it is
// not saved as a draft, in the same transaction, so concurrent issues get
// distinct numbers and a rolled-back one gives its number back. A draft
// has none. Sensitive and classified meetings are numbered too, but their
// notice is the register entry only: number, date, unit and time.

// numberNotice gives m its notice number and the time of issue, unless it
// is a draft or already has one.
func (s *Service) numberNotice(ctx context.Context, m *Meeting) error {
	if m.Status == Draft || m.NoticeNumber != "" {
		return nil
	}
	now := s.Now()
	n, err := s.Numbers.Next(ctx, m.ConveningUnitID, docnumber.Notice, now.In(workday.Shanghai()).Year())
	if err != nil {
		return err
	}
	m.NoticeNumber, m.NoticeIssuedAt = n.Text, &now
	return nil
}

// Notice is the 会议通知 of one issued meeting.
type Notice struct {
	MeetingID     int64               `json:"meeting_id"`
	Number        string              `json:"number"`
	IssuedAt      time.Time           `json:"issued_at"`
	Sensitivity   account.Sensitivity `json:"sensitivity"`
	ConveningUnit string              `json:"convening_unit"`
	Start         time.Time           `json:"start"`
	End           time.Time           `json:"end"`
	// Content: empty on sensitive and classified meetings (RegisterOnly).
	RegisterOnly bool         `json:"register_only"`
	Title        string       `json:"title"`
	Place        string       `json:"place"`
	OnlineURL    string       `json:"online_url,omitempty"`
	MainTo       []string     `json:"main_to"` // 主送: the attendee units but the convening one
	Units        []NoticeUnit `json:"units"`
	Agenda       []NoticeItem `json:"agenda"`
	Materials    []NoticeFile `json:"materials"`
	CopyTo       []string     `json:"copy_to"`
	Contact      string       `json:"contact"`
	ReplyBy      *time.Time   `json:"reply_by"`
	Cancelled    bool         `json:"cancelled"`
}

// NoticeUnit is an attendee unit (主送) with the people it sends.
type NoticeUnit struct {
	Name   string   `json:"name"`
	People []string `json:"people"`
}

// NoticeItem is an agenda item with its planned times.
type NoticeItem struct {
	Position        int       `json:"position"`
	Title           string    `json:"title"`
	Presenter       string    `json:"presenter"`
	Start           time.Time `json:"start"`
	End             time.Time `json:"end"`
	DurationMinutes int       `json:"duration_minutes"`
}

// NoticeFile is a material to bring or read, with its download link.
type NoticeFile struct {
	Name       string `json:"name"`
	AgendaItem string `json:"agenda_item,omitempty"`
	Link       string `json:"link"`
}

// Notice returns the 会议通知 of meeting id to whoever may see the
// meeting; a draft has none yet (404 meeting_notice).
func (s *Service) Notice(ctx context.Context, a account.Actor, id int64) (Notice, error) {
	d, err := s.Get(ctx, a, id)
	if err != nil {
		return Notice{}, err
	}
	return s.noticeOf(ctx, d)
}

// NoticeOf is the notice of meeting id for the invitation mail, which
// is sent to people already invited (no actor check); ok is false for a
// draft or a meeting without number.
func (s *Service) NoticeOf(ctx context.Context, id int64) (Notice, bool, error) {
	d, err := s.Get(ctx, account.System, id)
	if err != nil {
		return Notice{}, false, err
	}
	if d.NoticeNumber == "" || d.NoticeIssuedAt == nil {
		return Notice{}, false, nil
	}
	n, err := s.noticeOf(ctx, d)
	return n, err == nil, err
}

func (s *Service) noticeOf(ctx context.Context, d Detail) (Notice, error) {
	if d.NoticeNumber == "" || d.NoticeIssuedAt == nil {
		return Notice{}, apperr.NotFoundErr("meeting_notice")
	}
	sh := workday.Shanghai()
	n := Notice{MeetingID: d.ID, Number: d.NoticeNumber, IssuedAt: d.NoticeIssuedAt.In(sh), Sensitivity: d.Sensitivity,
		ConveningUnit: d.Units[d.ConveningUnitID], Start: d.Start.In(sh), End: d.End.In(sh),
		RegisterOnly: !d.Sensitivity.HoldsContent(), Cancelled: d.Status == Cancelled,
		MainTo: []string{}, Units: []NoticeUnit{}, Agenda: []NoticeItem{}, Materials: []NoticeFile{}, CopyTo: []string{}}
	if n.RegisterOnly {
		return n, nil
	}
	n.Title, n.Place, n.OnlineURL = d.Title, d.Location, d.OnlineURL
	if d.ReplyBy != nil { // the 回执 deadline (receipts.go)
		t := d.ReplyBy.In(sh)
		n.ReplyBy = &t
	}
	if d.RoomID != nil && d.RoomName != "" {
		n.Place = d.RoomName
	}
	idx := map[string]int{}
	for _, at := range d.Attendees {
		if at.Answer == Declined && at.DelegateUserID == nil {
			continue
		}
		u := at.UnitName
		if at.UnitID != nil && d.Units[*at.UnitID] != "" {
			u = d.Units[*at.UnitID]
		}
		i, ok := idx[u]
		if !ok {
			i = len(n.Units)
			idx[u] = i
			n.Units = append(n.Units, NoticeUnit{Name: u})
		}
		if at.Name != "" {
			n.Units[i].People = append(n.Units[i].People, at.Name)
		}
	}
	for _, u := range n.Units {
		if u.Name != n.ConveningUnit && u.Name != "" {
			n.MainTo = append(n.MainTo, u.Name)
		}
	}
	t := n.Start
	for i, it := range d.Agenda {
		ni := NoticeItem{Position: i + 1, Title: it.Title, Start: t, DurationMinutes: it.DurationMinutes}
		if it.PresenterUserID != nil {
			ni.Presenter = d.People[*it.PresenterUserID]
		}
		if ni.Presenter == "" {
			ni.Presenter = it.PresenterRole
		}
		t = t.Add(time.Duration(it.DurationMinutes) * time.Minute)
		ni.End = t
		n.Agenda = append(n.Agenda, ni)
	}
	all, err := s.store.files(ctx, d.ID)
	if err != nil {
		return Notice{}, err
	}
	files, err := s.groupFiles(ctx, all, d.Agenda)
	if err != nil {
		return Notice{}, err
	}
	for _, f := range files {
		n.Materials = append(n.Materials, NoticeFile{Name: f.Name, AgendaItem: f.AgendaTitle, Link: fmt.Sprintf("/meetings/%d/files/%d", d.ID, f.ID)})
	}
	seen := map[int64]bool{d.ConveningUnitID: true}
	for _, u := range d.CoUnitIDs {
		if !seen[u] {
			seen[u] = true
			n.CopyTo = append(n.CopyTo, d.Units[u])
		}
	}
	if d.CreatedBy != nil {
		_, people, err := s.store.names(ctx, nil, []int64{*d.CreatedBy})
		if err != nil {
			return Notice{}, err
		}
		n.Contact = people[*d.CreatedBy]
	}
	return n, nil
}

// Ord is the Chinese numeral of section (time, place, attendees, agenda,
// materials, reply) among the sections the notice has: 一, 二, …
func (n Notice) Ord(section string) string {
	secs := []string{"time", "place"}
	if len(n.Units) > 0 {
		secs = append(secs, "attendees")
	}
	if len(n.Agenda) > 0 {
		secs = append(secs, "agenda")
	}
	if len(n.Materials) > 0 {
		secs = append(secs, "materials")
	}
	secs = append(secs, "reply")
	for i, x := range secs {
		if x == section {
			return []string{"一", "二", "三", "四", "五", "六"}[i]
		}
	}
	return ""
}
