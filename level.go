package ghapp

import (
	"slices"
	"strconv"
)

// A Level is how much access a permission grants. Levels are ordered:
// LevelNone < LevelRead < LevelWrite < LevelAdmin. The zero value is
// LevelNone, which means the permission is left out.
//
// Not every permission allows every level: see [Permission.Allows].
type Level uint8

// The levels GitHub knows.
const (
	LevelNone  Level = iota // no access: the permission is left out
	LevelRead               // "read"
	LevelWrite              // "write", which includes read
	LevelAdmin              // "admin", which includes write; only a few permissions have it
)

var levelNames = [...]string{"none", "read", "write", "admin"}

// ParseLevel returns the level named s: "none" (or ""), "read", "write" or
// "admin", exactly as GitHub writes them. Anything else, "Write" and
// "read-all" among them, returns a [*FieldError] wrapping a [*NameError]
// for [ErrUnknownLevel] that suggests a close level.
func ParseLevel(s string) (Level, error) {
	switch s {
	case "", "none":
		return LevelNone, nil
	case "read":
		return LevelRead, nil
	case "write":
		return LevelWrite, nil
	case "admin":
		return LevelAdmin, nil
	}
	return LevelNone, unknownName("", s, ErrUnknownLevel, suggestLevel(s), "")
}

// String returns the level's name as GitHub writes it ("read"); a value
// outside the known levels prints as "Level(7)".
func (l Level) String() string {
	if int(l) < len(levelNames) {
		return levelNames[l]
	}
	return "Level(" + strconv.Itoa(int(l)) + ")"
}

// MarshalText implements [encoding.TextMarshaler], so a [Permissions] map
// encodes to GitHub's JSON ({"issues":"write"}). It fails for a value outside
// the known levels.
func (l Level) MarshalText() ([]byte, error) {
	if int(l) >= len(levelNames) {
		return nil, unknownName("", l.String(), ErrUnknownLevel, "", "")
	}
	return []byte(levelNames[l]), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseLevel].
func (l *Level) UnmarshalText(text []byte) error {
	v, err := ParseLevel(string(text))
	if err != nil {
		return err
	}
	*l = v
	return nil
}

// levelSet is a set of levels, bit 1<<l for level l.
type levelSet uint8

func (s levelSet) has(l Level) bool { return l < 8 && s&(1<<l) != 0 }

func suggestLevel(s string) string { return suggest(s, slices.Values(levelNames[:])) }

// unknownLevel reports value, given as a level under field.
func unknownLevel(field, value string) *FieldError {
	return unknownName(field, value, ErrUnknownLevel, suggestLevel(value), "")
}
