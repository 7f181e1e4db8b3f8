package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/apperr"
	"liaison/app/casefile"
	"liaison/app/notify"
	"liaison/app/workday"
)

type documentListView struct {
	Docs     []casefile.Document
	Units    map[int64]account.Unit
	Types    []casefile.DocumentType
	Filter   casefile.DocumentFilter
	NextLink string
}

type documentNewView struct {
	Sensitivities []account.Sensitivity
	Form          casefile.DocumentInput
	ReceivedOn    string
	DueOn         string
	Today         string
	CaseIDs       idSet
	Cases         []casefile.Case // the case picker's options: recent ones and those chosen
	All           []account.Unit
	Types         []casefile.DocumentType
}

type documentShowView struct {
	casefile.DocumentDetail
	Units      map[int64]account.Unit
	CanEdit    bool
	MayReceive bool   // the addressee may sign for it (签收)
	Today      string // the receipt form's default and latest date
	Received   string // the receipt form's value after an error
	Limit      int64
	Delivery   *notify.Undelivered // the issuer's undelivered-mail banner (h_delivery_status.go)
}

func (s *Server) documentPageList(c echo.Context) error {
	f, err := documentFilter(c)
	if err != nil {
		return err
	}
	list, err := s.Cases.ListDocuments(c.Request().Context(), actor(c), f)
	if err != nil {
		return err
	}
	_, units, err := s.unitDirectory(c)
	if err != nil {
		return err
	}
	types, err := s.Cases.TypeDefs(c.Request().Context())
	if err != nil {
		return err
	}
	v := documentListView{Docs: list.Items, Units: units, Filter: f}
	for _, t := range types {
		v.Types = append(v.Types, t.Code)
	}
	if list.NextCursor != "" {
		q := c.QueryParams()
		q.Set("cursor", list.NextCursor)
		v.NextLink = "/documents?" + q.Encode()
	}
	return s.render(c, http.StatusOK, "document_list", s.page(c, "documents", "document.list", v))
}

func (s *Server) documentPageNew(c echo.Context) error {
	in := casefile.DocumentInput{IssuingUnitID: actor(c).UnitID, Sensitivity: account.Ordinary}
	ids, _ := idList("case_id", c.QueryParam("case_id")) // a bad prefill is just not prefilled
	return s.renderDocumentNew(c, http.StatusOK, in, ids, nil)
}

func (s *Server) renderDocumentNew(c echo.Context, status int, in casefile.DocumentInput, caseIDs idSet, formErr error) error {
	all, err := s.allUnits(c)
	if err != nil {
		return err
	}
	cases, err := s.pickerCases(c, caseIDs)
	if err != nil {
		return err
	}
	types, err := s.Cases.IssuableTypes(c.Request().Context(), actor(c))
	if err != nil {
		return err
	}
	if in.Type == "" && len(types) > 0 {
		in.Type = types[0] // a new form: the first type the person may issue
	}
	v := documentNewView{Sensitivities: sensitivities, Form: in, CaseIDs: caseIDs, Cases: cases, All: all, Types: types,
		Today: s.today().String()}
	if in.ReplyDueOn != nil {
		v.DueOn = *in.ReplyDueOn
	}
	if in.ReceivedOn != nil {
		v.ReceivedOn = *in.ReceivedOn
	}
	p := s.page(c, "documents", "document.new", v)
	s.formErrors(p, formErr)
	return s.render(c, status, "document_new", p)
}

// idList parses "1, 2 3" into ids; a bad element is a field error.
func idList(field, s string) ([]int64, error) {
	out := []int64{}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '，' }) {
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil || n <= 0 {
			return nil, apperr.Fields{field: "id_invalid"}.Err()
		}
		out = append(out, n)
	}
	return out, nil
}

func (s *Server) documentPageCreate(c echo.Context) error {
	due, received := c.FormValue("reply_due_on"), c.FormValue("received_on")
	form, _ := c.FormParams()
	// The picker sends one case_ids per case; a typed "3, 5" still parses.
	caseIDs := strings.Join(form["case_ids"], ",")
	in := casefile.DocumentInput{Type: casefile.DocumentType(c.FormValue("type")), Number: c.FormValue("number"), Title: c.FormValue("title"),
		IssuingUnitID: formID(c, "issuing_unit_id"), AddresseeUnitID: formID(c, "addressee_unit_id"), IssuedOn: c.FormValue("issued_on"),
		ReceivedOn: &received, ReplyDueOn: &due, Sensitivity: account.Sensitivity(c.FormValue("sensitivity")),
		TypicalProblemsCopied: c.FormValue("typical_problems_copied") == "true"}
	for _, v := range form["cc_unit_ids"] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.CCUnitIDs = append(in.CCUnitIDs, n)
		}
	}
	ids, err := idList("case_ids", caseIDs)
	if err == nil {
		in.CaseIDs = ids
		var d casefile.DocumentDetail
		if d, err = s.Cases.CreateDocument(c.Request().Context(), actor(c), in); err == nil {
			s.flash(c, "common.saved")
			return redirect(c, "/documents/"+strconv.FormatInt(d.ID, 10))
		}
	}
	if formFixable(err) {
		return s.renderDocumentNew(c, statusFor(err), in, idSet(in.CaseIDs), err)
	}
	return err
}

func (s *Server) documentPageShow(c echo.Context) error {
	return s.renderDocumentShow(c, http.StatusOK, nil)
}

func (s *Server) renderDocumentShow(c echo.Context, status int, formErr error) error {
	return s.renderDocumentShowWith(c, status, formErr, "")
}

func (s *Server) renderDocumentShowWith(c echo.Context, status int, formErr error, received string) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	a := actor(c)
	d, err := s.Cases.GetDocument(c.Request().Context(), a, id)
	if err != nil {
		return err
	}
	_, units, err := s.unitDirectory(c)
	if err != nil {
		return err
	}
	v := documentShowView{DocumentDetail: d, Units: units, CanEdit: a.Can(account.ActEdit, d.Scope()),
		MayReceive: casefile.MayReceive(a, d.Document), Today: s.today().String(), Received: received, Limit: s.Config.UploadLimit >> 20}
	if v.Delivery, err = s.linkDelivery(c, v.CanEdit, "/documents/"+strconv.FormatInt(d.ID, 10)); err != nil {
		return err
	}
	p := s.page(c, "documents", "", v)
	p.Title = d.Number
	s.formErrors(p, formErr)
	return s.render(c, status, "document_show", p)
}

func (s *Server) documentPageUpload(c echo.Context) error {
	if _, err := s.uploadFile(c); err != nil {
		if formFixable(err) {
			return s.renderDocumentShow(c, statusFor(err), err)
		}
		return err
	}
	s.flash(c, "document.uploaded")
	return redirect(c, "/documents/"+c.Param("id"))
}

// documentPageReceive is the addressee's 签收 button, with the day of
// receipt (today unless changed).
func (s *Server) documentPageReceive(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	in := casefile.ReceiptInput{ReceivedOn: strings.TrimSpace(c.FormValue("received_on")), Version: formVersion(c)}
	if _, err := s.Cases.ReceiveDocument(c.Request().Context(), actor(c), id, in); err != nil {
		if formFixable(err) {
			return s.renderDocumentShowWith(c, statusFor(err), err, in.ReceivedOn)
		}
		return err
	}
	s.flash(c, "document.received")
	return redirect(c, "/documents/"+c.Param("id"))
}

// today is the civil date in Shanghai by the application's clock.
func (s *Server) today() workday.Date { return workday.FromTime(s.DB.Now()) }
