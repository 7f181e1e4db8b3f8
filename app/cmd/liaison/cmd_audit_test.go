package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"liaison/app/account"
	"liaison/app/db"
	"liaison/app/page"
)

// TestRun_AuditVerify runs `liaison audit verify` on an intact chain, then
// after one entry is changed behind the application's back.
func TestRun_AuditVerify(t *testing.T) {
	t.Parallel()
	flags, open := target(t)
	with := func(args ...string) []string { return append(args, flags...) }
	if out, err := runCmd(t, "", with("migrate")...); err != nil {
		t.Fatalf("migrate: %q %v", out, err)
	}
	acc := open()
	ctx := context.Background()
	for i := range 4 {
		if err := acc.Audit(ctx, account.Actor{Username: "admin", IP: "10.0.0.9"}, "test.entry", "thing", int64(i+1), nil); err != nil {
			t.Fatal(err)
		}
	}
	out, err := runCmd(t, "", with("audit", "verify")...)
	if err != nil || !strings.Contains(out, "audit chain OK: 4 entries") {
		t.Fatalf("verify intact: %q %v", out, err)
	}
	if _, err := runCmd(t, "", with("audit")...); err == nil {
		t.Error("audit without verify accepted")
	}

	rows, err := acc.ListAudit(ctx, account.System, account.AuditFilter{}, page.Request{Limit: 10})
	if err != nil || len(rows.Items) != 4 {
		t.Fatal(rows, err)
	}
	victim := rows.Items[1].ID // the third entry
	c := acc.DB.Conn(ctx)
	drop := []string{`DROP TRIGGER audit_log_no_update`}
	if acc.DB.Dialect == db.Postgres {
		drop = []string{`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`}
	}
	for _, q := range append(drop, fmt.Sprintf(`UPDATE audit_log SET ip = '192.0.2.1' WHERE id = %d`, victim)) {
		if err := c.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	out, err = runCmd(t, "", with("audit", "verify")...)
	if err == nil || !strings.Contains(out, fmt.Sprintf("BROKEN at entry id %d", victim)) {
		t.Fatalf("verify tampered: %q %v", out, err)
	}
}

// reclassified is an audit view of a record at a level, as the domain
// packages' views are (account.AuditLeveled).
type reclassified struct {
	Title string              `json:"title,omitempty"`
	Level account.Sensitivity `json:"sensitivity"`
}

func (v reclassified) AuditLevel() account.Sensitivity { return v.Level }

// TestRun_AuditVerifyAfterErasure: the content of a record's entries
// erased when it was made classified leaves `liaison audit verify` OK;
// content still present that is changed behind the application's back is
// found by its digest.
func TestRun_AuditVerifyAfterErasure(t *testing.T) {
	t.Parallel()
	flags, open := target(t)
	with := func(args ...string) []string { return append(args, flags...) }
	if out, err := runCmd(t, "", with("migrate")...); err != nil {
		t.Fatalf("migrate: %q %v", out, err)
	}
	acc := open()
	ctx := context.Background()
	a := account.Actor{Username: "office", IP: "10.0.0.9"}
	for _, step := range []struct {
		obj   int64
		level account.Sensitivity
	}{{1, account.Ordinary}, {1, account.Ordinary}, {2, account.Ordinary}, {1, account.Classified}} {
		if err := acc.AuditChange(ctx, a, "record.save", "record", step.obj, nil, reclassified{"标题", step.level}, nil); err != nil {
			t.Fatal(err)
		}
	}
	out, err := runCmd(t, "", with("audit", "verify")...)
	if err != nil || !strings.Contains(out, "audit chain OK: 4 entries") || !strings.Contains(out, "2 entries have their content erased") {
		t.Fatalf("verify after erasure: %q %v", out, err)
	}
	rows, err := acc.ListAudit(ctx, account.System, account.AuditFilter{ObjectID: "2"}, page.Request{Limit: 10})
	if err != nil || len(rows.Items) != 1 || rows.Items[0].Withheld {
		t.Fatal(rows, err)
	}
	c := acc.DB.Conn(ctx)
	drop := `DROP TRIGGER audit_content_erase_only`
	if acc.DB.Dialect == db.Postgres {
		drop = `ALTER TABLE audit_content DISABLE TRIGGER audit_content_erase_only`
	}
	for _, q := range []string{drop, fmt.Sprintf(`UPDATE audit_content SET state_after = '{"title":"改过"}' WHERE entry_id = %d`, rows.Items[0].ID)} {
		if err := c.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	out, err = runCmd(t, "", with("audit", "verify")...)
	if err == nil || !strings.Contains(out, fmt.Sprintf("BROKEN at entry id %d: content does not match its hash", rows.Items[0].ID)) {
		t.Fatalf("verify tampered content: %q %v", out, err)
	}
}
