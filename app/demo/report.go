package demo

import (
	"fmt"

	"liaison/app/report"
	"liaison/app/workday"
)

// reportActivities records the joint activities the quarter's 工作通报
// reports beside its figures: a training, a legal consultation and a joint
// study of a complex case, dated back from today.
func (l *loader) reportActivities() error {
	svc := report.NewService(l.s.Accounts.DB, l.s.Accounts)
	proc, justice := l.actors["li.jing"], l.actors["chen.hao"]
	today := workday.FromTime(l.today)
	for _, x := range []struct {
		by     string
		back   int
		kind   report.ActivityKind
		title  string
		detail string
	}{
		{"li.jing", 10, report.Training, "行政执法监督与行政检察衔接业务联合培训", "区检察院、区司法局业务骨干及各行政执法单位法制审核人员 42 人参加，解读《山东省行政执法监督条例》。"},
		{"chen.hao", 25, report.Consultation, "工伤认定类行政复议案件法律适用咨询", "区司法局就工伤认定时限问题咨询区检察院，形成书面答复意见。"},
		{"li.jing", 50, report.JointStudy, "违章建筑拆除行政不作为复杂案件联合研究", "两家抽调人员共同研究执法程序问题，提出规范建议 3 条。"},
	} {
		a := proc
		if x.by == "chen.hao" {
			a = justice
		}
		if _, err := svc.CreateActivity(l.ctx, a, report.ActivityInput{OccurredOn: today.AddDays(-x.back), Kind: x.kind,
			UnitIDs: []int64{proc.UnitID, justice.UnitID}, Title: x.title, Summary: x.detail}); err != nil {
			return fmt.Errorf("activity %s: %w", x.title, err)
		}
	}
	return nil
}
