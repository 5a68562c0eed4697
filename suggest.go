package ghapp

import (
	"iter"
	"strings"
)

// maxSuggestInput is the longest input suggest considers: no known name is
// longer than 64 bytes, so nothing longer is a near miss.
const maxSuggestInput = 64

// suggest returns the known name the input s most likely meant, or "" when
// none is close. names yields every known name. It tries, in order: the same
// text in lower case with "-", "." and spaces as "_"; for "a:b" or "a=b"
// where b is a level, "b:a" (packages:read -> read:packages) and then "a"
// alone (workflow:write -> workflow); and finally the name within a small
// edit distance, skipping names whose length alone puts them too far. It
// runs on error paths only, and costs at most a few microseconds.
func suggest(s string, names iter.Seq[string]) string {
	if s == "" || len(s) > maxSuggestInput {
		return ""
	}
	known := func(c string) bool {
		for n := range names {
			if n == c {
				return true
			}
		}
		return false
	}
	c := loose(s)
	if c != s && known(c) {
		return c
	}
	for _, sep := range []string{":", "="} {
		a, b, ok := strings.Cut(c, sep)
		if !ok {
			continue
		}
		if b == "read" || b == "write" || b == "admin" {
			if known(b + ":" + a) {
				return b + ":" + a
			}
			if known(a) {
				return a
			}
		}
	}
	if len(c) < 3 || len(c) > maxSuggestInput {
		return ""
	}
	limit := 1
	if len(c) >= 6 {
		limit = 2
	}
	best, bestDist := "", limit+1
	for n := range names {
		if d := len(n) - len(c); d > limit || -d > limit {
			continue // the lengths alone differ by more than the limit
		}
		if d := editDistance(c, n); d > 0 && d < bestDist {
			best, bestDist = n, d
		}
	}
	return best
}

// loose returns s in lower case, without surrounding space, with "-", "."
// and inner spaces as "_".
func loose(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case '-', '.', ' ':
			return '_'
		}
		return r
	}, strings.ToLower(strings.TrimSpace(s)))
}

// editDistance returns the optimal string alignment distance between a and
// b: insertions, deletions, substitutions and swaps of neighbouring bytes.
// Both are at most maxSuggestInput bytes long, so the rows fit on the stack.
func editDistance(a, b string) int {
	// Three rows of the dynamic programme: two back, one back, current.
	var rows [3][maxSuggestInput + 3]int
	prev2, prev, cur := rows[0][:len(b)+1], rows[1][:len(b)+1], rows[2][:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
