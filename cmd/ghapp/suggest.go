package main

import (
	"strconv"
	"strings"
)

// suggest returns the name of names that s most likely means: one that
// s is a prefix of, or the nearest by edit distance if it is near enough
// (a third of the name's length); "" when none is.
func suggest(s string, names []string) string {
	if s == "" {
		return ""
	}
	best, bestD := "", 0
	for _, n := range names {
		if strings.HasPrefix(n, s) && len(s) >= 2 {
			return n
		}
		d := editDistance(strings.ToLower(s), n)
		if d <= max(1, len(n)/3) && (best == "" || d < bestD) {
			best, bestD = n, d
		}
	}
	return best
}

// didYouMean returns ` (did you mean "NAME"?)` for the suggestion for s
// among names, or "".
func didYouMean(s string, names []string) string {
	if m := suggest(s, names); m != "" {
		return " (did you mean " + quote(m) + "?)"
	}
	return ""
}

// quote quotes s for a message, cut to 80 bytes. strconv.Quote escapes
// every character that is not printable (controls, bidirectional
// controls, bytes that are not UTF-8), so the result is safe to print.
func quote(s string) string {
	if len(s) > 80 {
		s = s[:80] + "..."
	}
	return strconv.Quote(s)
}

// editDistance is the edit distance between a and b, in bytes, counting
// two neighbours swapped as one edit ("lnit" is one from "lint"); its cost
// is len(a)*len(b), for short names.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return max(len(a), len(b))
	}
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
