// Package web is Liaison's HTTP layer: the Echo server, middleware, the
// central error handler, templates, and handlers for the HTML UI and the
// JSON API. Echo is used only here, so a move to Echo v5 touches one package.
package web

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/labstack/echo/v4"

	"liaison/app/account"
	"liaison/app/casefile"
	"liaison/app/config"
	"liaison/app/db"
	"liaison/app/followup"
	"liaison/app/i18n"
	"liaison/app/imip"
	"liaison/app/leadgroup"
	"liaison/app/meeting"
	"liaison/app/notify"
	"liaison/app/report"
	"liaison/app/scoreboard"
	"liaison/app/search"
	"liaison/app/settings"
	"liaison/app/subscribe"
	"liaison/app/todo"
)

// Deps are the services the web layer calls; app/wire builds them.
type Deps struct {
	Config     config.Config
	DB         *db.DB
	Log        *slog.Logger
	Accounts   *account.Service
	Users      *account.Users // user changes, with what follows them in other areas
	Cases      *casefile.Service
	Actions    *followup.Service
	Meetings   *meeting.Service
	Settings   *settings.Service
	Tr         *i18n.Translator
	Scoreboard *scoreboard.Service
	Notify     *notify.Service
	Subscribe  *subscribe.Service
	IMIP       *imip.Service // nil without LIAISON_IMAP_ADDR
	Todo       *todo.Service
	Reports    *report.Service
	LeadGroup  *leadgroup.Service
	Search     *search.Service
}

// Server is the configured Echo instance with its collaborators.
type Server struct {
	Deps
	e        *echo.Echo
	sessions *scs.SessionManager
	pages    *renderer
	key      []byte          // seals TOTP secrets; shared by all instances
	uploads  map[string]bool // "METHOD /route" taking uploads (see bodyLimits)
	origins  *http.CrossOriginProtection
}

// New builds the server and registers every route.
func New(ctx context.Context, d Deps) (*Server, error) {
	key, err := d.Settings.SigningKey(ctx)
	if err != nil {
		return nil, err
	}
	pages, err := newRenderer()
	if err != nil {
		return nil, err
	}
	s := &Server{Deps: d, e: echo.New(), pages: pages, key: key}
	s.sessions = newSessionManager(d)
	s.origins = newOriginCheck(d.Config.BaseURL)
	s.e.HideBanner, s.e.HidePort = true, true
	s.e.IPExtractor = ipExtractor(d.Config.TrustedProxies)
	s.e.HTTPErrorHandler = s.handleError
	s.routes()
	return s, nil
}

// Handler returns the server as an http.Handler (for tests and embedding).
func (s *Server) Handler() http.Handler { return s.e }

// Echo exposes the router to tests that list routes.
func (s *Server) Echo() *echo.Echo { return s.e }

// Serve listens on addr until ctx ends, then stops accepting connections and
// waits up to 20 seconds for requests in flight to finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.e,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second, // uploads of scans need time
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.Log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	go s.pruneLoop(ctx)
	go s.runActionJobs(ctx) // overdue notices and revisits (followup)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err := srv.Shutdown(sctx)
	if e := <-errc; e != nil && !errors.Is(e, http.ErrServerClosed) {
		return e
	}
	return err
}

func newSessionManager(d Deps) *scs.SessionManager {
	sm := scs.New()
	sm.Store = account.NewSessionStore(d.DB)
	sm.Lifetime = d.Config.SessionMax
	sm.IdleTimeout = d.Config.SessionIdle
	sm.Cookie.Name = "liaison_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.Secure = d.Config.SecureCookies
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Path = "/"
	sm.ErrorFunc = func(w http.ResponseWriter, r *http.Request, err error) {
		d.Log.Error("session store", "err", err)
		http.Error(w, http.StatusText(http.StatusServiceUnavailable), http.StatusServiceUnavailable)
	}
	return sm
}

// pruneLoop clears expired sessions and sign-in throttle windows every few
// minutes until ctx ends.
func (s *Server) pruneLoop(ctx context.Context) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		if err := s.Accounts.Prune(ctx); err != nil && ctx.Err() == nil {
			s.Log.Warn("prune sessions", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
