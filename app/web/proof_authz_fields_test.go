package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/prooftest"
	"liaison/app/web/webtest"
)

// The authorization matrix's rows decided by the body (issue 14): which
// callers may change a meeting's convening unit, co-organisers and
// sensitivity. azMatrix sends empty bodies, so it cannot show them; here
// every cell sends one change to a fresh meeting convened by the office
// with the procuratorate and the justice bureau as co-organisers and
// agency A's member invited. Classes as in proof_authz_test.go.
//
//	go test ./app/web -run 'TestProof_AuthorizationMatrix' -count=1 -v
//
// Columns: no session | admin | office.sec (convener) | proc.sec
// (co-organiser) | justice.sec (co-organiser) | leader | proc.member |
// agency.a (attendee) | agency.b (no part).
var azFieldMatrix = []azFieldRow{
	{"PATCH", "convening_unit_id: the caller's own co-organising unit (else the justice bureau), co_unit_ids: []", "ordinary", "U W F F F F F F N",
		func(f azFieldCtx) any {
			to := f.d.Justice.ID
			if f.u.UnitID == f.d.Procuratorate.ID {
				to = f.d.Procuratorate.ID
			}
			return map[string]any{"version": f.version, "convening_unit_id": to, "co_unit_ids": []int64{}}
		}},
	{"PATCH", "co_unit_ids: [] (both co-organisers removed)", "ordinary", "U W W F F F F F N",
		func(f azFieldCtx) any { return map[string]any{"version": f.version, "co_unit_ids": []int64{}} }},
	{"PATCH", "co_unit_ids: the procuratorate only", "ordinary", "U W W F F F F F N",
		func(f azFieldCtx) any {
			return map[string]any{"version": f.version, "co_unit_ids": []int64{f.d.Procuratorate.ID}}
		}},
	{"PATCH", "co_unit_ids: agency B added", "ordinary", "U W W F F F F F N",
		func(f azFieldCtx) any {
			return map[string]any{"version": f.version, "co_unit_ids": []int64{f.d.Procuratorate.ID, f.d.Justice.ID, f.d.AgencyB.ID}}
		}},
	{"PATCH", "sensitivity: ordinary → classified", "ordinary", "U W W F F F F F N",
		func(f azFieldCtx) any {
			// the place is content, which a classified meeting does not hold
			return map[string]any{"version": f.version, "sensitivity": "classified", "location": ""}
		}},
	{"PATCH", "sensitivity: sensitive → ordinary, with a reason", "sensitive", "U W W F F F F F N",
		func(f azFieldCtx) any {
			return map[string]any{"version": f.version, "sensitivity": "ordinary", "reason": "经批准解除敏感"}
		}},
	{"PATCH", "sensitivity: sensitive → ordinary, no reason (422 for those who may)", "sensitive", "U V V F F F F F N",
		func(f azFieldCtx) any { return map[string]any{"version": f.version, "sensitivity": "ordinary"} }},
	{"PATCH", "title only (co-organisers still edit the meeting)", "ordinary", "U W W W W F F F N",
		func(f azFieldCtx) any { return map[string]any{"version": f.version, "title": "矩阵会商（改）"} }},
	{"FORM", "the edit form with the justice bureau removed from the co-organisers", "ordinary", "L W W F F F F F N",
		func(f azFieldCtx) any {
			start := smAt(f.t, f.e, 3, 9, 30)
			return url.Values{"kind": {"consultation"}, "title": {"矩阵会商"}, "convening_unit_id": {fmt.Sprint(f.d.Office.ID)},
				"co_unit_ids": {fmt.Sprint(f.d.Procuratorate.ID)}, "start": {start.Format("2006-01-02T15:04")},
				"end": {start.Add(time.Hour).Format("2006-01-02T15:04")}, "location": {"三楼会议室"}, "sensitivity": {"ordinary"},
				"freq": {"none"}, "force": {"1"}, "version": {fmt.Sprint(f.version)}}
		}},
}

// azFieldRow is one body-decided row: method PATCH (the API) or FORM (the
// edit page), what changes, the meeting's sensitivity, the classes, and
// the body.
type azFieldRow struct {
	method, change, sensitivity, want string
	body                              func(azFieldCtx) any
}

// azFieldCtx is what a row's body may depend on.
type azFieldCtx struct {
	t       *testing.T
	e       *webtest.Env
	d       webtest.District
	u       account.User // zero: no session
	version int
}

func TestProof_AuthorizationMatrixFields(t *testing.T) {
	prooftest.SkipInShort(t)
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	users := []account.User{{}, d.Admin, d.OfficeSec, d.ProcSec, d.JusticeSec, d.Leader, d.ProcMember, d.AgencyAMember, d.AgencyBMember}
	apis, browsers := map[int64]*webtest.Client{0: e.Anon()}, map[int64]*webtest.Client{}
	for _, u := range users[1:] {
		apis[u.ID], browsers[u.ID] = e.API(u), e.Browser(u)
	}
	office := apis[d.OfficeSec.ID]
	var got []string
	cells := 0
	for _, row := range azFieldMatrix {
		want := strings.ReplaceAll(row.want, " ", "")
		if len(want) != len(users) {
			t.Fatalf("row %q has %d cells, want %d", row.change, len(want), len(users))
		}
		obs := make([]byte, len(users))
		for i, u := range users {
			m := smMeeting(t, e, office, d.Office.ID, row.sensitivity, []int64{d.Procuratorate.ID, d.Justice.ID},
				map[string]any{"attendee_user_ids": []int64{d.AgencyAMember.ID}, "title": "矩阵会商"})
			before := smGet(t, office, m)
			body := row.body(azFieldCtx{t: t, e: e, d: d, u: u, version: before.Version})
			var res webtest.Response
			if row.method == "FORM" {
				c := browsers[u.ID]
				if u.ID == 0 {
					c = e.NewBrowser()
					c.Get("/login")
				}
				res = c.PostForm(fmt.Sprintf("/meetings/%v", m["id"]), body.(url.Values))
			} else {
				res = apis[u.ID].Do(http.MethodPatch, webtest.MeetingPath(m, ""), body)
			}
			obs[i] = azClass(res)
			cells++
			if !azMatch(want[i], obs[i]) {
				t.Errorf("%s %s as %q: got %c (%d), want %c\n%.200s", row.method, row.change, u.Username, obs[i], res.Status, want[i], res.Body)
			}
			// a refused change leaves the units and sensitivity as they were
			if obs[i] != '2' && obs[i] != 'R' {
				if after := smGet(t, office, m); after.ConveningUnitID != before.ConveningUnitID || !sameIDs(after.CoUnitIDs, before.CoUnitIDs) ||
					after.Sensitivity != before.Sensitivity || after.Version != before.Version {
					t.Errorf("%s %s as %q was refused (%d) but changed the meeting: %+v → %+v", row.method, row.change, u.Username, res.Status, before, after)
				}
			}
		}
		var b strings.Builder
		for i, c := range obs {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteByte(c)
		}
		got = append(got, fmt.Sprintf("\t%s %-95q %s", row.method, row.change, b.String()))
	}
	t.Logf("authorization matrix, body-decided meeting rows: %d rows × %d callers = %d cells", len(azFieldMatrix), len(users), cells)
	if os.Getenv("LIAISON_AUTHZ_PRINT") != "" || t.Failed() {
		t.Logf("observed:\n%s", strings.Join(got, "\n"))
	}
}

func sameIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[int64]int{}
	for _, x := range a {
		seen[x]++
	}
	for _, x := range b {
		seen[x]--
	}
	for _, n := range seen {
		if n != 0 {
			return false
		}
	}
	return true
}
