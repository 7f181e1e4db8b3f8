package followup_test

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"liaison/app/account"
	"liaison/app/db/dbtest"
	"liaison/app/followup"
	"liaison/app/page"
	"liaison/app/workday"
)

// TestService_ListAgreesWithPolicy holds the SQL visibility of List to the
// one policy (account.Actor.Can on ActionItem.Scope) for every role in
// every relation to every kind of item.
func TestService_ListAgreesWithPolicy(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	acc := account.NewService(d)
	unit := unitMaker(t, ctx, acc)
	issuer, resp, involved, other, office := unit("区检察院", account.KindProcuratorate), unit("区人社局", account.KindAgency),
		unit("区司法局", account.KindJusticeBureau), unit("区市场监管局", account.KindAgency), unit("区委依法治区办", account.KindRuleOfLawOffice)
	var actors []account.Actor
	var owner account.User
	for _, u := range []account.Unit{issuer, resp, involved, other, office} {
		for _, r := range account.Roles {
			usr := newUser(t, ctx, acc, u, r)
			if u.ID == other.ID && r == account.RoleMember {
				owner = usr
			}
			actors = append(actors, account.ActorFor(usr, u.Kind))
		}
	}
	svc := followup.NewService(d, acc, followup.Hooks{})
	var items []followup.ActionItem
	for _, sens := range []account.Sensitivity{account.Ordinary, account.Sensitive, account.Classified} {
		for _, withOwner := range []bool{false, true} {
			for _, escalated := range []bool{false, true} {
				n := followup.NewAction{ResponsibleUnitID: resp.ID, IssuingUnitID: issuer.ID, DueOn: workday.FromTime(d.Now()).AddDays(3),
					SourceKind: followup.FromDocument, SourceID: 1, Sensitivity: sens}
				if sens != account.Classified {
					n.Title = "事项"
				}
				if withOwner {
					n.OwnerUserID = &owner.ID
				}
				out, err := svc.CreateActions(ctx, account.System, []followup.NewAction{n})
				if err != nil {
					t.Fatal(err)
				}
				if escalated {
					e := followup.Escalation{ActionItemID: out[0].ID, Step: 1, UnitID: issuer.ID, CreatedAt: d.Now(), Version: 1, UnitIDs: []int64{involved.ID}}
					if err := svc.AddEscalationForTest(ctx, &e); err != nil {
						t.Fatal(err)
					}
				}
				it, err := svc.ItemForTest(ctx, out[0].ID)
				if err != nil {
					t.Fatal(err)
				}
				items = append(items, it)
			}
		}
	}
	for _, a := range actors {
		var want []int64
		for _, it := range items {
			if a.Can(account.ActView, it.Scope()) {
				want = append(want, it.ID)
			}
		}
		// every item is the responsible unit's: its board (for its own
		// people, the narrowed rule of visible) must show the same
		for _, unitID := range []int64{0, resp.ID} {
			got := listAll(t, ctx, svc, a, followup.Filter{UnitID: unitID, Page: page.Request{Limit: 5}})
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%s (%s of unit %d), unit filter %d: list %v, policy %v", a.Username, a.Role, a.UnitID, unitID, got, want)
			}
		}
	}
}

// listAll pages through List and returns the ids in the list's order.
func listAll(t *testing.T, ctx context.Context, svc *followup.Service, a account.Actor, f followup.Filter) []int64 {
	t.Helper()
	var got []int64
	for {
		p, err := svc.List(ctx, a, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range p.Items {
			got = append(got, it.ID)
		}
		if p.NextCursor == "" {
			break
		}
		if f.Page, err = page.Parse(strconv.Itoa(f.Page.Limit), p.NextCursor); err != nil {
			t.Fatal(err)
		}
	}
	return got
}
