package account

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"liaison/app/db"
)

// leveled is a state view that knows its object's sensitivity, as the
// domain packages' audit views do.
type leveled struct {
	Title string      `json:"title,omitempty"`
	Level Sensitivity `json:"sensitivity"`
}

func (v leveled) AuditLevel() Sensitivity { return v.Level }

// TestAudit_RaisingErasesEarlierText: when an object's entry says it is now
// classified, the text of its earlier entries written while it was
// ordinary is erased in the same transaction; the entries themselves stay,
// marked withheld, other objects keep theirs, and the chain still
// verifies.
func TestAudit_RaisingErasesEarlierText(t *testing.T) {
	t.Parallel()
	s, ctx := newAuditService(t)
	a := Actor{UserID: 1, Username: "office", IP: "10.0.0.1"}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.AuditChange(ctx, a, "thing.create", "thing", 1, nil, leveled{"MARK-one", Ordinary}, map[string]string{"note": "MARK-detail"}))
	must(s.AuditChange(ctx, a, "thing.create", "thing", 2, nil, leveled{"other-thing", Ordinary}, nil))
	must(s.Audit(ctx, a, "thing.touch", "thing", 1, map[string]string{"free": "MARK-unleveled"}))
	// rolled back: erases nothing
	_ = s.DB.WithTx(ctx, func(ctx context.Context) error {
		must(s.AuditChange(ctx, a, "thing.update", "thing", 1, leveled{"", Classified}, leveled{"", Classified}, nil))
		return fmt.Errorf("fail")
	})
	if rows, _ := s.store.ListAudit(ctx, AuditFilter{ObjectID: "1", Limit: 10}); len(rows) != 2 || rows[1].Withheld || !strings.Contains(rows[1].After, "MARK-one") {
		t.Fatalf("a rolled-back raise erased: %+v", rows)
	}
	must(s.DB.WithTx(ctx, func(ctx context.Context) error {
		return s.AuditChange(ctx, a, "thing.update", "thing", 1, leveled{"", Ordinary}, leveled{"", Classified}, map[string]any{"fields": []string{"sensitivity"}})
	}))
	must(s.AuditChange(ctx, a, "thing.touch", "thing", 1, nil, leveled{"", Classified}, map[string]string{"register": "kept"}))

	rows, err := s.store.ListAudit(ctx, AuditFilter{ObjectType: "thing", Limit: 10})
	must(err)
	for _, e := range rows {
		text := e.Detail + e.Before + e.After
		switch {
		case strings.Contains(text, "MARK"):
			t.Errorf("%d %s keeps text: %s", e.ID, e.Action, text)
		case e.ObjectID == "1" && e.Action != "thing.update" && e.Action != "thing.touch" && !e.Withheld:
			t.Errorf("%d %s not withheld", e.ID, e.Action)
		case e.ObjectID == "2" && (e.Withheld || !strings.Contains(e.After, "other-thing")):
			t.Errorf("another object's entry changed: %+v", e)
		case e.Action == "thing.update" && (e.Withheld || !strings.Contains(e.Detail, "sensitivity")):
			t.Errorf("the raising entry lost its own register content: %+v", e)
		}
	}
	if n := countRows(t, s, `SELECT COUNT(*) FROM audit_content WHERE detail LIKE '%MARK%' OR state_after LIKE '%MARK%'`); n != 0 {
		t.Errorf("%d content rows keep the text at rest", n)
	}
	if n := countRows(t, s, `SELECT COUNT(*) FROM audit_content WHERE erased = TRUE`); n != 2 {
		t.Errorf("%d rows erased, want 2 (the ordinary create and the unleveled touch)", n)
	}
	r, err := s.VerifyAudit(ctx)
	if err != nil || !r.OK() || r.Entries != 5 {
		t.Fatalf("verify after erasure = %+v, %v", r, err)
	}
}

