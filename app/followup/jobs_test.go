package followup_test

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"testing"
	"time"

	"liaison/app/account"
	"liaison/app/clock"
	"liaison/app/db/dbtest"
	"liaison/app/followup"
	"liaison/app/workday"
)

func TestService_NoticeOverdue(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	acc := account.NewService(d)
	issuer, err := acc.CreateUnit(ctx, account.System, account.UnitInput{Name: "区检察院", Kind: account.KindProcuratorate})
	if err != nil {
		t.Fatal(err)
	}
	agency, err := acc.CreateUnit(ctx, account.System, account.UnitInput{Name: "区人社局", Kind: account.KindAgency})
	if err != nil {
		t.Fatal(err)
	}
	svc := followup.NewService(d, acc, followup.Hooks{})
	today := workday.FromTime(d.Now())
	var in []followup.NewAction
	for _, due := range []int{-3, -1, 0, 4, -2} {
		in = append(in, followup.NewAction{Title: "整改", ResponsibleUnitID: agency.ID, IssuingUnitID: issuer.ID, DueOn: today.AddDays(due), SourceKind: followup.FromDocument, SourceID: 1})
	}
	items, err := svc.CreateActions(ctx, account.System, in)
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{items[0].ID, items[1].ID, items[4].ID}
	// Several instances run the job at once: each item is noticed once.
	var (
		mu  sync.Mutex
		got []int64
		wg  sync.WaitGroup
	)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ids, err := followup.NewService(d, acc, followup.Hooks{}).NoticeOverdue(ctx)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			got = append(got, ids...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Fatalf("noticed %v, want %v", got, want)
	}
	if ids, err := svc.NoticeOverdue(ctx); err != nil || len(ids) != 0 {
		t.Fatalf("second run: %v %v", ids, err)
	}
	it, err := svc.Get(ctx, account.System, items[0].ID)
	if err != nil || it.OverdueNoticedAt == nil || it.Status != followup.Overdue {
		t.Fatalf("item: %+v %v", it, err)
	}
	// Tomorrow the item due today becomes overdue too.
	dbtest.Clock(t, d).Advance(24 * time.Hour)
	later := followup.NewService(d, account.NewService(d), followup.Hooks{})
	if ids, err := later.NoticeOverdue(ctx); err != nil || !slices.Equal(ids, []int64{items[2].ID}) {
		t.Fatalf("tomorrow: %v %v", ids, err)
	}
}

func TestService_RunJobs(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	acc := account.NewService(d)
	issuer, _ := acc.CreateUnit(ctx, account.System, account.UnitInput{Name: "区检察院", Kind: account.KindProcuratorate})
	agency, _ := acc.CreateUnit(ctx, account.System, account.UnitInput{Name: "区人社局", Kind: account.KindAgency})
	svc := followup.NewService(d, acc, followup.Hooks{})
	items, err := svc.CreateActions(ctx, account.System, []followup.NewAction{{Title: "整改", ResponsibleUnitID: agency.ID, IssuingUnitID: issuer.ID,
		DueOn: workday.FromTime(d.Now()).AddDays(-1), SourceKind: followup.FromDocument, SourceID: 1}})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { svc.RunJobs(ctx, 10*time.Millisecond, slog.New(slog.DiscardHandler)); close(done) }()
	for sw := clock.StartStopwatch(); ; {
		it, err := svc.Get(ctx, account.System, items[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if it.OverdueNoticedAt != nil {
			break
		}
		if sw.Elapsed() > 5*time.Second {
			t.Fatal("the job never noticed the overdue item")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("RunJobs did not stop with its context")
	}
}
