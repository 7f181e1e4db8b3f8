package webtest

import (
	"liaison/app/account"
	"liaison/app/clock/clocktest"
	"liaison/app/followup"
	"liaison/app/workday"
)

// Action creates one action item through followup.Service.CreateActions, as
// a confirmed decision or an issued document does. Zero fields get
// defaults: a title, source "document" 1, ordinary sensitivity.
func (e *Env) Action(n followup.NewAction) followup.ActionItem {
	e.T.Helper()
	if n.Title == "" && n.Sensitivity != account.Classified {
		n.Title = "整改事项"
	}
	if n.SourceKind == "" {
		n.SourceKind, n.SourceID = followup.FromDocument, 1
	}
	items, err := e.Deps.Actions.CreateActions(e.Ctx(), account.System, []followup.NewAction{n})
	if err != nil {
		e.T.Fatalf("create action: %v", err)
	}
	return items[0]
}

// DaysFromToday returns the pinned day (clocktest.Now, in Asia/Shanghai)
// moved by n days.
func DaysFromToday(n int) workday.Date { return workday.FromTime(clocktest.Now()).AddDays(n) }
