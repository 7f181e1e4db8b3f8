package account

import "context"

// Actor is who is acting: a signed-in user with the facts the policy needs,
// plus where the request came from for the audit log.
type Actor struct {
	UserID    int64
	Username  string
	Name      string
	UnitID    int64
	UnitKind  UnitKind
	Role      Role
	IP        string
	RequestID string
}

// System is the actor for work the process does by itself (demo load, jobs).
var System = Actor{Username: "system", Name: "system", Role: RoleAdmin}

// ActorFor builds the actor of user u, whose unit is of kind k.
func ActorFor(u User, k UnitKind) Actor {
	return Actor{UserID: u.ID, Username: u.Username, Name: u.DisplayName, UnitID: u.UnitID, UnitKind: k, Role: u.Role}
}

type actorKey struct{}

// WithActor carries the actor in ctx.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor in ctx, or an anonymous one.
func ActorFrom(ctx context.Context) Actor {
	a, _ := ctx.Value(actorKey{}).(Actor)
	return a
}

// IsAnonymous reports that nobody signed in.
func (a Actor) IsAnonymous() bool { return a.UserID == 0 && a.Username == "" }
