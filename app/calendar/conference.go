package calendar

import (
	"net/url"
	"strings"

	"github.com/emersion/go-ical"
)

// conferenceHosts name the online meeting services people here use, by the
// end of the link's host; the label is what clients show on the join button.
var conferenceHosts = []struct{ suffix, label string }{
	{"meeting.tencent.com", "腾讯会议"},
	{"voovmeeting.com", "腾讯会议"}, // WeMeet/VooV, Tencent Meeting abroad
	{"dingtalk.com", "钉钉会议"},
	{"feishu.cn", "飞书会议"},
	{"larksuite.com", "飞书会议"},
	{"zoom.us", "Zoom"},
	{"zoom.com.cn", "Zoom"},
	{"teams.microsoft.com", "Microsoft Teams"},
	{"webex.com", "Webex"},
}

// ConferenceLabel names the service of an online meeting link, or says
// 线上会议 for one it does not know.
func ConferenceLabel(link string) string {
	u, err := url.Parse(link)
	if err == nil {
		host := strings.ToLower(u.Hostname())
		for _, h := range conferenceHosts {
			if host == h.suffix || strings.HasSuffix(host, "."+h.suffix) {
				return h.label
			}
		}
	}
	return "线上会议"
}

// conference is the RFC 7986 CONFERENCE property of an online link. The
// features are written as separate values: one quoted "AUDIO,VIDEO" would
// be a single unknown feature.
func conference(link string) ical.Prop {
	return ical.Prop{Name: "CONFERENCE", Params: ical.Params{
		"VALUE":   {"URI"},
		"FEATURE": {"AUDIO", "VIDEO"},
		"LABEL":   {paramText(ConferenceLabel(link))},
	}, Value: link}
}
