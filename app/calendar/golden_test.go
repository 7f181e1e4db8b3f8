package calendar_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"liaison/app/calendar"
	"liaison/app/calendar/icstest"
)

// chinese fills every field with long Chinese, emoji, TEXT punctuation and
// every kind of line break a form can send.
func chinese() calendar.Event {
	ev := meeting()
	ev.Title = "关于区人社局工伤认定案件的会商研判😀——会议，议程;A,B\\附件"
	ev.Description = "一、通报案件受理情况（工伤认定 12 件，信息公开 3 件）；\r\n" +
		"二、研究检察建议书落实情况，各单位逐一发言👨‍👩‍👧‍👦；\r" +
		"三、议定事项：会议，议程;A,B。\n\t备注：请携带𠮷字号材料🇨🇳，逗号,分号;反斜杠\\结束。"
	ev.Location = "区检察院三楼第一会议室（302）；线上：腾讯会议 123-456-789, 密码;\\"
	ev.URL = "https://liaison.example.gov.cn/meetings/42?tab=%E8%AE%AE%E7%A8%8B"
	ev.Organizer.Name = `区委依法治区办 "张伟" 😀`
	ev.SentBy = "secretary@fzb.example.gov.cn"
	ev.Attendees = []calendar.Attendee{
		{Person: calendar.Person{Name: "李娜, 区检察院第五检察部主任（行政检察）", Email: "lina@jcy.example.gov.cn"}, Role: calendar.RoleChair},
		{Person: calendar.Person{Name: "王强;区司法局\r\n行政复议科", Email: "wangqiang@sfj.example.gov.cn"}, Role: calendar.RoleExpert, Answer: calendar.AnswerDelegated},
		{Person: calendar.Person{Name: "赵敏:专家🧑‍⚖️", Email: "zhaomin@example.edu.cn"}, Role: calendar.RoleOptional},
		{Person: calendar.Person{Name: "孙磊（无邮箱）"}, Role: calendar.RoleRequired},
	}
	return ev
}

func TestGolden(t *testing.T) {
	ordinary := meeting()
	ordinary.UID = "meeting-44@liaison.example.gov.cn"
	ordinary.Start, ordinary.End = at(2025, 3, 20, 14, 0), at(2025, 3, 20, 16, 0)
	sensitive := meeting()
	sensitive.UID = "meeting-45@liaison.example.gov.cn"
	sensitive.Sensitivity = calendar.Sensitive
	sensitive.Start, sensitive.End = at(2025, 3, 21, 9, 0), at(2025, 3, 21, 10, 0)
	classified := meeting()
	classified.Sensitivity = calendar.Classified
	classified.Title = "涉密专项调查"
	cancelled := meeting()
	cancelled.UID = "meeting-46@liaison.example.gov.cn"
	cancelled.Status = calendar.StatusCancelled
	due := calendar.AllDay{UID: "item-7@liaison.example.gov.cn", Title: "督办事项：书面反馈整改情况",
		Description: "区市场监管局应于今日前反馈", URL: "https://liaison.example.gov.cn/items/7",
		Date: time.Date(2025, 3, 31, 0, 0, 0, 0, time.UTC), Sensitivity: calendar.Ordinary, LastModified: modified}

	cases := []struct {
		name string
		body func() ([]byte, error)
	}{
		{"invite_simple.ics", func() ([]byte, error) { return calendar.Invite(meeting(), calendar.Request, stamp) }},
		{"invite_chinese.ics", func() ([]byte, error) { return calendar.Invite(chinese(), calendar.Request, stamp) }},
		{"invite_series.ics", func() ([]byte, error) { return calendar.Invite(series(), calendar.Request, stamp) }},
		{"cancel.ics", func() ([]byte, error) {
			ev := meeting()
			ev.Sequence = 1
			return calendar.Invite(ev, calendar.Cancel, stamp)
		}},
		{"cancel_attendee.ics", func() ([]byte, error) {
			ev := meeting()
			ev.Sequence = 1
			return calendar.CancelFor(ev, ev.Attendees[3:], stamp)
		}},
		{"cancel_occurrence.ics", func() ([]byte, error) {
			ev := series()
			ev.Sequence = 3
			return calendar.CancelOccurrence(ev, at(2025, 4, 18, 9, 30), stamp)
		}},
		{"publish.ics", func() ([]byte, error) { return calendar.Invite(meeting(), calendar.Publish, stamp) }},
		{"invite_online.ics", func() ([]byte, error) {
			ev := meeting()
			ev.Online = "https://meeting.tencent.com/dm/AbCd1234"
			ev.Attendees[2].Answer, ev.Attendees[2].DelegatedTo = calendar.AnswerDelegated, "zhaomin@sfj.example.gov.cn"
			ev.Attendees = append(ev.Attendees, calendar.Attendee{Person: calendar.Person{Name: "赵敏", Email: "zhaomin@sfj.example.gov.cn"},
				Role: calendar.RoleOptional, DelegatedFrom: "wangqiang@sfj.example.gov.cn"})
			return calendar.Invite(ev, calendar.Request, stamp)
		}},
		{"invite_neutral.ics", func() ([]byte, error) {
			ev := meeting()
			ev.Sensitivity, ev.Title, ev.Online = calendar.Sensitive, "敏感：信访积案会商", "https://meeting.tencent.com/dm/AbCd1234"
			ev.Neutral = "会议通知"
			return calendar.Invite(ev, calendar.Request, stamp)
		}},
		{"cancel_reason.ics", func() ([]byte, error) {
			ev := meeting()
			ev.Sequence, ev.Comment = 1, "因议题调整，会议取消；另行通知"
			return calendar.Invite(ev, calendar.Cancel, stamp)
		}},
		{"feed_classified.ics", func() ([]byte, error) {
			evs := []calendar.Event{classified, cancelled, sensitive, ordinary}
			return calendar.Feed("区检察院 · 我的会议", evs, []calendar.AllDay{due}, calendar.FeedOptions{})
		}},
		{"feed_series.ics", func() ([]byte, error) {
			return calendar.Feed("联席会议", []calendar.Event{series()}, nil, calendar.FeedOptions{})
		}},
		{"feed_chinese.ics", func() ([]byte, error) {
			return calendar.Feed("会议，议程;A,B😀", []calendar.Event{chinese()}, nil, calendar.FeedOptions{})
		}},
		{"feed_empty.ics", func() ([]byte, error) {
			return calendar.Feed("我的会议", nil, nil, calendar.FeedOptions{})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body, err := c.body()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, c.name, body, kindOf(c.name))
		})
	}
}

// TestGoldenFilesValid re-validates the files on disk, so a hand edit or a
// checkout that rewrote line endings is caught too.
func TestGoldenFilesValid(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.ics"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden files: %v", err)
	}
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := icstest.Validate(body, kindOf(f)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
}
