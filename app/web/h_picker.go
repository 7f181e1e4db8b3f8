package web

import (
	"slices"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/casefile"
	"liaison/app/page"
)

// unitPeople is one unit's people in a searchable picker: the picker shows
// them under the unit's name (an optgroup) so a district's two thousand
// names read as a directory.
type unitPeople struct {
	Unit  account.Unit
	Users []account.User
}

// groupByUnit orders users under their units, in the units' order; people
// of a unit not in units (closed since) follow under that unit's name.
func groupByUnit(units []account.Unit, names map[int64]string, users []account.User) []unitPeople {
	at := map[int64]int{}
	out := []unitPeople{}
	for _, u := range units {
		at[u.ID] = len(out)
		out = append(out, unitPeople{Unit: u})
	}
	for _, u := range users {
		i, ok := at[u.UnitID]
		if !ok {
			i = len(out)
			at[u.UnitID] = i
			out = append(out, unitPeople{Unit: account.Unit{ID: u.UnitID, Name: names[u.UnitID]}})
		}
		out[i].Users = append(out[i].Users, u)
	}
	kept := out[:0]
	for _, g := range out {
		if len(g.Users) > 0 {
			kept = append(kept, g)
		}
	}
	return kept
}

// ByUnit groups the directory's people by unit for the pickers.
func (d meetingDir) ByUnit() []unitPeople { return groupByUnit(d.Units, d.UnitName, d.Users) }

// pickerFirstPage is how many recent cases a case picker sends with the
// page: enough to pick from without JavaScript; with it the picker
// searches the rest through GET /api/v1/cases?q=.
const pickerFirstPage = 50

// pickerCases returns the case picker's options: the caller's most recent
// cases and, after them, each chosen one not among them. A chosen id the
// caller may not see is left out rather than named.
func (s *Server) pickerCases(c echo.Context, chosen idSet) ([]casefile.Case, error) {
	p, err := s.Cases.List(c.Request().Context(), actor(c), casefile.Filter{Page: page.Request{Limit: pickerFirstPage}})
	if err != nil {
		return nil, err
	}
	return s.withChosenCases(c, p.Items, chosen)
}

// withChosenCases adds to a case picker's options the chosen cases it
// lacks: a form opened for edit, or shown again with its errors, must
// offer every case it names, also one the picker found by search beyond
// its first page, or a save without JavaScript would drop the link. A
// chosen case the person may no longer see is left out. Chosen cases are
// few (a form's own), so each is read by itself.
func (s *Server) withChosenCases(c echo.Context, opts []casefile.Case, chosen idSet) ([]casefile.Case, error) {
	ctx := c.Request().Context()
	out := opts
	for _, id := range chosen {
		if slices.ContainsFunc(out, func(k casefile.Case) bool { return k.ID == id }) {
			continue
		}
		k, err := s.Cases.Get(ctx, actor(c), id)
		if apperr.KindOf(err) == apperr.NotFound {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(slices.Clip(out), k)
	}
	return out, nil
}
