package account

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"time"
)

// chainVersion starts every entry's canonical encoding, so that a change
// of the encoding can be told apart from tampering. Version 1 hashes the
// content (detail, before, after) as text; version 2 (migration 0017)
// hashes its salted digests, so that the content can be erased.
const (
	chainVersion  = "liaison-audit-v1"
	chainVersion2 = "liaison-audit-v2"
)

// contentDigest is the hex SHA-256 of a content field under its entry's
// salt: the chain keeps it in place of the text.
func contentDigest(salt, text string) string {
	h := sha256.New()
	h.Write([]byte(strconv.Itoa(len(salt))))
	h.Write([]byte{':'})
	h.Write([]byte(salt))
	h.Write([]byte(text))
	return hex.EncodeToString(h.Sum(nil))
}

// ChainHash returns the hex SHA-256 of e's canonical encoding: every field
// that says who, when, from where, what and how (Seq and PrevHash included,
// ID excluded: the chain, not the row id, orders entries), each written as
// its length in bytes, a colon, the bytes and a newline, so that no two
// different entries encode alike whatever their text holds.
func (e *AuditEntry) ChainHash() string {
	h := sha256.New()
	field := func(s string) {
		h.Write([]byte(strconv.Itoa(len(s))))
		h.Write([]byte{':'})
		h.Write([]byte(s))
		h.Write([]byte{'\n'})
	}
	opt := func(p *int64) string {
		if p == nil {
			return ""
		}
		return strconv.FormatInt(*p, 10)
	}
	version, detail, before, after := chainVersion, e.Detail, e.Before, e.After
	if e.ChainVersion >= 2 {
		version, detail, before, after = chainVersion2, e.DetailSHA, e.BeforeSHA, e.AfterSHA
	}
	field(version)
	field(opt(e.Seq))
	field(e.At.UTC().Format(time.RFC3339Nano))
	field(opt(e.ActorID))
	for _, s := range []string{e.ActorName, e.IP, e.RequestID, e.Action, e.ObjectType, e.ObjectID, detail, before, after, e.PrevHash} {
		field(s)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// chainTime is At as stored: PostgreSQL keeps microseconds, so the hash is
// taken over the time the database gives back.
func chainTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// jsonText encodes a state or detail for the log; nil is "".
func jsonText(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return `{"error":"unencodable"}`
	}
	return string(b)
}

// ChainReport is the result of walking the audit chain.
type ChainReport struct {
	Entries   int64  // entries checked in the chain
	Unchained int64  // entries written before the chain existed (migration 0010)
	Erased    int64  // chained entries whose content was erased (migration 0017)
	HeadSeq   int64  // the last entry's place, 0 for an empty chain
	HeadHash  string // the last entry's hash: note it down to detect truncation later
	BrokenID  int64  // the first entry that does not verify, 0 when all do
	Reason    string // why BrokenID fails
}

// OK reports an intact chain.
func (r ChainReport) OK() bool { return r.BrokenID == 0 && r.Reason == "" }

// VerifyAudit walks the whole chain in order and stops at the first entry
// whose hash, link or place is wrong, or at an entry outside the chain
// written after it began (a row not made by AddAudit). It needs no actor:
// it is the `liaison audit verify` command's, and reads only.
func (s *Service) VerifyAudit(ctx context.Context) (ChainReport, error) {
	return s.store.VerifyAudit(ctx)
}

// check compares one entry with what its place in the chain demands.
func (r *ChainReport) check(e AuditEntry) bool {
	switch want := r.HeadSeq + 1; {
	case e.Seq == nil || *e.Seq != want:
		r.BrokenID, r.Reason = e.ID, "entry "+strconv.FormatInt(want, 10)+" of the chain is missing"
	case e.PrevHash != r.HeadHash:
		r.BrokenID, r.Reason = e.ID, "link to the previous entry does not match"
	case e.Hash != e.ChainHash():
		r.BrokenID, r.Reason = e.ID, "content does not match its hash"
	case e.ChainVersion >= 2 && !e.HasContent:
		r.BrokenID, r.Reason = e.ID, "content row is missing"
	case e.ChainVersion >= 2 && !e.Withheld && (e.DetailSHA != contentDigest(e.ContentSalt, e.Detail) ||
		e.BeforeSHA != contentDigest(e.ContentSalt, e.Before) || e.AfterSHA != contentDigest(e.ContentSalt, e.After)):
		r.BrokenID, r.Reason = e.ID, "content does not match its hash"
	case e.ChainVersion >= 2 && e.Withheld && (e.ContentSalt != "" || e.Detail != "" || e.Before != "" || e.After != ""):
		r.BrokenID, r.Reason = e.ID, "erased content is not empty"
	default:
		r.Entries, r.HeadSeq, r.HeadHash = r.Entries+1, *e.Seq, e.Hash
		if e.ChainVersion >= 2 && e.Withheld {
			r.Erased++
		}
		return true
	}
	return false
}
