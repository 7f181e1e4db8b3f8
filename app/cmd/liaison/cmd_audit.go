package main

import (
	"context"
	"errors"
	"io"
)

// auditCmd runs audit maintenance: verify the hash chain (issue 7).
func auditCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("audit: not implemented yet")
}
