package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/followup"
	"liaison/app/notify"
	"liaison/app/workday"
)

// actionsView is the "我的督办" page.
type actionsView struct {
	Tab      string // owe, issued, all
	Items    []followup.ActionItem
	Units    map[int64]account.Unit
	Statuses []followup.Status
	Status   string
	Q        string
	Overdue  bool
	Pending  bool
	Soon     bool
	Next     string // the next page's URL, filters kept
	Query    url.Values
}

var actionStatuses = []followup.Status{followup.Open, followup.InProgress, followup.Answered, followup.Rectified, followup.Returned, followup.Overdue}

func (s *Server) actionsPage(c echo.Context) error {
	a := actor(c)
	f, err := actionFilter(c)
	if err != nil {
		return err
	}
	v := actionsView{Tab: c.QueryParam("tab"), Statuses: actionStatuses, Status: string(f.Status), Q: f.Q,
		Overdue: f.Overdue != nil && *f.Overdue, Pending: f.Pending, Soon: c.QueryParam("soon") == "1"}
	switch v.Tab {
	case "issued":
		f.IssuingUnitID = a.UnitID
	case "all":
	default:
		v.Tab = "owe"
		f.UnitID = a.UnitID
	}
	if v.Soon {
		// Due within a week and not late yet: what to chase next.
		notLate := false
		f.Pending, f.Overdue, f.DueBefore = true, &notLate, workday.FromTime(s.DB.Now()).AddDays(7)
	}
	ctx := c.Request().Context()
	p, err := s.Actions.List(ctx, a, f)
	if err != nil {
		return err
	}
	v.Items = p.Items
	ids := make([]int64, 0, 2*len(p.Items))
	for _, it := range p.Items {
		ids = append(ids, it.ResponsibleUnitID, it.IssuingUnitID)
	}
	if v.Units, err = s.Accounts.UnitsByIDs(ctx, ids); err != nil {
		return err
	}
	v.Query = c.QueryParams()
	if p.NextCursor != "" {
		q := url.Values{}
		for k, vs := range c.QueryParams() {
			q[k] = vs
		}
		q.Set("cursor", p.NextCursor)
		v.Next = "/actions?" + q.Encode()
	}
	return s.render(c, http.StatusOK, "action_list", s.page(c, "actions", "action.mine_title", v))
}

// actionView is one item's page and its printable sheet.
type actionView struct {
	D           actionDetail
	Units       map[int64]account.Unit
	Users       map[int64]account.User
	Timeline    []timelineEvent
	MayAnswer   bool
	MayVerify   bool
	MayEscalate bool
	NextStep    int
	MayHandle   map[int]bool // by step
	Owner       string
	Involved    []string
	Recipients  map[int][]string  // unit names by escalation step
	OpenSteps   []int             // escalation steps not taken yet
	Grounds     []followup.Ground // the source's grounds, for the form
	Letters     []escalationLetter
	Mine        map[int]followup.HandlingRecord // by step: the viewer's unit's own handling record
	Form        map[string]string
	Printed     time.Time
	Today       string // the answer's latest date
	Source      string // the source's 文号 or meeting title ("" when not visible)
	SourceHref  string
	Delivery    *notify.Undelivered // the issuer's undelivered-mail banner (h_delivery_status.go)
}

// timelineEvent is one line of the item's history.
type timelineEvent struct {
	At     time.Time
	Kind   string // message id suffix: created, feedback, verified, escalated, handled
	Label  string // a further message id (feedback kind, accepted or not, step)
	UnitID int64
	UserID *int64
	Text   string
	Extra  string
	Who    string // unit and person, resolved for display
	Files  []followup.FeedbackFile
}

