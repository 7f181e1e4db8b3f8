package demo

import (
	"fmt"

	"liaison/app/casefile"
	"liaison/app/followup"
	"liaison/app/page"
	"liaison/app/workday"
)

// The mechanism as its source writes it (issue 16), shown in the demo:
// a supervision opinion the justice bureau asked for (提请) and 区政府
// approved, an escalation whose two steps were taken together, and a clue
// the justice bureau has given its written feedback on. The
// scoreboard ranks on the source's basis by default (suggestions and
// supervision opinions), so the demo's meeting decisions show beside it.

// opinionRequest: 区司法局 (chen.hao) asks 区政府 for a supervision opinion
// to 区市场监督管理局 with two of the source's grounds, and 区政府's leader
// (zheng.yu) approves it; the opinion is issued on issued, copied to the
// procuratorate (通报) and the justice bureau, and awaits receipt.
func (l *loader) opinionRequest(issued workday.Date, number string) error {
	r, err := l.s.Cases.RequestOpinion(l.ctx, l.actors["chen.hao"], casefile.OpinionRequestInput{
		Number: number, Title: "关于规范餐饮行业行政处罚裁量的行政执法监督意见", RequestingUnitID: l.units["区司法局"],
		AddresseeUnitID: l.units["区市场监督管理局"], CaseIDs: []int64{l.caseID[2]},
		Grounds: []string{string(casefile.GroundDiscretionAbused), string(casefile.GroundDecisionNotExecuted)},
	})
	if err != nil {
		return fmt.Errorf("提请: %w", err)
	}
	if _, _, err := l.s.Cases.ApproveOpinion(l.ctx, l.actors["zheng.yu"], r.ID, casefile.OpinionDecision{IssuedOn: issued.String(), Version: r.Version}); err != nil {
		return fmt.Errorf("approval: %w", err)
	}
	return nil
}

// escalationTogether: a suggestion to 区综合行政执法局, delivered on paper
// about three months ago and never answered; the procuratorate copied the
// justice bureau and, at the same time (同时), reported to 区委 and wrote to
// 区政府 and 区纪委监委, on two grounds. 区委 has recorded its handling; the
// others' records are still open.
func (l *loader) escalationTogether() error {
	proc := l.actors["li.jing"]
	today := workday.FromTime(l.today)
	issued := today.AddDays(-95)
	due := issued.AddDays(40).String()
	received := issued.String()
	doc, err := l.s.Cases.CreateDocument(l.ctx, proc, casefile.DocumentInput{
		Type: casefile.ProcuratorialSuggestion, Number: fmt.Sprintf("奎检行建〔%d〕7号", issued.Year), Title: "关于依法履行占道经营查处职责的检察建议",
		IssuingUnitID: proc.UnitID, AddresseeUnitID: l.units["区综合行政执法局"], IssuedOn: issued.String(), ReceivedOn: &received, ReplyDueOn: &due,
	})
	if err != nil {
		return fmt.Errorf("suggestion to escalate: %w", err)
	}
	item := doc.ActionItems[0]
	if _, _, err := l.s.Actions.EscalateSteps(l.ctx, proc, item.ID, followup.EscalateInput{
		Comment: "逾期无正当理由不予回复、不予整改：抄送区司法局依法处理，同时报告区委、函告区政府和区纪委监委。",
		Steps:   []int{1, 2}, Grounds: []string{string(followup.GroundNoReply), string(followup.GroundNotRectified)},
		Documents: []string{doc.Number}, Version: item.Version,
	}); err != nil {
		return fmt.Errorf("escalate together: %w", err)
	}
	if _, err := l.s.Actions.RecordHandling(l.ctx, l.actors["he.ping"], item.ID, 2, followup.HandlingInput{
		Handling: "区委依法治区委员会听取专题汇报，责成区综合行政执法局限期整改。", Result: "已责成整改，整改情况另行报告。",
	}); err != nil {
		return fmt.Errorf("区委 handling: %w", err)
	}
	return nil
}

// clueFeedback: the procuratorate passes the 不作为 clue (case 4) to the
// justice bureau, which owes written feedback; the bureau has reported how
// it corrected it under the supervision procedure.
func (l *loader) clueFeedback() error {
	proc := l.actors["li.jing"]
	if _, err := l.s.Cases.Notify(l.ctx, proc, l.caseID[3], casefile.NotificationInput{FromUnitID: proc.UnitID, ToUnitID: l.units["区司法局"],
		Stage: casefile.NoteClue, Summary: "发现区综合行政执法局对违章建筑拆除存在怠于履职的苗头性问题，请依行政执法监督程序予以纠正。"}); err != nil {
		return fmt.Errorf("clue: %w", err)
	}
	items, err := l.s.Actions.List(l.ctx, l.actors["chen.hao"], followup.Filter{UnitID: l.units["区司法局"], Pending: true, Page: page.Request{Limit: page.MaxLimit}})
	if err != nil {
		return err
	}
	for _, it := range items.Items {
		if it.SourceKind == followup.FromClue {
			_, _, err := l.s.Actions.AddFeedback(l.ctx, l.actors["xu.tao"], it.ID, followup.FeedbackInput{Kind: followup.Answer,
				Body: "已依据《山东省行政执法监督条例》向区综合行政执法局发出督促履职通知，该局已制定拆除计划。"})
			return err
		}
	}
	return fmt.Errorf("clue: no feedback duty")
}
