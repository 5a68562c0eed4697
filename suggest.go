package ghapp

import "strings"

// suggest returns the known name the input s most likely meant, or "" when
// none is close. names yields every known name. It tries, in order: the same
// text in lower case with "-", "." and spaces as "_"; for "a:b" or "a=b"
// where b is a level, "b:a" (packages:read -> read:packages) and then "a"
// alone (workflow:write -> workflow); and finally the name within a small
// edit distance. It runs on error paths only.
func suggest(s string, names func(yield func(string) bool)) string {
	if s == "" || len(s) > 64 {
		return ""
	}
	known := func(c string) bool {
		found := false
		names(func(n string) bool {
			found = n == c
			return !found
		})
		return found
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

	best, bestDist := "", 0
	names(func(n string) bool {
		d := editDistance(c, n)
		if d > 0 && (best == "" || d < bestDist) {
			best, bestDist = n, d
		}
		return true
	})
	limit := 1
	if len(c) >= 6 {
		limit = 2
	}
	if best == "" || bestDist > limit || len(c) < 3 {
		return ""
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
func editDistance(a, b string) int {
	// Three rows of the dynamic programme: two back, one back, current.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
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
