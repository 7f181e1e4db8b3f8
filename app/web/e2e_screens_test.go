package web_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"liaison/app/demo"
	"liaison/app/web/webtest"
)

// TestPages_Screens regenerates the README's screenshots (docs/screens)
// from the demo district; it runs only when asked:
//
//	LIAISON_SCREENS=1 go test ./app/web -run TestPages_Screens
func TestPages_Screens(t *testing.T) {
	if os.Getenv("LIAISON_SCREENS") == "" {
		t.Skip("set LIAISON_SCREENS=1 to regenerate docs/screens")
	}
	bin := chromiumPath()
	if bin == "" {
		t.Skip("no chromium binary")
	}
	e := webtest.New(t)
	if _, err := demo.Load(e.Ctx(), e.Deps.Accounts); err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadActivity(e.Ctx(), demo.Services{Accounts: e.Deps.Accounts, Cases: e.Deps.Cases, Actions: e.Deps.Actions, Meetings: e.Deps.Meetings}, e.DB.Now()); err != nil {
		t.Fatal(err)
	}
	minutes := count(t, e, `SELECT MIN(meeting_id) FROM minutes WHERE status = 'confirmed'`)
	dir := filepath.Join("..", "..", "docs", "screens")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	root, cancelRoot := newBrowser(t, ctx, bin, 1366)
	defer cancelRoot()
	if err := chromedp.Do(root); err != nil {
		t.Fatal(err)
	}
	w := newWalker(t, root, e, t.TempDir(), "wang.fang") // the walk's own JPEGs stay out of docs
	defer w.close()
	w.size(1366, 900, false)
	for name, url := range map[string]string{
		"home":          "/",
		"meeting":       "/meetings/" + id64(minutes),
		"scoreboard":    "/scoreboard",
		"minutes-print": "/meetings/" + id64(minutes) + "/minutes/print",
		"meeting-phone": "/meetings/" + id64(minutes),
	} {
		if name == "meeting-phone" {
			w.size(390, 844, true)
		}
		if _, ok := w.visit(url, "screen"); !ok {
			t.Fatalf("%s: not visible", url)
		}
		png, err := chromedp.Run(w.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
		w.size(1366, 900, false)
	}
}
