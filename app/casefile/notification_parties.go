package casefile

import (
	"context"

	"liaison/app/account"
	"liaison/app/apperr"
)

// The two-way register (案件双向通报) runs between the procuratorate and the
// justice bureau: each tells the other of the cases it accepts and handles.
// A notification is sent by a party to the case — the unit that registered
// it, or the other side of the register — and goes to the other side; it
// is never addressed to the agency under supervision or any third unit,
// so a notification can never widen who sees a case beyond the register.

// RegisterSide reports whether units of kind k are a side of the register.
func RegisterSide(k account.UnitKind) bool {
	return k == account.KindProcuratorate || k == account.KindJusticeBureau
}

// checkParties refuses a notification about c that is not sent by a party
// or not addressed to the other side of the register.
func (s *Service) checkParties(ctx context.Context, c Case, fromID, toID int64) error {
	units, err := s.Accounts.UnitsByIDs(ctx, []int64{fromID, toID})
	if err != nil {
		return err
	}
	from, to := units[fromID], units[toID]
	f := apperr.Fields{}
	if from.ID != c.OriginUnitID && !RegisterSide(from.Kind) {
		f.Add("from_unit_id", "case.notify_not_party")
	}
	if !RegisterSide(to.Kind) || (RegisterSide(from.Kind) && from.Kind == to.Kind) {
		f.Add("to_unit_id", "case.notify_target")
	}
	return f.Err()
}
