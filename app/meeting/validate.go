package meeting

import (
	"net/mail"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/calendar"
)

// MaxDuration is the longest a meeting (one occurrence) may last.
const MaxDuration = 24 * time.Hour

// Input is what a caller sets when scheduling a meeting. The JSON API and
// the HTML form both fill it; Validate normalises and checks it.
type Input struct {
	Kind             Kind                `json:"kind"`
	Title            string              `json:"title"`
	Description      string              `json:"description"`
	Start            time.Time           `json:"start"`
	End              time.Time           `json:"end"`
	Location         string              `json:"location"`
	RoomID           *int64              `json:"room_id"`
	OnlineURL        string              `json:"online_url"`
	Sensitivity      account.Sensitivity `json:"sensitivity"`
	ConveningUnitID  int64               `json:"convening_unit_id"`
	CoUnitIDs        []int64             `json:"co_unit_ids"`
	InspectedUnitIDs []int64             `json:"inspected_unit_ids"`
	ChairUserID      *int64              `json:"chair_user_id"`
	PaperFileHolder  string              `json:"paper_file_holder"`
	RRule            string              `json:"rrule"`
	CaseIDs          []int64             `json:"case_ids"`
	InspectionScope  string              `json:"inspection_scope"`
	Findings         string              `json:"findings"`
	Report           string              `json:"report"`
	// ReplyBy is the 回执 deadline; nil at creation takes the district's
	// default (receipts.go).
	ReplyBy *time.Time `json:"reply_by"`

	// Only at creation: Status "draft" saves a 草稿 that sends nothing
	// until it is issued (Publish); empty schedules and invites at once.
	Status Status `json:"status"`
	// Only at creation: the agenda; TemplateID names the template (and so
	// the series) the meeting is made from, CopyFrom a meeting to copy;
	// both fill what the input leaves empty (copy.go).
	Agenda     []AgendaInput `json:"agenda"`
	TemplateID *int64        `json:"template_id"`
	CopyFrom   *int64        `json:"copy_from"`
	// Filled: the input was already filled (the scheduling form showed
	// the template's parts, and what is posted is final): TemplateID is
	// only checked and recorded.
	Filled bool `json:"-"`
	// Only at creation: people invited with the meeting.
	AttendeeUserIDs []int64       `json:"attendee_user_ids"`
	Experts         []ExpertInput `json:"experts"`
	// InviteStandingMembers (default true) invites the leading group's
	// standing members to a joint meeting.
	InviteStandingMembers *bool `json:"invite_standing_members"`
}

// ExpertInput names an expert a consultation sends or invites (互派/互邀):
// a user, or an outside guest by name, email and home unit.
type ExpertInput struct {
	UserID   *int64 `json:"user_id"`
	Name     string `json:"name"`
	Email    string `json:"email"`
	UnitName string `json:"unit_name"`
	Mode     string `json:"mode"` // sent | invited
}

// invalid makes an Invalid error from field codes; a single failing field
// lends its code to the error, so clients can switch on error.code.
func invalid(f apperr.Fields) error {
	if len(f) != 1 {
		return f.Err()
	}
	var code string
	for _, c := range f {
		code = c
	}
	return &apperr.Error{Kind: apperr.Invalid, Code: code, Fields: map[string]string(f)}
}

// fieldErr is an Invalid error on one field.
func fieldErr(field, code string) error { return invalid(apperr.Fields{field: code}) }

func checkText(f apperr.Fields, field, v string, required bool, max int) {
	switch {
	case required && v == "":
		f.Add(field, "required")
	case utf8.RuneCountInString(v) > max:
		f.Add(field, "too_long")
	}
}

// noContent refuses content on a meeting whose level keeps its register
// entry only (account.HoldsContent: sensitive and classified matters
// travel offline).
func noContent(f apperr.Fields, s account.Sensitivity, field, v string) {
	account.RefuseContent(f, s, field, v != "")
}

