package account

import (
	"context"

	"gorm.io/gorm"

	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/page"
)

// store is the only place account data touches the database.
type store struct{ db *db.DB }

// newStore returns a store over d.
func newStore(d *db.DB) *store { return &store{db: d} }

func (s *store) conn(ctx context.Context) *gorm.DB { return s.db.Conn(ctx) }

// CreateUnit inserts u; a duplicate name is Conflict.
func (s *store) CreateUnit(ctx context.Context, u *Unit) error {
	err := s.conn(ctx).Create(u).Error
	if db.IsUnique(err) {
		return apperr.Fields{"name": "unit.name_taken"}.Err()
	}
	return apperr.Wrap(err, "db")
}

// UpdateUnit writes u if its stored version is u.Version, then bumps it.
func (s *store) UpdateUnit(ctx context.Context, u *Unit) error {
	res := s.conn(ctx).Model(&Unit{}).Where("id = ? AND version = ?", u.ID, u.Version).Updates(map[string]any{
		"name": u.Name, "short_name": u.ShortName, "kind": u.Kind, "active": u.Active, "office_code": u.OfficeCode,
		"version": u.Version + 1, "updated_at": s.db.Now(),
	})
	if db.IsUnique(res.Error) {
		return apperr.Fields{"name": "unit.name_taken"}.Err()
	}
	if res.Error != nil {
		return apperr.Wrap(res.Error, "db")
	}
	if res.RowsAffected == 0 {
		if _, err := s.Unit(ctx, u.ID); err != nil {
			return err
		}
		return apperr.ConflictVersion()
	}
	u.Version++
	return nil
}

// Unit returns the unit with id, or NotFound.
func (s *store) Unit(ctx context.Context, id int64) (Unit, error) {
	var u Unit
	err := s.conn(ctx).Where("id = ?", id).Take(&u).Error
	if db.IsNotFound(err) {
		return u, apperr.NotFoundErr("unit")
	}
	return u, apperr.Wrap(err, "db")
}

// UnitByName finds a unit by exact name or short name.
func (s *store) UnitByName(ctx context.Context, name string) (Unit, error) {
	var u Unit
	err := s.conn(ctx).Where("name = ? OR short_name = ?", name, name).Order("id").Take(&u).Error
	if db.IsNotFound(err) {
		return u, apperr.NotFoundErr("unit")
	}
	return u, apperr.Wrap(err, "db")
}

// UnitsByIDs returns the units with the given ids in one query.
func (s *store) UnitsByIDs(ctx context.Context, ids []int64) (map[int64]Unit, error) {
	out := map[int64]Unit{}
	if len(ids) == 0 {
		return out, nil
	}
	var us []Unit
	if err := s.conn(ctx).Where("id IN ?", ids).Find(&us).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	for _, u := range us {
		out[u.ID] = u
	}
	return out, nil
}

// UnitFilter narrows ListUnits.
type UnitFilter struct {
	Kind       UnitKind
	ActiveOnly bool
	Page       page.Request
}

// ListUnits lists units by id.
func (s *store) ListUnits(ctx context.Context, f UnitFilter) (page.Page[Unit], error) {
	q := s.conn(ctx).Model(&Unit{})
	if f.Kind != "" {
		q = q.Where("kind = ?", f.Kind)
	}
	if f.ActiveOnly {
		q = q.Where("active = ?", true)
	}
	if f.Page.Cursor.ID > 0 {
		q = q.Where("id > ?", f.Page.Cursor.ID)
	}
	var rows []Unit
	if err := q.Order("id").Limit(f.Page.Limit + 1).Find(&rows).Error; err != nil {
		return page.Page[Unit]{}, apperr.Wrap(err, "db")
	}
	return page.Build(rows, f.Page.Limit, func(u Unit) page.Cursor { return page.Cursor{ID: u.ID} }), nil
}

// CreateUser inserts u; a duplicate username is a field error.
func (s *store) CreateUser(ctx context.Context, u *User) error {
	err := s.conn(ctx).Create(u).Error
	if db.IsUnique(err) {
		return &apperr.Error{Kind: apperr.Conflict, Code: "user.username_taken", Fields: map[string]string{"username": "user.username_taken"}}
	}
	if db.IsForeignKey(err) {
		return apperr.Fields{"unit_id": "unit.unknown"}.Err()
	}
	return apperr.Wrap(err, "db")
}

