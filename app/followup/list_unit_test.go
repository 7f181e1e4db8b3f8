package followup_test

import (
	"cmp"
	"context"
	"slices"
	"testing"

	"liaison/app/account"
	"liaison/app/db/dbtest"
	"liaison/app/followup"
	"liaison/app/page"
	"liaison/app/workday"
)

// TestService_ListByUnit: a unit's list (read in due order from its board index)
// pages through exactly the visible items of that unit, every stored status
// and both sensitivities mixed, by due date then id, ties included.
func TestService_ListByUnit(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	acc := account.NewService(d)
	unit := unitMaker(t, ctx, acc)
	issuer, resp, other := unit("区检察院", account.KindProcuratorate), unit("区人社局", account.KindAgency), unit("区市场监管局", account.KindAgency)
	actor := func(u account.Unit, r account.Role) account.Actor {
		return account.ActorFor(newUser(t, ctx, acc, u, r), u.Kind)
	}
	svc := followup.NewService(d, acc, followup.Hooks{})
	statuses := []followup.Status{followup.Open, followup.InProgress, followup.Answered, followup.Rectified, followup.Returned}
	today := workday.FromTime(d.Now())
	var items []followup.ActionItem
	for i := range 40 {
		n := followup.NewAction{ResponsibleUnitID: resp.ID, IssuingUnitID: issuer.ID, DueOn: today.AddDays(i%7 - 3),
			SourceKind: followup.FromDocument, SourceID: 1, Sensitivity: account.Ordinary, Title: "事项"}
		if i%9 == 4 {
			n.Sensitivity = account.Sensitive
		}
		if i%10 == 7 {
			n.ResponsibleUnitID = other.ID
		}
		out, err := svc.CreateActions(ctx, account.System, []followup.NewAction{n})
		if err != nil {
			t.Fatal(err)
		}
		st := statuses[(i*3)%len(statuses)]
		if err := d.Conn(ctx).Exec("UPDATE action_items SET status = ? WHERE id = ?", st, out[0].ID).Error; err != nil {
			t.Fatal(err)
		}
		it, err := svc.ItemForTest(ctx, out[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, it)
	}
	slices.SortFunc(items, func(a, b followup.ActionItem) int {
		return cmp.Or(cmp.Compare(a.DueOn.String(), b.DueOn.String()), cmp.Compare(a.ID, b.ID))
	})
	for _, a := range []account.Actor{actor(resp, account.RoleMember), actor(resp, account.RoleLeader), actor(issuer, account.RoleMember)} {
		var want []int64
		for _, it := range items {
			if it.ResponsibleUnitID == resp.ID && a.Can(account.ActView, it.Scope()) {
				want = append(want, it.ID)
			}
		}
		got := listAll(t, ctx, svc, a, followup.Filter{UnitID: resp.ID, Page: page.Request{Limit: 4}})
		if len(want) < 10 || !slices.Equal(got, want) {
			t.Errorf("%s (%s of unit %d):\nlist   %v\nwanted %v", a.Username, a.Role, a.UnitID, got, want)
		}
	}
}
