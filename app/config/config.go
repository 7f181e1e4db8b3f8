// Package config reads Liaison's one Config struct from LIAISON_* variables
// and command-line flags, and validates it before anything starts.
package config

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"liaison/app/clock"
)

// Config is everything the process needs to know; it is passed down, never global.
type Config struct {
	Addr           string         // LIAISON_ADDR
	DataDir        string         // LIAISON_DATA_DIR
	DatabaseURL    string         // LIAISON_DATABASE_URL; empty means SQLite in DataDir
	BaseURL        string         // LIAISON_BASE_URL
	TrustedProxies []netip.Prefix // LIAISON_TRUSTED_PROXIES: CIDRs whose X-Forwarded-For we believe
	SessionIdle    time.Duration  // LIAISON_SESSION_IDLE
	SessionMax     time.Duration  // LIAISON_SESSION_MAX
	SecureCookies  bool           // derived from BaseURL's scheme unless LIAISON_SECURE_COOKIES is set
	LogLevel       string         // LIAISON_LOG_LEVEL: debug, info, warn, error
	SMTP           SMTP
	IMAP           IMAP
	BodyLimit      int64  // LIAISON_BODY_LIMIT bytes for ordinary requests
	UploadLimit    int64  // LIAISON_UPLOAD_LIMIT bytes for document scans
	PprofAddr      string // LIAISON_PPROF_ADDR: loopback host:port for net/http/pprof; empty: off
	// NotificationRetention (LIAISON_NOTIFICATION_RETENTION) is how long a
	// read in-app notification is kept; unread ones are never pruned.
	NotificationRetention time.Duration
	// StartAt (LIAISON_START_AT, RFC 3339) starts the clock at that instant
	// instead of the wall clock's; it then runs on at the real pace. For
	// rehearsals, training and the process tests only: every deadline is
	// computed from it. Empty (the default): the wall clock.
	StartAt string
	// MetricsAddr (LIAISON_METRICS_ADDR) is the host:port of a listener of
	// its own serving Prometheus metrics at /metrics; empty (the default):
	// no metrics. MetricsToken (LIAISON_METRICS_TOKEN) is the bearer token a
	// scrape must present; required unless MetricsAddr is loopback, so the
	// figures are never public by default.
	MetricsAddr  string
	MetricsToken string
}

// SMTP holds the outgoing mail settings; an empty Host means mail is only recorded.
type SMTP struct {
	Host     string // LIAISON_SMTP_HOST
	Port     int    // LIAISON_SMTP_PORT
	Username string // LIAISON_SMTP_USERNAME
	Password string // LIAISON_SMTP_PASSWORD
	From     string // LIAISON_SMTP_FROM
}

// IMAP is the organizer mailbox Liaison reads for iMIP replies; an empty
// Addr means replies are not read, and invitations then ask no answer by
// mail (RSVP=FALSE).
type IMAP struct {
	Addr      string        // LIAISON_IMAP_ADDR: host:port
	Username  string        // LIAISON_IMAP_USERNAME
	Password  string        // LIAISON_IMAP_PASSWORD
	TLS       string        // LIAISON_IMAP_TLS: tls (implicit, 993), starttls, or none (loopback only)
	Inbox     string        // LIAISON_IMAP_INBOX: the folder replies arrive in
	Processed string        // LIAISON_IMAP_PROCESSED: where applied replies are moved
	Poll      time.Duration // LIAISON_IMAP_POLL: how often the mailbox is read
}

// Configured reports whether replies are read from a mailbox.
func (m IMAP) Configured() bool { return m.Addr != "" }

// Default returns the configuration used when nothing is set.
func Default() Config {
	return Config{
		Addr:        ":8080",
		DataDir:     "./data",
		BaseURL:     "http://localhost:8080",
		SessionIdle: 30 * time.Minute,
		SessionMax:  12 * time.Hour,
		LogLevel:    "info",
		SMTP:        SMTP{Port: 587, From: "liaison@localhost"},
		IMAP:        IMAP{TLS: "tls", Inbox: "INBOX", Processed: "Liaison-Processed", Poll: time.Minute},
		BodyLimit:   1 << 20,
		UploadLimit: 10 << 20,

		NotificationRetention: 90 * 24 * time.Hour,
	}
}

