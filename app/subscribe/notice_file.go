package subscribe

import (
	"bytes"
	"context"
	"html/template"
	"time"

	"liaison/app/i18n"
	"liaison/app/notify"
	"liaison/app/workday"
)

// The 会议通知 attached to the invitation mail (issue 20 item 2): a
// self-contained printable HTML file, 会议通知-<字号>.html, in the official
// layout of the notice page (GET /meetings/{id}/notice), with its links
// absolute. Only ordinary meetings carry it; sensitive and classified
// mails stay neutral.

// noticeFile is the notice of meeting id as a file; nil when the meeting
// has no number (a draft).
func (s *Service) noticeFile(ctx context.Context, id int64) (*notify.File, error) {
	if s.Meetings == nil {
		return nil, nil
	}
	n, ok, err := s.Meetings.NoticeOf(ctx, id)
	if err != nil || !ok || n.RegisterOnly {
		return nil, err
	}
	when := func(t time.Time) string { return i18n.DateTime(s.lang, t) }
	date := func(t time.Time) string {
		d := workday.FromTime(t)
		return i18n.Day(s.lang, d.Year, d.Month, d.Day, false)
	}
	hm := func(t time.Time) string { return t.In(workday.Shanghai()).Format("15:04") }
	t, err := template.New("notice").Funcs(template.FuncMap{
		"T":    func(id string, args ...any) string { return s.t(id, args...) },
		"when": when, "date": date, "hm": hm, "link": s.link,
	}).Parse(noticeHTML)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := t.Execute(&b, n); err != nil {
		return nil, err
	}
	return &notify.File{Name: "会议通知-" + n.Number + ".html", ContentType: "text/html; charset=UTF-8", Body: b.Bytes()}, nil
}

// noticeHTML is the file: the notice page's sections, with its own style
// (the file opens outside the application).
const noticeHTML = `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{T "notice.page_title"}} {{.Number}}</title>
<style>
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: "FangSong", "STFangsong", "仿宋", "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 1.75; max-width: 156mm; margin: 0 auto; color: #000; }
.red-head { text-align: center; color: #c00; }
.red-title { font-family: "SimSun", "STSong", "宋体", serif; font-weight: 700; font-size: 26pt; letter-spacing: .15em; margin: 0; }
.doc-no { color: #000; margin: .6em 0 .2em; }
hr { border: none; border-top: 2px solid #c00; }
h1 { text-align: center; font-family: "SimSun", "STSong", serif; font-size: 22pt; }
h2 { font-family: "SimHei", "黑体", sans-serif; font-size: 16pt; margin: 1em 0 .3em; break-after: avoid; }
section { break-inside: avoid; }
p, li { margin: .2em 0; }
.foot { margin-top: 3em; text-align: right; }
.cc { text-align: left; border-top: 1px solid #000; border-bottom: 1px solid #000; margin-top: 2em; font-size: 14pt; }
@media print { a { color: inherit; text-decoration: none; } }
</style></head><body>
<header class="red-head"><p class="red-title">{{.ConveningUnit}}</p><p class="doc-no">{{.Number}}</p><hr></header>
<h1>{{T "notice.title" "Title" .Title}}</h1>
{{if .MainTo}}<p>{{range $i, $u := .MainTo}}{{if $i}}、{{end}}{{$u}}{{end}}：</p>{{end}}
<p>{{T "notice.lead" "Title" .Title}}</p>
<section><h2>{{T "notice.h" "N" ($.Ord "time") "H" (T "notice.h_time")}}</h2><p>{{when .Start}}{{T "notice.until"}}{{hm .End}}</p></section>
<section><h2>{{T "notice.h" "N" ($.Ord "place") "H" (T "notice.h_place")}}</h2><p>{{with .Place}}{{.}}{{else}}{{T "notice.place_online"}}{{end}}{{with .OnlineURL}} {{T "notice.online" "URL" .}}{{end}}</p></section>
{{if .Units}}<section><h2>{{T "notice.h" "N" ($.Ord "attendees") "H" (T "notice.h_attendees")}}</h2>{{range .Units}}<p><strong>{{.Name}}：</strong>{{range $i, $p := .People}}{{if $i}}、{{end}}{{$p}}{{end}}</p>{{end}}</section>{{end}}
{{if .Agenda}}<section><h2>{{T "notice.h" "N" ($.Ord "agenda") "H" (T "notice.h_agenda")}}</h2><ol>{{range .Agenda}}<li>{{.Title}}{{with .Presenter}}（{{T "notice.presenter" "Name" .}}）{{end}}{{if .DurationMinutes}} {{hm .Start}}—{{hm .End}}{{end}}</li>{{end}}</ol></section>{{end}}
{{if .Materials}}<section><h2>{{T "notice.h" "N" ($.Ord "materials") "H" (T "notice.h_materials")}}</h2><ol>{{range .Materials}}<li><a href="{{link .Link}}">{{.Name}}</a>{{with .AgendaItem}}（{{.}}）{{end}}</li>{{end}}</ol></section>{{end}}
<section><h2>{{T "notice.h" "N" ($.Ord "reply") "H" (T "notice.h_reply")}}</h2><p>{{if .ReplyBy}}{{T "notice.reply_by" "When" (when .ReplyBy)}}{{else}}{{T "notice.reply_before"}}{{end}}</p>{{with .Contact}}<p>{{T "notice.contact" "Name" .}}</p>{{end}}</section>
<div class="foot"><p>{{.ConveningUnit}}</p><p>{{date .IssuedAt}}</p></div>
{{if .CopyTo}}<p class="cc">{{T "mui.print.cc"}}{{range $i, $u := .CopyTo}}{{if $i}}、{{end}}{{$u}}{{end}}。</p>{{end}}
</body></html>
`
