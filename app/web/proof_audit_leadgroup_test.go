package web_test

import (
	"fmt"
	"net/url"
)

// leadGroup: the 领导小组 roster kept over the API and on the admin page
// (issue 16).
func (f *acFlow) leadGroup() {
	d := f.d
	ac := f.e.API(d.Admin)
	r := f.do(ac, d.Admin, "POST /api/v1/leading-group", "/api/v1/leading-group", map[string]any{"user_id": d.Leader.ID, "position": "leader"},
		acWant{action: "leadgroup.add", objType: "leading_group_member", create: true})
	id := f.id(r)
	f.do(ac, d.Admin, "PATCH /api/v1/leading-group/:id", fmt.Sprintf("/api/v1/leading-group/%d", id), map[string]any{"position": "deputy_leader", "version": 1},
		acWant{action: "leadgroup.update", objType: "leading_group_member", objID: id, changed: []string{"position"}})
	f.do(ac, d.Admin, "DELETE /api/v1/leading-group/:id", fmt.Sprintf("/api/v1/leading-group/%d?version=2", id), nil,
		acWant{action: "leadgroup.remove", objType: "leading_group_member", objID: id, remove: true})
	ab := f.e.Browser(d.Admin)
	f.do(ab, d.Admin, "POST /admin/leading-group", "/admin/leading-group", url.Values{"user_id": {n64(d.OfficeSec.ID)}, "position": {"office_head"}},
		acWant{action: "leadgroup.add", objType: "leading_group_member", create: true})
	id = count(f.t, f.e, `SELECT id FROM leading_group_members WHERE user_id = ?`, d.OfficeSec.ID)
	f.do(ab, d.Admin, "POST /admin/leading-group/:id/delete", fmt.Sprintf("/admin/leading-group/%d/delete", id), url.Values{"version": {"1"}},
		acWant{action: "leadgroup.remove", objType: "leading_group_member", objID: id, remove: true})
}
