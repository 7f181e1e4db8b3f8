package account

import "liaison/app/apperr"

// The sensitivity rule, one per level and the same for every record type
// (meetings with their agenda, minutes and attendees; cases and their
// notifications; documents; action items with their feedback and
// escalation):
//
//   - ordinary: the register entry and the content;
//   - sensitive: the register entry only;
//   - classified: the register entry only, and outside its own pages
//     (feeds, mail, exports) it shows as neutral text.
//
// The register entry is what a paper register would list: kind, number
// (案号, 文号) or a neutral title, dates and times, units, people of the
// district by id, room, states, the paper file's holder. Content is every
// free text beyond it (descriptions, places, links, minutes, decisions,
// comments, reasons, feedback, outside guests' names, uploaded files):
// sensitive and classified matters travel offline, so it is refused with
// 422 sensitivity.no_content and nothing changes. Each package decides
// which of its fields are content (the README's table) and asks here.

// NoContentCode is the error code of content a record's level refuses.
const NoContentCode = "sensitivity.no_content"

// HoldsContent reports whether a record at level s may hold content beyond
// its register entry: only ordinary records do (an unknown level does not).
func (s Sensitivity) HoldsContent() bool { return s == Ordinary }

// RefuseContent records field → sensitivity.no_content in f when present
// content is given for a record at level s that may hold none, and reports
// whether it did.
func RefuseContent(f apperr.Fields, s Sensitivity, field string, present bool) bool {
	if present && !s.HoldsContent() {
		f.Add(field, NoContentCode)
		return true
	}
	return false
}

// ContentError is the 422 for one field of content a record at level s
// may not hold, or nil when it may (or nothing is given).
func ContentError(s Sensitivity, field string, present bool) error {
	f := apperr.Fields{}
	if !RefuseContent(f, s, field, present) {
		return nil
	}
	return &apperr.Error{Kind: apperr.Invalid, Code: NoContentCode, Fields: map[string]string(f)}
}
