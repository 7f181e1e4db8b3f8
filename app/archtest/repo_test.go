package archtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// maxTracked is the largest file the repository may track outside
// static/vendor: sources, templates, migrations and the README's few small
// screenshots fit well under it; a build output (a binary, a coverage or
// load-test run) does not.
const maxTracked = 1 << 20

// TestNothingBuiltIsTracked fails when git tracks a file over maxTracked
// outside static/vendor/ (vendored front-end libraries are pinned there on
// purpose), so a binary or a run's output cannot slip into a commit.
func TestNothingBuiltIsTracked(t *testing.T) {
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
	files := strings.Split(strings.TrimRight(string(out), "\x00"), "\x00")
	if len(files) < 100 {
		t.Fatalf("git lists %d files under %s: wrong root?", len(files), root)
	}
	for _, f := range files {
		if strings.HasPrefix(f, "static/vendor/") {
			continue
		}
		st, err := os.Stat(filepath.Join(root, f))
		if err != nil {
			continue // deleted in the work tree, not yet committed
		}
		if st.Size() > maxTracked {
			t.Errorf("%s is tracked and %d bytes (over %d): build output belongs in the ignored artifacts/, not in git", f, st.Size(), maxTracked)
		}
	}
}
