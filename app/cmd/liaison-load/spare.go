package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// spare copies district d (its server stopped) for a run that writes to
// it, the mixed load: the cached district stays as generated for the next
// run and for the flat check, which a spent district would skew (the
// mixed load schedules meetings in the very window the meeting list and
// the feeds read, so a twice-used 20k district did more work per page
// than a fresh 1k one). drop removes the copy.
func spare(ctx context.Context, o options, d district) (district, func(), error) {
	c := d
	if d.DB == "sqlite" {
		dst := d.Dir + "-spent"
		_ = os.RemoveAll(dst)
		if err := copyDir(d.Dir, dst); err != nil {
			return c, nil, err
		}
		c.Env, c.Dir = []string{"LIAISON_DATA_DIR=" + dst, "LIAISON_DATABASE_URL="}, dst
		return c, func() { _ = os.RemoveAll(dst) }, nil
	}
	u, err := url.Parse(d.PGURL)
	if err != nil {
		return c, nil, err
	}
	name := strings.TrimPrefix(u.Path, "/")
	copyName := name + "_spent"
	admin, err := pgx.Connect(ctx, o.PGURL)
	if err != nil {
		return c, nil, err
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "DROP DATABASE IF EXISTS "+copyName+" WITH (FORCE)"); err != nil {
		return c, nil, err
	}
	// a template must have no sessions: the servers on it have stopped
	if _, err := admin.Exec(ctx, "CREATE DATABASE "+copyName+" TEMPLATE "+name); err != nil {
		return c, nil, fmt.Errorf("copy %s: %w", name, err)
	}
	u.Path = "/" + copyName
	c.PGURL = u.String()
	c.Env = []string{"LIAISON_DATABASE_URL=" + c.PGURL, "LIAISON_DATA_DIR=" + filepath.Join(o.Work, "pg-"+copyName)}
	drop := func() {
		a, err := pgx.Connect(context.Background(), o.PGURL)
		if err != nil {
			return
		}
		defer a.Close(context.Background())
		_, _ = a.Exec(context.Background(), "DROP DATABASE IF EXISTS "+copyName+" WITH (FORCE)")
	}
	return c, drop, nil
}

// copyDir copies the regular files of src (a SQLite data directory) to dst.
func copyDir(src, dst string) error {
	if err := os.MkdirAll(dst, 0o750); err != nil {
		return err
	}
	ents, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range ents {
		if !e.Type().IsRegular() {
			continue
		}
		if err := copyFile(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// mixedOnSpare runs the mixed read/write load on a copy of district d (the
// servers on d stopped), with the users f signed in (their sessions are in
// the copy too), and notes what it saw.
func mixedOnSpare(ctx context.Context, o options, rep *report, lg io2, bin, db string, d district, f *fixture) error {
	sd, drop, err := spare(ctx, o, d)
	if err != nil {
		return err
	}
	defer drop()
	mp, err := start(ctx, bin, []string{"serve"}, sd.Env, "--addr")
	if err != nil {
		return err
	}
	defer mp.Stop()
	mp.watchRSS()
	mf := *f
	mf.Base = mp.Base
	lg.Printf("%s: mixed read/write load, 50 in flight for %s, on a copy of the district", db, o.Mixed)
	m := runMixed(ctx, newClient(), &mf, 50, o.Mixed)
	busy := mp.logCount("SQLITE_BUSY", "database is locked")
	rep.note("%s: mixed load 50 in flight %s: %d requests (%d writes), %.0f/s, p99 %s; 5xx %d, errors %d, SQLITE_BUSY %d (answers %d, server log %d); peak RSS %.0f MB",
		db, o.Mixed, m.N, m.Writes, m.RPS(), m.P99.Round(time.Microsecond*100), m.Status5x, m.Errors, m.Busy+int64(busy), m.Busy, busy,
		float64(mp.peakRSS.Load())/(1<<20))
	if m.Status5x > 0 || m.Errors > 0 || m.Busy > 0 || busy > 0 {
		rep.fail("%s: mixed load: 5xx %d, errors %d (first: %s), SQLITE_BUSY %d", db, m.Status5x, m.Errors, m.FirstErr, m.Busy+int64(busy))
	}
	if mp.peakRSS.Load() > 150<<20 {
		rep.fail("%s: peak RSS under the mixed load %.0f MB > 150 MB", db, float64(mp.peakRSS.Load())/(1<<20))
	}
	return nil
}
