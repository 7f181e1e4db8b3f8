package casefile

import (
	"context"

	"liaison/app/apperr"
	"liaison/app/db"
)

// Store is the only place the register touches the database.
type Store struct{ db *db.DB }

// NewStore returns a store over d.
func NewStore(d *db.DB) *Store { return &Store{db: d} }

// Create inserts c; a number used twice by one origin unit is a conflict.
func (s *Store) Create(ctx context.Context, c *Case) error {
	err := s.db.Conn(ctx).Create(c).Error
	switch {
	case db.IsUnique(err):
		return &apperr.Error{Kind: apperr.Conflict, Code: "case.number_taken", Fields: map[string]string{"number": "case.number_taken"}}
	case db.IsForeignKey(err):
		return apperr.Fields{"respondent_unit_id": "unit.unknown"}.Err()
	}
	return apperr.Wrap(err, "db")
}

// Get returns the case with id, or NotFound.
func (s *Store) Get(ctx context.Context, id int64) (Case, error) {
	var c Case
	err := s.db.Conn(ctx).Where("id = ?", id).Take(&c).Error
	if db.IsNotFound(err) {
		return c, apperr.NotFoundErr("case")
	}
	return c, apperr.Wrap(err, "db")
}

// ByIDs returns the cases with the given ids in one query.
func (s *Store) ByIDs(ctx context.Context, ids []int64) (map[int64]Case, error) {
	out := map[int64]Case{}
	if len(ids) == 0 {
		return out, nil
	}
	var cs []Case
	if err := s.db.Conn(ctx).Where("id IN ?", ids).Find(&cs).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	for _, c := range cs {
		out[c.ID] = c
	}
	return out, nil
}

// TypeNames returns the active case type names in display order.
func (s *Store) TypeNames(ctx context.Context) ([]string, error) {
	var names []string
	err := s.db.Conn(ctx).Model(&CaseType{}).Where("active = ?", true).Order("position, id").Pluck("name", &names).Error
	return names, apperr.Wrap(err, "db")
}
