package casefile

import (
	"context"
	"database/sql"

	"liaison/app/account"
	"liaison/app/apperr"
)

// caseVisibleSQL is the case policy of account.Actor.Can(ActView) under v
// as a WHERE clause over cases, with the actor's unit as @u. The
// respondent organ is no party: it is in neither branch.
func caseVisibleSQL(v visibility) string {
	member := "(origin_unit_id = @u OR id IN (SELECT case_id FROM case_notifications WHERE from_unit_id = @u OR to_unit_id = @u))"
	ord, sens := member, member
	if v.AllOrdinary {
		ord = "1=1"
	}
	if v.AllSensitive {
		sens = "1=1"
	}
	return levels("origin_unit_id", sens, ord)
}

// documentVisibleSQL is the document policy under v as a WHERE clause over
// documents (issuer, addressee and copied units), with @u as above.
func documentVisibleSQL(v visibility) string {
	member := "(issuing_unit_id = @u OR addressee_unit_id = @u OR id IN (SELECT document_id FROM document_cc_units WHERE unit_id = @u))"
	ord, sens := member, member
	if v.AllOrdinary {
		ord = "1=1"
	}
	if v.AllSensitive {
		sens = "1=1"
	}
	return levels("issuing_unit_id", sens, ord)
}

// visibleIDs returns those of ids (of table cases or documents) visible
// under v.
func (s *store) visibleIDs(ctx context.Context, model any, where string, v visibility, ids []int64) ([]int64, error) {
	out := []int64{}
	if v.NoneAtAll || len(ids) == 0 {
		return out, nil
	}
	err := s.db.Conn(ctx).Model(model).Where("id IN @ids", sql.Named("ids", ids)).Where(where, sql.Named("u", v.UnitID)).Pluck("id", &out).Error
	return out, apperr.Wrap(err, "db")
}

// levels joins the rule per sensitivity level: a classified record only to
// the unit in owner, a sensitive one under sens, an ordinary one under ord.
func levels(owner, sens, ord string) string {
	return "((" + account.SQLIs("sensitivity", account.Classified) + " AND " + owner + " = @u) OR (" +
		account.SQLIs("sensitivity", account.Sensitive) + " AND " + sens + ") OR (" +
		account.SQLIs("sensitivity", account.Ordinary) + " AND " + ord + "))"
}
