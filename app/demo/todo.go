package demo

import (
	"fmt"
	"time"

	"liaison/app/account"
	"liaison/app/casefile"
	"liaison/app/followup"
	"liaison/app/meeting"
	"liaison/app/page"
	"liaison/app/workday"
)

// todo gives every role of the demo something in each kind of 待办 on its
// 工作台, beyond what the rest of the activity leaves open (invitations to
// the consultation, the document 区市场监管局 has not signed for, the
// escalation the justice bureau handles, the unread case notifications):
//   - 区市场监管局 (ma.li) owes an overdue reply besides its document to 签收;
//   - minutes of a meeting held three days ago wait for 区司法局's 会签;
//   - 区人社局 answered its self-inspection item: the office verifies it;
//   - the procuratorate held a meeting eight days ago and has no minutes;
//   - the justice bureau held one yesterday whose roster is still open.
func (l *loader) todo() error {
	for _, step := range []func() error{l.todoOverdueReply, l.todoSignOff, l.todoVerify, l.todoOrganise} {
		if err := step(); err != nil {
			return fmt.Errorf("todo: %w", err)
		}
	}
	return nil
}

// day is today moved by offset days, at h:m in Beijing, off the weekend.
func (l *loader) day(offset, h, m int) time.Time {
	sh := workday.Shanghai()
	t := l.today.In(sh).AddDate(0, 0, offset)
	return time.Date(t.Year(), t.Month(), t.Day(), h, m, 0, 0, sh)
}

// todoOverdueReply: a procuratorial suggestion delivered on paper a month
// ago whose fixed reply date passed three days ago.
func (l *loader) todoOverdueReply() error {
	proc := l.actors["li.jing"]
	today := workday.FromTime(l.today)
	issued, received, due := today.AddDays(-35), today.AddDays(-33).String(), today.AddDays(-3).String()
	_, err := l.s.Cases.CreateDocument(l.ctx, proc, casefile.DocumentInput{
		Type: casefile.ProcuratorialSuggestion, Number: fmt.Sprintf("奎检行建〔%d〕8号", issued.Year), Title: "关于餐饮店行政处罚案卷归档问题的检察建议",
		IssuingUnitID: proc.UnitID, AddresseeUnitID: l.units["区市场监督管理局"], CCUnitIDs: []int64{l.units["区司法局"]},
		IssuedOn: issued.String(), ReceivedOn: &received, ReplyDueOn: &due, CaseIDs: []int64{l.caseID[2]},
	})
	return err
}

// todoSignOff: the office's meeting of three days ago has draft minutes
// the procuratorate signed and the justice bureau has not.
func (l *loader) todoSignOff() error {
	office, proc, justice := l.actors["wang.fang"], l.actors["li.jing"], l.actors["chen.hao"]
	start := weekdayBack(l.day(-3, 15, 0))
	m, err := l.s.Meetings.Create(l.ctx, office, meeting.Input{
		Kind: meeting.JointMeeting, Title: "双向通报工作推进会", Start: start, End: start.Add(90 * time.Minute),
		RoomID: &l.roomIDs[0], Sensitivity: account.Ordinary, ConveningUnitID: office.UnitID, CoUnitIDs: []int64{proc.UnitID, justice.UnitID},
		InviteStandingMembers: new(false),
	})
	if err != nil {
		return err
	}
	if _, err := l.s.Meetings.SaveMinutes(l.ctx, office, m.ID, meeting.MinutesInput{
		Body: "会议通报了本月案件双向通报情况，要求各方按期办理。", Decisions: []meeting.DecisionInput{},
	}); err != nil {
		return err
	}
	_, err = l.s.Meetings.SignOff(l.ctx, proc, m.ID)
	return err
}

// todoVerify: 区人社局 answers the self-inspection item of the past joint
// meeting; the office, which convened it, verifies (销号) or returns it.
func (l *loader) todoVerify() error {
	liu := l.actors["liu.yang"]
	p, err := l.s.Actions.List(l.ctx, liu, followup.Filter{UnitID: liu.UnitID, Pending: true, Page: page.Request{Limit: 20}})
	if err != nil {
		return err
	}
	for _, it := range p.Items {
		if it.SourceKind == followup.FromDecision {
			_, _, err := l.s.Actions.AddFeedback(l.ctx, liu, it.ID, followup.FeedbackInput{Kind: "answer",
				Body: "已完成工伤认定案卷自查，共查阅案卷 46 件，发现问题 3 项，均已整改。", Version: it.Version})
			return err
		}
	}
	return fmt.Errorf("no self-inspection item for %s", liu.Username)
}

// todoOrganise: meetings whose organisers still owe something.
func (l *loader) todoOrganise() error {
	proc, justice := l.actors["li.jing"], l.actors["chen.hao"]
	start := weekdayBack(l.day(-8, 9, 30))
	if _, err := l.s.Meetings.Create(l.ctx, proc, meeting.Input{
		Kind: meeting.Consultation, Title: "行政处罚案卷评查会商", Start: start, End: start.Add(2 * time.Hour),
		RoomID: &l.roomIDs[1], Sensitivity: account.Ordinary, ConveningUnitID: proc.UnitID,
		AttendeeUserIDs: []int64{l.actors["zhou.min"].UserID},
	}); err != nil {
		return err
	}
	start = l.day(-1, 14, 0)
	m, err := l.s.Meetings.Create(l.ctx, justice, meeting.Input{
		Kind: meeting.Consultation, Title: "餐饮行业裁量基准研讨", Start: start, End: start.Add(time.Hour),
		Location: "区司法局二楼会议室", Sensitivity: account.Ordinary, ConveningUnitID: justice.UnitID,
		AttendeeUserIDs: []int64{l.actors["ma.li"].UserID, l.actors["xu.tao"].UserID},
	})
	if err != nil {
		return err
	}
	_, err = l.s.Meetings.RSVP(l.ctx, l.actors["ma.li"], m.ID, meeting.RSVPInput{Answer: meeting.Accepted})
	return err
}

// weekdayBack moves t back off Saturday and Sunday.
func weekdayBack(t time.Time) time.Time {
	for t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
		t = t.AddDate(0, 0, -1)
	}
	return t
}
