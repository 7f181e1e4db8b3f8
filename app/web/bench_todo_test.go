package web_test

import (
	"net/http"
	"os"
	"strconv"
	"testing"

	"liaison/app/demo"
	"liaison/app/web/webtest"
)

// BenchmarkTodo measures GET /api/v1/me/todo through the real router and
// database on a generated district, for an agency's secretary (what it
// owes), the procuratorate's secretary (what it verifies and organises)
// and the office's secretary (with the district's figures). The district
// has 1,000 meetings; LIAISON_BENCH_MEETINGS=20000 gives the large load
// district (20,000 meetings, 200,000 action items):
//
//	LIAISON_BENCH_MEETINGS=20000 go test ./app/web -run '^$' -bench Todo -benchmem
func BenchmarkTodo(b *testing.B) {
	meetings := 1000
	if v := os.Getenv("LIAISON_BENCH_MEETINGS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			b.Fatal(err)
		}
		meetings = n
	}
	e := webtest.New(b)
	size := demo.Scaled(meetings)
	if meetings < demo.Large.Meetings {
		size.Units, size.Users, size.FeedEvents = 12, 120, meetings/10
	}
	if _, err := demo.LoadLarge(e.Ctx(), e.DB, size, e.DB.Now()); err != nil {
		b.Fatal(err)
	}
	for _, who := range []struct{ name, user string }{
		{"agency", demo.LargeUsername(7, 0)},
		{"procuratorate", demo.LargeUsername(1, 0)},
		{"office", demo.LargeSecretary},
	} {
		c := signInGenerated(b, e, who.user)
		b.Run(who.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if r := c.Get("/api/v1/me/todo"); r.Status != http.StatusOK {
					b.Fatalf("%d %.200s", r.Status, r.Body)
				}
			}
		})
	}
}
