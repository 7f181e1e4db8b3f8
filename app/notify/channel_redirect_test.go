package notify_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"liaison/app/db/dbtest"
	"liaison/app/notify"
)

// TestChannels_NoRedirectElsewhere: a channel that answers with a redirect
// to another host is not followed there (the admin vouched for one host
// only); a redirect within the host is.
func TestChannels_NoRedirectElsewhere(t *testing.T) {
	t.Parallel()
	d := dbtest.New(t)
	elsewhere := newReceiver(t) // 127.0.0.1:port — another host:port
	here := newReceiver(t)
	mux := http.NewServeMux()
	mux.HandleFunc("/away", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+"/stolen", http.StatusTemporaryRedirect)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, srv.URL+"/final", http.StatusTemporaryRedirect)
	})
	mux.HandleFunc("/final", func(w http.ResponseWriter, r *http.Request) { here.Config.Handler.ServeHTTP(w, r) })

	s := newService(t, d, "", 0, channelOpts(time.Minute))
	away, moved := newUnit(t, d, "重定向单位甲"), newUnit(t, d, "重定向单位乙")
	configure(t, s, away, notify.ChannelWebhook, srv.URL+"/away", "webhook-secret-0123456789")
	configure(t, s, moved, notify.ChannelWebhook, srv.URL+"/moved", "webhook-secret-0123456789")
	send(t, d, s, []int64{away, moved}, msg("r1", "提醒", ""))
	start(t, s)
	row := waitStatus(t, s, channelKey(notify.ChannelWebhook, away, "r1"), notify.Failed)
	if !strings.Contains(row.LastError, "redirect to another host refused") || strings.Contains(row.LastError, "/away") {
		t.Errorf("error %q", row.LastError)
	}
	waitStatus(t, s, channelKey(notify.ChannelWebhook, moved, "r1"), notify.Sent)
	time.Sleep(500 * time.Millisecond) // a late follow would show here
	if n := len(elsewhere.all()); n != 0 {
		t.Errorf("the redirect to another host was followed (%d requests)", n)
	}
	if n := len(here.all()); n != 1 {
		t.Errorf("the redirect within the host: %d requests", n)
	}
}
