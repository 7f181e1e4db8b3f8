package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"liaison/app/web/webtest"
)

// expertJSON is an attendee of GET /api/v1/meetings/{id}.
type expertJSON struct {
	ID         int64  `json:"id"`
	UserID     *int64 `json:"user_id"`
	Name       string `json:"name"`
	UnitName   string `json:"unit_name"`
	Role       string `json:"role"`
	ExpertMode string `json:"expert_mode"`
}

// experts lists a meeting's experts as "name/mode", sorted, and its
// attendee count.
func experts(t *testing.T, c *webtest.Client, id int64) ([]string, int) {
	t.Helper()
	var m struct {
		Attendees []expertJSON `json:"attendees"`
		Title     string       `json:"title"`
	}
	c.Get(fmt.Sprintf("/api/v1/meetings/%d", id)).Decode(t, &m)
	var out []string
	for _, a := range m.Attendees {
		if a.Role == "expert" {
			out = append(out, a.Name+"/"+a.ExpertMode)
		}
	}
	slices.Sort(out)
	return out, len(m.Attendees)
}

var (
	expertRowsRE = regexp.MustCompile(`name="expert_rows" value="(\d+)"`)
	attendeeIDRE = regexp.MustCompile(`name="expert(\d+)_attendee_id" value="(\d+)"`)
)

