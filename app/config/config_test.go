package config

import (
	"flag"
	"io"
	"net/netip"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestLoad_Defaults(t *testing.T) {
	t.Parallel()
	c, err := Load(env(nil), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.DataDir != "./data" || c.DatabaseURL != "" || c.BaseURL != "http://localhost:8080" {
		t.Errorf("defaults = %+v", c)
	}
	if c.SecureCookies || len(c.TrustedProxies) != 0 {
		t.Errorf("secure=%v proxies=%v", c.SecureCookies, c.TrustedProxies)
	}
	if c.SQLitePath() != "data/liaison.db" {
		t.Errorf("sqlite path %q", c.SQLitePath())
	}
}

func TestLoad_EnvAndFlags(t *testing.T) {
	t.Parallel()
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	c, err := Load(env(map[string]string{
		"LIAISON_ADDR": "127.0.0.1:9000", "LIAISON_BASE_URL": "https://liaison.example.gov.cn",
		"LIAISON_DATABASE_URL": "postgres://u@db/liaison", "LIAISON_TRUSTED_PROXIES": "10.0.0.0/8, 192.168.1.7",
		"LIAISON_SESSION_IDLE": "5m", "LIAISON_SESSION_MAX": "1h",
	}), fs, []string{"--addr", ":7000"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":7000" {
		t.Errorf("flag should win: addr %q", c.Addr)
	}
	if !c.SecureCookies {
		t.Error("https base URL must mean Secure cookies")
	}
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.168.1.7/32")}
	if len(c.TrustedProxies) != 2 || c.TrustedProxies[0] != want[0] || c.TrustedProxies[1] != want[1] {
		t.Errorf("proxies %v", c.TrustedProxies)
	}
	if c.SessionIdle != 5*time.Minute || c.SessionMax != time.Hour {
		t.Errorf("sessions %v %v", c.SessionIdle, c.SessionMax)
	}
}

func TestLoad_Invalid(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"bad addr", map[string]string{"LIAISON_ADDR": "8080"}, nil, "LIAISON_ADDR"},
		{"bad addr flag", nil, []string{"--addr", "nope"}, "LIAISON_ADDR"},
		{"relative base URL", map[string]string{"LIAISON_BASE_URL": "liaison.example"}, nil, "LIAISON_BASE_URL"},
		{"ftp base URL", map[string]string{"LIAISON_BASE_URL": "ftp://liaison.example"}, nil, "LIAISON_BASE_URL"},
		{"mysql URL", map[string]string{"LIAISON_DATABASE_URL": "mysql://u@h/db"}, nil, "LIAISON_DATABASE_URL"},
		{"sqlite URL", map[string]string{"LIAISON_DATABASE_URL": "sqlite:///tmp/x.db"}, nil, "LIAISON_DATABASE_URL"},
		{"bad proxy", map[string]string{"LIAISON_TRUSTED_PROXIES": "10.0.0.0/8,proxy.local"}, nil, "LIAISON_TRUSTED_PROXIES"},
		{"bad proxy CIDR", map[string]string{"LIAISON_TRUSTED_PROXIES": "10.0.0.0/99"}, nil, "LIAISON_TRUSTED_PROXIES"},
		{"bad duration", map[string]string{"LIAISON_SESSION_IDLE": "soon"}, nil, "LIAISON_SESSION_IDLE"},
		{"idle beyond max", map[string]string{"LIAISON_SESSION_IDLE": "2h", "LIAISON_SESSION_MAX": "1h"}, nil, "LIAISON_SESSION_IDLE"},
		{"bad body limit", map[string]string{"LIAISON_BODY_LIMIT": "-1"}, nil, "LIAISON_BODY_LIMIT"},
		{"bad secure flag", map[string]string{"LIAISON_SECURE_COOKIES": "maybe"}, nil, "LIAISON_SECURE_COOKIES"},
		{"bad log level", map[string]string{"LIAISON_LOG_LEVEL": "loud"}, nil, "LIAISON_LOG_LEVEL"},
		{"empty data dir", nil, []string{"--data-dir", ""}, "LIAISON_DATA_DIR"},
		{"public pprof", map[string]string{"LIAISON_PPROF_ADDR": ":6060"}, nil, "LIAISON_PPROF_ADDR"},
		{"pprof on a LAN address", map[string]string{"LIAISON_PPROF_ADDR": "10.0.0.5:6060"}, nil, "LIAISON_PPROF_ADDR"},
		{"pprof without a port", map[string]string{"LIAISON_PPROF_ADDR": "127.0.0.1"}, nil, "LIAISON_PPROF_ADDR"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			fs := flag.NewFlagSet("x", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			_, err := Load(env(c.env), fs, c.args)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not name %s", err, c.want)
			}
		})
	}
	t.Run("loopback pprof", func(t *testing.T) {
		for _, a := range []string{"127.0.0.1:6060", "[::1]:6060", "localhost:6060"} {
			if c, err := Load(env(map[string]string{"LIAISON_PPROF_ADDR": a}), nil, nil); err != nil || c.PprofAddr != a {
				t.Errorf("%s: %v, %q", a, err, c.PprofAddr)
			}
		}
	})
	t.Run("every problem at once", func(t *testing.T) {
		_, err := Load(env(map[string]string{"LIAISON_ADDR": "x", "LIAISON_BASE_URL": "y", "LIAISON_DATABASE_URL": "z"}), nil, nil)
		for _, k := range []string{"LIAISON_ADDR", "LIAISON_BASE_URL", "LIAISON_DATABASE_URL"} {
			if err == nil || !strings.Contains(err.Error(), k) {
				t.Errorf("error %v does not name %s", err, k)
			}
		}
	})
}

func TestLoad_SecureCookiesOverride(t *testing.T) {
	t.Parallel()
	c, err := Load(env(map[string]string{"LIAISON_BASE_URL": "https://x.example", "LIAISON_SECURE_COOKIES": "false"}), nil, nil)
	if err != nil || c.SecureCookies {
		t.Errorf("override: %v %v", c.SecureCookies, err)
	}
}
