// Package docnumber numbers the documents a unit issues (发文字号): the
// unit's issuing-office code, the kind's letter, the year and a running
// sequence per issuer, kind and year, as in 奎依法办纪〔2026〕3号. Meeting
// outputs take their numbers here, and so will the 会议通知.
package docnumber

import (
	"context"
	"fmt"

	"liaison/app/apperr"
	"liaison/app/db"
)

// Kind is a series of numbers: each kind counts on its own.
type Kind string

// The kinds numbered today, with the letter their 字号 carries.
const (
	Minutes          Kind = "minutes"           // 会议纪要: 纪
	Opinion          Kind = "opinion"           // 会商意见: 意
	InspectionReport Kind = "inspection_report" // 专项监督报告: 报
	Notice           Kind = "notice"            // 会议通知: 会 (通 would read as 工作通报)
)

// letters is the character each kind adds to the office code.
var letters = map[Kind]string{Minutes: "纪", Opinion: "意", InspectionReport: "报", Notice: "会"}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	_, ok := letters[k]
	return ok
}

// Number is one allocated number.
type Number struct {
	Text string `json:"text"` // 奎依法办纪〔2026〕3号
	Year int    `json:"year"`
	Seq  int    `json:"seq"`
}

// Format writes the 字号: code and letter (when the unit has a code), the
// year in 六角括号 and the sequence.
func Format(code string, k Kind, year, seq int) string {
	prefix := ""
	if code != "" {
		prefix = code + letters[k]
	}
	return fmt.Sprintf("%s〔%d〕%d号", prefix, year, seq)
}

// Service allocates numbers.
type Service struct{ DB *db.DB }

// New returns the numbering service over d.
func New(d *db.DB) *Service { return &Service{DB: d} }

// Next takes the next number of unit's kind in year. Call it inside the
// transaction that stores the number: the sequence row is incremented in a
// single statement (INSERT … ON CONFLICT DO UPDATE … RETURNING), which
// PostgreSQL serialises on the row, so concurrent callers on any number of
// instances get distinct numbers, and a rolled-back caller gives its number
// back.
func (s *Service) Next(ctx context.Context, unitID int64, k Kind, year int) (Number, error) {
	if !k.Valid() {
		return Number{}, apperr.E(apperr.Invalid, "docnumber.kind_invalid")
	}
	c := s.DB.Conn(ctx)
	var code []string
	if err := c.Raw(`SELECT office_code FROM units WHERE id = ?`, unitID).Scan(&code).Error; err != nil {
		return Number{}, apperr.Wrap(err, "db")
	}
	if len(code) == 0 {
		return Number{}, apperr.NotFoundErr("unit")
	}
	var seq []int
	err := c.Raw(`INSERT INTO doc_sequences (issuer_unit_id, kind, year, last_seq) VALUES (?, ?, ?, 1)
		ON CONFLICT (issuer_unit_id, kind, year) DO UPDATE SET last_seq = doc_sequences.last_seq + 1 RETURNING last_seq`,
		unitID, string(k), year).Scan(&seq).Error
	if err != nil {
		return Number{}, apperr.Wrap(err, "db")
	}
	if len(seq) == 0 {
		return Number{}, apperr.E(apperr.Internal, "db")
	}
	return Number{Text: Format(code[0], k, year, seq[0]), Year: year, Seq: seq[0]}, nil
}
