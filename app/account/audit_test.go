package account

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"liaison/app/db"
	"liaison/app/db/dbtest"
	"liaison/app/page"
)

func newAuditService(t *testing.T) (*Service, context.Context) {
	t.Helper()
	dbtest.RequirePostgresInCI(t)
	return NewService(dbtest.New(t)), context.Background()
}

// TestAudit_ChainUnderConcurrentWriters appends from many goroutines, on
// their own or inside a longer transaction, as several instances do, and
// checks the chain is one unbroken line with every entry in it.
func TestAudit_ChainUnderConcurrentWriters(t *testing.T) {
	t.Parallel()
	s, ctx := newAuditService(t)
	const writers, each = 12, 15
	var wg sync.WaitGroup
	errs := make(chan error, writers*each)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			a := Actor{UserID: int64(w + 1), Username: fmt.Sprintf("u%d", w), IP: "10.0.0." + strconv.Itoa(w)}
			for i := range each {
				var err error
				if i%2 == 0 {
					err = s.Audit(ctx, a, "test.write", "thing", int64(i+1), map[string]int{"i": i})
				} else {
					err = s.DB.WithTx(ctx, func(ctx context.Context) error {
						return s.AuditChange(ctx, a, "test.change", "thing", int64(i+1), map[string]int{"v": i}, map[string]int{"v": i + 1}, nil)
					})
				}
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	r, err := s.VerifyAudit(ctx)
	if err != nil || !r.OK() || r.Entries != writers*each || r.HeadSeq != writers*each || r.Unchained != 0 {
		t.Fatalf("verify = %+v, %v", r, err)
	}
}

// TestAudit_RolledBackEntryLeavesNoGap: an entry whose transaction rolls
// back never joins the chain, and the next entry takes its place.
func TestAudit_RolledBackEntryLeavesNoGap(t *testing.T) {
	t.Parallel()
	s, ctx := newAuditService(t)
	if err := s.Audit(ctx, System, "a", "", 0, nil); err != nil {
		t.Fatal(err)
	}
	_ = s.DB.WithTx(ctx, func(ctx context.Context) error {
		_ = s.Audit(ctx, System, "rolled.back", "", 0, nil)
		return fmt.Errorf("fail")
	})
	if err := s.Audit(ctx, System, "b", "", 0, nil); err != nil {
		t.Fatal(err)
	}
	if r, err := s.VerifyAudit(ctx); err != nil || !r.OK() || r.Entries != 2 {
		t.Fatalf("verify = %+v, %v", r, err)
	}
}

// TestAudit_AppendOnly: the database itself refuses to change or remove an
// entry, whatever the code asks.
func TestAudit_AppendOnly(t *testing.T) {
	t.Parallel()
	s, ctx := newAuditService(t)
	if err := s.Audit(ctx, System, "x.y", "thing", 1, map[string]string{"k": "v"}); err != nil {
		t.Fatal(err)
	}
	c := s.DB.Conn(ctx)
	for _, q := range []string{`UPDATE audit_log SET detail = 'forged'`, `UPDATE audit_log SET at = at`, `DELETE FROM audit_log`} {
		if err := c.Exec(q).Error; err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want refusal", q, err)
		}
	}
	if s.DB.Dialect == db.Postgres {
		if err := c.Exec(`TRUNCATE audit_log`).Error; err == nil {
			t.Error("TRUNCATE accepted")
		}
	}
	if r, err := s.VerifyAudit(ctx); err != nil || !r.OK() || r.Entries != 1 {
		t.Fatalf("verify = %+v, %v", r, err)
	}
	// Retention: the periodic prune keeps entries of any age.
	old := &Service{DB: s.DB, store: s.store, Now: func() time.Time { return s.DB.Now().AddDate(-2, 0, 0) }}
	if err := old.Audit(ctx, System, "old.entry", "", 0, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Prune(ctx); err != nil {
		t.Fatal(err)
	}
	if rows, _ := s.store.ListAudit(ctx, AuditFilter{Action: "old.entry", Limit: 5}); len(rows) != 1 {
		t.Fatalf("prune removed an old entry: %d left", len(rows))
	}
}

// allowTampering drops the append-only guard, as someone with full access
// to the database could.
func allowTampering(t *testing.T, d *db.DB) {
	t.Helper()
	stmts := []string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`,
		`DROP TRIGGER audit_content_erase_only`, `DROP TRIGGER audit_content_no_delete`}
	if d.Dialect == db.Postgres {
		stmts = []string{`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`,
			`ALTER TABLE audit_content DISABLE TRIGGER audit_content_erase_only`}
	}
	for _, q := range stmts {
		if err := d.Conn(context.Background()).Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
}

// TestAudit_VerifyFindsTampering changes, removes and inserts entries behind
// the application's back and checks verify names the first one affected.
func TestAudit_VerifyFindsTampering(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name   string
		tamper string // SQL; %d is the id of the 3rd entry
		broken int    // index of the entry verify must name (0-based)
	}{
		{"detail changed", `UPDATE audit_content SET detail = '{"k":"forged"}' WHERE entry_id = %d`, 2},
		{"state changed", `UPDATE audit_content SET state_after = '{}' WHERE entry_id = %d`, 2},
		{"digest changed", `UPDATE audit_log SET detail_sha = 'ab' WHERE id = %d`, 2},
		{"content row deleted", `DELETE FROM audit_content WHERE entry_id = %d`, 2},
		{"marked erased, text kept", `UPDATE audit_content SET erased = TRUE WHERE entry_id = %d`, 2},
		{"made version 1", `UPDATE audit_log SET chain_version = 1 WHERE id = %d`, 2},
		{"actor changed", `UPDATE audit_log SET actor_name = 'someone' WHERE id = %d`, 2},
		{"hash recomputed alone", `UPDATE audit_log SET action = 'x', hash = 'ab' WHERE id = %d`, 2},
		{"entry deleted", `DELETE FROM audit_content WHERE entry_id = %[1]d; DELETE FROM audit_log WHERE id = %[1]d`, 3},
		{"taken out of the chain", `UPDATE audit_log SET seq = NULL WHERE id = %d`, 3},
		{"stray entry", `INSERT INTO audit_log (at, action) SELECT at, 'forged' FROM audit_log WHERE id = %d`, 5},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s, ctx := newAuditService(t)
			for i := range 5 {
				if err := s.Audit(ctx, Actor{UserID: 1, Username: "admin", IP: "10.1.1.1"}, "x.y", "thing", int64(i+1), map[string]string{"k": "v"}); err != nil {
					t.Fatal(err)
				}
			}
			rows, err := s.store.ListAudit(ctx, AuditFilter{Limit: 10})
			if err != nil || len(rows) != 5 {
				t.Fatal(rows, err)
			}
			ids := []int64{rows[4].ID, rows[3].ID, rows[2].ID, rows[1].ID, rows[0].ID}
			allowTampering(t, s.DB)
			for _, q := range strings.Split(fmt.Sprintf(tc.tamper, ids[2]), "; ") {
				if err := s.DB.Conn(ctx).Exec(q).Error; err != nil {
					t.Fatal(err)
				}
			}
			r, err := s.VerifyAudit(ctx)
			if err != nil || r.OK() {
				t.Fatalf("verify = %+v, %v: tampering not found", r, err)
			}
			want := int64(0)
			if tc.broken < len(ids) {
				want = ids[tc.broken]
			}
			if tc.broken == 5 {
				want = ids[4] + 1 // the inserted row
			}
			if r.BrokenID != want {
				t.Fatalf("broken at %d (%s), want %d", r.BrokenID, r.Reason, want)
			}
		})
	}
}

// TestAudit_Search checks each filter of the admin search.
func TestAudit_Search(t *testing.T) {
	t.Parallel()
	s, ctx := newAuditService(t)
	base := time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC)
	at := func(d int) *Service {
		return &Service{DB: s.DB, store: s.store, Now: func() time.Time { return base.AddDate(0, 0, d) }}
	}
	alice := Actor{UserID: 7, Username: "alice", IP: "10.0.0.1"}
	bob := Actor{UserID: 8, Username: "bob", IP: "10.0.0.2"}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(at(0).Audit(ctx, alice, "meeting.create", "meeting", 1, nil))
	must(at(1).Audit(ctx, alice, "meeting.update", "meeting", 1, nil))
	must(at(2).Audit(ctx, bob, "case.create", "case", 1, nil))
	must(at(3).Audit(ctx, bob, "meeting_x.create", "meeting", 2, nil))
	admin := Actor{UserID: 1, Role: RoleAdmin}
	for _, tc := range []struct {
		name string
		f    AuditFilter
		want []string
	}{
		{"all", AuditFilter{}, []string{"meeting_x.create", "case.create", "meeting.update", "meeting.create"}},
		{"actor", AuditFilter{ActorID: 7}, []string{"meeting.update", "meeting.create"}},
		{"actor name", AuditFilter{ActorName: "bob"}, []string{"meeting_x.create", "case.create"}},
		{"object", AuditFilter{ObjectType: "meeting", ObjectID: "1"}, []string{"meeting.update", "meeting.create"}},
		{"object id alone", AuditFilter{ObjectID: "1"}, []string{"case.create", "meeting.update", "meeting.create"}},
		{"action", AuditFilter{Action: "case.create"}, []string{"case.create"}},
		{"action prefix, _ literal", AuditFilter{Action: "meeting.*"}, []string{"meeting.update", "meeting.create"}},
		{"ip", AuditFilter{IP: "10.0.0.2"}, []string{"meeting_x.create", "case.create"}},
		{"from", AuditFilter{From: base.AddDate(0, 0, 2)}, []string{"meeting_x.create", "case.create"}},
		{"to", AuditFilter{To: base.AddDate(0, 0, 1)}, []string{"meeting.create"}},
		{"range", AuditFilter{From: base.AddDate(0, 0, 1), To: base.AddDate(0, 0, 3)}, []string{"case.create", "meeting.update"}},
	} {
		p, err := s.ListAudit(ctx, admin, tc.f, page.Request{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range p.Items {
			got = append(got, e.Action)
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	if _, err := s.ListAudit(ctx, alice, AuditFilter{}, page.Request{Limit: 5}); err == nil {
		t.Error("non-admin searched the audit log")
	}
}

// TestAudit_BeforeAfter: a user update records both states and no secret.
func TestAudit_BeforeAfter(t *testing.T) {
	t.Parallel()
	s, ctx := newAuditService(t)
	admin := Actor{UserID: 99999, Username: "root", Role: RoleAdmin, IP: "127.0.0.1"} // not the user edited
	unit, err := s.CreateUnit(ctx, admin, UnitInput{Name: "奎文区人民检察院", ShortName: "检察院", Kind: UnitKind("procuratorate")})
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.CreateUser(ctx, admin, UserInput{Username: "zhang", DisplayName: "张三", UnitID: unit.ID, Role: RoleMember, Password: "kuiwen-district-river-9"})
	if err != nil {
		t.Fatal(err)
	}
	name, pw := "张三丰", "another-long-passphrase-7"
	if _, err := NewUsers(s, Hooks{}).UpdateUser(ctx, admin, u.ID, UserPatch{DisplayName: &name, Password: &pw, Version: u.Version}); err != nil {
		t.Fatal(err)
	}
	rows, err := s.store.ListAudit(ctx, AuditFilter{Action: "user.update", Limit: 2})
	if err != nil || len(rows) != 1 {
		t.Fatal(rows, err)
	}
	e := rows[0]
	if !strings.Contains(e.Before, `"display_name":"张三"`) || !strings.Contains(e.After, `"display_name":"张三丰"`) ||
		e.IP != "127.0.0.1" || e.ActorName != "root" {
		t.Errorf("entry = %+v", e)
	}
	all, _ := s.store.ListAudit(ctx, AuditFilter{Limit: 50})
	for _, e := range all {
		for _, text := range []string{e.Detail, e.Before, e.After} {
			if strings.Contains(text, "argon2") || strings.Contains(text, pw) || strings.Contains(text, "kuiwen-district-river-9") {
				t.Errorf("%s leaks a credential: %s", e.Action, text)
			}
		}
	}
}
