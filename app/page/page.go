// Package page holds keyset pagination shared by every list: a limit
// (default 50, max 200, as the API contract in app/web/openapi says) and an opaque cursor naming the last row seen.
package page

import (
	"encoding/base64"
	"strconv"
	"strings"

	"liaison/app/apperr"
)

// Limits from the API contract.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

// Request is a page request as parsed from ?limit=&cursor=.
type Request struct {
	Limit  int
	Cursor Cursor
}

// Cursor is the position after which the next page starts: the sort key
// (a time or other string, may be empty) and the id breaking ties.
type Cursor struct {
	Key string
	ID  int64
}

// IsZero reports the first page.
func (c Cursor) IsZero() bool { return c.ID == 0 && c.Key == "" }

// Encode makes an opaque token of c.
func (c Cursor) Encode() string {
	return base64.RawURLEncoding.EncodeToString([]byte(c.Key + "\x00" + strconv.FormatInt(c.ID, 10)))
}

// Parse reads limit and cursor strings; bad values are Invalid errors.
func Parse(limit, cursor string) (Request, error) {
	r := Request{Limit: DefaultLimit}
	f := apperr.Fields{}
	if limit != "" {
		n, err := strconv.Atoi(limit)
		if err != nil || n < 1 || n > MaxLimit {
			f.Add("limit", "page.limit_range")
		} else {
			r.Limit = n
		}
	}
	if cursor != "" {
		b, err := base64.RawURLEncoding.DecodeString(cursor)
		// The id never holds a NUL, the key might: split at the last one.
		i := strings.LastIndexByte(string(b), 0)
		ok := i >= 0
		key, id := "", ""
		if ok {
			key, id = string(b[:i]), string(b[i+1:])
		}
		n, err2 := strconv.ParseInt(id, 10, 64)
		if err != nil || !ok || err2 != nil || n <= 0 {
			f.Add("cursor", "page.cursor_invalid")
		} else {
			r.Cursor = Cursor{Key: key, ID: n}
		}
	}
	return r, f.Err()
}

// Page is one page of a list.
type Page[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// Build trims rows fetched with limit+1 to limit and sets the next cursor
// from the last kept row.
func Build[T any](rows []T, limit int, cursorOf func(T) Cursor) Page[T] {
	p := Page[T]{Items: rows}
	if p.Items == nil {
		p.Items = []T{}
	}
	if len(rows) > limit {
		p.Items = rows[:limit]
		p.NextCursor = cursorOf(p.Items[limit-1]).Encode()
	}
	return p
}
