package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/i18n"
	"liaison/app/meeting"
	"liaison/templates"
)

// The baseline is what a careful hand-written server on the same stack
// would do for two hot paths: Echo, pgx, one hand-written query per need,
// and the product's own template and calendar encoder, on the same data
// and the same session cookie. It lives in the load tool, never in the
// product.

type baseline struct {
	pool *pgxpool.Pool
	tr   *i18n.Translator
	list *template.Template
	sh   *time.Location
}

// baselineMain serves the baseline until interrupted.
func baselineMain(ctx context.Context, args []string) error {
	var addr, dbURL string
	fs := flag.NewFlagSet("baseline", flag.ContinueOnError)
	fs.StringVar(&addr, "addr", "127.0.0.1:0", "loopback address")
	fs.StringVar(&dbURL, "database-url", "", "loopback PostgreSQL URL of a generated district")
	if err := fs.Parse(args); err != nil {
		return err
	}
	for _, u := range []string{"http://" + addr, dbURL} {
		if err := loopback(u); err != nil {
			return err
		}
	}
	cfg, err := pgxpool.ParseConfig(dbURL)
	if err != nil {
		return err
	}
	cfg.MaxConns = 25 // as Liaison's pool
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	b := &baseline{pool: pool}
	if b.tr, err = i18n.New(); err != nil {
		return err
	}
	if b.sh, err = time.LoadLocation("Asia/Shanghai"); err != nil {
		return err
	}
	if b.list, err = b.parse("pages/meeting_list.html"); err != nil {
		return err
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/readyz", func(c echo.Context) error { return c.String(http.StatusOK, "ok") })
	e.GET("/meetings", b.meetingList)
	e.GET("/feeds/:file", b.feed)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second}
	go func() { <-ctx.Done(); _ = srv.Close() }()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// parse reads the product's layout, partials and one page, with the same
// functions as app/web's renderer.
func (b *baseline) parse(page string) (*template.Template, error) {
	funcs := template.FuncMap{
		"datetime": func(t time.Time) string { return t.In(b.sh).Format("2006-01-02 15:04") },
		"date":     func(t time.Time) string { return t.In(b.sh).Format("2006-01-02") },
		"hm":       func(t time.Time) string { return t.In(b.sh).Format("15:04") },
		"isoin":    func(t time.Time) string { return t.In(b.sh).Format("2006-01-02T15:04") },
		"join":     strings.Join,
		"str":      func(v any) string { return fmt.Sprint(v) },
	}
	return template.New("layout.html").Funcs(funcs).ParseFS(templates.FS, "layout.html", "partials/*.html", page)
}

// bPage has the fields and methods the layout uses (as app/web's Page).
type bPage struct {
	tr        *i18n.Translator
	Lang      string
	Title     string
	Nav       string
	Actor     account.Actor
	CSRF      string
	Flash     string
	Errors    map[string]string
	Error     string
	RequestID string
	Path      string
	Data      any
}

func (p *bPage) T(id string, args ...any) string {
	var m map[string]any
	if len(args) > 1 {
		m = make(map[string]any, len(args)/2)
		for i := 0; i+1 < len(args); i += 2 {
			m[fmt.Sprint(args[i])] = args[i+1]
		}
	}
	return p.tr.T(p.Lang, id, m)
}
func (p *bPage) IsAdmin() bool { return p.Actor.Role == account.RoleAdmin }
func (p *bPage) CanSchedule() bool {
	return p.Actor.Role == account.RoleAdmin || p.Actor.Role == account.RoleSecretary
}
func (p *bPage) FieldError(f string) string { return p.Errors[f] }

// actor reads the session cookie the product set.
func (b *baseline) actor(c echo.Context) (account.Actor, error) {
	ck, err := c.Cookie("liaison_session")
	if err != nil {
		return account.Actor{}, echo.ErrUnauthorized
	}
	h := sha256.Sum256([]byte(ck.Value))
	var a account.Actor
	err = b.pool.QueryRow(c.Request().Context(), `SELECT u.id, u.username, u.display_name, u.unit_id, un.kind, u.role
		FROM sessions s JOIN users u ON u.id = s.user_id JOIN units un ON un.id = u.unit_id
		WHERE s.token_hash = $1 AND s.expiry > now() AND u.active`, hex.EncodeToString(h[:])).
		Scan(&a.UserID, &a.Username, &a.Name, &a.UnitID, &a.UnitKind, &a.Role)
	if errors.Is(err, pgx.ErrNoRows) {
		return a, echo.ErrUnauthorized
	}
	return a, err
}

// render executes into a buffer, then writes.
func (b *baseline) render(c echo.Context, t *template.Template, p *bPage) error {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", p); err != nil {
		return err
	}
	return c.HTMLBlob(http.StatusOK, buf.Bytes())
}

// The list view, field for field as app/web's meetingListView.
type bListView struct {
	Tab      string
	Kind     string
	UnitID   int64
	Status   string
	Q        string
	Rows     []bRow
	Dir      bDir
	Kinds    []meeting.Kind
	NextLink string
}

// bRow is app/web's meetingRow, field for field (flat, as it is there).
type bRow struct {
	ID              int64
	Status          meeting.Status
	Kind            meeting.Kind
	Title           string
	Sensitivity     account.Sensitivity
	ConveningUnitID int64
	RoomID          *int64
	Location        string
	Start, End      time.Time
	RRule           string
	Busy            bool
	MyAnswer        string
}

func (r bRow) Place(rooms map[int64]string) string {
	if r.RoomID != nil {
		return rooms[*r.RoomID]
	}
	return r.Location
}

type bDir struct {
	Units    []account.Unit
	UnitName map[int64]string
	RoomName map[int64]string
}
