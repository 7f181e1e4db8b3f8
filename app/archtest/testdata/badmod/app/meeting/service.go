package meeting

// Service exports its store, which the exported-store check must catch;
// its unexported twin is fine.
type Service struct {
	Store *store
	own   *store
}

// Directory holds settings' store type by another name: not this
// package's store, so not caught.
type Directory struct {
	Settings *settingsStore
}

type settingsStore struct{}
