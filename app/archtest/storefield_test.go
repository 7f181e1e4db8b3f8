package archtest

import (
	"go/ast"
	"go/token"
	"strings"
)

// exportedStores finds, in one file, exported fields of the package's own
// struct types whose type is the package's store (store or *store, any
// case): an area's store is its own. Unexported, the compiler refuses any
// other package's reach below the service; an exported field would let
// them in again. Test-support packages (…test) are left alone.
func exportedStores(f *ast.File) []string {
	var out []string
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.TYPE {
			continue
		}
		for _, sp := range g.Specs {
			ts := sp.(*ast.TypeSpec)
			st, ok := ts.Type.(*ast.StructType)
			if !ok {
				continue
			}
			for _, fld := range st.Fields.List {
				if !isOwnStore(fld.Type) {
					continue
				}
				for _, n := range fld.Names {
					if n.IsExported() {
						out = append(out, ts.Name.Name+"."+n.Name)
					}
				}
				if len(fld.Names) == 0 && isExportedEmbed(fld.Type) {
					out = append(out, ts.Name.Name+".Store") // an embedded Store is an exported field too
				}
			}
		}
	}
	return out
}

// isOwnStore: the type is the package's own store type, by value or pointer.
func isOwnStore(e ast.Expr) bool {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	id, ok := e.(*ast.Ident)
	return ok && strings.EqualFold(id.Name, "store")
}

func isExportedEmbed(e ast.Expr) bool {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	id, ok := e.(*ast.Ident)
	return ok && id.IsExported()
}