// TestGaps_MeetingFormExperts: a consultation's experts are edited in the
// meeting form itself: the edit form shows them, a row can be added without
// script, a row marked "remove" withdraws that invitation, a changed row is
// a new invitation, a new row invites; a refused expert saves nothing of
// the form.
func TestGaps_MeetingFormExperts(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	d := e.District()
	sec, api := e.Browser(d.ProcSec), e.API(d.ProcSec)
	v := formValues(d.Procuratorate.ID, "专家会商", W2+"T09:00", W2+"T11:00")
	v.Set("attendee_user_ids", strconv.FormatInt(d.ProcMember.ID, 10))
	v.Set("expert0_name", "王专家")
	v.Set("expert0_unit_name", "市司法局")
	v.Set("expert0_email", "wang@sfj.example.gov.cn")
	v.Set("expert0_mode", "invited")
	v.Set("expert1_user_id", strconv.FormatInt(d.JusticeMember.ID, 10))
	v.Set("expert1_mode", "sent")
	id := createByForm(t, sec, v)
	path := fmt.Sprintf("/meetings/%d", id)
	before, n0 := experts(t, api, id)
	if len(before) != 2 {
		t.Fatalf("experts after creation %v", before)
	}

	// The edit form shows both experts, with their invitations, and a free row.
	r := sec.Get(path + "/edit")
	mustContain(t, r, `id="experts"`, `value="王专家"`, `value="市司法局"`, `name="expert0_remove"`, `name="add_expert"`,
		fmt.Sprintf(`<option value="%d" data-py="justicemember" selected>`, d.JusticeMember.ID))
	ids := attendeeIDRE.FindAllStringSubmatch(string(r.Body), -1)
	if len(ids) != 2 {
		t.Fatalf("invitation ids on the edit form: %v", ids)
	}
	rows := expertRowsRE.FindStringSubmatch(string(r.Body))
	if rows == nil || rows[1] != "3" {
		t.Fatalf("expert rows %v, want the two experts and one free row", rows)
	}
	edit := func(title string) url.Values {
		v := formValues(d.Procuratorate.ID, title, W2+"T09:00", W2+"T11:00")
		v.Set("version", "1")
		v.Set("expert_rows", "4")
		for _, m := range ids {
			v.Set("expert"+m[1]+"_attendee_id", m[2])
		}
		v.Set("expert0_name", "王专家")
		v.Set("expert0_unit_name", "市司法局")
		v.Set("expert0_email", "wang@sfj.example.gov.cn")
		v.Set("expert0_mode", "invited")
		v.Set("expert1_user_id", strconv.FormatInt(d.JusticeMember.ID, 10))
		v.Set("expert1_mode", "sent")
		return v
	}

	t.Run("add a row without script saves nothing", func(t *testing.T) {
		v := edit("专家会商")
		v.Set("expert_rows", "3")
		v.Set("add_expert", "1")
		r := sec.PostForm(path, v)
		wantStatus(t, r, http.StatusOK)
		if m := expertRowsRE.FindStringSubmatch(string(r.Body)); m == nil || m[1] != "4" {
			t.Fatalf("rows after adding one: %v", m)
		}
		mustContain(t, r, `name="expert3_name"`, `name="version" value="1"`)
		if got, _ := experts(t, api, id); !slices.Equal(got, before) {
			t.Fatalf("experts changed by adding a row: %v", got)
		}
	})

	t.Run("a refused expert saves nothing", func(t *testing.T) {
		// Already invited as an ordinary attendee: only the domain knows.
		v := edit("不应保存的标题")
		v.Set("expert2_user_id", strconv.FormatInt(d.ProcMember.ID, 10))
		v.Set("expert2_mode", "sent")
		v.Set("expert0_remove", "1")
		r := sec.PostForm(path, v)
		if r.Status != http.StatusConflict && r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d\n%s", r.Status, r.Body)
		}
		mustContain(t, r, `id="experts"`, `class="err"`)
		got, n := experts(t, api, id)
		m := api.Get(fmt.Sprintf("/api/v1/meetings/%d", id)).JSON(t)
		if !slices.Equal(got, before) || n != n0 || m["title"] != "专家会商" || m["version"] != float64(1) {
			t.Fatalf("half saved: experts %v, %d attendees, title %v, version %v", got, n, m["title"], m["version"])
		}
	})

	t.Run("remove, change and add in one save", func(t *testing.T) {
		v := edit("专家会商（调整）")
		v.Set("expert0_remove", "1")     // withdraw 王专家
		v.Set("expert1_mode", "invited") // the justice member, now invited
		v.Set("expert2_name", "李教授")     // a new outside expert
		v.Set("expert2_unit_name", "潍坊学院")
		v.Set("expert2_email", "li@wfu.example.edu.cn")
		v.Set("expert2_mode", "invited")
		v.Set("expert3_name", "赵老师") // added, then marked remove
		v.Set("expert3_unit_name", "某单位")
		v.Set("expert3_mode", "invited")
		v.Set("expert3_remove", "1")
		r := sec.PostForm(path, v)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("update: %d\n%s", r.Status, r.Body)
		}
		got, n := experts(t, api, id)
		want := []string{"李教授/invited", d.JusticeMember.DisplayName + "/invited"}
		slices.Sort(want)
		if !slices.Equal(got, want) || n != n0 {
			t.Fatalf("experts %v (%d attendees), want %v (%d)", got, n, want, n0)
		}
		r = sec.Get(path + "/edit")
		mustContain(t, r, `value="李教授"`, `value="专家会商（调整）"`)
		if strings.Contains(string(r.Body), "王专家") {
			t.Fatal("the withdrawn expert is still on the form")
		}
	})

	t.Run("a form without expert rows leaves the experts alone", func(t *testing.T) {
		m := api.Get(fmt.Sprintf("/api/v1/meetings/%d", id)).JSON(t)
		v := formValues(d.Procuratorate.ID, "专家会商（再调整）", W2+"T09:00", W2+"T11:00")
		v.Set("version", strconv.Itoa(int(m["version"].(float64))))
		prev, _ := experts(t, api, id)
		if r := sec.PostForm(path, v); r.Status != http.StatusSeeOther {
			t.Fatalf("update: %d\n%s", r.Status, r.Body)
		}
		if got, _ := experts(t, api, id); !slices.Equal(got, prev) {
			t.Fatalf("experts %v, want %v", got, prev)
		}
	})
}
