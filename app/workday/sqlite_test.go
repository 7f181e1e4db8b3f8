package workday

import (
	"database/sql"
	"testing"

	_ "modernc.org/sqlite" // already the project's SQLite driver; here only to round-trip through a real database
)

// Dates go into the database as TEXT and come back equal, NULL included, and
// sort as dates because "YYYY-MM-DD" sorts as text.
func TestDate_SQLiteRoundTrip(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE item (id INTEGER PRIMARY KEY, due_on TEXT)`); err != nil {
		t.Fatal(err)
	}
	dates := []Date{day("2026-10-08"), day("2024-02-29"), {}, day("2025-12-31")}
	for i, d := range dates {
		if _, err := db.Exec(`INSERT INTO item (id, due_on) VALUES (?, ?)`, i, d); err != nil {
			t.Fatalf("insert %s: %v", d, err)
		}
	}
	for i, want := range dates {
		var got Date
		if err := db.QueryRow(`SELECT due_on FROM item WHERE id = ?`, i).Scan(&got); err != nil || got != want {
			t.Errorf("row %d = %s, %v; want %s", i, got, err, want)
		}
	}
	var isNull bool
	if err := db.QueryRow(`SELECT due_on IS NULL FROM item WHERE id = 2`).Scan(&isNull); err != nil || !isNull {
		t.Errorf("zero Date stored as %v, %v; want NULL", isNull, err)
	}
	var first Date
	err = db.QueryRow(`SELECT due_on FROM item WHERE due_on > ? ORDER BY due_on LIMIT 1`, day("2024-12-31")).Scan(&first)
	if err != nil || first != day("2025-12-31") {
		t.Errorf("first due after 2024-12-31 = %s, %v", first, err)
	}
}
