package demo

import (
	"fmt"
	"time"

	"liaison/app/account"
	"liaison/app/meeting"
)

// draft leaves one 草稿 in the district (issue 20 item 1): the office's
// secretary is preparing a consultation that nobody else sees yet and
// that has sent nothing; its page offers 发布.
func (l *loader) draft() error {
	office := l.actors["wang.fang"]
	start := weekdayBack(l.day(24, 9, 30))
	_, err := l.s.Meetings.Create(l.ctx, office, meeting.Input{
		Kind: meeting.Consultation, Title: "案卷自查情况会商（草稿）", Description: "待主持人审阅议程后发布。",
		Start: start, End: start.Add(90 * time.Minute), Location: "区委依法治区办三楼会议室", Sensitivity: account.Ordinary,
		ConveningUnitID: office.UnitID, AttendeeUserIDs: []int64{l.actors["li.jing"].UserID},
		Status: meeting.Draft,
	})
	if err != nil {
		return fmt.Errorf("draft meeting: %w", err)
	}
	return nil
}
