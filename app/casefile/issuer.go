package casefile

import (
	"context"

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

// IssuerRuleCode is the message code naming the rule a refusal rests on
// (an added type's message names the type and its issuing kinds).
func IssuerRuleCode(t DocumentType) string {
	if t.Custom() {
		return "document.issuer_rule.custom"
	}
	return "document.issuer_rule." + string(t)
}

// checkIssuer refuses (422, nothing changes) an issuing unit whose kind the
// type's rule does not name, and a type that is unknown or retired. The
// unit is known to exist (checkUnits ran).
func (s *Service) checkIssuer(ctx context.Context, t DocumentType, unitID int64) error {
	def := builtinDef(t, Period{}) // the four's issuers are fixed; no period is asked here
	if !t.Valid() {
		var err error
		if def, err = s.TypeDef(ctx, t, true); err != nil {
			return err
		}
	}
	units, err := s.Accounts.UnitsByIDs(ctx, []int64{unitID})
	if err != nil {
		return err
	}
	if u, ok := units[unitID]; ok && !def.MayIssue(u.Kind) {
		code := IssuerRuleCode(t)
		return &apperr.Error{Kind: apperr.Invalid, Code: code, Fields: map[string]string{"issuing_unit_id": code},
			Args: map[string]any{"Type": def.NameZh}}
	}
	return nil
}

// defaultCopies fills in the units a type copies by default when the
// request did not name its copies (nil, as opposed to an empty list).
func (s *Service) defaultCopies(ctx context.Context, in *DocumentInput) error {
	if in.CCUnitIDs != nil {
		return nil
	}
	kinds := copiedKinds[in.Type]
	if in.Type.Custom() {
		def, err := s.TypeDef(ctx, in.Type, false)
		if err != nil {
			return nil // an unknown type is refused later, naming its field
		}
		kinds = def.CopiedKinds
	}
	if len(kinds) == 0 {
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
