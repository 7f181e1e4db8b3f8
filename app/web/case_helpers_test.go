package web_test

import (
	"maps"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"liaison/app/web/webtest"
)

// with returns a copy of body with key set (nil deletes it).
func cfWith(body map[string]any, key string, v any) map[string]any {
	out := maps.Clone(body)
	if v == nil {
		delete(out, key)
	} else {
		out[key] = v
	}
	return out
}

func cfFields(t *testing.T, r webtest.Response) map[string]string {
	t.Helper()
	var b struct {
		Error struct {
			Fields map[string]string `json:"fields"`
		} `json:"error"`
	}
	r.Decode(t, &b)
	return b.Error.Fields
}

// listIDs returns the ids of a list answer's items.
func cfIDs(t *testing.T, c *webtest.Client, path string) []int64 {
	t.Helper()
	r := c.Get(path)
	if r.Status != 200 {
		t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
	}
	var p struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	r.Decode(t, &p)
	ids := make([]int64, len(p.Items))
	for i, it := range p.Items {
		ids[i] = it.ID
	}
	return ids
}

func cfHas(ids []int64, id int64) bool { return slices.Contains(ids, id) }

func cfItoa(n int64) string { return strconv.FormatInt(n, 10) }

func cfQ(s string) string { return url.QueryEscape(s) }

// jsonHas reports that the answer's key is present and not null.
func cfJSONHas(t *testing.T, r webtest.Response, key string) bool {
	t.Helper()
	v, ok := r.JSON(t)[key]
	return ok && v != nil
}

// cfFieldIs reports that the answer's field carries the (Chinese) message
// of code.
func cfFieldIs(t *testing.T, e *webtest.Env, r webtest.Response, field, code string) bool {
	t.Helper()
	return cfFields(t, r)[field] == e.Deps.Tr.T("zh-CN", code, nil)
}
