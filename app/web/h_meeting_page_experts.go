package web

import (
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"liaison/app/meeting"
)

// expertForm is one row of a consultation's experts (互派/互邀). On the
// edit form a row may stand for an expert already invited (AttendeeID);
// Remove withdraws that invitation, or drops a new row.
type expertForm struct {
	AttendeeID            int64
	UserID                int64
	Name, Email, UnitName string
	Mode                  string
	Remove                bool
}

// expertRows is how many expert rows a new form offers; "add a row"
// re-renders the form with one more, up to maxExpertRows (the domain's
// limit of experts per meeting).
const (
	expertRows    = 3
	maxExpertRows = 50
)

func (x expertForm) empty() bool { return x.UserID == 0 && strings.TrimSpace(x.Name) == "" }

// readExperts reads the posted rows; expert_rows says how many the form had.
func readExperts(c echo.Context) []expertForm {
	n, err := strconv.Atoi(c.FormValue("expert_rows"))
	if err != nil || n <= 0 {
		n = expertRows
	}
	n = min(n, maxExpertRows)
	out := make([]expertForm, 0, n)
	for i := range n {
		p := "expert" + strconv.Itoa(i) + "_"
		out = append(out, expertForm{AttendeeID: formID(c, p+"attendee_id"), UserID: formID(c, p+"user_id"),
			Name: c.FormValue(p + "name"), Email: c.FormValue(p + "email"), UnitName: c.FormValue(p + "unit_name"),
			Mode: c.FormValue(p + "mode"), Remove: c.FormValue(p+"remove") != ""})
	}
	return out
}

// expertsOf are the rows of a stored meeting's experts.
func expertsOf(att []meeting.Attendee) []expertForm {
	var out []expertForm
	for _, a := range att {
		if a.Role != meeting.RoleExpert || a.ExpertMode == "" {
			continue
		}
		x := expertForm{AttendeeID: a.ID, Mode: a.ExpertMode}
		if a.UserID != nil {
			x.UserID = *a.UserID
		} else {
			x.Name, x.Email, x.UnitName = a.Name, a.Email, a.UnitName
		}
		out = append(out, x)
	}
	return out
}

// padExperts leaves at least one empty row after the filled ones, and no
// fewer rows than a new form has.
func padExperts(rows []expertForm) []expertForm {
	last := len(rows) - 1
	for last >= 0 && rows[last].AttendeeID == 0 && rows[last].empty() {
		last--
	}
	for len(rows) < expertRows || (len(rows) == last+1 && len(rows) < maxExpertRows) {
		rows = append(rows, expertForm{})
	}
	return rows
}

// expertChanges compares the edit form's rows with the meeting's experts:
// the invitations to withdraw and those to send. A changed row is a new
// invitation (withdraw, then invite), since an invitation's person and
// mode are what the invitee answered. An expert the form does not mention
// is left alone; a row naming an invitation that no longer exists (another
// editor withdrew it) is a new one.
func expertChanges(rows []expertForm, att []meeting.Attendee) (remove []int64, add []meeting.AttendeeInput) {
	cur := map[int64]meeting.Attendee{}
	for _, a := range att {
		if a.Role == meeting.RoleExpert && a.ExpertMode != "" {
			cur[a.ID] = a
		}
	}
	for _, x := range rows {
		a, known := cur[x.AttendeeID]
		if known {
			if !x.Remove && !x.empty() && sameExpert(x, a) {
				continue
			}
			remove = append(remove, a.ID)
		}
		if x.Remove || x.empty() {
			continue
		}
		in := meeting.AttendeeInput{Role: meeting.RoleExpert, ExpertMode: x.Mode, Name: x.Name, Email: x.Email, UnitName: x.UnitName}
		if x.UserID > 0 {
			uid := x.UserID
			in = meeting.AttendeeInput{UserID: &uid, Role: meeting.RoleExpert, ExpertMode: x.Mode}
		}
		add = append(add, in)
	}
	return remove, add
}

func sameExpert(x expertForm, a meeting.Attendee) bool {
	if x.Mode != a.ExpertMode {
		return false
	}
	if a.UserID != nil {
		return x.UserID == *a.UserID
	}
	return x.UserID == 0 && strings.TrimSpace(x.Name) == a.Name && strings.EqualFold(strings.TrimSpace(x.Email), a.Email) &&
		strings.TrimSpace(x.UnitName) == a.UnitName
}