// Validate normalises the input and checks everything that needs no
// database. Series rules are checked by calendar.ValidateRRule.
func (in *Input) Validate() error {
	in.Title, in.Description = strings.TrimSpace(in.Title), strings.TrimSpace(in.Description)
	in.Location, in.OnlineURL = strings.TrimSpace(in.Location), strings.TrimSpace(in.OnlineURL)
	in.PaperFileHolder, in.RRule = strings.TrimSpace(in.PaperFileHolder), strings.TrimSpace(in.RRule)
	in.InspectionScope, in.Findings, in.Report = strings.TrimSpace(in.InspectionScope), strings.TrimSpace(in.Findings), strings.TrimSpace(in.Report)
	if in.Sensitivity == "" {
		in.Sensitivity = account.Ordinary
	}
	f := apperr.Fields{}
	if in.Status != "" && in.Status != Draft && in.Status != Scheduled {
		f.Add("status", "meeting.status_invalid")
	}
	if !in.Kind.Valid() {
		f.Add("kind", "meeting.kind_invalid")
	}
	if !in.Sensitivity.Valid() {
		f.Add("sensitivity", "sensitivity.invalid")
	}
	checkText(f, "title", in.Title, true, 200)
	checkText(f, "description", in.Description, false, 10000)
	checkText(f, "location", in.Location, false, 200)
	checkText(f, "paper_file_holder", in.PaperFileHolder, false, 60)
	checkText(f, "inspection_scope", in.InspectionScope, false, 5000)
	checkText(f, "findings", in.Findings, false, 20000)
	checkText(f, "report", in.Report, false, 20000)
	// content; the title (a neutral 事由), times, room, units, people and
	// the paper file's holder are the register entry
	for _, c := range []struct{ field, v string }{{"description", in.Description}, {"location", in.Location}, {"online_url", in.OnlineURL},
		{"inspection_scope", in.InspectionScope}, {"findings", in.Findings}, {"report", in.Report}} {
		noContent(f, in.Sensitivity, c.field, c.v)
	}
	if in.OnlineURL != "" {
		u, err := url.Parse(in.OnlineURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(in.OnlineURL) > 500 {
			f.Add("online_url", "meeting.url_invalid")
		}
	}
	switch {
	case in.Start.IsZero():
		f.Add("start", "time_invalid")
	case in.End.IsZero():
		f.Add("end", "time_invalid")
	case !in.End.After(in.Start):
		f.Add("end", "meeting.end_before_start")
	case in.End.Sub(in.Start) > MaxDuration:
		f.Add("end", "meeting.too_long")
	}
	if in.ConveningUnitID <= 0 {
		f.Add("convening_unit_id", "required")
	}
	if hasDup(append([]int64{in.ConveningUnitID}, in.CoUnitIDs...)) {
		f.Add("co_unit_ids", "meeting.unit_twice")
	}
	if hasDup(in.InspectedUnitIDs) {
		f.Add("inspected_unit_ids", "meeting.unit_twice")
	}
	if hasDup(in.CaseIDs) {
		f.Add("case_ids", "meeting.case_twice")
	}
	if len(in.CoUnitIDs) > 50 || len(in.InspectedUnitIDs) > 50 || len(in.CaseIDs) > 100 {
		f.Add("case_ids", "too_long")
	}
	if in.Kind != JointInspection && (in.InspectionScope != "" || in.Findings != "" || in.Report != "" || len(in.InspectedUnitIDs) > 0) {
		f.Add("kind", "meeting.inspection_only")
	}
	if in.Kind != Consultation && len(in.Experts) > 0 {
		f.Add("experts", "meeting.consultation_only")
	}
	people := append([]int64{}, in.AttendeeUserIDs...)
	emails := map[string]bool{}
	for i := range in.Experts {
		x := &in.Experts[i]
		if x.Mode != ExpertSent && x.Mode != ExpertInvited {
			f.Add("experts", "meeting.expert_mode_invalid")
		}
		if x.UserID != nil {
			people = append(people, *x.UserID)
			continue
		}
		// an outside expert's name is content; district users are not
		if account.RefuseContent(f, in.Sensitivity, "experts", true) {
			continue
		}
		g := GuestInput{Name: x.Name, Email: x.Email, UnitName: x.UnitName}
		g.fields(f, "experts.")
		x.Name, x.Email, x.UnitName = g.Name, g.Email, g.UnitName
		// an expert is sent by, or invited from, a unit: name it
		if g.UnitName == "" {
			f.Add("experts.unit_name", "required")
		}
		if e := strings.ToLower(g.Email); e != "" {
			if emails[e] {
				f.Add("experts", "meeting.attendee_twice")
			}
			emails[e] = true
		}
	}
	if hasDup(people) {
		f.Add("attendee_user_ids", "meeting.attendee_twice")
	}
	if len(in.AttendeeUserIDs) > 200 || len(in.Experts) > 50 {
		f.Add("attendee_user_ids", "too_long")
	}
	if in.RRule != "" && len(f) == 0 {
		if err := calendar.ValidateRRule(in.RRule, in.Start); err != nil {
			return err
		}
	}
	return invalid(f)
}

// GuestInput is an outside guest: someone without an account.
type GuestInput struct {
	Name     string
	Email    string
	UnitName string
}

// fields checks a guest; it reports whether something failed.
func (g *GuestInput) fields(f apperr.Fields, prefix string) bool {
	n := len(f)
	g.Name, g.Email, g.UnitName = strings.TrimSpace(g.Name), strings.TrimSpace(g.Email), strings.TrimSpace(g.UnitName)
	checkText(f, prefix+"name", g.Name, true, 60)
	checkText(f, prefix+"unit_name", g.UnitName, false, 100)
	if g.Email != "" {
		if a, err := mail.ParseAddress(g.Email); err != nil || a.Address != g.Email || len(g.Email) > 254 {
			f.Add(prefix+"email", "email_invalid")
		}
	}
	return len(f) > n
}

func hasDup(ids []int64) bool {
	seen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			return true
		}
		seen[id] = true
	}
	return false
}

func dedupe(ids []int64) []int64 {
	seen := make(map[int64]bool, len(ids))
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if id > 0 && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
