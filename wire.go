package ghapp

import (
	"encoding/json"
	"maps"
	"slices"
	"strconv"
)

// Reading what GitHub's API answers: the permissions and events of an app
// or an installation, shared by the conversion answer (ConvertManifestCode)
// and the live app's reads (GetApp, ListInstallations). GitHub's answer is
// the authority, so names the catalogue does not know yet are kept; what
// is not a name or a level is reported, never quoted, and left out.

// readWirePermissions reads the permissions object raw, under field. The
// REST API's names become registration names; a permission given under
// both of its names gets the registration name's level, whatever the
// order of the keys. report is called for each problem.
func readWirePermissions(field string, raw json.RawMessage, report func(field, format string, args ...any)) Permissions {
	if isNull(raw) {
		return nil
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		report(field, "not an object")
		return nil
	}
	wire := make(Permissions, len(fields))
	for _, name := range slices.Sorted(maps.Keys(fields)) { // problems in a fixed order
		if !plainName(name, maxUnknownName) {
			report(field, "a key that is not a permission's name")
			continue
		}
		key := field + "." + name
		s, ok := readString(fields[name])
		if !ok {
			report(key, "the level is not a string")
			continue
		}
		l, err := ParseLevel(s)
		if err != nil || l == LevelNone {
			report(key, "not a level GitHub grants (read, write, admin)")
			continue
		}
		wire[Permission(name)] = l
	}
	return wire.canonical()
}

// readWireEvents reads the list of event names raw, under field.
func readWireEvents(field string, raw json.RawMessage, report func(field, format string, args ...any)) []Event {
	if isNull(raw) {
		return nil
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		report(field, "not a list")
		return nil
	}
	events := make([]Event, 0, len(list))
	for i, raw := range list {
		s, ok := readString(raw)
		if !ok || !plainName(s, maxUnknownName) {
			report(field+"["+strconv.Itoa(i)+"]", "not an event's name")
			continue
		}
		events = append(events, Event(s))
	}
	return events
}

// badResponse adds a problem with an answer's field, wrapping
// ErrBadResponse.
func (l *errorList) badResponse(field, format string, args ...any) {
	l.add(fieldErr(field, ErrBadResponse, format, args...))
}
