package main

import (
	"fmt"
	"sort"
	"strings"

	"liaison/app/apperr"
	"liaison/app/i18n"
)

// describe turns a domain error into a line an operator can act on.
func describe(err error) error {
	ae, ok := apperr.As(err)
	if !ok {
		return err
	}
	tr, terr := i18n.New()
	if terr != nil {
		return err
	}
	msg := tr.T(i18n.EN, ae.Code, ae.Args)
	var parts []string
	for f, code := range ae.Fields {
		parts = append(parts, fmt.Sprintf("%s: %s", f, tr.T(i18n.EN, code, ae.Args)))
	}
	sort.Strings(parts)
	if len(parts) > 0 {
		msg += " " + strings.Join(parts, "; ")
	}
	return fmt.Errorf("%s", msg)
}
