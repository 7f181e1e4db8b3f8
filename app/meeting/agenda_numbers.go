package meeting

import (
	"context"
	"slices"
	"strings"

	"liaison/app/account"
	"liaison/app/apperr"
)

// resolveCaseNumbers adds to in.CaseIDs the cases named by in.CaseNumbers
// (案号, as people know a case). Each must name exactly one case the actor
// may see, or one the item links already (had); otherwise the answer is a
// 422 naming that 案号, so that nothing is linked by a guess.
func (s *Service) resolveCaseNumbers(ctx context.Context, a account.Actor, in *AgendaInput, had []int64) error {
	if len(in.CaseNumbers) > 50 {
		return fieldErr("case_numbers", "too_long")
	}
	for _, raw := range in.CaseNumbers {
		n := strings.TrimSpace(raw)
		if n == "" {
			continue
		}
		ids, err := s.store.caseIDsByNumber(ctx, n)
		if err != nil {
			return err
		}
		var seen []int64
		for _, id := range ids {
			if slices.Contains(had, id) {
				seen = append(seen, id)
				continue
			}
			err := s.Cases.CheckVisible(ctx, a, "case_numbers", []int64{id})
			if apperr.KindOf(err) == apperr.Invalid {
				continue // hidden from the actor: as if it did not exist
			}
			if err != nil {
				return err
			}
			seen = append(seen, id)
		}
		switch len(seen) {
		case 0:
			return caseNumberErr("meeting.case_number_unknown", n)
		case 1:
			if !slices.Contains(in.CaseIDs, seen[0]) {
				in.CaseIDs = append(in.CaseIDs, seen[0])
			}
		default:
			return caseNumberErr("meeting.case_number_ambiguous", n)
		}
	}
	if len(in.CaseIDs) > 50 {
		return fieldErr("case_numbers", "too_long")
	}
	return nil
}

func caseNumberErr(code, number string) error {
	e := apperr.E(apperr.Invalid, code, "Number", number)
	e.Fields = map[string]string{"case_numbers": code}
	return e
}
