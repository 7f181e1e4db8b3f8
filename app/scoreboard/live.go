package scoreboard

import "context"

// liveTotals is month m's board as the page shows it: figures counted in
// SQL, scored by f and ranked; rows carry no record ids (Records computes
// those for the one unit asked about, freeze for the snapshot).
func (s *Service) liveTotals(ctx context.Context, m Month, f Formula, basis []string) ([]Row, error) {
	units, err := s.agencies(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(units))
	for i, u := range units {
		ids[i] = u.ID
	}
	totals, err := s.store.Totals(ctx, ids, m, s.today(), basis)
	if err != nil {
		return nil, err
	}
	rows := make([]Row, 0, len(units))
	for _, u := range units {
		r := totals[u.ID].row()
		r.UnitName = u.Name
		r.Score = f.Score(r)
		r.None = r.none()
		rows = append(rows, r)
	}
	rank(rows)
	return rows, nil
}

// liveRecords computes the record ids behind unit's figures in month m
// from the records now (the same facts freeze snapshots, for one unit).
func (s *Service) liveRecords(ctx context.Context, m Month, unit int64) (map[Figure][]int64, error) {
	ids := []int64{unit}
	st, err := s.store.Settings(ctx)
	if err != nil {
		return nil, err
	}
	fs, err := s.loadFacts(ctx, ids, m)
	if err != nil {
		return nil, err
	}
	return compute(m, s.today(), ids, fs, st.Basis)[unit].Records, nil
}
