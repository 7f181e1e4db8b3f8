package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"liaison/app/apperr"
)

// bindJSON decodes the body strictly into v: malformed JSON, unknown fields
// and trailing data are 400, a wrong type for a field is 422 naming it.
func bindJSON(c echo.Context, v any) error {
	r := c.Request()
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return apperr.E(apperr.Malformed, "malformed", "Detail", "Content-Type must be application/json")
	}
	body, err := io.ReadAll(r.Body)
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return apperr.E(apperr.Malformed, "malformed.too_large")
	}
	if err != nil {
		var he *echo.HTTPError
		if errors.As(err, &he) {
			return err // Echo's own body limit: 413
		}
		return apperr.E(apperr.Malformed, "malformed.json")
	}
	if hasNUL(body) {
		// No database column takes a NUL (PostgreSQL refuses it in text).
		return apperr.E(apperr.Malformed, "text_invalid")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	err = dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("trailing data")
	}
	if err == nil {
		if _, e := dec.Token(); e != io.EOF {
			err = errors.New("trailing data")
		}
	}
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te):
		field := jsonPath(reflect.TypeOf(v), te.Field)
		if field == "" {
			return apperr.E(apperr.Malformed, "malformed.json")
		}
		return &apperr.Error{Kind: apperr.Invalid, Code: "malformed.type", Fields: map[string]string{field: "malformed.type"}, Args: map[string]any{"Field": field}}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return apperr.E(apperr.Malformed, "malformed.unknown_field", "Field", f)
	}
	return apperr.E(apperr.Malformed, "malformed.json")
}

// jsonPath turns encoding/json's path of a field into the API's name for
// it. Since Go 1.24 the path names an embedded struct by its Go type name
// ("Input.convening_unit_id" for a body embedding meeting.Input), which
// means nothing to an API client (issue 14): such segments are dropped by
// walking t, the type decoded into. Other segments are JSON names already.
func jsonPath(t reflect.Type, path string) string {
	if path == "" {
		return ""
	}
	var out []string
	for _, seg := range strings.Split(path, ".") {
		t = elem(t)
		if t != nil && t.Kind() == reflect.Struct {
			if f, ok := embeddedNamed(t, seg); ok {
				t = f.Type
				continue
			}
			if f, ok := fieldByJSONName(t, seg); ok {
				t = f.Type
			} else {
				t = nil
			}
		} else {
			t = nil
		}
		out = append(out, seg)
	}
	return strings.Join(out, ".")
}

// elem looks through pointers, slices, arrays and maps to the type whose
// fields a path goes on with (nil stays nil).
func elem(t reflect.Type) reflect.Type {
	for t != nil {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
			t = t.Elem()
		default:
			return t
		}
	}
	return nil
}

// embeddedNamed finds an embedded struct of t that encoding/json flattens
// (no JSON name of its own) and names name.
func embeddedNamed(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if n, skip := jsonName(f); skip || n != "" || !f.Anonymous || f.Name != name {
			continue
		}
		if et := elem(f.Type); et != nil && et.Kind() == reflect.Struct {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// fieldByJSONName finds the field of t (promoted ones included) that
// encoding/json fills from the key name.
func fieldByJSONName(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		n, skip := jsonName(f)
		if skip || f.Anonymous || !f.IsExported() {
			continue
		}
		if n == name || n == "" && strings.EqualFold(f.Name, name) {
			return f, true
		}
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if n, skip := jsonName(f); skip || n != "" || !f.Anonymous {
			continue
		}
		if et := elem(f.Type); et != nil && et.Kind() == reflect.Struct {
			if g, ok := fieldByJSONName(et, name); ok {
				return g, true
			}
		}
	}
	return reflect.StructField{}, false
}

// jsonName is the name in f's json tag ("" for none); skip when the tag
// is "-" (encoding/json ignores the field).
func jsonName(f reflect.StructField) (name string, skip bool) {
	n, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	return n, n == "-"
}

// hasNUL reports a \u0000 escape in a JSON text (one whose backslash is not
// itself escaped).
func hasNUL(b []byte) bool {
	for i := 0; ; {
		j := bytes.Index(b[i:], []byte(`\u0000`))
		if j < 0 {
			return false
		}
		j += i
		n := 0
		for k := j - 1; k >= 0 && b[k] == '\\'; k-- {
			n++
		}
		if n%2 == 0 {
			return true
		}
		i = j + 1
	}
}

// idParam parses a path id; anything else is 404, as an unknown id is.
func idParam(c echo.Context, name string) (int64, error) {
	n, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || n <= 0 {
		return 0, apperr.NotFoundErr("record")
	}
	return n, nil
}

// queryID parses an optional id from the query string.
func queryID(c echo.Context, name string) (int64, error) {
	v := c.QueryParam(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n <= 0 {
		return 0, apperr.Fields{name: "id_invalid"}.Err()
	}
	return n, nil
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// localPath keeps a redirect target (?next=, a Referer) on this site: a
// path that starts with exactly one "/" and holds no control character,
// no whitespace (ASCII or Unicode), no backslash and no invalid UTF-8, and
// that parses as a path alone (no scheme, no host). Anything else is "/".
// The decoded path obeys the same rule. Browsers drop tabs and newlines
// from a URL and read "\" as "/", so "/\t/evil.example" or
// "/\\evil.example" would leave the site (issue 14).
func localPath(next string) string {
	if len(next) > 4096 || !onePath(next) {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !onePath(u.Path) {
		return "/"
	}
	return next
}

// onePath reports whether p starts with exactly one "/" and has no
// backslash, whitespace, control or other unprintable character.
func onePath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return false
	}
	for _, r := range p {
		if r == '\\' || r == utf8.RuneError || unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return false
		}
	}
	return true
}

// formID parses an id from a form value; empty is 0.
func formID(c echo.Context, name string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(c.FormValue(name)), 10, 64)
	return n
}
