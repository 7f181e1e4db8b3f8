package dbtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"liaison/app/db"
)

// ErrInjected is the error a Fault makes its chosen statement fail with.
var ErrInjected = errors.New("dbtest: injected fault")

// Fault counts the SQL statements run through GORM under a context it has
// marked, and makes the N-th of them fail before it reaches the database.
// Running an operation with N = 1, 2, 3… until it succeeds untouched
// interrupts it after each of its statements in turn: the proof that a
// multi-table operation is all-or-nothing. Statements of other contexts
// (other tests' goroutines, background work) are neither counted nor failed.
type Fault struct {
	mu     sync.Mutex
	failAt int // 0: count only
	n      int
	fired  bool
	stmts  []Stmt
	sawTx  bool
	after  []Stmt // outside a transaction, after one: reads past the commit
}

// Stmt describes one counted statement.
type Stmt struct {
	What string // "update action_items", "query units"…
	InTx bool   // ran inside a transaction
}

func (s Stmt) String() string {
	if s.InTx {
		return s.What
	}
	return s.What + " (no tx)"
}

type faultKey struct{}

// InjectFaults registers the fault callbacks on d; they stay inert until a
// context from Fault.Ctx reaches them.
func InjectFaults(t testing.TB, d *db.DB) *Fault {
	t.Helper()
	f := &Fault{}
	cb := d.Conn(context.Background()).Callback()
	name := fmt.Sprintf("dbtest:fault:%p", f)
	for _, err := range []error{
		cb.Create().Before("gorm:create").Register(name, f.hook("create")),
		cb.Query().Before("gorm:query").Register(name, f.hook("query")),
		cb.Update().Before("gorm:update").Register(name, f.hook("update")),
		cb.Delete().Before("gorm:delete").Register(name, f.hook("delete")),
		cb.Row().Before("gorm:row").Register(name, f.hook("row")),
		cb.Raw().Before("gorm:raw").Register(name, f.hook("raw")),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// Ctx marks ctx for counting.
func (f *Fault) Ctx(ctx context.Context) context.Context {
	return context.WithValue(ctx, faultKey{}, f)
}

// Arm resets the count and makes statement n (1-based) fail; 0 only counts.
func (f *Fault) Arm(n int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failAt, f.n, f.fired, f.stmts, f.sawTx, f.after = n, 0, false, nil, false, nil
}

// Count is the number of marked statements since Arm up to the end of the
// first transaction, the failed one included.
func (f *Fault) Count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n
}

// Fired reports whether the armed statement was reached (and failed).
func (f *Fault) Fired() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.fired
}

// Statements describes the marked statements since Arm, the failed one last
// when it fired.
func (f *Fault) Statements() []Stmt {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Stmt(nil), f.stmts...)
}

// AfterCommit lists the statements run outside a transaction after one
// (reads for the answer); they are not counted or failed.
func (f *Fault) AfterCommit() []Stmt {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Stmt(nil), f.after...)
}

func (f *Fault) hook(kind string) func(*gorm.DB) {
	return func(g *gorm.DB) {
		if g.Error != nil || g.Statement.Context == nil || g.Statement.Context.Value(faultKey{}) != f {
			return
		}
		f.mu.Lock()
		defer f.mu.Unlock()
		what := kind
		if g.Statement.Table != "" {
			what += " " + g.Statement.Table
		}
		_, inTx := g.Statement.ConnPool.(*sql.Tx)
		st := Stmt{What: what, InTx: inTx}
		if !inTx && f.sawTx {
			// Past the commit: failing it could not undo what is written,
			// so it is listed, not counted.
			f.after = append(f.after, st)
			return
		}
		f.sawTx = f.sawTx || inTx
		f.n++
		f.stmts = append(f.stmts, st)
		if f.n == f.failAt {
			f.fired = true
			_ = g.AddError(fmt.Errorf("%w at statement %d (%s)", ErrInjected, f.n, what))
		}
	}
}

// Snapshot is every row of every table of a database, each row printed and
// the rows of a table sorted, so that two snapshots compare exactly.
type Snapshot map[string][]string

// Take reads the whole database d (fine for the small fixtures tests use).
func Take(t testing.TB, d *db.DB) Snapshot {
	t.Helper()
	ctx := context.Background()
	q := `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`
	if d.Dialect == db.Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	var tables []string
	if err := d.Conn(ctx).Raw(q).Scan(&tables).Error; err != nil {
		t.Fatalf("snapshot: list tables: %v", err)
	}
	s := Snapshot{}
	for _, tbl := range tables {
		rows, err := d.SQL().QueryContext(ctx, `SELECT * FROM "`+tbl+`"`)
		if err != nil {
			t.Fatalf("snapshot %s: %v", tbl, err)
		}
		cols, _ := rows.Columns()
		var out []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatalf("snapshot %s: %v", tbl, err)
			}
			line := ""
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				line += fmt.Sprintf("%s=%v;", cols[i], v)
			}
			out = append(out, line)
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("snapshot %s: %v", tbl, err)
		}
		_ = rows.Close()
		slices.Sort(out)
		s[tbl] = out
	}
	return s
}

// Count is the number of rows of table in the snapshot.
func (s Snapshot) Count(table string) int { return len(s[table]) }

// Diff describes how after differs from s, table by table ("" when equal).
func (s Snapshot) Diff(after Snapshot) string {
	var b strings.Builder
	names := slices.Sorted(maps.Keys(s))
	for n := range after {
		if _, ok := s[n]; !ok {
			names = append(names, n)
		}
	}
	for _, n := range names {
		was, now := s[n], after[n]
		if slices.Equal(was, now) {
			continue
		}
		fmt.Fprintf(&b, "table %s: %d rows before, %d after\n", n, len(was), len(now))
		for _, r := range now {
			if !slices.Contains(was, r) {
				fmt.Fprintf(&b, "  + %s\n", r)
			}
		}
		for _, r := range was {
			if !slices.Contains(now, r) {
				fmt.Fprintf(&b, "  - %s\n", r)
			}
		}
	}
	return b.String()
}
