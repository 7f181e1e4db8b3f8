package webtest

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"testing"
)

// CaseJSON is a case as the API answers it (the fields tests look at).
type CaseJSON struct {
	ID               int64   `json:"id"`
	Number           string  `json:"number"`
	Title            string  `json:"title"`
	Kind             string  `json:"kind"`
	Stage            string  `json:"stage"`
	Sensitivity      string  `json:"sensitivity"`
	OriginUnitID     int64   `json:"origin_unit_id"`
	RespondentUnitID int64   `json:"respondent_unit_id"`
	AcceptedOn       *string `json:"accepted_on"`
	NotifyDueOn      *string `json:"notify_due_on"`
	ResultDueOn      *string `json:"result_due_on"`
	NotifiedOn       *string `json:"notified_on"`
	ResultOn         *string `json:"result_on"`
	NotifyLate       bool    `json:"notify_late"`
	ResultLate       bool    `json:"result_late"`
	Version          int     `json:"version"`
}

// DocumentJSON is a document as the API answers it.
type DocumentJSON struct {
	ID              int64   `json:"id"`
	Type            string  `json:"type"`
	Number          string  `json:"number"`
	Status          string  `json:"status"`
	IssuedOn        string  `json:"issued_on"`
	ReceivedOn      string  `json:"received_on"`
	ReceivedBy      *int64  `json:"received_by"`
	ReplyDueFixed   string  `json:"reply_due_fixed"`
	ReplyDueOn      string  `json:"reply_due_on"`
	ReplyPeriodN    *int    `json:"reply_period_n"`
	ReplyPeriodUnit *string `json:"reply_period_unit"`
	Provisional     bool    `json:"reply_due_provisional"`
	ReplyDueWas     *string `json:"reply_due_was"`
	Version         int     `json:"version"`
	Waiting         *struct {
		N    int    `json:"n"`
		Unit string `json:"unit"`
	} `json:"waiting"`
	CCUnitIDs   []int64 `json:"cc_unit_ids"`
	CaseIDs     []int64 `json:"case_ids"`
	ActionItems []struct {
		ID                int64   `json:"id"`
		Title             string  `json:"title"`
		ResponsibleUnitID int64   `json:"responsible_unit_id"`
		IssuingUnitID     int64   `json:"issuing_unit_id"`
		DueOn             string  `json:"due_on"`
		DueProvisional    bool    `json:"due_provisional"`
		ReceivedOn        string  `json:"received_on"`
		SourceKind        string  `json:"source_kind"`
		SourceID          int64   `json:"source_id"`
		CaseIDs           []int64 `json:"case_ids"`
	} `json:"action_items"`
	Files []struct {
		ID          int64  `json:"id"`
		Filename    string `json:"filename"`
		ContentType string `json:"content_type"`
		Size        int64  `json:"size"`
	} `json:"files"`
}

// CreateCase posts body to /api/v1/cases and fails the test unless 201.
func (c *Client) CreateCase(t testing.TB, body map[string]any) CaseJSON {
	t.Helper()
	r := c.Post("/api/v1/cases", body)
	if r.Status != http.StatusCreated {
		t.Fatalf("create case: status %d\n%s", r.Status, r.Body)
	}
	var k CaseJSON
	r.Decode(t, &k)
	return k
}

// CreateDocument posts body to /api/v1/documents and fails the test unless
// 201. A body that does not name received_on is sent as a paper delivery
// received on its issue day, so the document has its deadline and action
// item at once (what most tests need); received_on: nil leaves it awaiting
// the addressee's receipt.
func (c *Client) CreateDocument(t testing.TB, body map[string]any) DocumentJSON {
	t.Helper()
	if _, ok := body["received_on"]; !ok {
		b := make(map[string]any, len(body)+1)
		for k, v := range body {
			b[k] = v
		}
		b["received_on"] = body["issued_on"]
		body = b
	}
	r := c.Post("/api/v1/documents", body)
	if r.Status != http.StatusCreated {
		t.Fatalf("create document: status %d\n%s", r.Status, r.Body)
	}
	var d DocumentJSON
	r.Decode(t, &d)
	return d
}

// Upload posts data as the multipart part "file" named filename to path;
// extra form values (a browser's _csrf) go along.
func (c *Client) Upload(path, filename string, data []byte, extra map[string]string) Response {
	c.env.T.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range extra {
		_ = w.WriteField(k, v)
	}
	fw, err := w.CreateFormFile("file", filename)
	if err != nil {
		c.env.T.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = w.Close()
	// No CSRF header: a browser form carries it as a field (extra), and
	// tests send forms without one to see them refused.
	return c.send(http.MethodPost, path, &buf, w.FormDataContentType(), false)
}

// CasePath is /api/v1/cases/{id} plus suffix.
func CasePath(id int64, suffix string) string { return fmt.Sprintf("/api/v1/cases/%d%s", id, suffix) }
