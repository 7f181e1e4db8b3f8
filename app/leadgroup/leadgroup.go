// Package leadgroup is the 领导小组 of the mechanism as a roster: who sits
// on it and in which position (组长, 副组长, 成员, 办公室主任, 联络员). The
// positions were spread across units' roles before; the roster names the
// people, so that a meeting can invite the group as one and a member's
// 工作台 can say so.
package leadgroup

import (
	"context"
	"slices"
	"time"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/db"
)

// Position is a seat on the leading group.
type Position string

// The positions, in the order the roster lists them.
const (
	Leader       Position = "leader"        // 组长
	DeputyLeader Position = "deputy_leader" // 副组长
	Member       Position = "member"        // 成员
	OfficeHead   Position = "office_head"   // 办公室主任
	Liaison      Position = "liaison"       // 联络员
)

// Positions lists them in roster order.
var Positions = []Position{Leader, DeputyLeader, Member, OfficeHead, Liaison}

// Valid reports a known position.
func (p Position) Valid() bool { return slices.Contains(Positions, p) }

// Seat is one member of the roster.
type Seat struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	Position  Position  `json:"position"`
	Name      string    `json:"name" gorm:"->"`
	UnitID    int64     `json:"unit_id" gorm:"->"`
	UnitName  string    `json:"unit_name" gorm:"->"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// TableName maps Seat to its table.
func (Seat) TableName() string { return "leading_group_members" }

// Input is the body of POST and PATCH /leading-group.
type Input struct {
	UserID   int64    `json:"user_id"`
	Position Position `json:"position"`
	Version  int      `json:"version"`
}

// Service keeps the roster.
type Service struct {
	DB       *db.DB
	Accounts *account.Service
}

// New returns the roster service.
func New(d *db.DB, acc *account.Service) *Service { return &Service{DB: d, Accounts: acc} }

// Roster lists the members by position, then name; active users only.
func (s *Service) Roster(ctx context.Context) ([]Seat, error) {
	var out []Seat
	err := s.DB.Conn(ctx).Table("leading_group_members m").
		Select("m.id, m.user_id, m.position, m.version, m.created_at, m.updated_at, users.display_name AS name, users.unit_id, units.name AS unit_name").
		Joins("JOIN users ON users.id = m.user_id JOIN units ON units.id = users.unit_id").
		Where("users.active = ?", true).Order("m.id").Scan(&out).Error
	if err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	slices.SortStableFunc(out, func(a, b Seat) int { return slices.Index(Positions, a.Position) - slices.Index(Positions, b.Position) })
	if out == nil {
		out = []Seat{}
	}
	return out, nil
}

// SeatOf returns userID's seat, if any.
func (s *Service) SeatOf(ctx context.Context, userID int64) (Seat, bool, error) {
	var out []Seat
	err := s.DB.Conn(ctx).Table("leading_group_members").Where("user_id = ?", userID).Limit(1).Find(&out).Error
	if err != nil || len(out) == 0 {
		return Seat{}, false, apperr.Wrap(err, "db")
	}
	return out[0], true, nil
}

// UserIDs lists the active members' user ids: whom "invite the leading
// group" invites.
func (s *Service) UserIDs(ctx context.Context) ([]int64, error) {
	seats, err := s.Roster(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]int64, len(seats))
	for i, x := range seats {
		out[i] = x.UserID
	}
	return out, nil
}

func (in Input) check(f apperr.Fields) {
	if !in.Position.Valid() {
		f.Add("position", "leadgroup.position_invalid")
	}
}

// Add seats a user (administrators only); a user already seated is 409.
func (s *Service) Add(ctx context.Context, a account.Actor, in Input) (Seat, error) {
	if !a.Can(account.ActManage, account.Scope{}) {
		return Seat{}, apperr.E(apperr.Forbidden, "forbidden")
	}
	f := apperr.Fields{}
	in.check(f)
	var out Seat
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		users, err := s.Accounts.UsersByIDs(ctx, []int64{in.UserID})
		if err != nil {
			return err
		}
		if u, ok := users[in.UserID]; !ok || !u.Active {
			f.Add("user_id", "meeting.user_unknown")
		}
		if err := f.Err(); err != nil {
			return err
		}
		if _, seated, err := s.SeatOf(ctx, in.UserID); err != nil {
			return err
		} else if seated {
			return &apperr.Error{Kind: apperr.Conflict, Code: "leadgroup.seated", Fields: map[string]string{"user_id": "leadgroup.seated"}}
		}
		now := s.DB.Now()
		out = Seat{UserID: in.UserID, Position: in.Position, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := s.DB.Conn(ctx).Omit("Name", "UnitID", "UnitName").Create(&out).Error; err != nil {
			return apperr.Wrap(err, "db")
		}
		return s.Accounts.AuditChange(ctx, a, "leadgroup.add", "leading_group_member", out.ID, nil, map[string]any{"user_id": out.UserID, "position": out.Position}, nil)
	})
	return out, err
}

// Update changes a member's position at its current version.
func (s *Service) Update(ctx context.Context, a account.Actor, id int64, in Input) (Seat, error) {
	if !a.Can(account.ActManage, account.Scope{}) {
		return Seat{}, apperr.E(apperr.Forbidden, "forbidden")
	}
	f := apperr.Fields{}
	in.check(f)
	if in.Version <= 0 {
		f.Add("version", "required")
	}
	if err := f.Err(); err != nil {
		return Seat{}, err
	}
	var out Seat
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		cur, err := s.get(ctx, id)
		if err != nil {
			return err
		}
		if cur.Version != in.Version {
			return apperr.ConflictVersion()
		}
		r := s.DB.Conn(ctx).Table("leading_group_members").Where("id = ? AND version = ?", id, in.Version).
			Updates(map[string]any{"position": in.Position, "version": in.Version + 1, "updated_at": s.DB.Now()})
		if r.Error != nil {
			return apperr.Wrap(r.Error, "db")
		}
		if r.RowsAffected == 0 {
			return apperr.ConflictVersion()
		}
		out = cur
		out.Position, out.Version = in.Position, in.Version+1
		return s.Accounts.AuditChange(ctx, a, "leadgroup.update", "leading_group_member", id,
			map[string]any{"position": cur.Position}, map[string]any{"position": in.Position}, nil)
	})
	return out, err
}

// Remove takes a member off the roster at its current version.
func (s *Service) Remove(ctx context.Context, a account.Actor, id int64, version int) error {
	if !a.Can(account.ActManage, account.Scope{}) {
		return apperr.E(apperr.Forbidden, "forbidden")
	}
	if version <= 0 {
		return apperr.Fields{"version": "required"}.Err()
	}
	return s.DB.WithTx(ctx, func(ctx context.Context) error {
		cur, err := s.get(ctx, id)
		if err != nil {
			return err
		}
		r := s.DB.Conn(ctx).Where("id = ? AND version = ?", id, version).Delete(&Seat{})
		if r.Error != nil {
			return apperr.Wrap(r.Error, "db")
		}
		if r.RowsAffected == 0 {
			return apperr.ConflictVersion()
		}
		return s.Accounts.AuditChange(ctx, a, "leadgroup.remove", "leading_group_member", id,
			map[string]any{"user_id": cur.UserID, "position": cur.Position}, nil, nil)
	})
}

func (s *Service) get(ctx context.Context, id int64) (Seat, error) {
	var out []Seat
	if err := s.DB.Conn(ctx).Table("leading_group_members").Where("id = ?", id).Limit(1).Find(&out).Error; err != nil {
		return Seat{}, apperr.Wrap(err, "db")
	}
	if len(out) == 0 {
		return Seat{}, apperr.NotFoundErr("leading_group_member")
	}
	return out[0], nil
}
