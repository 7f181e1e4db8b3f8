package scoreboard

import (
	"slices"

	"liaison/app/apperr"
	"liaison/app/casefile"
	"liaison/app/followup"
)

// The ranking's basis. The source's 一月一晒绩 ranks "各单位每月收到的检察建议和
// 行政执法监督意见的数量及整改落实情况": by default only items from
// 检察建议书 and 行政执法监督意见书 feed the figures and the score. Items
// of any other kind (meeting decisions, 复议 documents, 法律意见) are shown
// beside the ranking, each kind in its own column of items received in
// the month. Admins may move a kind in or out of the basis (Settings.Basis).
//
// A unit with no item of the basis in any figure of the month (nothing
// received, due, overdue, answered, verified, returned or escalated) is
// listed as 本月无: it is not ranked, and the month does not enter its
// year-end average, so it can be neither first nor commended for it.

// KindDecision is the kind of an item a meeting decision created; a
// document's item has its document's type as kind.
const KindDecision = string(followup.FromDecision)

// Kinds lists every kind an item may have, in display order.
func Kinds() []string {
	out := make([]string, 0, len(casefile.DocumentTypes)+1)
	for _, t := range casefile.DocumentTypes {
		out = append(out, string(t))
	}
	return append(out, KindDecision)
}

// DefaultBasis is the source's basis: suggestions and supervision opinions.
func DefaultBasis() []string {
	return []string{string(casefile.ProcuratorialSuggestion), string(casefile.SupervisionOpinion)}
}

// inBasis reports whether an item of kind counts in the ranking. An item
// whose document the register does not hold (kind "document": imported
// or test data) or of no known kind counts, as every item did before the
// basis existed.
func inBasis(basis []string, kind string) bool {
	return kind == "" || kind == string(followup.FromDocument) || slices.Contains(basis, kind)
}

// validateBasis checks every kind is known.
func validateBasis(basis []string, f apperr.Fields) {
	kinds := Kinds()
	for _, k := range basis {
		if !slices.Contains(kinds, k) {
			f.Add("basis", "scoreboard.basis_invalid")
			return
		}
	}
}

// none reports whether a row has no item of the basis in any figure.
func (r Row) none() bool {
	for _, f := range Figures {
		if !f.IsMeeting() && r.Value(f) > 0 {
			return false
		}
	}
	return true
}

// factItems are the ids of every item the facts name.
func factItems(f facts) []int64 {
	ids := make([]int64, 0, len(f.items)+len(f.returned)+len(f.escalated))
	for _, it := range f.items {
		ids = append(ids, it.ID)
	}
	for _, x := range append(slices.Clone(f.returned), f.escalated...) {
		ids = append(ids, x.ActionItemID)
	}
	return ids
}
