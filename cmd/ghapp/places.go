package main

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// places says where each value of a manifest stands, by the field name the
// library gives a problem ("default_events[2]", "hook_attributes.url"), so
// that a problem reported without a position (a plan check, a rule checked
// after reading) still points at its line.
type places struct {
	values map[string]place // where each value starts, by field name
	keys   map[string]place // where the key of each object member starts
	root   place            // the document's top value
}

func newPlaces(root place) *places {
	return &places{values: map[string]place{}, keys: map[string]place{}, root: root}
}

// add records a value at path, and its key when it is an object member;
// the first of a name given twice wins, as it is the one the library reads.
func (ps *places) add(path string, key, value place, member bool) {
	if _, ok := ps.values[path]; ok {
		return
	}
	ps.values[path] = value
	if member {
		ps.keys[path] = key
	}
}

// find returns where field stands: a permission by its key (as the
// library places one), anything else by its value; a field not found by
// the nearest enclosing one, then the top value. A registration link's
// name for a setting ("events[2]", "webhook_url") finds the manifest's
// ("default_events[2]", "hook_attributes.url").
func (ps *places) find(field string) place {
	field = manifestField(field)
	for f := field; f != ""; f = parentField(f) {
		if strings.HasPrefix(f, "default_permissions.") {
			if p, ok := ps.keys[f]; ok {
				return p
			}
		}
		if p, ok := ps.values[f]; ok {
			return p
		}
	}
	return ps.root
}

// manifestField returns the manifest's name for a registration link's
// field, and any other field as it is.
func manifestField(field string) string {
	switch {
	case strings.HasPrefix(field, "permissions."):
		return "default_permissions." + field[len("permissions."):]
	case field == "events" || strings.HasPrefix(field, "events["):
		return "default_" + field
	case field == "webhook_url":
		return "hook_attributes.url"
	case field == "webhook_active":
		return "hook_attributes.active"
	}
	return field
}

// parentField returns the field that holds field: "default_events" for
// "default_events[2]", "hook_attributes" for "hook_attributes.url", "" for
// a top-level one.
func parentField(field string) string {
	if strings.HasSuffix(field, "]") {
		if i := strings.LastIndexByte(field, '['); i > 0 {
			return field[:i]
		}
	}
	if i := strings.LastIndexByte(field, '.'); i > 0 {
		return field[:i]
	}
	return ""
}

// childField returns the name of member key of the value at path.
func childField(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func elementField(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// jsonPlaces returns where each value of the JSON document data stands in
// file. It reads as far as data is JSON.
func jsonPlaces(file string, data []byte) *places {
	lc := newLineCounter(data)
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	type frame struct {
		path   string
		object bool
		key    string // the member being read
		keyAt  place
		i      int // the next element's index, or whether a key is due (0) or a value (1)
	}
	var stack []frame
	ps := newPlaces(place{file, 1, 1})
	rootSet := false
	for {
		at := lc.place(file, skipSeparators(data, int(dec.InputOffset())))
		tok, err := dec.Token()
		if err != nil {
			return ps
		}
		d, isDelim := tok.(json.Delim)
		if isDelim && (d == '}' || d == ']') {
			stack = stack[:len(stack)-1]
			continue
		}
		path := ""
		if n := len(stack); n > 0 {
			top := &stack[n-1]
			if top.object {
				if top.i == 0 { // a key
					top.key, _ = tok.(string)
					top.keyAt = at
					top.i = 1
					continue
				}
				top.i = 0
				path = childField(top.path, top.key)
				ps.add(path, top.keyAt, at, true)
			} else {
				path = elementField(top.path, top.i)
				top.i++
				ps.add(path, place{}, at, false)
			}
		} else if !rootSet {
			ps.root, rootSet = at, true
		}
		if isDelim {
			stack = append(stack, frame{path: path, object: d == '{'})
		}
	}
}

// skipSeparators returns the offset of the token at or after at: past
// white space and the "," and ":" between tokens.
func skipSeparators(data []byte, at int) int {
	for at < len(data) {
		switch data[at] {
		case ' ', '\t', '\r', '\n', ',', ':':
			at++
		default:
			return at
		}
	}
	return at
}

// A lineCounter turns byte offsets, asked for in increasing order, into
// lines and columns (in characters, from 1), in one pass over the data.
type lineCounter struct {
	data      []byte
	at        int
	line, col int
}

func newLineCounter(data []byte) *lineCounter { return &lineCounter{data: data, line: 1, col: 1} }

func (lc *lineCounter) place(file string, offset int) place {
	if offset < lc.at { // not asked in order: count again from the start
		lc.at, lc.line, lc.col = 0, 1, 1
	}
	offset = min(offset, len(lc.data))
	for lc.at < offset {
		r, n := utf8.DecodeRune(lc.data[lc.at:])
		if r == '\n' {
			lc.line, lc.col = lc.line+1, 1
		} else {
			lc.col++
		}
		lc.at += n
	}
	return place{file, lc.line, lc.col}
}
