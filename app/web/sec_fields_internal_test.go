package web

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
)

type PathInner struct {
	UnitID int64   `json:"convening_unit_id"`
	IDs    []int64 `json:"attendee_user_ids"`
	Parts  []struct {
		N int `json:"n"`
	} `json:"parts"`
}

type PathDeep struct {
	PathInner
	Extra int `json:"extra"`
}

type pathBody struct {
	*PathDeep
	Start *string          `json:"start"`
	Named PathInner        `json:"named"`
	Map   map[string]int   `json:"labels"`
	Ptr   *PathInner       `json:"ptr"`
	List  []PathInner      `json:"list"`
	Tags  map[string][]int `json:"tags"`
}

// TestBindJSON_FieldPaths: a type error names the field by its JSON path,
// through embedded structs (by value or pointer, at any depth), nested
// objects, lists and maps, never by a Go field name.
func TestBindJSON_FieldPaths(t *testing.T) {
	t.Parallel()
	e := echo.New()
	cases := map[string]string{
		`{"convening_unit_id":"x"}`:            "convening_unit_id",
		`{"attendee_user_ids":["x"]}`:          "attendee_user_ids",
		`{"parts":[{"n":"x"}]}`:                "parts.n",
		`{"extra":"x"}`:                        "extra",
		`{"start":5}`:                          "start",
		`{"named":{"convening_unit_id":1.5}}`:  "named.convening_unit_id",
		`{"labels":{"a":"x"}}`:                 "labels",
		`{"ptr":{"parts":[{"n":true}]}}`:       "ptr.parts.n",
		`{"list":[{"convening_unit_id":"x"}]}`: "list.convening_unit_id",
		`{"tags":{"k":["x"]}}`:                 "tags",
	}
	for body, want := range cases {
		req := httptest.NewRequest(http.MethodPost, "/api/v1/x", bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", "application/json")
		var v pathBody
		err := bindJSON(e.NewContext(req, httptest.NewRecorder()), &v)
		ae, ok := apperr.As(err)
		if !ok || ae.Code != "malformed.type" {
			t.Errorf("%s: %v", body, err)
			continue
		}
		if _, ok := ae.Fields[want]; !ok || len(ae.Fields) != 1 || ae.Args["Field"] != want {
			t.Errorf("%s: fields %v, args %v; want %q", body, ae.Fields, ae.Args, want)
		}
	}
}
