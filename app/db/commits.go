package db

import "sync/atomic"

// commits counts the transactions WithTx has finished in this process.
var commits atomic.Uint64

// Commits returns how many transactions WithTx has finished (committed or
// rolled back) in this process so far. A cache of data derived from the
// database reads it before its queries and trusts an entry only while it is
// unchanged: nothing was written through this process since. It says
// nothing of writes by other processes, nor of writes outside WithTx; such
// a cache must bound its staleness for those by other means (a TTL).
func Commits() uint64 { return commits.Load() }
