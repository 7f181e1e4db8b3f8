package docnumber_test

import (
	"context"
	"sync"
	"testing"

	"liaison/app/db"
	"liaison/app/db/dbtest"
	"liaison/app/docnumber"
)

// newUnit inserts a unit with an issuing-office code and returns its id.
func newUnit(t *testing.T, d *db.DB, name, code string) int64 {
	t.Helper()
	var ids []int64
	err := d.Conn(context.Background()).Raw(`INSERT INTO units (name, short_name, kind, active, version, created_at, updated_at, office_code)
		VALUES (?, ?, 'agency', TRUE, 1, ?, ?, ?) RETURNING id`, name, name, d.Now(), d.Now(), code).Scan(&ids).Error
	if err != nil || len(ids) != 1 {
		t.Fatalf("unit %s: %v", name, err)
	}
	return ids[0]
}

// TestNext_Format: the first number of a unit, kind and year is 1; kinds,
// years and units count on their own; a unit without a code gets the bare
// 〔year〕n号.
func TestNext_Format(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	office, bare := newUnit(t, d, "区委依法治区办", "奎依法办"), newUnit(t, d, "区人社局", "")
	s := docnumber.New(d)
	want := []struct {
		unit int64
		kind docnumber.Kind
		year int
		text string
	}{
		{office, docnumber.Minutes, 2026, "奎依法办纪〔2026〕1号"},
		{office, docnumber.Minutes, 2026, "奎依法办纪〔2026〕2号"},
		{office, docnumber.Opinion, 2026, "奎依法办意〔2026〕1号"},
		{office, docnumber.Minutes, 2027, "奎依法办纪〔2027〕1号"},
		{office, docnumber.InspectionReport, 2026, "奎依法办报〔2026〕1号"},
		{bare, docnumber.Minutes, 2026, "〔2026〕1号"},
		{office, docnumber.Minutes, 2026, "奎依法办纪〔2026〕3号"},
	}
	for _, w := range want {
		n, err := s.Next(ctx, w.unit, w.kind, w.year)
		if err != nil || n.Text != w.text {
			t.Fatalf("Next(%d, %s, %d) = %+v, %v; want %s", w.unit, w.kind, w.year, n, err, w.text)
		}
	}
	if _, err := s.Next(ctx, office, "memo", 2026); err == nil {
		t.Error("an unknown kind was numbered")
	}
	if _, err := s.Next(ctx, 987654, docnumber.Minutes, 2026); err == nil {
		t.Error("an unknown unit was numbered")
	}
}

// TestNext_Concurrent: many callers, each in its own transaction as two
// instances would be, never get the same number and leave no gap; a
// rolled-back caller's number is taken by the next.
func TestNext_Concurrent(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	ctx := context.Background()
	u := newUnit(t, d, "区检察院", "奎检")
	s := docnumber.New(d)
	const workers, each = 8, 6
	var mu sync.Mutex
	seen := map[int]int{}
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				err := d.WithTx(ctx, func(ctx context.Context) error {
					n, err := s.Next(ctx, u, docnumber.Minutes, 2026)
					if err != nil {
						return err
					}
					mu.Lock()
					seen[n.Seq]++
					mu.Unlock()
					return nil
				})
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for i := 1; i <= workers*each; i++ {
		if seen[i] != 1 {
			t.Fatalf("number %d handed out %d times (%d numbers in all)", i, seen[i], len(seen))
		}
	}
	rollback := context.Canceled
	_ = d.WithTx(ctx, func(ctx context.Context) error {
		if _, err := s.Next(ctx, u, docnumber.Minutes, 2026); err != nil {
			return err
		}
		return rollback
	})
	n, err := s.Next(ctx, u, docnumber.Minutes, 2026)
	if err != nil || n.Seq != workers*each+1 {
		t.Fatalf("after a rollback: %+v %v", n, err)
	}
}
