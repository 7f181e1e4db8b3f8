package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/casefile"
	"liaison/app/i18n"
)

// The document types administrators add beside the source's four
// (casefile/doctype.go), on the case-types page and in the API.

// docTypeDefs are every type with the four's names filled in from the
// message catalogue.
func (s *Server) docTypeDefs(ctx context.Context) ([]casefile.TypeDef, error) {
	defs, err := s.Cases.TypeDefs(ctx)
	if err != nil {
		return nil, err
	}
	for i, d := range defs {
		if d.Builtin {
			defs[i].NameZh = s.Tr.T(i18n.ZH, "document.type_"+string(d.Code), nil)
			defs[i].NameEn = s.Tr.T(i18n.EN, "document.type_"+string(d.Code), nil)
		}
	}
	return defs, nil
}

// builtinTypeNames are the four's Chinese names, which an added type may not take.
func (s *Server) builtinTypeNames() map[casefile.DocumentType]string {
	out := map[casefile.DocumentType]string{}
	for _, t := range casefile.DocumentTypes {
		out[t] = s.Tr.T(i18n.ZH, "document.type_"+string(t), nil)
	}
	return out
}

func (s *Server) apiDocumentTypes(c echo.Context) error {
	defs, err := s.docTypeDefs(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"items": defs, "next_cursor": ""})
}

func (s *Server) apiDocumentTypeCreate(c echo.Context) error {
	var in casefile.TypeDefInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	d, err := s.Cases.CreateTypeDef(c.Request().Context(), actor(c), in, s.builtinTypeNames())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, d)
}

func (s *Server) apiDocumentTypeUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in casefile.TypeDefInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	d, err := s.Cases.UpdateTypeDef(c.Request().Context(), actor(c), id, in, s.builtinTypeNames())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, d)
}

// docTypeForm reads an added type from the case-types page's form.
func docTypeForm(c echo.Context) (casefile.TypeDefInput, error) {
	if _, err := c.FormParams(); err != nil {
		return casefile.TypeDefInput{}, err
	}
	form := c.Request().Form
	in := casefile.TypeDefInput{NameZh: form.Get("name_zh"), NameEn: form.Get("name_en"), Reply: formPeriod(c, "reply"),
		IssuerKinds: []account.UnitKind{}, CopiedKinds: []account.UnitKind{}}
	for _, k := range form["issuer_kinds"] {
		in.IssuerKinds = append(in.IssuerKinds, account.UnitKind(k))
	}
	for _, k := range form["copied_kinds"] {
		in.CopiedKinds = append(in.CopiedKinds, account.UnitKind(k))
	}
	if v := form.Get("active"); v != "" {
		active := v == "true"
		in.Active = &active
	}
	in.Version, _ = strconv.Atoi(strings.TrimSpace(form.Get("version")))
	return in, nil
}

func (s *Server) documentTypeCreate(c echo.Context) error {
	in, err := docTypeForm(c)
	if err != nil {
		return err
	}
	if _, err := s.Cases.CreateTypeDef(c.Request().Context(), actor(c), in, s.builtinTypeNames()); err != nil {
		if formFixable(err) {
			return s.renderCaseTypesWith(c, statusFor(err), casefileTypeForms{docType: in}, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/cases/types#document-types")
}

func (s *Server) documentTypeUpdate(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	in, err := docTypeForm(c)
	if err != nil {
		return err
	}
	if _, err := s.Cases.UpdateTypeDef(c.Request().Context(), actor(c), id, in, s.builtinTypeNames()); err != nil {
		if formFixable(err) {
			return s.renderCaseTypesWith(c, statusFor(err), casefileTypeForms{docType: in, docTypeID: id}, err)
		}
		return err
	}
	s.flash(c, "common.saved")
	return redirect(c, "/cases/types#document-types")
}
