package scoreboard

import (
	"context"
	"fmt"

	"liaison/app/account"
	"liaison/app/notify"
)

// announceRevision tells the units on the board (secretaries, liaisons and
// leaders) that month m was published (revision 1) or corrected, inside
// the publishing transaction; the month and revision are the dedupe key.
func (s *Service) announceRevision(ctx context.Context, a account.Actor, m Month, rev int) error {
	if s.Events == nil {
		return nil
	}
	units, err := s.agencies(ctx)
	if err != nil {
		return err
	}
	ids := make([]int64, len(units))
	for i, u := range units {
		ids[i] = u.ID
	}
	kind := "scoreboard.published"
	if rev > 1 {
		kind = "scoreboard.revised"
	}
	var except []int64
	if a.UserID > 0 {
		except = []int64{a.UserID}
	}
	return s.Events.Announce(ctx, notify.Event{Kind: kind, Record: notify.Record{Type: "scoreboard", ID: int64(m.Year*100 + int(m.Month))},
		Units: ids, Roles: []account.Role{account.RoleSecretary, account.RoleMember, account.RoleLeader}, Except: except,
		Title: "notify.ev." + kind, Args: map[string]any{"Month": m.String(), "Revision": rev},
		Link: "/scoreboard?month=" + m.String(), DedupeKey: fmt.Sprintf("%s|%s|%d", kind, m, rev)})
}
