package clock_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// allowed lists the files that may read the wall clock, with the reason.
// Everything else asks the clock it was given, or times itself with a
// clock.Stopwatch.
var allowed = map[string]string{
	"app/clock/clock.go": "the clock itself: System, Pinned's running and Stopwatch",
}

// wallClockCalls returns "file:line: time.X" for every reference to
// time.Now, time.Since or time.Until in src (calls and function values
// alike), under whatever name the file imports "time".
func wallClockCalls(name string, src []byte) ([]string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	local := ""
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == "time" {
			local = "time"
			if imp.Name != nil {
				local = imp.Name.Name
			}
		}
	}
	if local == "" || local == "_" {
		return nil, nil
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); ok && id.Name == local {
			switch sel.Sel.Name {
			case "Now", "Since", "Until":
				out = append(out, fset.Position(sel.Pos()).String()+": time."+sel.Sel.Name)
			}
		}
		return true
	})
	return out, nil
}

// TestNoWallClock fails when any Go file of the module, tests included,
// reads the wall clock outside the allowed files.
func TestNoWallClock(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	err = filepath.WalkDir(filepath.Join(root, "app"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "testdata" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		seen++
		if _, ok := allowed[rel]; ok {
			return nil
		}
		src, err := fs.ReadFile(os.DirFS(root), rel)
		if err != nil {
			return err
		}
		calls, err := wallClockCalls(rel, src)
		if err != nil {
			return err
		}
		for _, c := range calls {
			t.Errorf("%s reads the wall clock: take the time from the clock you were given (or clock.Stopwatch for elapsed time)", c)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 100 {
		t.Fatalf("walked only %d Go files under %s/app: wrong root?", seen, root)
	}
}

// TestNoWallClock_CatchesStray proves the checker finds what it must,
// under an import alias and as a function value too, and passes clean code.
func TestNoWallClock_CatchesStray(t *testing.T) {
	stray := []byte(`package x
import t "time"
var f = t.Now
func g() { _ = t.Since(t.Time{}); _ = t.Until(t.Time{}); _ = t.Now() }
`)
	got, err := wallClockCalls("stray.go", stray)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 4 {
		t.Fatalf("found %d stray reads, want 4: %v", len(got), got)
	}
	clean := []byte(`package x
import "time"
type c interface{ Now() time.Time }
func g(k c) time.Duration { return k.Now().Sub(time.Time{}) + time.Second }
`)
	if got, err := wallClockCalls("clean.go", clean); err != nil || len(got) != 0 {
		t.Fatalf("clean code flagged: %v %v", got, err)
	}
}
