package web

import (
	"maps"
	"strings"

	"liaison/app/apperr"
)

// formFixable reports errors a form shows next to its fields (422) or as
// a stale-version notice (409) instead of an error page.
func formFixable(err error) bool {
	k := apperr.KindOf(err)
	return k == apperr.Invalid || k == apperr.Conflict
}

func statusFor(err error) int { return statusOf[apperr.KindOf(err)] }

// formErrors puts err's localised field messages and summary on p.
func (s *Server) formErrors(p *Page, err error) {
	ae, ok := apperr.As(err)
	if !ok {
		return
	}
	args := s.labelArgs(p.Lang, ae.Args)
	p.Error = s.Tr.T(p.Lang, ae.Code, args)
	if len(ae.Fields) > 0 {
		p.Errors = make(map[string]string, len(ae.Fields))
		for f, code := range ae.Fields {
			p.Errors[f] = s.Tr.T(p.Lang, code, args)
		}
	}
}

// fieldLabel is how a page names an input field: its label ("field.<name>"
// in the message files), for a nested name ("decisions[0].title") the
// label of its last part, else the name as the API spells it.
func (s *Server) fieldLabel(lang, name string) string {
	if s.Tr.Has(lang, "field."+name) {
		return s.Tr.T(lang, "field."+name, nil)
	}
	last := name[strings.LastIndexAny(name, ".]")+1:]
	if last != name && s.Tr.Has(lang, "field."+last) {
		return s.Tr.T(lang, "field."+last, nil)
	}
	return name
}

// labelArgs is args with a field named in "Field" (malformed.type) given
// by its label, for pages.
func (s *Server) labelArgs(lang string, args map[string]any) map[string]any {
	f, ok := args["Field"].(string)
	if !ok {
		return args
	}
	out := maps.Clone(args)
	out["Field"] = s.fieldLabel(lang, f)
	return out
}
