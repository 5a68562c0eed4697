package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxInput bounds an input file: a registration is a few kilobytes, and a
// file past this is not one.
const maxInput = 16 << 20

// readFileBounded reads the file name, refusing one larger than maxInput.
func readFileBounded(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxInput+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxInput {
		return nil, fmt.Errorf("%s: larger than %d MiB, too large for a registration", name, maxInput>>20)
	}
	return data, nil
}

// isTerminal reports whether w is a terminal: a character device, as a
// terminal is and a pipe or a file is not.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// colour reports whether text written to w gets colour: only on a
// terminal, and never when NO_COLOR is set to anything (no-color.org).
func (a *app) colour(w io.Writer) bool {
	if l, ok := w.(*lockedWriter); ok {
		w = l.w
	}
	return a.getenv("NO_COLOR") == "" && a.isTerminal(w)
}

// safe returns s fit to print on a terminal: every control character (C0,
// DEL, C1, so ESC and CSI among them), every bidirectional control, and
// every byte that is not UTF-8 is written as a Go escape ("\x1b",
// "\u202e"), so that no input can move the cursor, change colours or
// reorder what a reader sees. Tabs and line breaks are escaped too: what
// safe returns stays on one line.
func safe(s string) string {
	clean := true
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if needsEscape(r, n) {
			clean = false
			break
		}
		i += n
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x` + strconv.FormatUint(uint64(s[i])|0x100, 16)[1:])
		case needsEscape(r, n):
			q := strconv.QuoteRuneToASCII(r) // '\x1b', '\u202e', '\n'
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func needsEscape(r rune, n int) bool {
	return (r == utf8.RuneError && n == 1) || unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) ||
		r == '\u2028' || r == '\u2029'
}

// safeLines is safe for text of several lines: each line made safe, the
// line breaks kept.
func safeLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = safe(l)
	}
	return strings.Join(lines, "\n")
}

// An output writes text for people to one stream, every value from input
// made safe.
type output struct {
	w     io.Writer
	color bool
	err   error // the first write error
}

func (a *app) output(w io.Writer) *output { return &output{w: w, color: a.colour(w)} }

// trusted is text the command wrote itself (its colours among it), which
// output.printf writes as it is.
type trusted string

// printf writes format, the command's own text, with args made safe:
// strings, errors and Stringers through safe, trusted values as they are.
func (o *output) printf(format string, args ...any) {
	for i, a := range args {
		switch a := a.(type) {
		case trusted:
			args[i] = string(a)
		case string:
			args[i] = safe(a)
		case error:
			args[i] = safe(a.Error())
		case fmt.Stringer:
			args[i] = safe(a.String())
		}
	}
	if _, err := fmt.Fprintf(o.w, format, args...); err != nil && o.err == nil {
		o.err = err
	}
}

// Styles for output.paint.
const (
	styleBold   = "1"
	styleRed    = "1;31"
	styleYellow = "1;33"
	styleGreen  = "32"
	styleDim    = "2"
)

// paint returns s made safe and, on a terminal with colour, in style.
func (o *output) paint(style, s string) trusted {
	if !o.color {
		return trusted(safe(s))
	}
	return trusted("\x1b[" + style + "m" + safe(s) + "\x1b[0m")
}

// errorf reports a problem of the command line or the system on stderr,
// "ghapp CMD: ...", every value made safe.
func (a *app) errorf(cmd, format string, args ...any) {
	o := a.output(a.stderr)
	prefix := "ghapp: "
	if cmd != "" {
		prefix = "ghapp " + cmd + ": "
	}
	o.printf(string(trusted(prefix))+format+"\n", args...)
}

// usageError reports a usage problem and points at the help, and returns
// exitUsage.
func (a *app) usageError(cmd, format string, args ...any) int {
	a.errorf(cmd, format, args...)
	topic := "ghapp help"
	if cmd != "" && cmd != "help" {
		topic += " " + cmd
	}
	a.output(a.stderr).printf("run '%s' for usage\n", topic)
	return exitUsage
}

// marshalJSON encodes v as encoding/json does, but leaves "<", ">" and "&"
// as they are: the output is for tools and terminals, not for HTML.
func marshalJSON(v any) []byte {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return []byte("null")
	}
	return []byte(strings.TrimSuffix(b.String(), "\n"))
}

// errUsage is a usage problem found while reading flags, said in message.
type errUsage struct{ message string }

func (e *errUsage) Error() string { return e.message }

// usagef returns an *errUsage.
func usagef(format string, args ...any) error {
	return &errUsage{fmt.Sprintf(format, args...)}
}
