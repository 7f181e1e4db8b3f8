package scoreboard

import (
	"context"

	"liaison/app/apperr"
	"liaison/app/followup"
)

// kindSQL is the kind of the action item aliased a (basis.go): its
// document's type, or its source kind (a meeting decision).
func kindSQL(a string) string {
	return "(CASE WHEN " + a + ".source_kind = '" + string(followup.FromDocument) + "' THEN COALESCE((SELECT d.type FROM documents d WHERE d.id = " +
		a + ".source_id), '" + string(followup.FromDocument) + "') ELSE " + a + ".source_kind END)"
}

// sqlBasis is the basis as SQL matches it: with the kinds inBasis always
// counts (a document the register does not hold, no kind).
func sqlBasis(basis []string) []string {
	return append([]string{"", string(followup.FromDocument)}, basis...)
}

// ItemKinds returns the kind of each item.
func (s *store) ItemKinds(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct {
		ID   int64
		Kind string
	}
	if err := s.db.Conn(ctx).Raw(`SELECT i.id, `+kindSQL("i")+` AS kind FROM action_items i WHERE i.id IN ?`, ids).Scan(&rows).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	for _, r := range rows {
		out[r.ID] = r.Kind
	}
	return out, nil
}

// besideTotals counts, per unit and kind outside the basis, the items
// received in the month.
func (s *store) besideTotals(ctx context.Context, out map[int64]*unitTotals, units []int64, b monthBounds, basis []string) error {
	var rows []struct {
		UnitID int64
		Kind   string
		N      int
	}
	err := s.db.Conn(ctx).Raw(`SELECT unit_id, kind, COUNT(*) AS n FROM (
			SELECT i.responsible_unit_id AS unit_id, `+kindSQL("i")+` AS kind FROM action_items i
			WHERE i.responsible_unit_id IN @units AND i.received_on >= @first AND i.received_on <= @last) x
		WHERE kind NOT IN @basis GROUP BY unit_id, kind`,
		map[string]any{"units": units, "first": b.first.String(), "last": b.last.String(), "basis": sqlBasis(basis)}).Scan(&rows).Error
	if err != nil {
		return apperr.Wrap(err, "db")
	}
	for _, r := range out {
		r.Beside = map[string]int{}
	}
	for _, r := range rows {
		if t, ok := out[r.UnitID]; ok {
			t.Beside[r.Kind] = r.N
		}
	}
	return nil
}
