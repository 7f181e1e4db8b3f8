package demo

import (
	"context"
	"fmt"
	"strings"

	"liaison/app/db"
)

// batch collects rows for one table and writes them as multi-row INSERTs
// inside the caller's transaction. The large district is built this way
// (not through the services) because 200,000 action items one call at a
// time would take an hour; the rows follow the same rules the services
// enforce (see large.go).
type batch struct {
	d     *db.DB
	ctx   context.Context
	table string
	cols  []string
	rows  [][]any
	n     int      // rows written
	after []*batch // flushed first: the rows ours refer to
}

// batchRows keeps a statement under SQLite's and PostgreSQL's limits on
// bound parameters (32,766 and 65,535) for tables of up to 30 columns.
const batchRows = 500

func newBatch(ctx context.Context, d *db.DB, table string, cols ...string) *batch {
	return &batch{d: d, ctx: ctx, table: table, cols: cols}
}

// child is a batch of rows referring to b's rows: flushing it flushes b
// first, so foreign keys hold.
func (b *batch) child(table string, cols ...string) *batch {
	c := newBatch(b.ctx, b.d, table, cols...)
	c.after = []*batch{b}
	return c
}

// add queues one row; values in the order of cols.
func (b *batch) add(vals ...any) error {
	if len(vals) != len(b.cols) {
		return fmt.Errorf("%s: %d values for %d columns", b.table, len(vals), len(b.cols))
	}
	b.rows = append(b.rows, vals)
	if len(b.rows) >= batchRows {
		return b.flush()
	}
	return nil
}

// flush writes the queued rows.
func (b *batch) flush() error {
	for _, p := range b.after {
		if err := p.flush(); err != nil {
			return err
		}
	}
	if len(b.rows) == 0 {
		return nil
	}
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(b.cols)), ",") + ")"
	var sb strings.Builder
	sb.WriteString("INSERT INTO " + b.table + " (" + strings.Join(b.cols, ", ") + ") VALUES ")
	args := make([]any, 0, len(b.rows)*len(b.cols))
	for i, r := range b.rows {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(one)
		args = append(args, r...)
	}
	if err := b.d.Conn(b.ctx).Exec(sb.String(), args...).Error; err != nil {
		return fmt.Errorf("insert into %s: %w", b.table, err)
	}
	b.n += len(b.rows)
	b.rows = b.rows[:0]
	return nil
}

// nextID is the first free id of a table: the generator numbers its rows
// itself so that it can refer to them without reading them back.
func nextID(ctx context.Context, d *db.DB, table string) (int64, error) {
	var n int64
	err := d.Conn(ctx).Raw("SELECT COALESCE(MAX(id), 0) FROM " + table).Scan(&n).Error
	return n + 1, err
}

// resetSequences moves PostgreSQL's id sequences past the ids written
// explicitly, so later inserts by the product do not collide.
func resetSequences(ctx context.Context, d *db.DB, tables ...string) error {
	if d.Dialect != db.Postgres {
		return nil
	}
	for _, t := range tables {
		q := fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), COALESCE((SELECT MAX(id) FROM %s), 0) + 1, false)", t, t)
		if err := d.Conn(ctx).Exec(q).Error; err != nil {
			return fmt.Errorf("reset sequence of %s: %w", t, err)
		}
	}
	return nil
}
