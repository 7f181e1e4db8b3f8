package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"liaison/app/demo"
)

// session is a signed-in user: the cookie and what they may open.
type session struct {
	Username string
	Cookie   string
	Meetings []int64
	Cases    []int64
}

// fixture is what the paths need, discovered over HTTP after sign-in.
type fixture struct {
	Base     string
	Users    []session
	FeedPath string // /feeds/<token>.ics of the feed user
	FeedETag string
	Month    string // a month of the scoreboard with data
}

// loadUsers are the generated members the load signs in as: members of
// several agencies and hub units (slot ≥ 3 are plain members) of a
// district of size s.
func loadUsers(n int, s demo.Size) []string {
	out := []string{demo.LargeMember, demo.LargeSecretary}
	per := s.Users / s.Units
	for i := 0; len(out) < n; i++ {
		out = append(out, demo.LargeUsername(3+(i*7)%(s.Units-3), 3+i%(per-3)))
	}
	return out
}

// clientAddr is the address load worker w signs in from. A district's
// people sign in from many addresses; from one, the sign-in throttle
// would count 50 sign-ins in flight against the 30 attempts it lets one
// address have at once (attempts are charged before they are checked).
// The server the tool starts believes X-Forwarded-For from loopback
// (LIAISON_TRUSTED_PROXIES); an instance given with --target must too.
func clientAddr(w int) string { return fmt.Sprintf("198.18.%d.%d", w/250, w%250+1) }

// signIn posts the sign-in form from address from and returns the
// session cookie.
func signIn(ctx context.Context, c *http.Client, base, user, from string) (string, int, error) {
	form := url.Values{"username": {user}, "password": {demo.Password}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return "", 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", from)
	resp, err := c.Do(req)
	if err != nil {
		return "", 0, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return "", resp.StatusCode, fmt.Errorf("sign-in as %s: status %d", user, resp.StatusCode)
	}
	for _, ck := range resp.Cookies() {
		if ck.Name == "liaison_session" {
			return ck.Name + "=" + ck.Value, resp.StatusCode, nil
		}
	}
	return "", resp.StatusCode, fmt.Errorf("sign-in as %s: no session cookie", user)
}

// discover signs the users in and finds meetings, cases and the feed.
func discover(ctx context.Context, c *http.Client, base string, users int, size demo.Size) (*fixture, error) {
	f := &fixture{Base: base, Month: wall.Now().AddDate(0, -1, 0).Format("2006-01")}
	for i, u := range loadUsers(users, size) {
		ck, _, err := signIn(ctx, c, base, u, clientAddr(i))
		if err != nil {
			return nil, err
		}
		s := session{Username: u, Cookie: ck}
		if s.Meetings, err = ids(ctx, c, base+"/api/v1/meetings?limit=50", ck); err != nil {
			return nil, err
		}
		if s.Cases, err = ids(ctx, c, base+"/api/v1/cases?limit=50", ck); err != nil {
			return nil, err
		}
		f.Users = append(f.Users, s)
	}
	ck, _, err := signIn(ctx, c, base, demo.LargeFeedUser, clientAddr(0))
	if err != nil {
		return nil, err
	}
	_, body, err := get(ctx, c, base+"/api/v1/me/feed", map[string]string{"Cookie": ck}, http.StatusOK)
	if err != nil {
		return nil, err
	}
	var link struct{ URL string }
	if err := json.Unmarshal(body, &link); err != nil {
		return nil, err
	}
	u, err := url.Parse(link.URL)
	if err != nil {
		return nil, err
	}
	f.FeedPath = u.Path
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+f.FeedPath, nil)
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	n, _ := bytes.NewBuffer(nil).ReadFrom(resp.Body)
	resp.Body.Close()
	f.FeedETag = resp.Header.Get("ETag")
	if resp.StatusCode != http.StatusOK || f.FeedETag == "" || n == 0 {
		return nil, fmt.Errorf("feed: status %d, etag %q", resp.StatusCode, f.FeedETag)
	}
	return f, nil
}

// ids reads the ids of a JSON page.
func ids(ctx context.Context, c *http.Client, url, cookie string) ([]int64, error) {
	_, body, err := get(ctx, c, url, map[string]string{"Cookie": cookie}, http.StatusOK)
	if err != nil {
		return nil, err
	}
	var p struct{ Items []struct{ ID int64 } }
	if err := json.Unmarshal(body, &p); err != nil {
		return nil, err
	}
	out := make([]int64, 0, len(p.Items))
	for _, it := range p.Items {
		out = append(out, it.ID)
	}
	return out, nil
}

// pathNames are the measured paths, in the table's order.
var pathNames = []string{"meeting list", "meeting page", "my feed", "feed 304", "action list", "case page", "scoreboard month", "sign-in", "search"}

// searchWords are what the "search" path looks for in turn: two-character
// words (a LIKE scan) and longer ones (the trigram index), common and rare
// in the generated district.
var searchWords = []string{"评查", "线索研判", "行政执法监督衔接", "第12次", "工伤"}

// liaisonCalls are the requests of each path against Liaison.
func liaisonCalls(f *fixture) map[string]call {
	user := func(w int, i int64) session { return f.Users[(w+int(i))%len(f.Users)] }
	page := func(path func(s session, i int64) string) call {
		return func(ctx context.Context, c *http.Client, w int, i int64) (int, error) {
			s := user(w, i)
			p := path(s, i)
			if p == "" {
				s = f.Users[0]
				p = path(s, i)
			}
			st, body, err := get(ctx, c, f.Base+p, map[string]string{"Cookie": s.Cookie}, http.StatusOK)
			if err == nil && !bytes.Contains(body, []byte("</html>")) {
				err = fmt.Errorf("GET %s: not a whole page", p)
			}
			return st, err
		}
	}
	pick := func(xs []int64, i int64) int64 { return xs[int(i)%len(xs)] }
	return map[string]call{
		"meeting list": page(func(session, int64) string { return "/meetings" }),
		"meeting page": page(func(s session, i int64) string {
			if len(s.Meetings) == 0 {
				return ""
			}
			return fmt.Sprintf("/meetings/%d", pick(s.Meetings, i))
		}),
		"my feed": func(ctx context.Context, c *http.Client, _ int, _ int64) (int, error) {
			st, _, err := get(ctx, c, f.Base+f.FeedPath, nil, http.StatusOK)
			return st, err
		},
		"feed 304": func(ctx context.Context, c *http.Client, _ int, _ int64) (int, error) {
			st, _, err := get(ctx, c, f.Base+f.FeedPath, map[string]string{"If-None-Match": f.FeedETag}, http.StatusNotModified)
			return st, err
		},
		"action list": page(func(session, int64) string { return "/actions" }),
		"case page": page(func(s session, i int64) string {
			if len(s.Cases) == 0 {
				return ""
			}
			return fmt.Sprintf("/cases/%d", pick(s.Cases, i))
		}),
		"scoreboard month": page(func(session, int64) string { return "/scoreboard?month=" + f.Month }),
		"search": page(func(_ session, i int64) string {
			return "/search?q=" + url.QueryEscape(searchWords[int(i)%len(searchWords)])
		}),
		"sign-in": func(ctx context.Context, c *http.Client, w int, i int64) (int, error) {
			_, st, err := signIn(ctx, c, f.Base, user(w, i).Username, clientAddr(w))
			return st, err
		},
	}
}
