package ghapp

import "time"

// Hooks for the external tests.

// FormScript and FormScriptHash are the form page's script and the hash
// its Content-Security-Policy allows.
const (
	FormScript     = formScript
	FormScriptHash = formScriptHash
)

// MaxPendingFlows is the default store's bound.
const MaxPendingFlows = maxPendingFlows

// SetFlowClock makes f (and its default store) read the time from now.
func SetFlowClock(f *ManifestFlow, now func() time.Time) { f.now = now }

// SetMaxPending bounds f's default store to n flows.
func SetMaxPending(f *ManifestFlow, n int) { f.maxPending = n }

// DefaultStore returns the store f uses when States is nil.
func DefaultStore(f *ManifestFlow) StateStore { return f.runtime().store }
