package archtest

import (
	"go/ast"
	"go/token"
	"strings"
)

// storeReachIns finds, in one file, calls that go through another value's
// Store (s.Accounts.Store.UnitsByIDs, acc.Store.Unit): an area's store is
// its own, and others ask its service. A method's own s.Store is fine, and
// so are the test-support packages (…test), which set up fixtures below
// the services on purpose.
func storeReachIns(f *ast.File) []string {
	var out []string
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		recv := ""
		if fn.Recv != nil && len(fn.Recv.List) == 1 && len(fn.Recv.List[0].Names) == 1 {
			recv = fn.Recv.List[0].Names[0].Name
		}
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			inner, ok := sel.X.(*ast.SelectorExpr)
			if !ok || inner.Sel.Name != "Store" {
				return true
			}
			if id, ok := inner.X.(*ast.Ident); ok && id.Name == recv {
				return true // the receiver's own store
			}
			out = append(out, exprString(inner.X)+".Store."+sel.Sel.Name)
			return true
		})
	}
	return out
}

// exprString writes a selector chain (s.Accounts) as source.
func exprString(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return exprString(x.X) + "." + x.Sel.Name
	}
	return "…"
}

// ownedStates are the state values other packages must not spell out in
// their SQL: they take the owner's constants or its SQL fragments
// (meeting.SQLHeld, meeting.SQLAttends, account.SQLIs), so renaming a
// state in its package cannot silently break a query elsewhere.
var ownedStates = map[string][]string{
	"app/meeting": {"scheduled", "cancelled", "declined", "delegated", "tentative"},
	"app/account": {"ordinary", "sensitive", "classified", // sensitivity levels
		"rule_of_law_office", "procuratorate", "justice_bureau", "government", "party_committee", "discipline_commission", "agency"}, // unit kinds
	"app/followup": {"in_progress", "answered", "rectified", "returned", // item states ('open' and 'overdue' are words others use)
		"decision", "document", "clue"}, // item sources
}

// stateLiterals finds, in one file of package pkg, string literals that
// quote another package's state as SQL does ('cancelled').
func stateLiterals(pkg string, f *ast.File) []string {
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		for owner, values := range ownedStates {
			if owner == pkg {
				continue
			}
			for _, v := range values {
				if strings.Contains(lit.Value, "'"+v+"'") {
					out = append(out, "'"+v+"' (owned by "+owner+")")
				}
			}
		}
		return true
	})
	return out
}
