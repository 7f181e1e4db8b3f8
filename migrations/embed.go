// Package migrations embeds the SQL schema migrations, one folder per dialect.
package migrations

import "embed"

// FS holds sqlite/*.sql and postgres/*.sql with identical file names.
//
//go:embed sqlite/*.sql postgres/*.sql
var FS embed.FS