func (s *Server) loadActionView(c echo.Context) (actionView, error) {
	d, err := s.loadActionDetail(c)
	if err != nil {
		return actionView{}, err
	}
	a := actor(c)
	v := actionView{D: d, MayAnswer: followup.MayAnswer(a, d.ActionItem), MayVerify: followup.MayVerify(a, d.ActionItem),
		MayEscalate: followup.MayEscalate(a, d.ActionItem), NextStep: d.EscalationStep + 1, MayHandle: map[int]bool{}, Form: map[string]string{},
		Printed: s.DB.Now(), Today: s.today().String()}
	unitIDs := append([]int64{d.ResponsibleUnitID, d.IssuingUnitID}, d.InvolvedUnitIDs...)
	var userIDs []int64
	add := func(p *int64) {
		if p != nil {
			userIDs = append(userIDs, *p)
		}
	}
	add(d.OwnerUserID)
	add(d.CreatedBy)
	v.Timeline = append(v.Timeline, timelineEvent{At: d.CreatedAt, Kind: "created", UnitID: d.IssuingUnitID, UserID: d.CreatedBy})
	for _, f := range d.Feedback {
		add(f.UserID)
		v.Timeline = append(v.Timeline, timelineEvent{At: f.CreatedAt, Kind: "feedback", Label: "action.feedback_kind." + string(f.Kind), UnitID: f.UnitID, UserID: f.UserID, Text: f.Body, Files: f.Files})
	}
	for _, x := range d.Verifications {
		add(x.UserID)
		label, extra := "action.accepted_no", ""
		if x.Accepted {
			label = "action.accepted_yes"
		}
		if x.NewDueOn != nil {
			extra = x.NewDueOn.String()
		}
		v.Timeline = append(v.Timeline, timelineEvent{At: x.CreatedAt, Kind: "verified", Label: label, UnitID: x.UnitID, UserID: x.UserID, Text: x.Comment, Extra: extra})
	}
	for _, e := range d.Escalations {
		add(e.UserID)
		add(e.HandledBy)
		unitIDs = append(unitIDs, e.UnitIDs...)
		v.MayHandle[e.Step] = followup.MayHandle(a, e)
		label := "action.step." + strconv.Itoa(e.Step)
		docs := ""
		for i, doc := range e.Documents {
			if i > 0 {
				docs += "；"
			}
			docs += doc
		}
		v.Timeline = append(v.Timeline, timelineEvent{At: e.CreatedAt, Kind: "escalated", Label: label, UnitID: e.UnitID, UserID: e.UserID, Text: e.Comment, Extra: docs})
		if e.HandledAt != nil {
			v.Timeline = append(v.Timeline, timelineEvent{At: *e.HandledAt, Kind: "handled", Label: label, UnitID: *e.HandledUnitID, UserID: e.HandledBy, Text: e.Handling, Extra: e.Result})
		}
	}
	slices.SortStableFunc(v.Timeline, func(x, y timelineEvent) int { return x.At.Compare(y.At) })
	for _, ev := range v.Timeline {
		unitIDs = append(unitIDs, ev.UnitID)
	}
	ctx := c.Request().Context()
	if v.Units, err = s.Accounts.UnitsByIDs(ctx, unitIDs); err != nil {
		return v, err
	}
	if v.Users, err = s.Accounts.UsersByIDs(ctx, userIDs); err != nil {
		return v, err
	}
	for i := range v.Timeline {
		ev := &v.Timeline[i]
		ev.Who = v.Units[ev.UnitID].Name
		if ev.UserID != nil {
			ev.Who += " " + v.Users[*ev.UserID].DisplayName
		}
	}
	if d.OwnerUserID != nil {
		v.Owner = v.Users[*d.OwnerUserID].DisplayName
	}
	for _, u := range d.InvolvedUnitIDs {
		v.Involved = append(v.Involved, v.Units[u].Name)
	}
	v.Source, v.SourceHref = s.actionSource(ctx, a, d.ActionItem)
	v.Recipients = map[int][]string{}
	for _, e := range d.Escalations {
		for _, u := range e.UnitIDs {
			v.Recipients[e.Step] = append(v.Recipients[e.Step], v.Units[u].Name)
		}
	}
	v.escalationForm(a, d.ActionItem, d.Escalations)
	v.Delivery, err = s.linkDelivery(c, followup.ActsForIssuer(a, d.ActionItem), "/actions/"+strconv.FormatInt(d.ID, 10))
	return v, err
}

func (s *Server) actionPage(c echo.Context) error {
	v, err := s.loadActionView(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "action_show", s.page(c, "actions", "action.title", v))
}

func (s *Server) actionPrint(c echo.Context) error {
	v, err := s.loadActionView(c)
	if err != nil {
		return err
	}
	return s.render(c, http.StatusOK, "action_print", s.page(c, "actions", "action.print_title", v))
}
