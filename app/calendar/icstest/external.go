package icstest

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// Two independent iCalendar implementations read what Liaison writes, as
// clients would: ical.js (Mozilla's, used by web calendars and Thunderbird)
// and libical (the C library of Evolution, KDE and many servers). Each is
// a small program (external/) that prints what it parsed and how it expands
// a series; Read runs it. On a developer's machine a missing one is
// skipped; under CI (CI=true), which installs both, it fails the test.

//go:embed external/icaljs.mjs
var icaljsScript []byte

//go:embed external/libical.py
var libicalScript []byte

// Parsed is what an independent reader made of a body: its METHOD, each
// VEVENT (UID, RECURRENCE-ID and start as wall-clock "YYYYMMDDTHHMM" in the
// event's zone, or "YYYYMMDD" for a date, STATUS), the series' occurrences (RRULE less EXDATE, with
// overrides applied and cancelled ones dropped) and any parse errors.
type Parsed struct {
	Method string `json:"method"`
	Events []struct {
		UID    string `json:"uid"`
		RID    string `json:"rid"`
		Start  string `json:"start"`
		Status string `json:"status"`
	} `json:"events"`
	Occurrences []string `json:"occurrences"`
	Errors      []string `json:"errors"`
}

// Reader is one independent implementation.
type Reader struct {
	Name string
	argv []string
	env  []string
}

// Readers returns the independent readers on this machine. ical.js is
// found through LIAISON_ICALJS (a node_modules folder holding ical.js, as
// .ci/run installs it) or node's own search path; libical through Debian's
// python3 with python3-gi and gir1.2-ical-3.0.
func Readers(t testing.TB) []Reader {
	t.Helper()
	dir := t.TempDir()
	var missing []string
	var readers []Reader
	js := filepath.Join(dir, "icaljs.mjs")
	py := filepath.Join(dir, "libical.py")
	if err := os.WriteFile(js, icaljsScript, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(py, libicalScript, 0o644); err != nil {
		t.Fatal(err)
	}
	env := os.Environ()
	if m := os.Getenv("LIAISON_ICALJS"); m != "" {
		env = append(env, "NODE_PATH="+m)
	}
	node := Reader{Name: "ical.js", argv: []string{"node", js}, env: env}
	if probe(node.env, "node", "-e", "require('ical.js')") {
		readers = append(readers, node)
	} else {
		missing = append(missing, "ical.js (npm install ical.js; LIAISON_ICALJS=…/node_modules)")
	}
	python := "/usr/bin/python3"
	if _, err := os.Stat(python); err != nil {
		python = "python3"
	}
	lib := Reader{Name: "libical", argv: []string{python, py}}
	if probe(nil, python, "-c", "import gi; gi.require_version('ICalGLib', '3.0'); from gi.repository import ICalGLib") {
		readers = append(readers, lib)
	} else {
		missing = append(missing, "libical (apt-get install python3-gi gir1.2-ical-3.0)")
	}
	if len(missing) > 0 {
		if os.Getenv("CI") == "true" {
			t.Fatalf("independent iCalendar readers missing under CI: %v", missing)
		}
		t.Logf("independent iCalendar readers missing, not checked: %v", missing)
	}
	return readers
}

func probe(env []string, argv ...string) bool {
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = env
	return cmd.Run() == nil
}

// Read runs the reader on body and fails the test when it cannot parse it
// or reports errors.
func (r Reader) Read(t testing.TB, body []byte) Parsed {
	t.Helper()
	cmd := exec.Command(r.argv[0], r.argv[1:]...)
	cmd.Env = r.env
	cmd.Stdin = bytes.NewReader(body)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s cannot read the body: %v\n%s\n%s", r.Name, err, stderr.String(), body)
	}
	var p Parsed
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatalf("%s: %v in %s", r.Name, err, raw)
	}
	if len(p.Errors) > 0 {
		t.Errorf("%s reports errors %v in\n%s", r.Name, p.Errors, body)
	}
	slices.Sort(p.Occurrences)
	return p
}
