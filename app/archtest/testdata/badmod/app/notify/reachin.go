package notify

// Service reaches into another area's store, the way the reach-in check
// must catch; its own store is fine.
type Service struct {
	store    *store
	Meetings *struct{ Store *store }
}

type store struct{}

func (*store) ByID(int64) error { return nil }

func (s *Service) own() error { return s.store.ByID(1) }

func (s *Service) reach() error { return s.Meetings.Store.ByID(1) }

// live spells out another area's state in SQL.
const live = "SELECT id FROM meetings WHERE status <> 'cancelled'"
