package web_test

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"liaison/app/web/webtest"
)

var httpMethods = map[string]bool{
	http.MethodGet: true, http.MethodHead: true, http.MethodPost: true, http.MethodPut: true,
	http.MethodPatch: true, http.MethodDelete: true, http.MethodOptions: true,
}

var echoParam = regexp.MustCompile(`:([A-Za-z_][A-Za-z0-9_]*)`)

// TestOpenAPI_DescribesEveryRoute fails when a route registered under
// /api/v1 is missing from GET /api/openapi.yaml: add its path item to the
// area's fragment in app/web/openapi/.
func TestOpenAPI_DescribesEveryRoute(t *testing.T) {
	t.Parallel()
	e := webtest.New(t)
	r := e.Anon().Get("/api/openapi.yaml")
	wantStatus(t, r, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.Contains(ct, "yaml") {
		t.Errorf("content type %q", ct)
	}
	var doc struct {
		OpenAPI    string                    `yaml:"openapi"`
		Paths      map[string]map[string]any `yaml:"paths"`
		Components map[string]any            `yaml:"components"`
	}
	if err := yaml.Unmarshal(r.Body, &doc); err != nil {
		t.Fatalf("openapi.yaml does not parse: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") || len(doc.Paths) == 0 || doc.Components == nil {
		t.Fatalf("not an OpenAPI 3 document: openapi=%q, %d paths", doc.OpenAPI, len(doc.Paths))
	}
	var missing []string
	seen := map[string]bool{}
	for _, rt := range e.Server.Echo().Routes() {
		if !strings.HasPrefix(rt.Path, "/api/v1/") || !httpMethods[rt.Method] {
			continue // Echo's own not-found catch-alls are not operations
		}
		p := echoParam.ReplaceAllString(rt.Path, "{$1}")
		key := rt.Method + " " + p
		if seen[key] {
			continue
		}
		seen[key] = true
		if _, ok := doc.Paths[p][strings.ToLower(rt.Method)]; !ok {
			missing = append(missing, key)
		}
	}
	sort.Strings(missing)
	if len(seen) < 10 {
		t.Errorf("only %d API routes registered?", len(seen))
	}
	for _, m := range missing {
		t.Errorf("route %s is not in openapi.yaml", m)
	}
	// Documented operations answer errors in the fixed shape.
	for path, item := range doc.Paths {
		for method, op := range item {
			if method == "parameters" || !strings.HasPrefix(path, "/api/v1/") {
				continue
			}
			m, ok := op.(map[string]any)
			if !ok {
				t.Errorf("%s %s is not an operation", strings.ToUpper(method), path)
				continue
			}
			if _, ok := m["responses"]; !ok {
				t.Errorf("%s %s has no responses", strings.ToUpper(method), path)
			}
		}
	}
}
