package account

import (
	"context"
	"strconv"
	"strings"
	"time"

	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/page"
)

// Service is the account domain: every change goes through it, so that
// validation, authorization and the audit log happen in one place.
type Service struct {
	DB    *db.DB
	store *store
	Now   func() time.Time
}

// Users changes users (UpdateUser). A change of a user has consequences in
// areas built on accounts (Hooks): the subscription area ends feed
// addresses, notify mails the old address. Those areas need the account
// service first, so Users is made last, from the account service and the
// hooks, and nothing is set on either after construction.
type Users struct {
	acc   *Service
	hooks Hooks
}

// NewUsers returns the user editor over acc, following its changes with h.
func NewUsers(acc *Service, h Hooks) *Users { return &Users{acc: acc, hooks: h} }

// Hooks run inside the transaction of the change they follow: an error
// rolls the change back, so the change and its consequences commit
// together.
type Hooks struct {
	// Deactivated follows a user's deactivation (before and after the
	// change): the user's feed addresses end (subscribe).
	Deactivated []func(ctx context.Context, a Actor, before, after User) error
	// EmailChanged follows a change of a user's email address: a notice
	// goes to the old address (web wiring, through the notify outbox).
	EmailChanged []func(ctx context.Context, a Actor, u User, old string) error
}

// NewService returns the account service over d.
func NewService(d *db.DB) *Service {
	return &Service{DB: d, store: newStore(d), Now: d.Now}
}

// Audit appends an audit entry for the actor in ctx, for an action with no
// object state to record (a sign-in, a read receipt). detail is encoded as
// JSON; it must hold no secret and no free text of sensitive or
// classified records.
func (s *Service) Audit(ctx context.Context, a Actor, action, objType string, objID int64, detail any) error {
	return s.AuditChange(ctx, a, action, objType, objID, nil, nil, detail)
}

// AuditChange appends an audit entry that records the object's state before
// and after the change (nil before for a creation, nil after for a
// deletion), each encoded as JSON. Callers pass views of the object
// without secrets (password hashes) and without the free text of sensitive
// or classified records. The entry joins the transaction in ctx and should
// be its last write (see store.AddAudit).
func (s *Service) AuditChange(ctx context.Context, a Actor, action, objType string, objID int64, before, after, detail any) error {
	e := &AuditEntry{At: s.Now(), ActorName: a.Username, IP: a.IP, RequestID: a.RequestID, Action: action, ObjectType: objType,
		Detail: jsonText(detail), Before: jsonText(before), After: jsonText(after), Level: levelOf(after, before)}
	if a.UserID > 0 {
		id := a.UserID
		e.ActorID = &id
	}
	if objID > 0 {
		e.ObjectID = strconv.FormatInt(objID, 10)
	}
	return s.store.AddAudit(ctx, e)
}

// levelOf is the sensitivity the first of views that knows it states
// (AuditLeveled), "" when none does.
func levelOf(views ...any) Sensitivity {
	for _, v := range views {
		if l, ok := v.(AuditLeveled); ok && v != nil {
			return l.AuditLevel()
		}
	}
	return ""
}

func mustManage(a Actor) error {
	if a.Role != RoleAdmin {
		return apperr.E(apperr.Forbidden, "forbidden")
	}
	return nil
}

// CreateUnit adds a unit (admins only).
func (s *Service) CreateUnit(ctx context.Context, a Actor, in UnitInput) (Unit, error) {
	if err := mustManage(a); err != nil {
		return Unit{}, err
	}
	if err := in.Validate(); err != nil {
		return Unit{}, err
	}
	now := s.Now()
	u := Unit{Name: in.Name, ShortName: in.ShortName, Kind: in.Kind, Active: true, Version: 1, CreatedAt: now, UpdatedAt: now}
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		if err := s.store.CreateUnit(ctx, &u); err != nil {
			return err
		}
		return s.AuditChange(ctx, a, "unit.create", "unit", u.ID, nil, u, nil)
	})
	return u, err
}

// UnitPatch changes some fields of a unit; Version must be the one last read.
type UnitPatch struct {
	Name      *string   `json:"name"`
	ShortName *string   `json:"short_name"`
	Kind      *UnitKind `json:"kind"`
	Active    *bool     `json:"active"`
	// OfficeCode sets the issuing-office code (docnumber).
	OfficeCode *string `json:"office_code"`
	Version    int     `json:"version"`
}

