package account

import (
	"context"
	"testing"
	"time"

	"liaison/app/db"
)

// TestAudit_NoDeadlockWithRowLocks: A audits, then updates a row that B has
// locked; B then audits. Were A's chain lock taken at its Audit call, A
// would hold it while waiting for B's row lock and B would wait for the
// chain: PostgreSQL would kill one of them. The append is deferred to the
// commit, so both succeed and the chain holds both entries.
func TestAudit_NoDeadlockWithRowLocks(t *testing.T) {
	s, ctx := newAuditService(t)
	if s.DB.Dialect != db.Postgres {
		t.Skip("SQLite takes the write lock at BEGIN: transactions never interleave")
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	a := Actor{UserID: 1, Username: "a", IP: "10.0.0.1"}
	if err := s.DB.Conn(ctx).Exec(`CREATE TABLE lock_probe (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)`).Error; err != nil {
		t.Fatal(err)
	}
	if err := s.DB.Conn(ctx).Exec(`INSERT INTO lock_probe (id, n) VALUES (1, 0)`).Error; err != nil {
		t.Fatal(err)
	}
	bHasRow, aAudited := make(chan struct{}), make(chan struct{})
	errB := make(chan error, 1)
	go func() {
		errB <- s.DB.WithTx(ctx, func(ctx context.Context) error {
			if err := s.DB.Conn(ctx).Exec(`UPDATE lock_probe SET n = n + 1 WHERE id = 1`).Error; err != nil {
				close(bHasRow)
				return err
			}
			close(bHasRow)
			<-aAudited // A has called Audit and is about to wait for our row
			time.Sleep(100 * time.Millisecond)
			return s.Audit(ctx, a, "test.b", "thing", 2, nil)
		})
	}()
	<-bHasRow
	errA := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.Audit(ctx, a, "test.a", "thing", 1, nil); err != nil {
			return err
		}
		close(aAudited)
		return s.DB.Conn(ctx).Exec(`UPDATE lock_probe SET n = n + 1 WHERE id = 1`).Error
	})
	if errA != nil {
		t.Fatalf("A: %v", errA)
	}
	if err := <-errB; err != nil {
		t.Fatalf("B: %v", err)
	}
	r, err := s.VerifyAudit(ctx)
	if err != nil || !r.OK() || r.Entries != 2 {
		t.Fatalf("verify = %+v, %v", r, err)
	}
}
