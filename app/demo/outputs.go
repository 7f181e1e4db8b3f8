package demo

import (
	"fmt"
	"time"

	"liaison/app/account"
	"liaison/app/meeting"
	"liaison/app/workday"
)

// officeCodes are the issuing-office codes of the hub units' numbers.
var officeCodes = map[string]string{"区委依法治区办": "奎依法办", "区检察院": "奎检", "区司法局": "奎司"}

// setOfficeCodes gives the hub units their office codes before any of
// their meetings is issued (the 会议通知 takes its number at 发布).
func (l *loader) setOfficeCodes() error {
	admin := l.actors["admin"]
	for name, code := range officeCodes {
		u, err := l.s.Accounts.Unit(l.ctx, l.units[name])
		if err != nil {
			return err
		}
		if _, err := l.s.Accounts.UpdateUnit(l.ctx, admin, u.ID, account.UnitPatch{OfficeCode: &code, Version: u.Version}); err != nil {
			return fmt.Errorf("office code of %s: %w", name, err)
		}
	}
	return nil
}

// outputs gives the district one
// issued output of each meeting kind: the past joint meeting's 会议纪要, a
// 会商意见 and a 专项监督报告, each confirmed, signed for issue (签发) by a
// leader of the convening unit and numbered.
func (l *loader) outputs() error {
	var joint []int64
	if err := l.s.Meetings.DB.Conn(l.ctx).Raw(`SELECT id FROM meetings WHERE title = ?`, "衔接工作领导小组专题会议").Scan(&joint).Error; err != nil || len(joint) != 1 {
		return fmt.Errorf("past joint meeting: %v", err)
	}
	if err := l.issue(joint[0], "zhao.lei"); err != nil {
		return err
	}
	if err := l.pastConsultation(); err != nil {
		return err
	}
	return l.pastInspection()
}

// pastAt is hour:minute Beijing time days ago, moved back off weekends.
func (l *loader) pastAt(days, hour, minute int) time.Time {
	d := l.today.In(workday.Shanghai())
	return weekdayBack(time.Date(d.Year(), d.Month(), d.Day()-days, hour, minute, 0, 0, workday.Shanghai()))
}

// issue signs meeting id's confirmed minutes for issue as leader.
func (l *loader) issue(id int64, leader string) error {
	d, err := l.s.Meetings.Get(l.ctx, l.actors[leader], id)
	if err != nil {
		return err
	}
	if _, err := l.s.Meetings.IssueMinutes(l.ctx, l.actors[leader], id, meeting.IssueInput{Version: &d.Minutes.Version}); err != nil {
		return fmt.Errorf("签发 %s: %w", d.Title, err)
	}
	return nil
}

