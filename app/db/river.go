package db

import "gorm.io/driver/postgres"

// URL returns the postgres:// address the pool was opened with ("" on
// SQLite), so that a second pool (River's pgx driver) can reach the same
// database and schema.
func (d *DB) URL() string {
	if p, ok := d.gorm.Dialector.(*postgres.Dialector); ok && p.Config != nil {
		return p.Config.DSN
	}
	return ""
}
