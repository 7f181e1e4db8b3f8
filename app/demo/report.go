package demo

import (
	"fmt"

	"liaison/app/leadgroup"
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

// leadingGroup fills the 领导小组's roster: 区政府's leader heads it, the
// procuratorate's and the justice bureau's leaders are deputies, the
// rule-of-law office's leader directs its office and 王芳 is its liaison.
func (l *loader) leadingGroup() error {
	svc := leadgroup.New(l.s.Accounts.DB, l.s.Accounts)
	for _, x := range []struct {
		who string
		pos leadgroup.Position
	}{
		{"zheng.yu", leadgroup.Leader}, {"sun.qiang", leadgroup.DeputyLeader}, {"wu.li", leadgroup.DeputyLeader},
		{"zhao.lei", leadgroup.OfficeHead}, {"li.jing", leadgroup.Member}, {"chen.hao", leadgroup.Member}, {"wang.fang", leadgroup.Liaison},
	} {
		if _, err := svc.Add(l.ctx, l.actors["admin"], leadgroup.Input{UserID: l.actors[x.who].UserID, Position: x.pos}); err != nil {
			return fmt.Errorf("leading group %s: %w", x.who, err)
		}
	}
	return nil
}
