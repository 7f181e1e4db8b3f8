package demo

import (
	"context"
	"fmt"
	"time"

	"liaison/app/account"
	"liaison/app/casefile"
	"liaison/app/followup"
	"liaison/app/meeting"
)

// Services are the domain services LoadActivity writes through.
type Services struct {
	Accounts *account.Service
	Cases    *casefile.Service
	Actions  *followup.Service
	Meetings *meeting.Service
}

// LoadActivity gives the freshly loaded demo district a working life:
// rooms, registered and notified cases, supervision documents with their
// action items (one answered and verified, one escalated), a consultation
// next week with an agenda, a quarterly joint-meeting series, a joint
// inspection, and a past joint meeting whose confirmed minutes created
// action items. Dates are relative to today so the demo always looks alive.
func LoadActivity(ctx context.Context, s Services, today time.Time) error {
	l := &loader{s: s, ctx: ctx, actors: map[string]account.Actor{}, units: map[string]int64{}, today: today}
	if err := l.cast(); err != nil {
		return err
	}
	steps := []func() error{l.setOfficeCodes, l.rooms, l.cases, l.documents, l.escalationTogether, l.clueFeedback, l.meetings(today), l.outputs, l.todo, l.inbox(today), l.reportActivities, l.leadingGroup, l.draft}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("demo activity: %w", err)
		}
	}
	return nil
}

type loader struct {
	s       Services
	ctx     context.Context
	actors  map[string]account.Actor
	units   map[string]int64
	roomIDs []int64
	caseID  []int64
	today   time.Time
}

// cast resolves the demo users and units by name.
func (l *loader) cast() error {
	for _, p := range People {
		u, err := l.s.Accounts.UserByUsername(l.ctx, p.Username)
		if err != nil {
			return err
		}
		unit, err := l.s.Accounts.Unit(l.ctx, u.UnitID)
		if err != nil {
			return err
		}
		l.actors[p.Username] = account.ActorFor(u, unit.Kind)
		l.units[unit.Name] = unit.ID
	}
	return nil
}

func (l *loader) rooms() error {
	for _, r := range []meeting.RoomInput{
		{Name: "区委依法治区办第一会议室", Address: "区委大院 2 号楼 301", Capacity: 30},
		{Name: "区检察院三楼会商室", Address: "区检察院 3 楼", Capacity: 12},
	} {
		room, err := l.s.Meetings.SaveRoom(l.ctx, l.actors["admin"], 0, r)
		if err != nil {
			return err
		}
		l.roomIDs = append(l.roomIDs, room.ID)
	}
	return nil
}

// cases registers the justice bureau's and the procuratorate's cases and
// notifies the other side, as the two-way register works.
func (l *loader) cases() error {
	justice, proc := l.units["区司法局"], l.units["区检察院"]
	list := []struct {
		by, number, title, kind, organ string
		sens                           account.Sensitivity
	}{
		{"chen.hao", "奎司复〔2026〕12号", "张某不服工伤认定决定申请行政复议案", "工伤认定", "区人力资源和社会保障局", account.Ordinary},
		{"chen.hao", "奎司复〔2026〕15号", "李某申请政府信息公开答复案", "信息公开", "区住房和城乡建设局", account.Ordinary},
		{"chen.hao", "奎司监〔2026〕3号", "某餐饮店行政处罚自由裁量案", "行政处罚", "区市场监督管理局", account.Ordinary},
		{"li.jing", "奎检行监〔2026〕7号", "违章建筑拆除中行政不作为线索", "行政不作为", "区综合行政执法局", account.Ordinary},
		{"li.jing", "奎检行监〔2026〕9号", "", "行政处罚", "区生态环境分局", account.Sensitive},
		{"li.jing", "奎检行监〔2026〕11号", "", "其他", "区应急管理局", account.Classified},
	}
	for _, c := range list {
		a := l.actors[c.by]
		in := casefile.CaseInput{Number: c.number, Title: c.title, Kind: c.kind, RespondentUnitID: l.units[c.organ],
			OriginUnitID: a.UnitID, Sensitivity: c.sens}
		if c.sens != account.Ordinary {
			in.PaperFileHolder = a.Name
		}
		cs, err := l.s.Cases.Create(l.ctx, a, in)
		if err != nil {
			return fmt.Errorf("case %s: %w", c.number, err)
		}
		l.caseID = append(l.caseID, cs.ID)
		to, summary := proc, "已受理，依照双向通报制度通报。"
		if a.UnitID == proc {
			to = justice
		}
		if c.sens != account.Ordinary {
			summary = ""
		}
		if _, err := l.s.Cases.Notify(l.ctx, a, cs.ID, casefile.NotificationInput{FromUnitID: a.UnitID, ToUnitID: to, Stage: "accepted", Summary: summary}); err != nil {
			return fmt.Errorf("notify %s: %w", c.number, err)
		}
	}
	return nil
}