// pastConsultation: the procuratorate and the justice bureau studied a
// work-injury case ten days ago with an invited and a sent expert; its
// 会商意见 asks the bureau to review the case.
func (l *loader) pastConsultation() error {
	proc, justice := l.actors["li.jing"], l.actors["chen.hao"]
	start := l.pastAt(10, 9, 30)
	m, err := l.s.Meetings.Create(l.ctx, proc, meeting.Input{
		Kind: meeting.Consultation, Title: "工伤认定行政行为监督案会商研判", Start: start, End: start.Add(2 * time.Hour),
		RoomID: &l.roomIDs[1], Sensitivity: "ordinary", ConveningUnitID: proc.UnitID, CoUnitIDs: []int64{justice.UnitID},
		CaseIDs: []int64{l.caseID[0]}, AttendeeUserIDs: []int64{l.actors["zhou.min"].UserID},
		Experts: []meeting.ExpertInput{
			{Name: "周律师", Email: "zhou.lawyer@example.com", UnitName: "奎文区法律顾问团", Mode: meeting.ExpertInvited},
			{UserID: ptrID(l.actors["xu.tao"].UserID), Mode: meeting.ExpertSent},
		},
	})
	if err != nil {
		return fmt.Errorf("past consultation: %w", err)
	}
	due := workday.FromTime(start).AddDays(30)
	for due.Weekday() == time.Saturday || due.Weekday() == time.Sunday {
		due = due.AddDays(1)
	}
	if _, err := l.s.Meetings.SaveMinutes(l.ctx, proc, m.ID, meeting.MinutesInput{
		Analysis: "经研判，区人社局对该工伤认定申请未在法定期限内作出决定，程序违法；申请人提交的材料能够证明其在工作时间、工作场所内因工作原因受伤。",
		Opinion:  "建议区司法局依照《山东省行政执法监督条例》督促区人社局依法重新作出工伤认定决定，并将结果书面反馈区检察院。",
		Decisions: []meeting.DecisionInput{{Text: "由区司法局督促重新作出工伤认定决定。", ActionItems: []meeting.ActionInput{
			{Title: "督促区人社局重新作出工伤认定决定并书面反馈", ResponsibleUnitID: justice.UnitID, DueOn: due},
		}}},
	}); err != nil {
		return fmt.Errorf("consultation minutes: %w", err)
	}
	if _, err := l.s.Meetings.SignOff(l.ctx, justice, m.ID); err != nil {
		return err
	}
	if _, err := l.s.Meetings.ConfirmMinutes(l.ctx, proc, m.ID); err != nil {
		return fmt.Errorf("confirm consultation: %w", err)
	}
	return l.issue(m.ID, "sun.qiang")
}

// pastInspection: the justice bureau and the procuratorate inspected two
// agencies' penalty files a week ago; the report's findings per unit
// demand rectification, which became each unit's action items.
func (l *loader) pastInspection() error {
	justice, proc := l.actors["chen.hao"], l.actors["li.jing"]
	market, enforce := l.units["区市场监督管理局"], l.units["区综合行政执法局"]
	start := l.pastAt(7, 9, 0)
	m, err := l.s.Meetings.Create(l.ctx, justice, meeting.Input{
		Kind: meeting.JointInspection, Title: "行政处罚案卷联合专项监督", Start: start, End: start.Add(7 * time.Hour),
		Location: "区司法局案卷评查室", Sensitivity: "ordinary", ConveningUnitID: justice.UnitID, CoUnitIDs: []int64{proc.UnitID},
		InspectedUnitIDs: []int64{market, enforce}, InspectionScope: "2026 年 1 月至 10 月办结的行政处罚案卷",
	})
	if err != nil {
		return fmt.Errorf("past inspection: %w", err)
	}
	due := workday.FromTime(start).AddDays(20)
	for due.Weekday() == time.Saturday || due.Weekday() == time.Sunday {
		due = due.AddDays(1)
	}
	if _, err := l.s.Meetings.SaveMinutes(l.ctx, justice, m.ID, meeting.MinutesInput{
		Scope: "抽查区市场监督管理局、区综合行政执法局 2026 年 1 月至 10 月办结的行政处罚案卷各 20 卷。",
		Body:  "检查组采取案卷评查、现场询问相结合的方式开展监督。",
		Decisions: []meeting.DecisionInput{
			{Text: "3 卷处罚决定书未载明申请行政复议或提起行政诉讼的途径和期限。", UnitID: &market,
				ActionItems: []meeting.ActionInput{{Title: "补正处罚决定书救济途径告知并建立审核清单", DueOn: due}}},
			{Text: "2 卷适用裁量基准说明理由不充分，同类违法行为罚款数额差异较大。", UnitID: &enforce,
				ActionItems: []meeting.ActionInput{{Title: "细化违章建筑查处裁量说理并报送整改报告", DueOn: due}}},
		},
	}); err != nil {
		return fmt.Errorf("inspection report: %w", err)
	}
	if _, err := l.s.Meetings.SignOff(l.ctx, proc, m.ID); err != nil {
		return err
	}
	if _, err := l.s.Meetings.ConfirmMinutes(l.ctx, justice, m.ID); err != nil {
		return fmt.Errorf("confirm inspection: %w", err)
	}
	return l.issue(m.ID, "wu.li")
}

func ptrID(id int64) *int64 { return &id }