// UpdateUnit edits or (de)activates a unit (admins only).
func (s *Service) UpdateUnit(ctx context.Context, a Actor, id int64, p UnitPatch) (Unit, error) {
	if err := mustManage(a); err != nil {
		return Unit{}, err
	}
	var u Unit
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if u, err = s.store.Unit(ctx, id); err != nil {
			return err
		}
		before := u
		in := UnitInput{Name: deref(p.Name, u.Name), ShortName: deref(p.ShortName, u.ShortName), Kind: deref(p.Kind, u.Kind)}
		if p.Version == 0 {
			return apperr.Fields{"version": "required"}.Err()
		}
		if err := in.Validate(); err != nil {
			return err
		}
		code := strings.TrimSpace(deref(p.OfficeCode, u.OfficeCode))
		if err := checkOfficeCode(code); err != nil {
			return err
		}
		u.Name, u.ShortName, u.Kind, u.Active, u.Version = in.Name, in.ShortName, in.Kind, deref(p.Active, u.Active), p.Version
		u.OfficeCode = code
		if err := s.store.UpdateUnit(ctx, &u); err != nil {
			return err
		}
		return s.AuditChange(ctx, a, "unit.update", "unit", id, before, u, nil)
	})
	return u, err
}

// CreateUser adds a user (admins only).
func (s *Service) CreateUser(ctx context.Context, a Actor, in UserInput) (User, error) {
	if err := mustManage(a); err != nil {
		return User{}, err
	}
	if err := in.Validate(); err != nil {
		return User{}, err
	}
	hash, err := HashPassword(in.Password)
	if err != nil {
		return User{}, apperr.Wrap(err, "hash")
	}
	now := s.Now()
	u := User{Username: in.Username, DisplayName: in.DisplayName, UnitID: in.UnitID, Role: in.Role, Email: in.Email,
		PasswordHash: hash, Active: true, Version: 1, CreatedAt: now, UpdatedAt: now}
	err = s.DB.WithTx(ctx, func(ctx context.Context) error {
		unit, err := s.store.Unit(ctx, in.UnitID)
		if err != nil || !unit.Active {
			return apperr.Fields{"unit_id": "unit.unknown"}.Err()
		}
		if err := s.store.CreateUser(ctx, &u); err != nil {
			return err
		}
		return s.AuditChange(ctx, a, "user.create", "user", u.ID, nil, u.auditView(), nil)
	})
	return u, err
}

// UserPatch changes some fields of a user; Version must be the one last read.
type UserPatch struct {
	DisplayName *string `json:"display_name"`
	UnitID      *int64  `json:"unit_id"`
	Role        *Role   `json:"role"`
	Email       *string `json:"email"`
	Active      *bool   `json:"active"`
	Password    *string `json:"password"`
	Locale      *string `json:"locale"`
	Version     int     `json:"version"`
	// CurrentPassword proves a user changing their own email address.
	CurrentPassword string `json:"current_password"`
}

