package account

// SQLIs is the condition that column col holds sensitivity level l, for
// the other areas' queries over their own tables: written from this
// package's constants, so the levels are named in one place.
func SQLIs(col string, l Sensitivity) string { return col + " = '" + string(l) + "'" }

// SQLIsNot is SQLIs negated.
func SQLIsNot(col string, l Sensitivity) string { return col + " <> '" + string(l) + "'" }
