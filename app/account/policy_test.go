package account

import (
	"strings"
	"testing"
)

// TestActor_Can is the rule book as a table: role × the actor's relation to
// the record × sensitivity → the actions allowed, written out by hand
// (v view, b busy, e edit, m manage) so that a change to the policy must
// change this table too.
func TestActor_Can(t *testing.T) {
	t.Parallel()
	const myUnit, otherUnit, thirdUnit, me, someone = 10, 20, 30, 100, 200
	actors := map[string]Actor{
		"admin":     {UserID: me, Username: "a", UnitID: myUnit, UnitKind: KindAgency, Role: RoleAdmin},
		"secretary": {UserID: me, Username: "s", UnitID: myUnit, UnitKind: KindProcuratorate, Role: RoleSecretary},
		"hub":       {UserID: me, Username: "h", UnitID: myUnit, UnitKind: KindRuleOfLawOffice, Role: RoleSecretary},
		"member":    {UserID: me, Username: "m", UnitID: myUnit, UnitKind: KindAgency, Role: RoleMember},
		"leader":    {UserID: me, Username: "l", UnitID: myUnit, UnitKind: KindRuleOfLawOffice, Role: RoleLeader},
	}
	relations := map[string]Scope{
		"own unit":     {OwnerUnits: []int64{myUnit}},
		"member unit":  {OwnerUnits: []int64{otherUnit}, MemberUnits: []int64{myUnit}},
		"named member": {OwnerUnits: []int64{otherUnit}, MemberUsers: []int64{me}},
		"other unit":   {OwnerUnits: []int64{otherUnit}, MemberUnits: []int64{thirdUnit}, MemberUsers: []int64{someone}},
	}
	// want[role][relation] = allowed actions for ordinary | sensitive | classified.
	want := map[string]map[string]string{
		"admin": {
			"own unit":     "vbem|vbem|vbm",
			"member unit":  "vbem|vbem|bm",
			"named member": "vbem|vbem|vbm",
			"other unit":   "vbem|bm|bm",
		},
		"secretary": {
			"own unit":     "vbe|vbe|vbe",
			"member unit":  "vb|vb|b",
			"named member": "vb|vb|vb",
			"other unit":   "b|b|b",
		},
		"hub": {
			"own unit":     "vbe|vbe|vbe",
			"member unit":  "vb|vb|b",
			"named member": "vb|vb|vb",
			"other unit":   "vb|b|b",
		},
		"member": {
			"own unit":     "vb|vb|vb",
			"member unit":  "vb|vb|b",
			"named member": "vb|vb|vb",
			"other unit":   "b|b|b",
		},
		"leader": {
			"own unit":     "vb|vb|vb",
			"member unit":  "vb|vb|b",
			"named member": "vb|vb|vb",
			"other unit":   "vb|vb|b",
		},
	}
	levels := []Sensitivity{Ordinary, Sensitive, Classified}
	acts := map[byte]Action{'v': ActView, 'b': ActBusy, 'e': ActEdit, 'm': ActManage}
	for role, byRel := range want {
		for rel, spec := range byRel {
			parts := strings.Split(spec, "|")
			for i, lvl := range levels {
				t.Run(role+"/"+rel+"/"+string(lvl), func(t *testing.T) {
					a, s := actors[role], relations[rel]
					s.Sensitivity = lvl
					for code, act := range acts {
						exp := strings.IndexByte(parts[i], code) >= 0
						if got := a.Can(act, s); got != exp {
							t.Errorf("Can(%s) = %v, want %v", act, got, exp)
						}
					}
				})
			}
		}
	}
	t.Run("edit implies view", func(t *testing.T) {
		for role, a := range actors {
			for rel, s := range relations {
				for _, lvl := range levels {
					s.Sensitivity = lvl
					if a.Can(ActEdit, s) && !a.Can(ActView, s) {
						t.Errorf("%s may edit but not view a %s record of %s", role, lvl, rel)
					}
				}
			}
		}
	})
	t.Run("anonymous may do nothing", func(t *testing.T) {
		for _, lvl := range levels {
			for _, act := range acts {
				if (Actor{}).Can(act, Scope{OwnerUnits: []int64{0}, MemberUsers: []int64{0}, Sensitivity: lvl}) {
					t.Errorf("anonymous may %s a %s record", act, lvl)
				}
			}
		}
	})
	t.Run("unknown action is refused", func(t *testing.T) {
		if actors["admin"].Can(Action("delete"), Scope{OwnerUnits: []int64{myUnit}, Sensitivity: Ordinary}) {
			t.Error("unknown action allowed")
		}
	})
}

func TestActor_CanSchedule(t *testing.T) {
	t.Parallel()
	cases := []struct {
		role Role
		unit int64
		want bool
	}{
		{RoleAdmin, 10, true}, {RoleAdmin, 20, true},
		{RoleSecretary, 10, true}, {RoleSecretary, 20, false},
		{RoleMember, 10, false}, {RoleLeader, 10, false},
	}
	for _, c := range cases {
		a := Actor{UserID: 1, Username: "x", UnitID: 10, Role: c.role}
		if got := a.CanSchedule(c.unit); got != c.want {
			t.Errorf("%s CanSchedule(%d) = %v, want %v", c.role, c.unit, got, c.want)
		}
	}
}

func TestSensitivity_Valid(t *testing.T) {
	t.Parallel()
	for _, s := range []Sensitivity{Ordinary, Sensitive, Classified} {
		if !s.Valid() {
			t.Errorf("%s invalid", s)
		}
	}
	for _, s := range []Sensitivity{"", "secret", "ORDINARY"} {
		if s.Valid() {
			t.Errorf("%q valid", s)
		}
	}
}
