package meeting

import (
	"reflect"
	"testing"

	"liaison/app/account"
)

// The list's policy input (refScope over attendee refs) is the same scope
// as Scope over the full attendee rows, for users, units and both.
func TestRefScopeMatchesScope(t *testing.T) {
	u1, u2, unit := int64(7), int64(9), int64(3)
	m := Meeting{ConveningUnitID: 1, CoUnitIDs: []int64{2}, InspectedUnitIDs: []int64{4}, Sensitivity: account.Sensitive}
	att := []Attendee{{UserID: &u1, Answer: Accepted}, {UnitID: &unit}, {UserID: &u2, UnitID: &unit, Answer: Declined}}
	refs := []attendeeRef{{UserID: u1, Answer: Accepted}, {UnitID: unit}, {UserID: u2, UnitID: unit, Answer: Declined}}
	if got, want := m.refScope(refs), m.Scope(att); !reflect.DeepEqual(got, want) {
		t.Errorf("refScope %+v, Scope %+v", got, want)
	}
	if got, want := m.refScope(nil), m.Scope(nil); !reflect.DeepEqual(got, want) {
		t.Errorf("no attendees: refScope %+v, Scope %+v", got, want)
	}
}
