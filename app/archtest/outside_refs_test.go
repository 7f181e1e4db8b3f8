package archtest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// outsideRef matches a pointer to a file that is not in the repository: the
// design notes the project started from (its domain, API, iCalendar and style
// pages, the shared folder beside the checkout, its seed texts). What those
// notes said now lives in the repository: package docs (account's domain
// words and sensitivity rule, calendar's iCalendar rules), the OpenAPI
// files under app/web/openapi, and the README's glossary. The pattern is
// written so that this file does not match it.
var outsideRef = regexp.MustCompile(`\b(DOMAIN|API|ICAL|STYLE)\.md\b|\.\./shared\b|/work/(shared|main)\b|\bseed[/]`)

// TestNoReferenceOutsideTheRepo fails when a tracked file (code, comment,
// test, template, migration or document) names a file outside the
// repository, which a person who clones it cannot follow.
func TestNoReferenceOutsideTheRepo(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("git", "-C", root, "ls-files", "-z").Output()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("git ls-files in %s: %v", root, err)
		}
		t.Skipf("not a git checkout (%v): nothing to check", err)
	}
	for _, f := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if strings.HasPrefix(f, "static/vendor/") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil || bytes.IndexByte(data, 0) >= 0 {
			continue // deleted in the work tree, or binary
		}
		for i, line := range strings.Split(string(data), "\n") {
			if m := outsideRef.FindString(line); m != "" {
				t.Errorf("%s:%d names %q, a file outside the repository: say what it says here (a package doc, the OpenAPI files, the README)", f, i+1, m)
			}
		}
	}
}

// TestOutsideRef_Matches: the pattern catches each form of pointer seen
// before, and leaves ordinary text alone.
func TestOutsideRef_Matches(t *testing.T) {
	for _, s := range []string{
		"(DOMAIN" + ".md)", "fixed in API" + ".md", "ICAL" + ".md rule 5", "STYLE" + ".md",
		"../" + "shared/ICAL", "/work/" + "shared/seed", "seed" + "/000_x.txt",
	} {
		if !outsideRef.MatchString(s) {
			t.Errorf("%q: not caught", s)
		}
	}
	for _, s := range []string{"README.md", "openapi/00_base.yaml", "seeds the demo", "shared settings", "CHANGELOG.md"} {
		if outsideRef.MatchString(s) {
			t.Errorf("%q: caught, but names nothing outside", s)
		}
	}
}
