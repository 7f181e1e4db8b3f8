package demo_test

import (
	"regexp"
	"testing"
)

// TestLoadActivity_IssuedOutputs: the demo district has one issued output
// of each meeting kind, each numbered in its unit's series with the unit's
// office code and signed for issue by a leader of the convening unit.
func TestLoadActivity_IssuedOutputs(t *testing.T) {
	t.Parallel()
	d, _ := activityDistrict(t)
	ctx := t.Context()
	var rows []struct {
		Kind, Number, Role string
		Same               bool
	}
	err := d.Conn(ctx).Raw(`SELECT m.kind, mi.doc_number AS number, u.role, u.unit_id = m.convening_unit_id AS same
		FROM minutes mi JOIN meetings m ON m.id = mi.meeting_id JOIN users u ON u.id = mi.issued_by
		WHERE mi.issued_at IS NOT NULL ORDER BY m.kind`).Scan(&rows).Error
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]*regexp.Regexp{
		"joint_meeting":    regexp.MustCompile(`^奎依法办纪〔\d{4}〕1号$`),
		"consultation":     regexp.MustCompile(`^奎检意〔\d{4}〕1号$`),
		"joint_inspection": regexp.MustCompile(`^奎司报〔\d{4}〕1号$`),
	}
	if len(rows) != len(want) {
		t.Fatalf("issued outputs: %+v", rows)
	}
	for _, r := range rows {
		if re := want[r.Kind]; re == nil || !re.MatchString(r.Number) || r.Role != "leader" || !r.Same {
			t.Errorf("issued %+v", r)
		}
	}
}
