package demo

import (
	"fmt"
	"time"

	"liaison/app/casefile"
	"liaison/app/followup"
	"liaison/app/meeting"
	"liaison/app/workday"
)

// documents issues supervision documents; the first is signed for by its
// addressee in the app, answered and verified (销号), the second was
// delivered on paper and is overdue and escalated to the justice bureau,
// the third was delivered on paper, and the last, issued three days ago,
// still awaits receipt (待签收). Every record states its own dates (issue,
// receipt, the answer's date), counted back from today, so the scoreboard
// of past months has something to show without moving any clock.
func (l *loader) documents() error {
	proc := l.actors["li.jing"]
	today := workday.FromTime(l.today)
	ago := func(n int) workday.Date { return today.AddDays(-n) }
	number := func(format string, d workday.Date) string { return fmt.Sprintf(format, d.Year) }
	issued4, issued5 := ago(83), ago(109)
	answered, err := l.s.Cases.CreateDocument(l.ctx, proc, casefile.DocumentInput{
		Type: "procuratorial_suggestion", Number: number("奎检行建〔%d〕4号", issued4), Title: "关于规范工伤认定送达程序的检察建议",
		IssuingUnitID: proc.UnitID, AddresseeUnitID: l.units["区人力资源和社会保障局"], CCUnitIDs: []int64{l.units["区司法局"]},
		IssuedOn: issued4.String(), CaseIDs: []int64{l.caseID[0]},
	})
	if err != nil {
		return fmt.Errorf("document 4: %w", err)
	}
	answered, err = l.s.Cases.ReceiveDocument(l.ctx, l.actors["liu.yang"], answered.ID,
		casefile.ReceiptInput{ReceivedOn: ago(81).String(), Version: answered.Version})
	if err != nil {
		return fmt.Errorf("receive document 4: %w", err)
	}
	received := ago(108).String()
	number5 := number("奎检行建〔%d〕5号", issued5)
	overdue, err := l.s.Cases.CreateDocument(l.ctx, proc, casefile.DocumentInput{
		Type: "procuratorial_suggestion", Number: number5, Title: "关于依法履行违章建筑查处职责的检察建议",
		IssuingUnitID: proc.UnitID, AddresseeUnitID: l.units["区综合行政执法局"], CCUnitIDs: []int64{l.units["区司法局"]},
		IssuedOn: issued5.String(), ReceivedOn: &received, CaseIDs: []int64{l.caseID[3]},
	})
	if err != nil {
		return fmt.Errorf("document 5: %w", err)
	}
	issuedR := ago(17)
	due, paper := today.AddDays(24).String(), ago(13).String()
	if _, err := l.s.Cases.CreateDocument(l.ctx, l.actors["chen.hao"], casefile.DocumentInput{
		Type: "reconsideration_suggestion", Number: number("奎司复建〔%d〕1号", issuedR), Title: "关于信息公开答复期限的行政复议建议",
		IssuingUnitID: l.units["区司法局"], AddresseeUnitID: l.units["区住房和城乡建设局"], CCUnitIDs: []int64{l.units["区检察院"]},
		IssuedOn: issuedR.String(), ReceivedOn: &paper, ReplyDueOn: &due, CaseIDs: []int64{l.caseID[1]},
	}); err != nil {
		return fmt.Errorf("reconsideration suggestion: %w", err)
	}
	// Issued three days ago and not signed for yet: the justice bureau sees
	// how long it has waited; the agency sees the 签收 button.
	issued := ago(3)
	if err := l.opinionRequest(issued, number("奎政监意〔%d〕2号", issued)); err != nil {
		return fmt.Errorf("supervision opinion: %w", err)
	}
	// The agency answered document 4 in writing on its stated date, and the
	// procuratorate verifies it.
	item := answered.ActionItems[0]
	it, _, err := l.s.Actions.AddFeedback(l.ctx, l.actors["liu.yang"], item.ID, followup.FeedbackInput{
		Body:       "已对工伤认定文书送达流程进行全面梳理，制定《送达工作规范》，相关人员已完成培训。",
		AnsweredOn: ago(40).String(), Version: item.Version})
	if err != nil {
		return fmt.Errorf("feedback: %w", err)
	}
	yes := true
	if _, _, err := l.s.Actions.Verify(l.ctx, proc, item.ID, followup.VerifyInput{Accepted: &yes, Comment: "整改到位，予以销号。", Version: it.Version}); err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	// Document 5 went unanswered past its deadline: step 1 of escalation.
	late := overdue.ActionItems[0]
	if _, _, err := l.s.Actions.Escalate(l.ctx, proc, late.ID, followup.EscalateInput{
		Comment: "逾期未回复，依照衔接意见抄送区司法局依法处理。", Documents: []string{number5}, Version: late.Version}); err != nil {
		return fmt.Errorf("escalate: %w", err)
	}
	return nil
}

