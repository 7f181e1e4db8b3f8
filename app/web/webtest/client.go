package webtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"liaison/app/account"
)

// Response is an HTTP answer with its body read.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into a generic map (fails the test if not JSON).
func (r Response) JSON(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("status %d, body not a JSON object: %v\n%s", r.Status, err, r.Body)
	}
	return m
}

// Decode decodes the body into v.
func (r Response) Decode(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("status %d, decode: %v\n%s", r.Status, err, r.Body)
	}
}

// ErrorCode returns error.code of a JSON error body.
func (r Response) ErrorCode(t testing.TB) string {
	t.Helper()
	var b struct {
		Error struct {
			Code    string            `json:"code"`
			Message string            `json:"message"`
			Fields  map[string]string `json:"fields"`
		} `json:"error"`
	}
	r.Decode(t, &b)
	if b.Error.Message == "" {
		t.Fatalf("error body without message: %s", r.Body)
	}
	return b.Error.Code
}

// Client talks to the server; with a token it is an API client, with a
// cookie jar a browser.
type Client struct {
	env    *Env
	HTTP   *http.Client
	Token  string
	CSRF   string
	Header http.Header
}

// Anon returns a client with no credentials and no cookies.
func (e *Env) Anon() *Client {
	return &Client{env: e, HTTP: &http.Client{CheckRedirect: noRedirect}, Header: http.Header{}}
}

// API returns a bearer-token client for u.
func (e *Env) API(u account.User) *Client {
	e.T.Helper()
	tok, err := e.Deps.Accounts.CreateToken(e.Ctx(), account.System, u.ID, "test")
	if err != nil {
		e.T.Fatal(err)
	}
	c := e.Anon()
	c.Token = tok
	return c
}

func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

var csrfRE = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// Browser returns a cookie client signed in as u through the sign-in form.
// Admins (who must use a second factor) are enrolled by the fixture on
// first use and pass the second step with a fixture recovery code.
func (e *Env) Browser(u account.User) *Client {
	e.T.Helper()
	if account.Required(u.Role) {
		if enrolled, err := e.MFA().Enrolled(e.Ctx(), u.ID); err != nil {
			e.T.Fatal(err)
		} else if !enrolled {
			e.fixtureEnrol(u)
		}
	}
	c := e.NewBrowser()
	r := c.PostForm("/login", url.Values{"username": {u.Username}, "password": {Password}})
	r = e.signInSecondStep(c, u, r)
	if r.Status != http.StatusSeeOther {
		e.T.Fatalf("sign-in as %s: status %d\n%s", u.Username, r.Status, r.Body)
	}
	c.Get("/") // pick up the new session's CSRF token
	return c
}

// NewBrowser returns a cookie client that is not signed in.
func (e *Env) NewBrowser() *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{env: e, HTTP: &http.Client{Jar: jar, CheckRedirect: noRedirect}, Header: http.Header{}}
}

// Do sends a request; body may be nil, a string, []byte, url.Values (a form)
// or anything else (sent as JSON).
func (c *Client) Do(method, path string, body any) Response {
	c.env.T.Helper()
	var (
		rd io.Reader
		ct string
	)
	switch b := body.(type) {
	case nil:
	case string:
		rd, ct = strings.NewReader(b), "application/json"
	case []byte:
		rd, ct = bytes.NewReader(b), "application/json"
	case url.Values:
		if c.CSRF != "" && b.Get("_csrf") == "" {
			b = cloneValues(b)
			b.Set("_csrf", c.CSRF)
		}
		rd, ct = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.env.T.Fatal(err)
		}
		rd, ct = bytes.NewReader(j), "application/json"
	}
	return c.send(method, path, rd, ct, true)
}

// PostBody posts body as it is, with content type ct (a multipart form
// built by the test, say), signed in as c is.
func (c *Client) PostBody(path, ct string, body []byte) Response {
	c.env.T.Helper()
	return c.send(http.MethodPost, path, bytes.NewReader(body), ct, true)
}

// send is Do after the body is encoded: c's headers, its token (or, when
// csrf is set, its CSRF token in the header), and the answer read whole.
func (c *Client) send(method, path string, rd io.Reader, ct string, csrf bool) Response {
	c.env.T.Helper()
	req, err := http.NewRequest(method, c.env.URL+path, rd)
	if err != nil {
		c.env.T.Fatal(err)
	}
	for k, v := range c.Header {
		req.Header[k] = v
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	} else if csrf && c.CSRF != "" && method != http.MethodGet && req.Header.Get("X-CSRF-Token") == "" && ct != "application/x-www-form-urlencoded" {
		req.Header.Set("X-CSRF-Token", c.CSRF)
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		c.env.T.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	if m := csrfRE.FindSubmatch(data); m != nil {
		c.CSRF = string(m[1])
	}
	return Response{Status: res.StatusCode, Header: res.Header, Body: data}
}

// Get is Do(GET).
func (c *Client) Get(path string) Response { return c.Do(http.MethodGet, path, nil) }

// Post is Do(POST) with a JSON body.
func (c *Client) Post(path string, body any) Response { return c.Do(http.MethodPost, path, body) }

// PostForm posts a form (adding the CSRF token the client last saw).
func (c *Client) PostForm(path string, v url.Values) Response {
	return c.Do(http.MethodPost, path, v)
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}
