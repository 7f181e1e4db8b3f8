package main

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// An error is written at once, after the lines gathered before it; Close
// writes the rest; lines from many goroutines arrive whole.
func TestLogWriter(t *testing.T) {
	out := &lockedBuffer{}
	lw := newLogWriter(out)
	fmt.Fprintln(lw, `{"level":"INFO","msg":"request","n":1}`)
	fmt.Fprintln(lw, `{"level":"ERROR","msg":"boom"}`)
	if got := out.String(); !strings.Contains(got, `"n":1`) || !strings.HasSuffix(got, `"msg":"boom"}`+"\n") {
		t.Fatalf("after an error: %q", got)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				fmt.Fprintf(lw, `{"level":"INFO","msg":"request","g":%d,"i":%d}`+"\n", g, i)
			}
		})
	}
	wg.Wait()
	if err := lw.Close(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 2+8*500 {
		t.Fatalf("%d lines, want %d", len(lines), 2+8*500)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, `{"level":`) || !strings.HasSuffix(l, "}") {
			t.Fatalf("torn line %q", l)
		}
	}
}
