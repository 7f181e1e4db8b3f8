package web

import (
	"fmt"

	"liaison/app/casefile"
)

// DocType names a document type in the page's language: the source's four
// from the message catalogue, an administrator's from its row, read once
// per page and only when a page shows such a type (most never do).
// It takes any value whose text is the code (the 工作台's items carry it
// as a plain string).
func (p *Page) DocType(v any) string {
	t := casefile.DocumentType(fmt.Sprint(v))
	if !t.Custom() {
		return p.T("document.type_" + string(t))
	}
	if p.docNames == nil {
		names, err := p.s.Cases.TypeNames(p.ctx, p.Lang)
		if err != nil {
			names = map[casefile.DocumentType]string{} // shown as its code, which tests catch
		}
		p.docNames = names
	}
	if n, ok := p.docNames[t]; ok {
		return n
	}
	return string(t)
}
