package ghapp

import (
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"unsafe"
)

// A Secret is one of the credentials GitHub issues once: an app's client
// secret, webhook secret or private key. It never shows itself: every fmt
// verb (%v, %+v, %#v, %s, %q, %x, %d, ...), String, GoString, JSON and text
// encoding and log/slog give "[redacted]" in its place, or nothing when it
// is empty. Code that walks a value by reflection without calling its
// methods (fmt for an unexported field printed with %+v, or for %p;
// go-cmp's diffs; other dumpers) finds only an unsafe.Pointer,
// which they print as an address: the text is never reachable as a field.
//
// [Secret.Reveal] is the one way to read it, and [AppCredentials.RevealJSON]
// the one way to encode credentials with their secrets. The zero Secret is
// empty. Compare Secrets with [Secret.Equal], which go-cmp uses too; ==
// and reflect.DeepEqual see two Secrets as the same only when one is a
// copy of the other.
type Secret struct {
	text unsafe.Pointer // a *string; nil when empty
}

// NewSecret returns a Secret holding s; NewSecret("") is the zero, empty
// Secret.
func NewSecret(s string) Secret {
	if s == "" {
		return Secret{}
	}
	return Secret{text: unsafe.Pointer(&s)}
}

// Reveal returns the secret's text, "" when it is empty. It is the only way
// to read a Secret: search a program for Reveal to find every place its
// secrets leave this type.
func (s Secret) Reveal() string {
	if s.text == nil {
		return ""
	}
	return *(*string)(s.text)
}

// IsZero reports whether s is empty.
func (s Secret) IsZero() bool { return s.text == nil }

// Equal reports whether s and t hold the same text, in time that does not
// depend on where they first differ.
func (s Secret) Equal(t Secret) bool {
	return subtle.ConstantTimeCompare([]byte(s.Reveal()), []byte(t.Reveal())) == 1
}

// redactedMark is what a set Secret shows instead of its text.
const redactedMark = "[redacted]"

// mark returns what s shows: "[redacted]", or "" when s is empty.
func (s Secret) mark() string {
	if s.text == nil {
		return ""
	}
	return redactedMark
}

// String returns "[redacted]", or "" when s is empty.
func (s Secret) String() string { return s.mark() }

// GoString returns ghapp.Secret{[redacted]}, or ghapp.Secret{} when s is
// empty, for %#v.
func (s Secret) GoString() string {
	if s.text == nil {
		return "ghapp.Secret{}"
	}
	return "ghapp.Secret{" + redactedMark + "}"
}

// Format implements [fmt.Formatter]: every verb prints "[redacted]" (or
// nothing for an empty Secret); %q quotes it and %#v prints GoString.
func (s Secret) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = io.WriteString(f, s.GoString())
	case verb == 'q':
		_, _ = fmt.Fprintf(f, "%q", s.mark())
	default:
		_, _ = io.WriteString(f, s.mark())
	}
}

// LogValue implements [slog.LogValuer]: logged, s is "[redacted]", or ""
// when empty.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.mark()) }

// MarshalJSON encodes s as "[redacted]", or "" when it is empty. To store
// credentials with their secrets, use [AppCredentials.RevealJSON].
func (s Secret) MarshalJSON() ([]byte, error) { return json.Marshal(s.mark()) }

// MarshalText encodes s as [redacted], or nothing when it is empty.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.mark()), nil }

// UnmarshalJSON always fails, with an error wrapping [ErrNotSettable]: JSON
// written by encoding/json holds "[redacted]" where a Secret was, and
// reading it back would lose the secret without a word. Read stored
// credentials with [ParseCredentials].
func (s *Secret) UnmarshalJSON([]byte) error { return errSecretDecode() }

// UnmarshalText always fails, as [Secret.UnmarshalJSON] does.
func (s *Secret) UnmarshalText([]byte) error { return errSecretDecode() }

func errSecretDecode() error {
	return fieldErr("", ErrNotSettable, "a ghapp.Secret is never decoded: encoded, it reads [redacted]; "+
		"store credentials with AppCredentials.RevealJSON and read them with ParseCredentials")
}
