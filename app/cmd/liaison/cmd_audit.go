package main

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// auditCmd runs audit maintenance: `audit verify` walks the hash chain and
// reports the number of entries and OK, or the first broken entry (with an
// error, so the exit status is non-zero).
func auditCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return errors.New("usage: liaison audit verify")
	}
	_, d, acc, err := setup(ctx, "audit verify", args[1:], stderr, nil)
	if err != nil {
		return err
	}
	defer d.Close()
	r, err := acc.VerifyAudit(ctx)
	if err != nil {
		return describe(err)
	}
	if r.Unchained > 0 {
		fmt.Fprintf(stdout, "%d entries written before the chain began (migration 0010) are not covered\n", r.Unchained)
	}
	if !r.OK() {
		fmt.Fprintf(stdout, "audit chain BROKEN at entry id %d: %s (%d entries verified before it)\n", r.BrokenID, r.Reason, r.Entries)
		return fmt.Errorf("audit chain broken at entry id %d", r.BrokenID)
	}
	fmt.Fprintf(stdout, "audit chain OK: %d entries, head %d %s\n", r.Entries, r.HeadSeq, r.HeadHash)
	if r.Erased > 0 {
		fmt.Fprintf(stdout, "%d entries have their content erased (records made sensitive or classified later); their digests verified\n", r.Erased)
	}
	return nil
}
