package archtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
)

// listedPackage is the part of `go list -json` the checks read.
type listedPackage struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	Imports    []string
}

// listModule runs `go list -e -deps -json ./...` in root and returns the
// module's path and its own packages (not the standard library's or other
// modules'). -e keeps going past imports that do not resolve, so a fixture
// may name a module it does not require.
func listModule(t *testing.T, root string) (string, []listedPackage) {
	t.Helper()
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	modPath := ""
	for _, line := range strings.Split(string(mod), "\n") {
		if f := strings.Fields(line); len(f) == 2 && f[0] == "module" {
			modPath = f[1]
		}
	}
	if modPath == "" {
		t.Fatalf("%s/go.mod names no module", root)
	}
	cmd := exec.Command("go", "list", "-e", "-deps", "-json", "./...")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list in %s: %v\n%s", root, err, stderr.String())
	}
	var pkgs []listedPackage
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listedPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		if p.ImportPath == modPath || strings.HasPrefix(p.ImportPath, modPath+"/") {
			pkgs = append(pkgs, p)
		}
	}
	return modPath, pkgs
}

// violations returns every breach of the layering in the module at root,
// one key per breach: "import FROM -> TO", "gorm FILE", "unplaced PKG",
// "reach-in FILE: …", "exported store FILE: Type.Field" or "literal FILE: …"
// (paths relative to the module), sorted.
func violations(t *testing.T, root string) []string {
	t.Helper()
	modPath, pkgs := listModule(t, root)
	rel := func(p string) string { return strings.TrimPrefix(strings.TrimPrefix(p, modPath), "/") }
	found := map[string]bool{}
	for _, p := range pkgs {
		from := rel(p.ImportPath)
		fromLayer, fromPrefix := layer(from)
		if fromLayer == "" {
			if from != "" { // the module root has no package of its own
				found["unplaced "+from] = true
			}
			continue
		}
		for _, imp := range p.Imports {
			if imp != modPath && !strings.HasPrefix(imp, modPath+"/") {
				continue
			}
			to := rel(imp)
			toLayer, toPrefix := layer(to)
			switch {
			case toLayer == "":
				// reported as unplaced where it is listed itself
			case !slices.Contains(mayImport[fromLayer], toLayer):
				found["import "+from+" -> "+to] = true
			case fromLayer == "domain" && toLayer == "domain" && fromPrefix != toPrefix &&
				!slices.Contains(domainMayImport[fromPrefix], toPrefix):
				found["import "+from+" -> "+to] = true
			}
		}
		for _, f := range p.GoFiles {
			// Test-support packages (…test) build fixtures below the
			// services on purpose; every other file is parsed once for the
			// three source checks.
			if !strings.HasSuffix(from, "test") {
				af, err := parser.ParseFile(token.NewFileSet(), filepath.Join(p.Dir, f), nil, 0)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range storeReachIns(af) {
					found["reach-in "+from+"/"+f+": "+r] = true
				}
				for _, fld := range exportedStores(af) {
					found["exported store "+from+"/"+f+": "+fld] = true
				}
				if fromLayer == "domain" {
					for _, l := range stateLiterals(from, af) {
						found["literal "+from+"/"+f+": "+l] = true
					}
				}
			}
			if gormAllowed(from, f) {
				continue
			}
			if importsGORM(t, filepath.Join(p.Dir, f)) {
				found["gorm "+from+"/"+f] = true
			}
		}
	}
	keys := make([]string, 0, len(found))
	for k := range found {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// gormAllowed: only app/db and files named store*.go or *_store.go may
// import GORM, so queries live next to each other and nowhere else.
func gormAllowed(pkg, file string) bool {
	if pkg == "app/db" || strings.HasPrefix(pkg, "app/db/") {
		return true
	}
	return strings.HasPrefix(file, "store") || strings.HasSuffix(file, "_store.go")
}

func importsGORM(t *testing.T, path string) bool {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range f.Imports {
		p := strings.Trim(imp.Path.Value, `"`)
		if p == "gorm.io/gorm" || strings.HasPrefix(p, "gorm.io/") {
			return true
		}
	}
	return false
}

// TestArchitecture checks the repository's own import graph against the
// layering table: every breach must be a known exception, and every known
// exception must still be a breach (fixed ones are to be deleted).
func TestArchitecture(t *testing.T) {
	got := violations(t, "../..")
	for _, v := range got {
		if _, ok := knownExceptions[v]; !ok {
			t.Errorf("breaks the layering: %s (see layers_test.go for the allowed table)", v)
		}
	}
	for k := range knownExceptions {
		if !slices.Contains(got, k) {
			t.Errorf("knownExceptions[%q] no longer happens: delete the entry", k)
		}
	}
}

// TestArchitecture_FailsOnWrongImports runs the same check on a tiny fake
// module under testdata whose packages break each rule once, and demands
// exactly those breaches: proof that the check is not vacuous.
func TestArchitecture_FailsOnWrongImports(t *testing.T) {
	got := violations(t, "testdata/badmod")
	want := []string{
		"exported store app/meeting/service.go: Service.Store",              // a store other packages can reach
		"gorm app/meeting/meeting.go",                                       // GORM outside a store file
		"import app/db -> app/web",                                          // lower layer importing an upper one
		"import app/notify -> app/config",                                   // domain reading the configuration
		"import app/notify -> app/meeting",                                  // domain arrow not in the table
		"import app/notify -> app/web",                                      // domain importing web
		"literal app/notify/reachin.go: 'cancelled' (owned by app/meeting)", // another area's state spelt out
		"reach-in app/notify/reachin.go: s.Meetings.Store.ByID",             // another area's store
		"unplaced app/stray",                                                // a package with no layer
	}
	if !slices.Equal(got, want) {
		t.Errorf("fixture breaches:\n got %q\nwant %q", got, want)
	}
}

// TestArchitecture_TableIsComplete: every domain package has its row in
// domainMayImport, and every name there is a domain package.
func TestArchitecture_TableIsComplete(t *testing.T) {
	for p, l := range layerOf {
		if _, ok := domainMayImport[p]; (l == "domain") != ok {
			t.Errorf("%s (layer %q): domainMayImport must list exactly the domain packages", p, l)
		}
	}
	for p, tos := range domainMayImport {
		for _, to := range tos {
			if layerOf[to] != "domain" || to == p {
				t.Errorf("domainMayImport[%s] names %s, not another domain package", p, to)
			}
		}
	}
}

// layerOrder is the order the README shows the layers in.
var layerOrder = []string{"cmd", "web", "config", "domain", "db", "base", "assets"}

// renderTable writes the layering as the README shows it.
func renderTable() string {
	var b strings.Builder
	for _, l := range layerOrder {
		var pkgs []string
		for p, pl := range layerOf {
			if pl == l {
				pkgs = append(pkgs, strings.TrimPrefix(p, "app/"))
			}
		}
		sort.Strings(pkgs)
		may := strings.Join(mayImport[l], ", ")
		if may == "" {
			may = "nothing"
		}
		fmt.Fprintf(&b, "%-7s %s\n        may import: %s\n", l, strings.Join(pkgs, " "), may)
	}
	b.WriteString("domain → domain:\n")
	var froms []string
	for p := range domainMayImport {
		froms = append(froms, p)
	}
	sort.Strings(froms)
	for _, p := range froms {
		if len(domainMayImport[p]) == 0 {
			continue
		}
		var tos []string
		for _, to := range domainMayImport[p] {
			tos = append(tos, strings.TrimPrefix(to, "app/"))
		}
		fmt.Fprintf(&b, "  %-11s → %s\n", strings.TrimPrefix(p, "app/"), strings.Join(tos, ", "))
	}
	return b.String()
}

// TestArchitecture_READMEShowsTheTable: the README's Layout section carries
// the enforced table verbatim, so the document cannot drift from the test.
func TestArchitecture_READMEShowsTheTable(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want := renderTable()
	if !strings.Contains(string(readme), want) {
		t.Errorf("README.md's Layout section must contain the layering table as the test enforces it:\n%s", want)
	}
}
