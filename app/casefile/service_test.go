package casefile

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"liaison/app/account"
	"liaison/app/db/dbtest"
	"liaison/app/followup"
	"liaison/app/page"
	"liaison/app/workday"
)

// TestService_ListMirrorsPolicy checks that the SQL the register list uses
// shows each actor exactly the cases account.Actor.Can lets them view.
func TestService_ListMirrorsPolicy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := dbtest.New(t)
	acc := account.NewService(d)
	svc, err := NewService(d, acc, followup.NewService(d, acc, followup.Hooks{}), nil)
	if err != nil {
		t.Fatal(err)
	}
	kinds := []account.UnitKind{account.KindRuleOfLawOffice, account.KindProcuratorate, account.KindJusticeBureau, account.KindAgency, account.KindAgency}
	var units []account.Unit
	for i, k := range kinds {
		u, err := acc.CreateUnit(ctx, account.System, account.UnitInput{Name: fmt.Sprintf("单位%d", i), Kind: k})
		if err != nil {
			t.Fatal(err)
		}
		units = append(units, u)
	}
	var actors []account.Actor
	for i, u := range units {
		for _, r := range account.Roles {
			usr, err := acc.CreateUser(ctx, account.System, account.UserInput{Username: fmt.Sprintf("u%d-%s", i, r), DisplayName: "x",
				UnitID: u.ID, Role: r, Email: fmt.Sprintf("u%d%s@t.example", i, r), Password: "correct-horse-battery"})
			if err != nil {
				t.Fatal(err)
			}
			actors = append(actors, account.ActorFor(usr, u.Kind))
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	sens := []account.Sensitivity{account.Ordinary, account.Sensitive, account.Classified}
	for i := range 30 {
		origin, resp := units[rng.IntN(len(units))], units[rng.IntN(len(units))]
		in := CaseInput{Number: fmt.Sprintf("C%d", i), Kind: "其他", RespondentUnitID: resp.ID, OriginUnitID: origin.ID,
			Sensitivity: sens[rng.IntN(3)], PaperFileHolder: "王某"}
		if in.Sensitivity == account.Ordinary {
			in.Title = "t"
		}
		k, err := svc.Create(ctx, account.System, in)
		if err != nil {
			t.Fatal(err)
		}
		if rng.IntN(2) == 0 {
			to := units[rng.IntN(len(units))]
			if to.ID != origin.ID {
				// Written to the store, whatever the pair: rows registered
				// before the register's parties were enforced address any
				// unit, and the list must mirror the policy for them too.
				n := Notification{CaseID: k.ID, FromUnitID: origin.ID, ToUnitID: to.ID, Stage: NoteAccepted, CreatedAt: d.Now()}
				if err := svc.store.CreateNotification(ctx, &n); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	for _, a := range actors {
		// The store's SQL alone, without the service's safety net.
		rows, err := svc.store.List(ctx, visibilityOf(a), Filter{Page: page.Request{Limit: page.MaxLimit}}, svc.today())
		if err != nil {
			t.Fatal(err)
		}
		var listed []int64
		for _, k := range rows {
			listed = append(listed, k.ID)
		}
		for id := int64(1); id <= 30; id++ {
			_, err := svc.Get(ctx, a, id)
			if visible := err == nil; visible != slices.Contains(listed, id) {
				t.Errorf("%s (%s of unit %d): case %d visible %v, listed %v", a.Username, a.Role, a.UnitID, id, visible, !visible)
			}
		}
	}
}

// TestService_ListDocumentsMirrorsPolicy is the same check for documents.
func TestService_ListDocumentsMirrorsPolicy(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	d := dbtest.New(t)
	acc := account.NewService(d)
	svc, err := NewService(d, acc, followup.NewService(d, acc, followup.Hooks{}), nil)
	if err != nil {
		t.Fatal(err)
	}
	kinds := []account.UnitKind{account.KindRuleOfLawOffice, account.KindProcuratorate, account.KindJusticeBureau, account.KindAgency, account.KindAgency}
	var units []account.Unit
	var actors []account.Actor
	for i, k := range kinds {
		u, err := acc.CreateUnit(ctx, account.System, account.UnitInput{Name: fmt.Sprintf("单位%d", i), Kind: k})
		if err != nil {
			t.Fatal(err)
		}
		units = append(units, u)
		for _, r := range account.Roles {
			usr, err := acc.CreateUser(ctx, account.System, account.UserInput{Username: fmt.Sprintf("u%d-%s", i, r), DisplayName: "x",
				UnitID: u.ID, Role: r, Email: fmt.Sprintf("u%d%s@t.example", i, r), Password: "correct-horse-battery"})
			if err != nil {
				t.Fatal(err)
			}
			actors = append(actors, account.ActorFor(usr, u.Kind))
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	sens := []account.Sensitivity{account.Ordinary, account.Sensitive, account.Classified}
	today := workday.FromTime(d.Now())
	issued, due := today.AddDays(-30).String(), today.AddDays(60).String()
	for i := range 30 {
		issuer := rng.IntN(3) // the hub units: agencies issue no documents
		addressee := (issuer + 1 + rng.IntN(len(units)-1)) % len(units)
		types, err := svc.IssuableTypes(ctx, account.Actor{UnitKind: units[issuer].Kind})
		if err != nil {
			t.Fatal(err)
		}
		// Received on paper the day of issue (a classified document must be).
		in := DocumentInput{Type: types[rng.IntN(len(types))], Number: fmt.Sprintf("D%d", i), IssuingUnitID: units[issuer].ID,
			AddresseeUnitID: units[addressee].ID, IssuedOn: issued, ReceivedOn: &issued, ReplyDueOn: &due, Sensitivity: sens[rng.IntN(3)]}
		if rng.IntN(2) == 0 {
			in.CCUnitIDs = []int64{units[rng.IntN(len(units))].ID}
		}
		sec := actors[slices.IndexFunc(actors, func(a account.Actor) bool { return a.UnitID == in.IssuingUnitID && a.Role == account.RoleSecretary })]
		if _, err := svc.CreateDocument(ctx, sec, in); err != nil {
			t.Fatal(err)
		}
	}
	for _, a := range actors {
		rows, err := svc.store.ListDocuments(ctx, visibilityOf(a), DocumentFilter{Page: page.Request{Limit: page.MaxLimit}})
		if err != nil {
			t.Fatal(err)
		}
		var listed []int64
		for _, doc := range rows {
			listed = append(listed, doc.ID)
		}
		for id := int64(1); id <= 30; id++ {
			_, err := svc.GetDocument(ctx, a, id)
			if visible := err == nil; visible != slices.Contains(listed, id) {
				t.Errorf("%s (%s of unit %d): document %d visible %v, listed %v", a.Username, a.Role, a.UnitID, id, visible, !visible)
			}
		}
	}
}