// Load reads the environment (getenv) and then flags from args; flags win.
func Load(getenv func(string) string, fs *flag.FlagSet, args []string) (Config, error) {
	c := Default()
	var errs []error
	str := func(dst *string, key string) {
		if v := getenv(key); v != "" {
			*dst = v
		}
	}
	str(&c.Addr, "LIAISON_ADDR")
	str(&c.DataDir, "LIAISON_DATA_DIR")
	str(&c.DatabaseURL, "LIAISON_DATABASE_URL")
	str(&c.BaseURL, "LIAISON_BASE_URL")
	str(&c.LogLevel, "LIAISON_LOG_LEVEL")
	str(&c.SMTP.Host, "LIAISON_SMTP_HOST")
	str(&c.SMTP.Username, "LIAISON_SMTP_USERNAME")
	str(&c.SMTP.Password, "LIAISON_SMTP_PASSWORD")
	str(&c.SMTP.From, "LIAISON_SMTP_FROM")
	str(&c.IMAP.Addr, "LIAISON_IMAP_ADDR")
	str(&c.IMAP.Username, "LIAISON_IMAP_USERNAME")
	str(&c.IMAP.Password, "LIAISON_IMAP_PASSWORD")
	str(&c.IMAP.TLS, "LIAISON_IMAP_TLS")
	str(&c.IMAP.Inbox, "LIAISON_IMAP_INBOX")
	str(&c.IMAP.Processed, "LIAISON_IMAP_PROCESSED")
	str(&c.PprofAddr, "LIAISON_PPROF_ADDR")
	str(&c.StartAt, "LIAISON_START_AT")
	str(&c.MetricsAddr, "LIAISON_METRICS_ADDR")
	str(&c.MetricsToken, "LIAISON_METRICS_TOKEN")
	dur := func(dst *time.Duration, key string) {
		if v := getenv(key); v != "" {
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				errs = append(errs, fmt.Errorf("%s=%q: want a positive duration such as 30m", key, v))
				return
			}
			*dst = d
		}
	}
	dur(&c.SessionIdle, "LIAISON_SESSION_IDLE")
	dur(&c.SessionMax, "LIAISON_SESSION_MAX")
	dur(&c.NotificationRetention, "LIAISON_NOTIFICATION_RETENTION")
	dur(&c.IMAP.Poll, "LIAISON_IMAP_POLL")
	num := func(key string, set func(int64)) {
		if v := getenv(key); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				errs = append(errs, fmt.Errorf("%s=%q: want a positive whole number", key, v))
				return
			}
			set(n)
		}
	}
	num("LIAISON_SMTP_PORT", func(n int64) { c.SMTP.Port = int(n) })
	num("LIAISON_BODY_LIMIT", func(n int64) { c.BodyLimit = n })
	num("LIAISON_UPLOAD_LIMIT", func(n int64) { c.UploadLimit = n })
	proxies := getenv("LIAISON_TRUSTED_PROXIES")
	secure := getenv("LIAISON_SECURE_COOKIES")
	if fs != nil {
		fs.StringVar(&c.Addr, "addr", c.Addr, "listen address (LIAISON_ADDR)")
		fs.StringVar(&c.DataDir, "data-dir", c.DataDir, "data directory (LIAISON_DATA_DIR)")
		fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "postgres:// URL; empty for SQLite (LIAISON_DATABASE_URL)")
		fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public address (LIAISON_BASE_URL)")
		fs.StringVar(&proxies, "trusted-proxies", proxies, "comma-separated CIDRs of reverse proxies (LIAISON_TRUSTED_PROXIES)")
		if err := fs.Parse(args); err != nil {
			return c, err
		}
	}
	for _, p := range strings.Split(proxies, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if !strings.Contains(p, "/") {
			if ip, err := netip.ParseAddr(p); err == nil {
				p = netip.PrefixFrom(ip, ip.BitLen()).String()
			}
		}
		pfx, err := netip.ParsePrefix(p)
		if err != nil {
			errs = append(errs, fmt.Errorf("LIAISON_TRUSTED_PROXIES: %q is not an address or CIDR", p))
			continue
		}
		c.TrustedProxies = append(c.TrustedProxies, pfx)
	}
	c.SecureCookies = strings.HasPrefix(c.BaseURL, "https://")
	if secure != "" {
		b, err := strconv.ParseBool(secure)
		if err != nil {
			errs = append(errs, fmt.Errorf("LIAISON_SECURE_COOKIES=%q: want true or false", secure))
		}
		c.SecureCookies = b
	}
	errs = append(errs, c.Validate())
	return c, errors.Join(errs...)
}