// meetings schedules the meeting calendar around today.
func (l *loader) meetings(today time.Time) func() error {
	return func() error {
		sh, _ := time.LoadLocation("Asia/Shanghai")
		day := func(offset, h, m int) time.Time {
			t := today.In(sh).AddDate(0, 0, offset)
			return time.Date(t.Year(), t.Month(), t.Day(), h, m, 0, 0, sh)
		}
		office, proc, justice := l.actors["wang.fang"], l.actors["li.jing"], l.actors["chen.hao"]
		room := l.roomIDs[0]
		tpl, err := l.quarterlyTemplate(office, proc.UnitID, justice.UnitID)
		if err != nil {
			return err
		}
		series, err := l.s.Meetings.Create(l.ctx, office, meeting.Input{
			Kind: meeting.JointMeeting, Title: "行政检察与行政执法监督衔接工作联席会议（季度例会）",
			Description: "通报本季度衔接工作情况，研究重大事项和问题。", Start: weekday(day(14, 14, 30)), End: weekday(day(14, 16, 30)),
			RoomID: &room, Sensitivity: "ordinary", ConveningUnitID: office.UnitID, CoUnitIDs: []int64{proc.UnitID, justice.UnitID},
			RRule: "FREQ=MONTHLY;INTERVAL=3;COUNT=4", TemplateID: &tpl, // its standing items fill the agenda
		})
		if err != nil {
			return fmt.Errorf("joint meeting series: %w", err)
		}
		consult, err := l.s.Meetings.Create(l.ctx, proc, meeting.Input{
			Kind: meeting.Consultation, Title: "违章建筑查处不作为线索会商研判", Description: "互派专家，研判区综合执法局履职情况。",
			Start: weekday(day(7, 9, 30)), End: weekday(day(7, 11, 30)), RoomID: &l.roomIDs[1], Sensitivity: "ordinary",
			ConveningUnitID: proc.UnitID, CoUnitIDs: []int64{justice.UnitID}, CaseIDs: []int64{l.caseID[3]},
			// The organ under supervision (区综合行政执法局) is not invited:
			// the consultation on its own case is internal to the two hubs.
			AttendeeUserIDs: []int64{l.actors["zhou.min"].UserID, l.actors["xu.tao"].UserID},
			Experts:         []meeting.ExpertInput{{Name: "周律师", Email: "zhou.lawyer@example.com", UnitName: "奎文区法律顾问团", Mode: meeting.ExpertInvited}},
		})
		if err != nil {
			return fmt.Errorf("consultation: %w", err)
		}
		presenter := proc.UserID
		for i, a := range []meeting.AgendaInput{
			{Title: "案件基本情况通报", PresenterUserID: &presenter, DurationMinutes: 20, CaseIDs: []int64{l.caseID[3]}},
			{Title: "专家研判意见", DurationMinutes: 60},
			{Title: "形成会商意见及督办事项", DurationMinutes: 30},
		} {
			it, err := l.s.Meetings.AddAgendaItem(l.ctx, proc, consult.ID, a)
			if err != nil {
				return fmt.Errorf("agenda: %w", err)
			}
			if i == 0 { // the presenter's briefing (materials.go)
				if err := l.material(proc, consult.ID, it.ID); err != nil {
					return err
				}
			}
		}
		if _, err := l.s.Meetings.Create(l.ctx, justice, meeting.Input{
			Kind: meeting.JointInspection, Title: "餐饮行业行政处罚裁量联合专项监督", Start: weekday(day(10, 9, 0)), End: weekday(day(10, 17, 0)),
			Location: "区市场监督管理局", Sensitivity: "ordinary", ConveningUnitID: justice.UnitID, CoUnitIDs: []int64{proc.UnitID},
			InspectedUnitIDs: []int64{l.units["区市场监督管理局"]}, InspectionScope: "2026 年以来餐饮行业行政处罚案卷",
		}); err != nil {
			return fmt.Errorf("joint inspection: %w", err)
		}
		_ = series
		return l.pastMeeting(weekday(day(-14, 9, 0)))
	}
}

// pastMeeting holds a joint meeting two weeks ago and confirms its minutes,
// which creates the decisions' action items.
func (l *loader) pastMeeting(start time.Time) error {
	office, proc, justice := l.actors["wang.fang"], l.actors["li.jing"], l.actors["chen.hao"]
	m, err := l.s.Meetings.Create(l.ctx, office, meeting.Input{
		Kind: meeting.JointMeeting, Title: "衔接工作领导小组专题会议", Start: start, End: start.Add(2 * time.Hour),
		RoomID: &l.roomIDs[0], Sensitivity: "ordinary", ConveningUnitID: office.UnitID, CoUnitIDs: []int64{proc.UnitID, justice.UnitID},
	})
	if err != nil {
		return fmt.Errorf("past meeting: %w", err)
	}
	due := workday.FromTime(start).AddDays(30)
	for due.Weekday() == time.Saturday || due.Weekday() == time.Sunday {
		due = due.AddDays(1)
	}
	if _, err := l.s.Meetings.SaveMinutes(l.ctx, office, m.ID, meeting.MinutesInput{
		Body: "会议听取了区检察院、区司法局关于案件双向通报情况的汇报，研究了行政执法监督意见落实问题。",
		Decisions: []meeting.DecisionInput{{
			Text: "各行政执法单位于一个月内完成行政处罚案卷自查。",
			ActionItems: []meeting.ActionInput{
				{Title: "完成 2026 年行政处罚案卷自查并书面报告", ResponsibleUnitID: l.units["区市场监督管理局"], DueOn: due},
				{Title: "完成工伤认定案卷自查并书面报告", ResponsibleUnitID: l.units["区人力资源和社会保障局"], DueOn: due},
			},
		}},
	}); err != nil {
		return fmt.Errorf("minutes: %w", err)
	}
	for _, a := range []string{"li.jing", "chen.hao"} {
		if _, err := l.s.Meetings.SignOff(l.ctx, l.actors[a], m.ID); err != nil {
			return fmt.Errorf("sign-off: %w", err)
		}
	}
	if _, err := l.s.Meetings.ConfirmMinutes(l.ctx, office, m.ID); err != nil {
		return fmt.Errorf("confirm minutes: %w", err)
	}
	return nil
}

// weekday moves t forward off Saturday and Sunday, so demo meetings fall
// on working days whatever today is.
func weekday(t time.Time) time.Time {
	for t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
		t = t.AddDate(0, 0, 1)
	}
	return t
}
