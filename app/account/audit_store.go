package account

import (
	"context"
	"strings"
	"time"

	"liaison/app/apperr"
	"liaison/app/db"
)

// chainLockSQL serialises appends to the chain across every Liaison
// instance on one PostgreSQL schema. It is a transaction-level advisory
// lock: held from the append until the writer's transaction ends, so the
// next writer reads this entry as its head only once it is committed (or,
// on rollback, never). The key is derived from the schema, like the
// migration lock, so that deployments (and test schemas) sharing a
// database do not wait for each other.
const chainLockSQL = `SELECT pg_advisory_xact_lock(hashtextextended('liaison-audit-chain:' || current_schema(), 0))`

// AddAudit appends e to the hash chain: it takes the chain lock, reads the
// head, and writes e as seq head+1 linked to the head's hash.
//
// Chain order is seq order, which is commit order: the lock is held until
// the writer commits, so entries join the chain one committed transaction
// after another. Row ids are not used for order: on PostgreSQL an id is
// drawn when the row is inserted, and a rolled-back writer leaves a gap in
// ids but none in seq. On SQLite every transaction takes the write lock at
// BEGIN (_txlock=immediate), which serialises the append already. The
// writer must run at READ COMMITTED (the default) so that the head it reads
// after the lock is the latest; a stale head would collide on the unique
// seq and fail, never fork the chain.
//
// The append is deferred to the end of the caller's transaction
// (db.BeforeCommit), whatever the caller writes after it: the lock is then
// the last one taken and held only through COMMIT, so no writer can hold it
// while waiting for a row lock (no deadlock), and ids follow commit order.
func (s *Store) AddAudit(ctx context.Context, e *AuditEntry) error {
	return s.db.BeforeCommit(ctx, func(ctx context.Context) error {
		c := s.conn(ctx)
		if s.db.Dialect == db.Postgres {
			if err := c.Exec(chainLockSQL).Error; err != nil {
				return apperr.Wrap(err, "db")
			}
		}
		var head []AuditEntry
		if err := c.Select("seq", "hash").Where("seq IS NOT NULL").Order("seq DESC").Limit(1).Find(&head).Error; err != nil {
			return apperr.Wrap(err, "db")
		}
		seq := int64(1)
		e.PrevHash = ""
		if len(head) == 1 {
			seq, e.PrevHash = *head[0].Seq+1, head[0].Hash
		}
		e.Seq, e.At = &seq, chainTime(e.At)
		e.Hash = e.ChainHash()
		return apperr.Wrap(c.Create(e).Error, "db")
	})
}

// AuditFilter narrows ListAudit; zero fields do not filter. From and To
// bound At (From inclusive, To exclusive). An Action ending in "*" matches
// by prefix ("meeting.*").
type AuditFilter struct {
	ActorID    int64
	ActorName  string
	ObjectType string
	ObjectID   string
	Action     string
	IP         string
	From, To   time.Time
	BeforeID   int64
	Limit      int
}

// ListAudit returns entries newest first.
func (s *Store) ListAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	q := s.conn(ctx).Model(&AuditEntry{})
	if f.ActorID > 0 {
		q = q.Where("actor_id = ?", f.ActorID)
	}
	if f.ActorName != "" {
		q = q.Where("actor_name = ?", f.ActorName)
	}
	if f.ObjectType != "" {
		q = q.Where("object_type = ?", f.ObjectType)
	}
	if f.ObjectID != "" {
		q = q.Where("object_id = ?", f.ObjectID)
	}
	if prefix, ok := strings.CutSuffix(f.Action, "*"); ok {
		// db.Contains gives "%prefix%" with wildcards escaped; keep "prefix%".
		q = q.Where(`action LIKE ? ESCAPE '\'`, strings.TrimPrefix(db.Contains(prefix), "%"))
	} else if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if f.IP != "" {
		q = q.Where("ip = ?", f.IP)
	}
	if !f.From.IsZero() {
		q = q.Where("at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("at < ?", f.To.UTC())
	}
	if f.BeforeID > 0 {
		q = q.Where("id < ?", f.BeforeID)
	}
	var out []AuditEntry
	err := q.Order("id DESC").Limit(f.Limit).Find(&out).Error
	return out, apperr.Wrap(err, "db")
}

// verifyBatch is how many entries VerifyAudit reads at a time.
const verifyBatch = 1000

// VerifyAudit walks the chain in seq order (see ChainReport).
func (s *Store) VerifyAudit(ctx context.Context) (ChainReport, error) {
	var r ChainReport
	c := s.conn(ctx)
	if err := c.Model(&AuditEntry{}).Where("seq IS NULL").Count(&r.Unchained).Error; err != nil {
		return r, apperr.Wrap(err, "db")
	}
	for {
		var batch []AuditEntry
		err := c.Where("seq > ?", r.HeadSeq).Order("seq").Limit(verifyBatch).Find(&batch).Error
		if err != nil {
			return r, apperr.Wrap(err, "db")
		}
		for _, e := range batch {
			if !r.check(e) {
				return r, nil
			}
		}
		if len(batch) < verifyBatch {
			break
		}
	}
	// An entry outside the chain after the chain began was not written by
	// AddAudit: inserted around it, or its seq taken away.
	var stray []AuditEntry
	err := c.Where("seq IS NULL AND id > (SELECT MIN(id) FROM audit_log WHERE seq IS NOT NULL)").Order("id").Limit(1).Find(&stray).Error
	if err != nil {
		return r, apperr.Wrap(err, "db")
	}
	if len(stray) == 1 {
		r.BrokenID, r.Reason = stray[0].ID, "entry outside the chain"
	}
	return r, nil
}
