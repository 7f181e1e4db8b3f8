package casefile

import (
	"context"
	"slices"

	"liaison/app/account"
	"liaison/app/apperr"
)

// Who issues which document, as the mechanism's source lays it down:
//   - 检察建议书: the procuratorate, to an agency, the justice bureau copied
//     (its 典型问题 go to the enforcement supervisor) unless the issuer
//     names the copies itself;
//   - 行政执法监督意见书: the district government, on the justice bureau's
//     request (提请, see OpinionRequest); the procuratorate is told (通报),
//     so it is copied unless the issuer names the copies itself;
//   - 行政复议意见书/建议书: the reconsideration body: the government (行政复议
//     机关) or the justice bureau that handles reconsideration for it;
//   - 法律意见和建议: either side of the link (procuratorate, justice
//     bureau), or the rule-of-law office that holds their joint review.
//
// Administrators may issue any type for any unit (they enter paper
// documents), but the issuing unit must still be of a kind the rule names.
var issuerKinds = map[DocumentType][]account.UnitKind{
	ProcuratorialSuggestion:   {account.KindProcuratorate},
	SupervisionOpinion:        {account.KindGovernment},
	ReconsiderationSuggestion: {account.KindGovernment, account.KindJusticeBureau},
	LegalOpinion:              {account.KindProcuratorate, account.KindJusticeBureau, account.KindRuleOfLawOffice},
}

// copiedKinds are the units a type copies by default (抄送, 通报) when the
// issuer leaves cc_unit_ids out of the request.
var copiedKinds = map[DocumentType][]account.UnitKind{
	ProcuratorialSuggestion: {account.KindJusticeBureau},
	SupervisionOpinion:      {account.KindProcuratorate},
}

// MayIssueType reports whether a unit of kind k may issue documents of type t.
func MayIssueType(t DocumentType, k account.UnitKind) bool { return slices.Contains(issuerKinds[t], k) }

// IssuableTypes are the types a unit of kind k may issue, in display order
// (what the form offers a secretary; an administrator gets every type).
func IssuableTypes(a account.Actor) []DocumentType {
	if a.Role == account.RoleAdmin {
		return DocumentTypes
	}
	out := []DocumentType{}
	for _, t := range DocumentTypes {
		if MayIssueType(t, a.UnitKind) {
			out = append(out, t)
		}
	}
	return out
}

// IssuerRuleCode is the message code naming the rule a refusal rests on.
func IssuerRuleCode(t DocumentType) string { return "document.issuer_rule." + string(t) }

// checkIssuer refuses (422, nothing changes) an issuing unit whose kind the
// type's rule does not name. The unit is known to exist (checkUnits ran).
func (s *Service) checkIssuer(ctx context.Context, t DocumentType, unitID int64) error {
	units, err := s.Accounts.Store.UnitsByIDs(ctx, []int64{unitID})
	if err != nil {
		return err
	}
	if u, ok := units[unitID]; ok && !MayIssueType(t, u.Kind) {
		code := IssuerRuleCode(t)
		return &apperr.Error{Kind: apperr.Invalid, Code: code, Fields: map[string]string{"issuing_unit_id": code}}
	}
	return nil
}

// defaultCopies fills in the units a type copies by default when the
// request did not name its copies (nil, as opposed to an empty list).
func (s *Service) defaultCopies(ctx context.Context, in *DocumentInput) error {
	kinds := copiedKinds[in.Type]
	if in.CCUnitIDs != nil || len(kinds) == 0 {
		return nil
	}
	ids, err := s.Accounts.ActiveUnitIDsOfKinds(ctx, kinds...)
	if err != nil {
		return err
	}
	in.CCUnitIDs = []int64{}
	for _, id := range ids {
		if id != in.AddresseeUnitID && id != in.IssuingUnitID {
			in.CCUnitIDs = append(in.CCUnitIDs, id)
		}
	}
	return nil
}