// Validate reports every problem at once, in words an operator can act on.
func (c Config) Validate() error {
	var errs []error
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		errs = append(errs, fmt.Errorf("LIAISON_ADDR=%q: want host:port such as :8080", c.Addr))
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("LIAISON_BASE_URL=%q: want an absolute http(s) URL", c.BaseURL))
	}
	if c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		errs = append(errs, errors.New("LIAISON_DATABASE_URL: want a postgres:// URL, or leave it empty for SQLite"))
	}
	if c.DatabaseURL == "" && c.DataDir == "" {
		errs = append(errs, errors.New("LIAISON_DATA_DIR must not be empty"))
	}
	if c.SessionIdle > c.SessionMax {
		errs = append(errs, errors.New("LIAISON_SESSION_IDLE must not exceed LIAISON_SESSION_MAX"))
	}
	if c.PprofAddr != "" && !loopback(c.PprofAddr) {
		errs = append(errs, fmt.Errorf("LIAISON_PPROF_ADDR=%q: want a loopback host:port such as 127.0.0.1:6060 (profiles must not be public)", c.PprofAddr))
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil {
			errs = append(errs, fmt.Errorf("LIAISON_METRICS_ADDR=%q: want host:port such as 127.0.0.1:9464", c.MetricsAddr))
		} else if !loopback(c.MetricsAddr) && len(c.MetricsToken) < 16 {
			errs = append(errs, fmt.Errorf("LIAISON_METRICS_ADDR=%q is not loopback: set LIAISON_METRICS_TOKEN (16 characters or more) for the scraper to present", c.MetricsAddr))
		}
	}
	if _, err := c.Clock(); err != nil {
		errs = append(errs, err)
	}
	errs = append(errs, c.IMAP.validate())
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("LIAISON_LOG_LEVEL=%q: want debug, info, warn or error", c.LogLevel))
	}
	return errors.Join(errs...)
}

// validate checks the mailbox settings when a mailbox is configured. A
// cleartext connection would send the password in the clear, so "none" is
// only for a server on the loopback interface.
func (m IMAP) validate() error {
	if !m.Configured() {
		return nil
	}
	var errs []error
	if _, _, err := net.SplitHostPort(m.Addr); err != nil {
		errs = append(errs, fmt.Errorf("LIAISON_IMAP_ADDR=%q: want host:port such as imap.example.gov.cn:993", m.Addr))
	}
	switch m.TLS {
	case "tls", "starttls":
	case "none":
		if !loopback(m.Addr) {
			errs = append(errs, fmt.Errorf("LIAISON_IMAP_TLS=none: only for a server on the loopback interface, not %q", m.Addr))
		}
	default:
		errs = append(errs, fmt.Errorf("LIAISON_IMAP_TLS=%q: want tls, starttls or none", m.TLS))
	}
	if m.Username == "" || m.Password == "" {
		errs = append(errs, errors.New("LIAISON_IMAP_USERNAME and LIAISON_IMAP_PASSWORD are needed with LIAISON_IMAP_ADDR"))
	}
	if m.Inbox == "" || m.Processed == "" || m.Inbox == m.Processed {
		errs = append(errs, errors.New("LIAISON_IMAP_INBOX and LIAISON_IMAP_PROCESSED must name two different folders"))
	}
	if m.Poll < 10*time.Second {
		errs = append(errs, fmt.Errorf("LIAISON_IMAP_POLL=%s: want at least 10s", m.Poll))
	}
	return errors.Join(errs...)
}

// Clock returns the process's one clock: the wall clock, or one started at
// StartAt.
func (c Config) Clock() (clock.Clock, error) {
	if c.StartAt == "" {
		return clock.System(), nil
	}
	t, err := time.Parse(time.RFC3339, c.StartAt)
	if err != nil {
		return nil, fmt.Errorf("LIAISON_START_AT=%q: want an RFC 3339 instant such as 2026-12-07T10:00:00+08:00, or leave it empty", c.StartAt)
	}
	return clock.Pin(t), nil
}

// loopback reports that addr is host:port with a loopback host.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// SQLitePath is where the embedded database lives.
func (c Config) SQLitePath() string { return filepath.Join(c.DataDir, "liaison.db") }

// FromEnv is Load over the process environment with no flags.
func FromEnv() (Config, error) { return Load(os.Getenv, nil, nil) }