// TestAudit_ContentOnlyErasable: the database accepts one change of a
// content row, its erasure, and refuses every other change and removal;
// an erased row stays erased.
func TestAudit_ContentOnlyErasable(t *testing.T) {
	t.Parallel()
	s, ctx := newAuditService(t)
	if err := s.Audit(ctx, System, "x.y", "thing", 1, map[string]string{"k": "v"}); err != nil {
		t.Fatal(err)
	}
	c := s.DB.Conn(ctx)
	for _, q := range []string{
		`UPDATE audit_content SET detail = 'forged'`,
		`UPDATE audit_content SET detail = '', state_before = '', state_after = '', salt = 'kept', erased = TRUE`,
		`UPDATE audit_content SET level = 'classified', detail = '', state_before = '', state_after = '', salt = '', erased = TRUE`,
		`DELETE FROM audit_content`,
	} {
		if err := c.Exec(q).Error; err == nil || !strings.Contains(err.Error(), "may only be erased") {
			t.Errorf("%s: err = %v, want refusal", q, err)
		}
	}
	if s.DB.Dialect == db.Postgres {
		if err := c.Exec(`TRUNCATE audit_content`).Error; err == nil {
			t.Error("TRUNCATE accepted")
		}
	}
	erase := `UPDATE audit_content SET detail = '', state_before = '', state_after = '', salt = '', erased = TRUE`
	if err := c.Exec(erase).Error; err != nil {
		t.Fatalf("erasure refused: %v", err)
	}
	if err := c.Exec(`UPDATE audit_content SET detail = 'back', erased = FALSE`).Error; err == nil {
		t.Error("erased content restored")
	}
	if r, err := s.VerifyAudit(ctx); err != nil || !r.OK() || r.Entries != 1 {
		t.Fatalf("verify = %+v, %v", r, err)
	}
}

// TestAudit_Version1EntriesStillVerify: entries written before migration
// 0017 hold their text in audit_log and are hashed raw (chain version 1);
// the chain walks on from them into version 2, and a change of their text
// is still found. Their text is withheld on read once a later entry shows
// the object classified, since it cannot be erased.
func TestAudit_Version1EntriesStillVerify(t *testing.T) {
	t.Parallel()
	s, ctx := newAuditService(t)
	c := s.DB.Conn(ctx)
	var prev string
	for i := int64(1); i <= 2; i++ {
		seq := i
		e := AuditEntry{At: chainTime(s.DB.Now().Add(-time.Hour)), ActorName: "old", Action: "thing.create", ObjectType: "thing",
			ObjectID: "1", Detail: `{"title":"V1-MARK"}`, Seq: &seq, PrevHash: prev, ChainVersion: 1}
		e.Hash = e.ChainHash()
		prev = e.Hash
		if err := c.Create(&e).Error; err != nil {
			t.Fatal(err)
		}
	}
	if rows, _ := s.store.ListAudit(ctx, AuditFilter{Limit: 5}); len(rows) != 2 || rows[0].Detail != `{"title":"V1-MARK"}` {
		t.Fatalf("version 1 entries read back as %+v", rows)
	}
	if err := s.AuditChange(ctx, System, "thing.update", "thing", 1, nil, leveled{"", Classified}, nil); err != nil {
		t.Fatal(err)
	}
	r, err := s.VerifyAudit(ctx)
	if err != nil || !r.OK() || r.Entries != 3 {
		t.Fatalf("verify across versions = %+v, %v", r, err)
	}
	rows, err := s.store.ListAudit(ctx, AuditFilter{Limit: 5})
	if err != nil || len(rows) != 3 {
		t.Fatal(rows, err)
	}
	for _, e := range rows[1:] {
		if !e.Withheld || strings.Contains(e.Detail, "V1-MARK") {
			t.Errorf("version 1 entry of a now classified object shown: %+v", e)
		}
	}
	allowTampering(t, s.DB)
	if err := c.Exec(`UPDATE audit_log SET detail = '{"title":"forged"}' WHERE id = ?`, rows[2].ID).Error; err != nil {
		t.Fatal(err)
	}
	if r, err := s.VerifyAudit(ctx); err != nil || r.OK() || r.BrokenID != rows[2].ID {
		t.Fatalf("tampered version 1 entry: %+v, %v", r, err)
	}
}

func countRows(t *testing.T, s *Service, q string) int64 {
	t.Helper()
	var n int64
	if err := s.DB.Conn(context.Background()).Raw(q).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
