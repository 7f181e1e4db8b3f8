package demo

import (
	"fmt"

	"liaison/app/account"
	"liaison/app/meeting"
)

// quarterlyTemplate gives the office's quarterly joint meeting (季度联席会议)
// its template: the standing items every quarter has, who presents them,
// and the sections of its minutes. The demo's quarterly series is made
// from it.
func (l *loader) quarterlyTemplate(office account.Actor, proc, justice int64) (int64, error) {
	t, err := l.s.Meetings.CreateTemplate(l.ctx, office, meeting.TemplateInput{
		Name: "季度联席会议", Kind: meeting.JointMeeting, DurationMinutes: 120, CoUnitIDs: []int64{proc, justice},
		MinutesSections: []string{"会议基本情况", "会议议定事项", "工作要求"},
		Items: []meeting.TemplateItemInput{
			{Title: "通报本季度行政检察与行政执法监督衔接工作情况", DurationMinutes: 20, PresenterRole: "区委依法治区办"},
			{Title: "通报行政检察监督案件办理情况", DurationMinutes: 20, PresenterRole: "区检察院分管领导"},
			{Title: "通报行政执法监督工作情况", DurationMinutes: 20, PresenterRole: "区司法局分管领导"},
			{Title: "研究重大事项和问题，部署下季度工作", DurationMinutes: 40, PresenterRole: "区委依法治区办主任"},
		},
	})
	if err != nil {
		return 0, fmt.Errorf("quarterly template: %w", err)
	}
	return t.ID, nil
}
