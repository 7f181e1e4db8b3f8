package followup

import (
	"context"

	"gorm.io/gorm"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/db"
	"liaison/app/page"
	"liaison/app/workday"
)

// viewer is what the list query needs of the policy (account.Actor.Can),
// translated to SQL so that pagination sees only visible rows.
type viewer struct {
	UnitID, UserID int64
	AllSensitive   bool // leaders see sensitive records
	AllOrdinary    bool // leaders, admins and the office's secretaries see ordinary ones
}

// openStatuses are the stored statuses that become overdue past the due date.
var openStatuses = []Status{Open, InProgress, Returned}

// List returns up to f.Page.Limit+1 visible items, by due date then id.
// A unit's board (f.UnitID) reads the unit's items from
// action_items_board_idx, (responsible_unit_id, due_on, id), already in
// the page's order, and stops at the page (migration 0013); filtered by
// status, from (responsible_unit_id, status, due_on). Without it SQLite
// took every item the unit ever had and sorted them.
func (s *store) List(ctx context.Context, v viewer, f Filter, today workday.Date) ([]ActionItem, error) {
	var rows []ActionItem
	if err := s.filtered(ctx, v, f, today).Order("due_on, id").Limit(f.Page.Limit + 1).Find(&rows).Error; err != nil {
		return nil, apperr.Wrap(err, "db")
	}
	return rows, nil
}

// filtered selects the visible items matching f after its cursor, in no order.
func (s *store) filtered(ctx context.Context, v viewer, f Filter, today workday.Date) *gorm.DB {
	q := s.db.Conn(ctx).Model(&ActionItem{})
	q = q.Where(visible(s.db.Conn(ctx), v, f.UnitID > 0 && f.UnitID == v.UnitID))
	if f.UnitID > 0 {
		q = q.Where("responsible_unit_id = ?", f.UnitID)
	}
	if f.IssuingUnitID > 0 {
		q = q.Where("issuing_unit_id = ?", f.IssuingUnitID)
	}
	if f.Mine {
		q = q.Where("(responsible_unit_id = ? OR owner_user_id = ?)", v.UnitID, v.UserID)
	}
	if f.Pending {
		q = q.Where("status IN ?", openStatuses)
	}
	overdueSQL := "(status IN ? AND due_on < ?)"
	switch f.Status {
	case "":
	case Overdue:
		q = q.Where(overdueSQL, openStatuses, today)
	case Open, InProgress, Returned:
		q = q.Where("status = ? AND due_on >= ?", f.Status, today)
	default:
		q = q.Where("status = ?", f.Status)
	}
	if f.Overdue != nil {
		if *f.Overdue {
			q = q.Where(overdueSQL, openStatuses, today)
		} else {
			q = q.Where("NOT "+overdueSQL, openStatuses, today)
		}
	}
	if f.Q != "" {
		q = q.Where("title LIKE ? ESCAPE '\\'", db.Contains(f.Q))
	}
	if !f.DueBefore.IsZero() {
		q = q.Where("due_on <= ?", f.DueBefore)
	}
	if c := f.Page.Cursor; !c.IsZero() {
		q = q.Where("(due_on > ? OR (due_on = ? AND id > ?))", c.Key, c.Key, c.ID)
	}
	return q
}

// visible mirrors account.Actor.Can(ActView, item.Scope()) in SQL. With
// ownUnit, the rows are already limited to items the viewer's unit is
// responsible for (its own board, the list's default), so the viewer is a
// member of every one: what is left of the rule is "not classified, or
// issued by the unit or owned by the viewer". Stated so, PostgreSQL keeps
// one cached plan for the board; with the member clause's EXISTS it planned
// every request afresh (0.7–1.9 ms).
func visible(c *gorm.DB, v viewer, ownUnit bool) *gorm.DB {
	if ownUnit {
		return c.Where("(issuing_unit_id = ? OR owner_user_id = ?) OR "+account.SQLIsNot("sensitivity", account.Classified), v.UnitID, v.UserID)
	}
	// LIMIT/OFFSET: PostgreSQL probes the (action_item_id, unit_id) key per
	// row of the page instead of hashing every link of the unit (a "hashed
	// SubPlan", linear in history); SQLite probes per row either way.
	involved := "EXISTS (SELECT 1 FROM action_item_units x WHERE x.action_item_id = action_items.id AND x.unit_id = ? LIMIT 1 OFFSET 0)"
	member := "(responsible_unit_id = ? OR " + involved + ")"
	w := c.Where("(issuing_unit_id = ? OR owner_user_id = ?)", v.UnitID, v.UserID)
	if v.AllSensitive {
		w = w.Or(account.SQLIsNot("sensitivity", account.Classified))
	} else {
		w = w.Or(account.SQLIsNot("sensitivity", account.Classified)+" AND "+member, v.UnitID, v.UnitID)
	}
	if v.AllOrdinary {
		w = w.Or(account.SQLIs("sensitivity", account.Ordinary))
	}
	return w
}

// CursorOf is the list's keyset position after it.
func CursorOf(it ActionItem) page.Cursor { return page.Cursor{Key: it.DueOn.String(), ID: it.ID} }
