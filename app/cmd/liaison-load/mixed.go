package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"liaison/app/demo"
)

// mixedResult adds the writes to a result.
type mixedResult struct {
	result
	Writes int64
}

// writer is a secretary with an API token and the meetings they made.
type writer struct {
	mu       sync.Mutex
	token    string
	unitID   int64
	meetings []meetingRef
}

type meetingRef struct {
	ID      int64
	Version int
}

// apiToken exchanges a password for a bearer token.
func apiToken(ctx context.Context, c *http.Client, base, user string) (string, error) {
	body, _ := json.Marshal(map[string]string{"username": user, "password": demo.Password, "name": "load"})
	st, out, err := send(ctx, c, http.MethodPost, base+"/api/v1/auth/token", "", body)
	if err != nil || st != http.StatusCreated {
		return "", fmt.Errorf("token for %s: %d %v %.200s", user, st, err, out)
	}
	var t struct{ Token string }
	return t.Token, json.Unmarshal(out, &t)
}

// send makes a JSON request with an optional bearer token.
func send(ctx context.Context, c *http.Client, method, url, token string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, nil, err
	}
	out, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp.StatusCode, out, err
}

// runMixed keeps level requests in flight for d: seven in ten read (the
// meeting list and pages, the action list, the feed), three in ten write
// (secretaries schedule meetings and change their titles). Every answer
// must be a success; a 409 would be a lost race and counts as an error
// too, since each writer only edits its own meetings with their version.
func runMixed(ctx context.Context, c *http.Client, f *fixture, level int, d time.Duration) mixedResult {
	reads := liaisonCalls(f)
	readOrder := []string{"meeting list", "meeting page", "action list", "my feed", "feed 304", "case page", "meeting page"}
	ws := make([]*writer, level)
	for i := range ws {
		name := demo.LargeUsername(i%6, 0) // the six hub units' secretaries schedule meetings
		if i%6 == 0 {
			name = demo.LargeSecretary
		}
		tok, err := apiToken(ctx, c, f.Base, name)
		if err != nil {
			return mixedResult{result: result{Errors: 1, FirstErr: err.Error()}}
		}
		st, out, err := send(ctx, c, http.MethodGet, f.Base+"/api/v1/me", tok, nil)
		if err != nil || st != http.StatusOK {
			return mixedResult{result: result{Errors: 1, FirstErr: fmt.Sprintf("me: %d %v", st, err)}}
		}
		var me struct {
			UnitID int64 `json:"unit_id"`
		}
		_ = json.Unmarshal(out, &me)
		ws[i] = &writer{token: tok, unitID: me.UnitID}
	}
	var writes int64
	var wmu sync.Mutex
	fn := func(ctx context.Context, c *http.Client, w int, i int64) (int, error) {
		if i%10 >= 3 {
			return reads[readOrder[int(i)%len(readOrder)]](ctx, c, w, i)
		}
		wmu.Lock()
		writes++
		wmu.Unlock()
		return write(ctx, c, f.Base, ws[w], i)
	}
	r := run(ctx, c, fn, level, limits{Duration: d, MaxReq: 10_000_000})
	return mixedResult{result: r, Writes: writes}
}

// write schedules a meeting, or retitles one of the writer's own.
func write(ctx context.Context, c *http.Client, base string, w *writer, i int64) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.meetings) == 0 || i%3 == 0 {
		start := wall.Now().Add(time.Duration(30+i%300) * 24 * time.Hour).Truncate(time.Hour)
		body, _ := json.Marshal(map[string]any{"kind": "consultation", "title": fmt.Sprintf("负载测试会商 %d", i),
			"start": start.Format(time.RFC3339), "end": start.Add(time.Hour).Format(time.RFC3339),
			"location": "三楼会议室", "sensitivity": "ordinary", "convening_unit_id": w.unitID})
		st, out, err := send(ctx, c, http.MethodPost, base+"/api/v1/meetings", w.token, body)
		if err == nil && st != http.StatusCreated {
			err = fmt.Errorf("create meeting: %d %.300s", st, out)
		}
		if err != nil {
			return st, err
		}
		var m meetingRef
		_ = json.Unmarshal(out, &m)
		w.meetings = append(w.meetings, m)
		return st, nil
	}
	m := &w.meetings[int(i)%len(w.meetings)]
	body, _ := json.Marshal(map[string]any{"version": m.Version, "title": fmt.Sprintf("负载测试会商（改）%d", i)})
	st, out, err := send(ctx, c, http.MethodPatch, fmt.Sprintf("%s/api/v1/meetings/%d", base, m.ID), w.token, body)
	if err == nil && st != http.StatusOK {
		err = fmt.Errorf("update meeting: %d %.300s", st, out)
	}
	if err != nil {
		if strings.Contains(string(out), "SQLITE_BUSY") {
			return st, fmt.Errorf("SQLITE_BUSY: %w", err)
		}
		return st, err
	}
	var got meetingRef
	_ = json.Unmarshal(out, &got)
	m.Version = got.Version
	return st, nil
}
