package demo_test

import (
	"testing"

	"liaison/app/demo"
)

// TestLoadActivity_EveryInboxHasNotices: the demo's activity, made through
// the services, leaves notifications in every demo user's inbox, so the
// bell and the inbox are worth showing from the first sign-in.
func TestLoadActivity_EveryInboxHasNotices(t *testing.T) {
	t.Parallel()
	d, deps := activityDistrict(t)
	ctx := t.Context()
	for _, p := range demo.People {
		u, err := deps.Accounts.UserByUsername(ctx, p.Username)
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		if err := d.Conn(ctx).Raw(`SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind <> ''`, u.ID).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Errorf("%s (%s) has an empty inbox", p.Username, p.Role)
		}
	}
}
