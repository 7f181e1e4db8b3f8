package main

import (
	"context"
	"errors"
	"io"
)

// backupCmd writes a consistent copy of the database (issue 7).
func backupCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("backup: not implemented yet")
}
