package followup_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"liaison/app/account"
	"liaison/app/db/dbtest"
	"liaison/app/followup"
	"liaison/app/notify"
	"liaison/app/workday"
)

// flakyAnnouncer fails while fail is set, else records what it is told.
type flakyAnnouncer struct {
	fail bool
	told []string
}

func (f *flakyAnnouncer) Announce(_ context.Context, ev notify.Event) error {
	if f.fail {
		return errors.New("announce failed")
	}
	f.told = append(f.told, ev.DedupeKey)
	return nil
}

// TestService_RevisitClaimAndNoticeTogether: when the notice of a due
// 回头看 cannot be written, the claim rolls back with it, so the item is
// still due and the next run both claims and announces it; nothing is
// claimed without its notice.
func TestService_RevisitClaimAndNoticeTogether(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	acc := account.NewService(d)
	issuer, _ := acc.CreateUnit(ctx, account.System, account.UnitInput{Name: "区检察院", Kind: account.KindProcuratorate})
	agency, _ := acc.CreateUnit(ctx, account.System, account.UnitInput{Name: "区人社局", Kind: account.KindAgency})
	svc := followup.NewService(d, acc, followup.Hooks{})
	ann := &flakyAnnouncer{}
	svc.Events = ann
	today := workday.FromTime(d.Now())
	items, err := svc.CreateActions(ctx, account.System, []followup.NewAction{{Title: "回头看", ResponsibleUnitID: agency.ID,
		IssuingUnitID: issuer.ID, DueOn: today.AddDays(10), SourceKind: followup.FromDocument, SourceID: 1}})
	if err != nil {
		t.Fatal(err)
	}
	id := items[0].ID
	if err := d.Conn(ctx).Exec(`UPDATE action_items SET status = ?, revisit_on = ? WHERE id = ?`, followup.Rectified, today.String(), id).Error; err != nil {
		t.Fatal(err)
	}

	ann.fail, ann.told = true, nil
	if ids, err := svc.Revisit(ctx); err == nil || len(ids) != 0 {
		t.Fatalf("revisit with a failing notice: %v %v", ids, err)
	}
	it, err := svc.Get(ctx, account.System, id)
	if err != nil || it.Status != followup.Rectified || it.RevisitOn == nil {
		t.Fatalf("the failed run kept its claim: %+v %v", it, err)
	}
	var audited int64
	if err := d.Conn(ctx).Raw(`SELECT COUNT(*) FROM audit_log WHERE action = 'action.revisit'`).Scan(&audited).Error; err != nil || audited != 0 {
		t.Fatalf("audit entries of the rolled-back claim: %d %v", audited, err)
	}

	ann.fail = false
	if ids, err := svc.Revisit(ctx); err != nil || !slices.Equal(ids, []int64{id}) {
		t.Fatalf("second run: %v %v", ids, err)
	}
	if len(ann.told) != 1 {
		t.Fatalf("announced %v, want one revisit", ann.told)
	}
	if ids, err := svc.Revisit(ctx); err != nil || len(ids) != 0 || len(ann.told) != 1 {
		t.Fatalf("third run: %v %v, told %v", ids, err, ann.told)
	}
	if it, err := svc.Get(ctx, account.System, id); err != nil || it.Status != followup.Answered {
		t.Fatalf("after the revisit: %+v %v", it, err)
	}
}