// UpdateUser writes the editable fields of u if its version matches.
func (s *store) UpdateUser(ctx context.Context, u *User) error {
	res := s.conn(ctx).Model(&User{}).Where("id = ? AND version = ?", u.ID, u.Version).Updates(map[string]any{
		"display_name": u.DisplayName, "unit_id": u.UnitID, "role": u.Role, "email": u.Email,
		"active": u.Active, "password_hash": u.PasswordHash, "locale": u.Locale,
		"version": u.Version + 1, "updated_at": s.db.Now(),
	})
	if db.IsForeignKey(res.Error) {
		return apperr.Fields{"unit_id": "unit.unknown"}.Err()
	}
	if res.Error != nil {
		return apperr.Wrap(res.Error, "db")
	}
	if res.RowsAffected == 0 {
		if _, err := s.User(ctx, u.ID); err != nil {
			return err
		}
		return apperr.ConflictVersion()
	}
	u.Version++
	return nil
}

// TouchLogin records a successful sign-in.
func (s *store) TouchLogin(ctx context.Context, id int64) error {
	return apperr.Wrap(s.conn(ctx).Model(&User{}).Where("id = ?", id).Update("last_login_at", s.db.Now()).Error, "db")
}

// User returns the user with id, or NotFound.
func (s *store) User(ctx context.Context, id int64) (User, error) {
	var u User
	err := s.conn(ctx).Where("id = ?", id).Take(&u).Error
	if db.IsNotFound(err) {
		return u, apperr.NotFoundErr("user")
	}
	return u, apperr.Wrap(err, "db")
}

// UserByUsername finds a user, ignoring case.
func (s *store) UserByUsername(ctx context.Context, name string) (User, error) {
	var u User
	err := s.conn(ctx).Where("lower(username) = lower(?)", name).Take(&u).Error
	if db.IsNotFound(err) {
		return u, apperr.NotFoundErr("user")
	}
	return u, apperr.Wrap(err, "db")
}

// UsersByIDs returns users by id in one query.
func (s *store) UsersByIDs(ctx context.Context, ids []int64) (map[int64]User, error) {
	out := map[int64]User{}
	if len(ids) == 0 {
		return out, nil
	}
	var us []User
	if err := s.conn(ctx).Where("id IN ?", ids).Find(&us).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	for _, u := range us {
		out[u.ID] = u
	}
	return out, nil
}

// UserFilter narrows ListUsers.
type UserFilter struct {
	UnitID     int64
	Role       Role
	ActiveOnly bool
	Q          string
	Page       page.Request
}

// ListUsers lists users by id.
func (s *store) ListUsers(ctx context.Context, f UserFilter) (page.Page[User], error) {
	q := s.conn(ctx).Model(&User{})
	if f.UnitID > 0 {
		q = q.Where("unit_id = ?", f.UnitID)
	}
	if f.Role != "" {
		q = q.Where("role = ?", f.Role)
	}
	if f.ActiveOnly {
		q = q.Where("active = ?", true)
	}
	if f.Q != "" {
		like := db.Contains(f.Q)
		q = q.Where("(username LIKE ? ESCAPE '\\' OR display_name LIKE ? ESCAPE '\\')", like, like)
	}
	if f.Page.Cursor.ID > 0 {
		q = q.Where("id > ?", f.Page.Cursor.ID)
	}
	var rows []User
	if err := q.Order("id").Limit(f.Page.Limit + 1).Find(&rows).Error; err != nil {
		return page.Page[User]{}, apperr.Wrap(err, "db")
	}
	return page.Build(rows, f.Page.Limit, func(u User) page.Cursor { return page.Cursor{ID: u.ID} }), nil
}

// ActiveUsers returns the active users (of unitID when it is not 0), by
// unit then id, at most limit, with what a picker shows of them.
func (s *store) ActiveUsers(ctx context.Context, unitID int64, limit int) ([]User, error) {
	q := s.conn(ctx).Select("id", "username", "display_name", "unit_id", "role", "active").Where("active = ?", true)
	if unitID > 0 {
		q = q.Where("unit_id = ?", unitID)
	}
	var rows []User
	err := q.Order("unit_id, id").Limit(limit).Find(&rows).Error
	return rows, apperr.Wrap(err, "db")
}

// CountUsers counts all users (to know whether to bootstrap an admin).
func (s *store) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	err := s.conn(ctx).Model(&User{}).Count(&n).Error
	return n, apperr.Wrap(err, "db")
}
