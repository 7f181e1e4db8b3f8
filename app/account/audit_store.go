package account

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"time"

	"gorm.io/gorm"

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
func (s *store) AddAudit(ctx context.Context, e *AuditEntry) error {
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
		content, err := e.seal()
		if err != nil {
			return err
		}
		e.Hash = e.ChainHash()
		// The row holds no text: it is in the content row, which alone may
		// be erased.
		row := *e
		row.Detail, row.Before, row.After = "", "", ""
		if err := c.Create(&row).Error; err != nil {
			return apperr.Wrap(err, "db")
		}
		e.ID, content.EntryID = row.ID, row.ID
		if err := c.Create(&content).Error; err != nil {
			return apperr.Wrap(err, "db")
		}
		if e.Level == Sensitive || e.Level == Classified { // "" says nothing
			return s.eraseEarlier(ctx, e)
		}
		return nil
	})
}

// seal makes e a chain version 2 entry: a fresh salt, and the digests of
// its content under it, which the chain hashes in place of the text.
func (e *AuditEntry) seal() (auditContent, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return auditContent{}, apperr.Wrap(err, "audit salt")
	}
	salt := hex.EncodeToString(b)
	e.ChainVersion = 2
	e.DetailSHA, e.BeforeSHA, e.AfterSHA = contentDigest(salt, e.Detail), contentDigest(salt, e.Before), contentDigest(salt, e.After)
	return auditContent{Level: string(e.Level), Salt: salt, Detail: e.Detail, Before: e.Before, After: e.After}, nil
}

// textLevels are the levels at which a record may hold text
// (HoldsContent), and the empty level of an entry that did not say:
// content written at them is erased once its object is raised to a level
// that keeps its register entry only.
var textLevels = []string{string(Ordinary), ""}

// eraseEarlier erases the content of the earlier entries about e's object
// that were written while it could hold text. It runs under the chain lock
// as e is appended, so it reaches every entry committed before e; the
// chain keeps their digests and still verifies.
func (s *store) eraseEarlier(ctx context.Context, e *AuditEntry) error {
	if e.ObjectType == "" || e.ObjectID == "" {
		return nil
	}
	err := s.conn(ctx).Exec(`UPDATE audit_content SET salt = '', detail = '', state_before = '', state_after = '', erased = ?
		WHERE erased = ? AND level IN ? AND entry_id < ?
		AND entry_id IN (SELECT id FROM audit_log WHERE object_type = ? AND object_id = ?)`,
		true, false, textLevels, e.ID, e.ObjectType, e.ObjectID).Error
	return apperr.Wrap(err, "db")
}

// auditSelect reads an entry with its content: version 1 entries from
// their own row, version 2 entries from audit_content (empty and withheld
// once erased).
const auditSelect = `audit_log.id, audit_log.at, audit_log.actor_id, audit_log.actor_name, audit_log.ip,
	audit_log.request_id, audit_log.action, audit_log.object_type, audit_log.object_id, audit_log.seq,
	audit_log.prev_hash, audit_log.hash, audit_log.chain_version, audit_log.detail_sha, audit_log.before_sha, audit_log.after_sha,
	CASE WHEN audit_log.chain_version >= 2 THEN COALESCE(audit_content.detail, '') ELSE audit_log.detail END AS detail,
	CASE WHEN audit_log.chain_version >= 2 THEN COALESCE(audit_content.state_before, '') ELSE audit_log.state_before END AS state_before,
	CASE WHEN audit_log.chain_version >= 2 THEN COALESCE(audit_content.state_after, '') ELSE audit_log.state_after END AS state_after,
	COALESCE(audit_content.erased, audit_content.entry_id IS NULL AND audit_log.chain_version >= 2) AS withheld,
	COALESCE(audit_content.salt, '') AS content_salt, COALESCE(audit_content.level, '') AS content_level,
	audit_content.entry_id IS NOT NULL AS has_content`

// WithContent is q over audit_log, reading each entry with its content
// (for stores of other packages that read the log, such as a meeting's
// history).
func WithContent(q *gorm.DB) *gorm.DB {
	return q.Table("audit_log").Select(auditSelect).Joins("LEFT JOIN audit_content ON audit_content.entry_id = audit_log.id")
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
func (s *store) ListAudit(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	q := WithContent(s.conn(ctx))
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
	err := q.Order("audit_log.id DESC").Limit(f.Limit).Find(&out).Error
	if err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	return out, s.withholdRaised(ctx, out)
}

// verifyBatch is how many entries VerifyAudit reads at a time.
const verifyBatch = 1000

// VerifyAudit walks the chain in seq order (see ChainReport).
func (s *store) VerifyAudit(ctx context.Context) (ChainReport, error) {
	var r ChainReport
	c := s.conn(ctx)
	if err := c.Model(&AuditEntry{}).Where("seq IS NULL").Count(&r.Unchained).Error; err != nil {
		return r, apperr.Wrap(err, "db")
	}
	for {
		var batch []AuditEntry
		err := WithContent(c).Where("seq > ?", r.HeadSeq).Order("seq").Limit(verifyBatch).Find(&batch).Error
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
