package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"liaison/app/web/webtest"
)

// searchHit is one item of GET /api/v1/search.
type searchHit struct {
	Kind    string `json:"kind"`
	ID      int64  `json:"id"`
	Title   string `json:"title"`
	Snippet string `json:"snippet"`
	Link    string `json:"link"`
}

// searchAPI runs a search as c and returns its page.
func searchAPI(t *testing.T, c *webtest.Client, q, extra string) ([]searchHit, string) {
	t.Helper()
	r := c.Get("/api/v1/search?q=" + url.QueryEscape(q) + extra)
	wantStatus(t, r, http.StatusOK)
	var p struct {
		Items      []searchHit `json:"items"`
		NextCursor string      `json:"next_cursor"`
	}
	r.Decode(t, &p)
	if p.Items == nil {
		t.Fatalf("items is null: %s", r.Body)
	}
	return p.Items, p.NextCursor
}

// findHit returns the hit of kind whose snippet or title contains s.
func findHit(hits []searchHit, kind, s string) (searchHit, bool) {
	for _, h := range hits {
		if h.Kind == kind && (strings.Contains(h.Snippet, s) || strings.Contains(h.Title, s)) {
			return h, true
		}
	}
	return searchHit{}, false
}

func TestSearchAPI_FindsWordsWithinWhatTheCallerMaySee(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	proc, justice, justiceMember, agencyA, agencyB, procMember := e.API(d.ProcSec), e.API(d.JusticeSec), e.API(d.JusticeMember),
		e.API(d.AgencyAMember), e.API(d.AgencyBMember), e.API(d.ProcMember)

	// A joint meeting of the procuratorate and the justice bureau; its
	// minutes ask for 案卷自查 and decide an 评查.
	start := webtest.Time(webtest.Workday(webtest.DaysFromToday(7)), 9, 0)
	body := webtest.MeetingBody("joint_meeting", d.Procuratorate.ID, "行政检察与执法监督联席会议", start.Format(time.RFC3339), start.Add(time.Hour).Format(time.RFC3339))
	body["co_unit_ids"] = []int64{d.Justice.ID}
	m := e.CreateMeeting(proc, body)
	mid := int64(m["id"].(float64))
	wantStatus(t, proc.Post(webtest.MeetingPath(m, "/agenda"), map[string]any{"title": "通报执法规范化建设情况", "duration_minutes": 20}), http.StatusCreated)
	was := e.Clock.Now()
	e.Clock.Set(start.Add(2 * time.Hour)) // minutes are written once the meeting is held
	wantStatus(t, proc.Do("PUT", webtest.MeetingPath(m, "/minutes"), map[string]any{
		"body":      "会议听取了各单位汇报，要求各执法单位在本月底前完成案卷自查并报送结果。",
		"decisions": []map[string]any{{"text": "由区司法局牵头开展行政执法案卷评查"}},
	}), http.StatusOK)
	e.Clock.Set(was)

	// The justice bureau's internal meeting: only its own people see it.
	internal := webtest.MeetingBody("joint_meeting", d.Justice.ID, "司法局内部例会", start.Add(3*time.Hour).Format(time.RFC3339), start.Add(4*time.Hour).Format(time.RFC3339))
	internal["description"] = "研究复议应诉工作台账"
	internal["attendee_user_ids"] = []int64{d.JusticeMember.ID}
	internalID := int64(e.CreateMeeting(justice, internal)["id"].(float64))

	// A case against agency A and a document addressed to it.
	k := proc.CreateCase(t, cfWith(cfCase(d, "（2026）奎检行检31号"), "summary", "申请人反映工伤认定程序超期"))
	doc := proc.CreateDocument(t, cfWith(cfDoc(d, "奎检行建〔2026〕7号"), "title", "关于规范工伤认定程序的检察建议"))

	t.Run("a two-character word from the minutes", func(t *testing.T) {
		hits, _ := searchAPI(t, proc, "自查", "")
		h, ok := findHit(hits, "minutes", "案卷自查")
		if !ok {
			t.Fatalf("minutes not found: %+v", hits)
		}
		if h.Title != "行政检察与执法监督联席会议" || h.Link != fmt.Sprintf("/meetings/%d", mid) || !strings.Contains(h.Snippet, "完成案卷自查并报送") {
			t.Errorf("hit %+v", h)
		}
		// The co-organising unit finds it too; so does a decision and an
		// agenda item, each by a word of its own.
		if hits, _ := searchAPI(t, justice, "自查", ""); len(hits) == 0 {
			t.Error("co-organiser does not find the minutes")
		}
		if hits, _ := searchAPI(t, proc, "评查", ""); !has(hits, "decision", "案卷评查") {
			t.Errorf("decision: %+v", hits)
		}
		if hits, _ := searchAPI(t, proc, "规范化", ""); !has(hits, "agenda", "规范化") {
			t.Errorf("agenda item: %+v", hits)
		}
		if hits, _ := searchAPI(t, proc, "联席", ""); !has(hits, "meeting", "联席会议") {
			t.Errorf("meeting: %+v", hits)
		}
		// One character scans; LIKE's wildcards are plain characters.
		if hits, _ := searchAPI(t, proc, "卷", ""); !has(hits, "minutes", "案卷自查") {
			t.Errorf("one character: %+v", hits)
		}
		for _, q := range []string{"%", "_查", "%自", `\`} {
			if hits, _ := searchAPI(t, proc, q, ""); len(hits) != 0 {
				t.Errorf("%q matches: %+v", q, hits)
			}
		}
	})

	t.Run("a case by part of its 案号, a document by its 文号", func(t *testing.T) {
		hits, _ := searchAPI(t, proc, "检行检31", "")
		h, ok := findHit(hits, "case", "检行检31")
		if !ok || h.ID != k.ID || h.Link != fmt.Sprintf("/cases/%d", k.ID) || !strings.HasPrefix(h.Title, "（2026）奎检行检31号") {
			t.Fatalf("case: %+v", hits)
		}
		hits, _ = searchAPI(t, proc, "行建〔2026〕7", "")
		h, ok = findHit(hits, "document", "行建〔2026〕7")
		if !ok || h.ID != doc.ID || h.Link != fmt.Sprintf("/documents/%d", doc.ID) || !strings.HasPrefix(h.Title, "奎检行建〔2026〕7号") {
			t.Fatalf("document: %+v", hits)
		}
		// Latin letters match whatever their case.
		if hits, _ := searchAPI(t, proc, "超期", ""); !has(hits, "case", "程序超期") {
			t.Errorf("case summary: %+v", hits)
		}
	})

	t.Run("the agency a case is against does not find its register text", func(t *testing.T) {
		for _, q := range []string{"程序超期", "检行检31", "张某工伤"} {
			if hits, _ := searchAPI(t, agencyA, q, ""); has(hits, "case", "") {
				t.Errorf("agency A finds the case by %q: %+v", q, hits)
			}
		}
		// It does find the document addressed to it; agency B does not.
		if hits, _ := searchAPI(t, agencyA, "奎检行建", ""); !has(hits, "document", "奎检行建") {
			t.Errorf("addressee: %+v", hits)
		}
		if hits, _ := searchAPI(t, agencyB, "奎检行建", ""); len(hits) != 0 {
			t.Errorf("agency B: %+v", hits)
		}
	})

	t.Run("another unit's internal meeting is not found", func(t *testing.T) {
		for _, c := range []*webtest.Client{agencyA, agencyB} {
			if hits, _ := searchAPI(t, c, "台账", ""); len(hits) != 0 {
				t.Errorf("outsider finds it: %+v", hits)
			}
		}
		if hits, _ := searchAPI(t, justiceMember, "台账", ""); !has(hits, "meeting", "复议应诉工作台账") {
			t.Errorf("its own attendee does not: %+v", hits)
		}
		// Search follows the meeting's own rule: found exactly by those
		// the meeting page opens for.
		for _, c := range []*webtest.Client{agencyA, agencyB, procMember, justiceMember, proc, justice} {
			hits, _ := searchAPI(t, c, "台账", "")
			if len(hits) != 1 && len(hits) != 0 {
				t.Fatalf("%+v", hits)
			}
			if len(hits) == 1 {
				wantStatus(t, c.Get(fmt.Sprintf("/api/v1/meetings/%d", hits[0].ID)), http.StatusOK)
			} else if r := c.Get(fmt.Sprintf("/api/v1/meetings/%d", internalID)); r.Status != http.StatusNotFound {
				t.Errorf("not found by search, but the meeting answers %d", r.Status)
			}
		}
	})

	t.Run("pages", func(t *testing.T) {
		all, next := searchAPI(t, proc, "工伤", "")
		if len(all) < 2 || next != "" {
			t.Fatalf("want at least the case and the document, one page: %+v %q", all, next)
		}
		first, next := searchAPI(t, proc, "工伤", "&limit=1")
		if len(first) != 1 || next == "" || first[0] != all[0] {
			t.Fatalf("first page %+v next %q", first, next)
		}
		second, _ := searchAPI(t, proc, "工伤", "&limit=1&cursor="+next)
		if len(second) != 1 || second[0] != all[1] {
			t.Fatalf("second page %+v, want %+v", second, all[1])
		}
	})

	t.Run("bad input is a localised 422", func(t *testing.T) {
		for _, q := range []string{"", "%20%20", strings.Repeat("查", 101)} {
			ae := wantError(t, proc.Get("/api/v1/search?q="+q), http.StatusUnprocessableEntity, "invalid")
			if ae.Fields["q"] == "" || strings.HasPrefix(ae.Fields["q"], "search.") {
				t.Errorf("q=%q: %+v", q, ae)
			}
		}
		ae := wantError(t, proc.Get("/api/v1/search"), http.StatusUnprocessableEntity, "invalid")
		if ae.Fields["q"] != "请输入要搜索的文字。" {
			t.Errorf("%+v", ae)
		}
		wantStatus(t, e.Anon().Get("/api/v1/search?q=自查"), http.StatusUnauthorized)
	})

	t.Run("the page marks the match and escapes the text", func(t *testing.T) {
		b := e.Browser(d.ProcSec)
		wantStatus(t, proc.Do("PATCH", webtest.MeetingPath(m, ""), map[string]any{"description": "议程<b>草案</b>", "version": int(m["version"].(float64))}), http.StatusOK)
		r := b.Get("/search?q=" + url.QueryEscape("自查"))
		wantStatus(t, r, http.StatusOK)
		s := string(r.Body)
		if !strings.Contains(s, "<mark>自查</mark>") || !strings.Contains(s, fmt.Sprintf(`href="/meetings/%d"`, mid)) || !strings.Contains(s, `class="topsearch"`) {
			t.Errorf("page:\n%s", s)
		}
		r = b.Get("/search?q=" + url.QueryEscape("草案"))
		if s := string(r.Body); strings.Contains(s, "<b>草案") || !strings.Contains(s, "&lt;b&gt;<mark>草案</mark>") {
			t.Errorf("not escaped:\n%s", s)
		}
		wantStatus(t, b.Get("/search"), http.StatusOK)
		r = b.Get("/search?q=" + strings.Repeat("查", 101))
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(string(r.Body), "搜索文字不能超过 100 个字。") {
			t.Errorf("long query on the page: %d", r.Status)
		}
	})
}

// has reports a hit of kind (any kind when empty) containing s.
func has(hits []searchHit, kind, s string) bool {
	for _, h := range hits {
		if (kind == "" || h.Kind == kind) && (strings.Contains(h.Snippet, s) || strings.Contains(h.Title, s)) {
			return true
		}
	}
	return false
}