// UpdateUser edits a user (admins) or one's own name, email and locale.
// Deactivation or a new password ends all the user's sessions, API tokens
// and device cookies. Changing one's own email needs the current password
// (ASVS V6.2.3 treats the address as a credential: it receives what
// resets an account); any change of address is told to the old one
// (Hooks.EmailChanged). Users are never deleted: they have history.
func (us *Users) UpdateUser(ctx context.Context, a Actor, id int64, p UserPatch) (User, error) {
	s := us.acc
	self := a.UserID == id
	if self && p.Password != nil {
		// One's own password changes only with the current one (ASVS
		// V6.2.3): ChangePassword, not a profile edit.
		return User{}, apperr.Fields{"password": "password.use_change"}.Err()
	}
	if !self || p.Role != nil || p.UnitID != nil || p.Active != nil {
		if err := mustManage(a); err != nil {
			if self {
				return User{}, err
			}
			return User{}, apperr.NotFoundErr("user")
		}
	}
	if p.Version == 0 {
		return User{}, apperr.Fields{"version": "required"}.Err()
	}
	pwKey := ""
	if self && p.Email != nil {
		var err error
		if pwKey, err = s.proveEmailChange(ctx, a, strings.TrimSpace(*p.Email), p.CurrentPassword); err != nil {
			return User{}, err
		}
	}
	var u User
	err := s.DB.WithTx(ctx, func(ctx context.Context) error {
		var err error
		if u, err = s.store.User(ctx, id); err != nil {
			return err
		}
		before := u
		in := UserInput{Username: u.Username, DisplayName: deref(p.DisplayName, u.DisplayName), UnitID: deref(p.UnitID, u.UnitID),
			Role: deref(p.Role, u.Role), Email: deref(p.Email, u.Email)}
		f := in.profileFields()
		if p.Password != nil {
			if code := PasswordProblem(*p.Password, u.Username); code != "" {
				f.Add("password", code)
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		if p.UnitID != nil && *p.UnitID != before.UnitID {
			if unit, err := s.store.Unit(ctx, *p.UnitID); err != nil || !unit.Active {
				return apperr.Fields{"unit_id": "unit.unknown"}.Err()
			}
		}
		u.DisplayName, u.UnitID, u.Role, u.Email, u.Active = in.DisplayName, in.UnitID, in.Role, in.Email, deref(p.Active, u.Active)
		if p.Locale != nil {
			if *p.Locale != "" && *p.Locale != "zh-CN" && *p.Locale != "en" {
				return apperr.Fields{"locale": "locale_invalid"}.Err()
			}
			u.Locale = *p.Locale
		}
		if p.Password != nil {
			if u.PasswordHash, err = HashPassword(*p.Password); err != nil {
				return apperr.Wrap(err, "hash")
			}
		}
		u.Version = p.Version
		if err := s.store.UpdateUser(ctx, &u); err != nil {
			return err
		}
		if before.Active && !u.Active {
			for _, h := range us.hooks.Deactivated {
				if err := h(ctx, a, before, u); err != nil {
					return err
				}
			}
		}
		detail := map[string]any{"password_changed": p.Password != nil}
		if u.Email != before.Email {
			for _, h := range us.hooks.EmailChanged {
				if err := h(ctx, a, u, before.Email); err != nil {
					return err
				}
			}
			detail["old_address_notified"] = before.Email != "" && len(us.hooks.EmailChanged) > 0
			if pwKey != "" {
				_ = s.store.ClearFailures(ctx, pwKey)
			}
		}
		if p.Password != nil || !u.Active {
			if err := s.store.DeleteSessions(ctx, u.ID); err != nil {
				return err
			}
			if err := s.store.RevokeTokens(ctx, u.ID); err != nil {
				return err
			}
			if detail["devices_revoked"], err = s.store.deleteDevices(ctx, u.ID, 0); err != nil {
				return err
			}
		}
		return s.AuditChange(ctx, a, "user.update", "user", id, before.auditView(), u.auditView(), detail)
	})
	return u, err
}

// proveEmailChange asks the actor changing their own address to email for
// their current password when it is a change (the same address, or none
// given, needs nothing). A bad address is refused first, with the
// password asked for too; the guess is throttled like a password change's.
// It returns the throttle key to clear once the change commits ("" when no
// proof was needed).
func (s *Service) proveEmailChange(ctx context.Context, a Actor, email, password string) (string, error) {
	cur, err := s.store.User(ctx, a.UserID)
	if err != nil || email == cur.Email {
		return "", err
	}
	f := apperr.Fields{}
	checkEmail(f, "email", email)
	if password == "" {
		f.Add("current_password", "user.email_needs_password")
	}
	if err := f.Err(); err != nil {
		return "", err
	}
	return s.checkCurrentPassword(ctx, a, password, "user.email_change_throttled", "user.email_change_failed")
}

// ListUnits lists units; everyone signed in may see the unit directory.
func (s *Service) ListUnits(ctx context.Context, f UnitFilter) (page.Page[Unit], error) {
	return s.store.ListUnits(ctx, f)
}

// ListUsers lists users; everyone signed in may see the directory.
func (s *Service) ListUsers(ctx context.Context, f UserFilter) (page.Page[User], error) {
	return s.store.ListUsers(ctx, f)
}

// MaxPicker bounds ActiveUsers: a district's whole staff, not a page of it.
const MaxPicker = 5000

// ActiveUsers lists the active users (of unitID when it is not 0) for the
// pickers of the meeting pages (chair, attendees, presenter, delegate):
// every one, not the first page, so that nobody in a large district is out
// of reach; everyone signed in may see the directory. Only id, username,
// display name, unit, role and active are set.
func (s *Service) ActiveUsers(ctx context.Context, unitID int64) ([]User, error) {
	return s.store.ActiveUsers(ctx, unitID, MaxPicker)
}

// ResolveUnit finds a unit by id, name or short name.
func (s *Service) ResolveUnit(ctx context.Context, ref string) (Unit, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return s.store.Unit(ctx, id)
	}
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return Unit{}, apperr.NotFoundErr("unit") // not "the first unit without a short name"
	}
	return s.store.UnitByName(ctx, ref)
}

func deref[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// ListAudit pages through the audit log, newest first (admins only).
func (s *Service) ListAudit(ctx context.Context, a Actor, f AuditFilter, pr page.Request) (page.Page[AuditEntry], error) {
	if err := mustManage(a); err != nil {
		return page.Page[AuditEntry]{}, err
	}
	f.BeforeID, f.Limit = pr.Cursor.ID, pr.Limit+1
	rows, err := s.store.ListAudit(ctx, f)
	if err != nil {
		return page.Page[AuditEntry]{}, err
	}
	return page.Build(rows, pr.Limit, func(e AuditEntry) page.Cursor { return page.Cursor{ID: e.ID} }), nil
}

// Unit returns a unit; the unit directory is open to everyone signed in.
func (s *Service) Unit(ctx context.Context, id int64) (Unit, error) { return s.store.Unit(ctx, id) }

// User returns a user; the people directory is open to everyone signed in.
func (s *Service) User(ctx context.Context, id int64) (User, error) { return s.store.User(ctx, id) }

// UnitsByIDs names many units in one query (the directory is open to all).
func (s *Service) UnitsByIDs(ctx context.Context, ids []int64) (map[int64]Unit, error) {
	return s.store.UnitsByIDs(ctx, ids)
}

// UsersByIDs names many users in one query (the directory is open to all).
func (s *Service) UsersByIDs(ctx context.Context, ids []int64) (map[int64]User, error) {
	return s.store.UsersByIDs(ctx, ids)
}
