package ghapp

import (
	"encoding/json"
	"slices"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// A jsonReader walks one JSON text, keeping the byte offset of each value
// it reads. It is used only on a text encoding/json has found well-formed
// (see checkJSON), so it checks no syntax; what it checks is what
// encoding/json lets through: lone surrogates in escapes. It never
// recurses deeper than the manifest's own nesting, so no input can exhaust
// the stack.
type jsonReader struct {
	data []byte
	pos  int
}

// checkJSON reports what keeps data from being read as one JSON value: it
// is not valid UTF-8 (encoding/json would turn the bad bytes into U+FFFD),
// or not JSON (a *json.SyntaxError, reachable with errors.As). It is nil
// when data is well-formed.
func checkJSON(data []byte) *FieldError {
	if !utf8.Valid(data) {
		at := 0
		for at < len(data) {
			r, n := utf8.DecodeRune(data[at:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			at += n
		}
		return placed(data, fieldErr("", ErrMalformed, "not valid UTF-8 at byte %d", at), at)
	}
	if json.Valid(data) {
		return nil
	}
	var raw json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		se, ok := err.(*json.SyntaxError)
		if !ok {
			return fieldErr("", ErrMalformed, "not JSON: %v", err)
		}
		at := int(max(se.Offset-1, 0))
		return placed(data, &FieldError{Err: &syntaxError{se}}, min(at, len(data)))
	}
	return fieldErr("", ErrMalformed, "not JSON")
}

// syntaxError is a JSON syntax error: it wraps both ErrMalformed and the
// *json.SyntaxError.
type syntaxError struct{ err *json.SyntaxError }

func (e *syntaxError) Error() string   { return "not JSON: " + e.err.Error() }
func (e *syntaxError) Unwrap() []error { return []error{ErrMalformed, e.err} }

// placed sets err's position to byte at of data and returns err.
func placed(data []byte, err *FieldError, at int) *FieldError {
	pos := positionsOf(string(data), []int{at})
	err.Line, err.Column = pos[0][0], pos[0][1]
	return err
}

// positionsOf returns the line and column (1-based, the column counted in
// characters) of each byte offset of offsets in data, in one pass.
func positionsOf(data string, offsets []int) [][2]int {
	order := make([]int, len(offsets))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return offsets[a] - offsets[b] })
	out := make([][2]int, len(offsets))
	line, col, at := 1, 1, 0
	for _, k := range order {
		target := min(max(offsets[k], 0), len(data))
		for at < target {
			r, n := utf8.DecodeRuneInString(data[at:])
			if r == '\n' {
				line, col = line+1, 1
			} else {
				col++
			}
			at += n
		}
		out[k] = [2]int{line, col}
	}
	return out
}

func (r *jsonReader) space() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

// peek returns the first byte of the next value, after white space.
func (r *jsonReader) peek() byte {
	r.space()
	if r.pos < len(r.data) {
		return r.data[r.pos]
	}
	return 0
}

// kindOf names the JSON type of a value starting with b, for messages.
func kindOf(b byte) string {
	switch b {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// object reads an object, calling each with every key and the key's
// offset, the reader then at the key's value, which each must read.
func (r *jsonReader) object(each func(key string, at int)) {
	r.space()
	r.pos++ // {
	for {
		if r.peek() == '}' {
			r.pos++
			return
		}
		at := r.pos
		key, _ := r.str()
		r.space()
		r.pos++ // :
		each(key, at)
		if r.peek() == ',' {
			r.pos++
		}
	}
}

// array reads an array, calling each with every element's index and
// offset, the reader then at the element, which each must read.
func (r *jsonReader) array(each func(i, at int)) {
	r.space()
	r.pos++ // [
	for i := 0; ; i++ {
		if r.peek() == ']' {
			r.pos++
			return
		}
		each(i, r.pos)
		if r.peek() == ',' {
			r.pos++
		}
	}
}

// str reads a string and returns its value; bad says what is wrong with
// it (a lone surrogate, which encoding/json would turn into U+FFFD), or "".
func (r *jsonReader) str() (s string, bad string) {
	r.space()
	r.pos++ // "
	start := r.pos
	var buf []byte // made only for a string with escapes
	for {
		c := r.data[r.pos]
		switch {
		case c == '"':
			if buf == nil {
				s = string(r.data[start:r.pos])
			} else {
				s = string(buf)
			}
			r.pos++
			return s, bad
		case c != '\\':
			if buf != nil {
				buf = append(buf, c)
			}
			r.pos++
			continue
		}
		if buf == nil {
			buf = append([]byte(nil), r.data[start:r.pos]...)
		}
		e := r.data[r.pos+1]
		r.pos += 2
		switch e {
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			v := r.hex4()
			switch {
			case utf16.IsSurrogate(rune(v)) && v < 0xDC00 && r.pos+6 <= len(r.data) && r.data[r.pos] == '\\' && r.data[r.pos+1] == 'u':
				save := r.pos
				r.pos += 2
				w := r.hex4()
				if w >= 0xDC00 && w <= 0xDFFF {
					buf = utf8.AppendRune(buf, utf16.DecodeRune(rune(v), rune(w)))
					continue
				}
				r.pos = save
				fallthrough
			case utf16.IsSurrogate(rune(v)):
				if bad == "" {
					bad = "a lone UTF-16 surrogate \\u" + strconv.FormatUint(uint64(v), 16) + ", which is no character"
				}
				buf = utf8.AppendRune(buf, utf8.RuneError)
			default:
				buf = utf8.AppendRune(buf, rune(v))
			}
		default: // " \ /
			buf = append(buf, e)
		}
	}
}

// hex4 reads the four hexadecimal digits of a \u escape.
func (r *jsonReader) hex4() uint16 {
	var v uint16
	for _, c := range r.data[r.pos : r.pos+4] {
		v <<= 4
		switch {
		case c >= 'a':
			v |= uint16(c - 'a' + 10)
		case c >= 'A':
			v |= uint16(c - 'A' + 10)
		default:
			v |= uint16(c - '0')
		}
	}
	r.pos += 4
	return v
}

// boolean reads true or false.
func (r *jsonReader) boolean() bool {
	r.space()
	if r.data[r.pos] == 't' {
		r.pos += 4
		return true
	}
	r.pos += 5
	return false
}

// skip reads and drops one value of any kind, without recursion.
func (r *jsonReader) skip() {
	r.space()
	depth := 0
	for {
		switch c := r.data[r.pos]; c {
		case '"':
			r.pos++
			for r.data[r.pos] != '"' {
				if r.data[r.pos] == '\\' {
					r.pos++
				}
				r.pos++
			}
			r.pos++
		case '{', '[':
			depth++
			r.pos++
		case '}', ']':
			depth--
			r.pos++
		case ',', ':', ' ', '\t', '\n', '\r':
			r.pos++
			continue
		default: // a number or literal
			for r.pos < len(r.data) && !isJSONDelimiter(r.data[r.pos]) {
				r.pos++
			}
		}
		if depth == 0 {
			return
		}
	}
}

func isJSONDelimiter(c byte) bool {
	switch c {
	case ',', '}', ']', ' ', '\t', '\n', '\r', ':':
		return true
	}
	return false
}
