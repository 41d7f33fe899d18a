package ownermatch

import (
	"fmt"
	"slices"
	"strings"
)

// maxQuoted caps the words one reason lists, so a long name does not make a long
// sentence.
const maxQuoted = 5

// explain says in plain words why owner and cand scored as they did; what names the
// supplier's side ("the legal name").
func explain(owner, cand name, b best, what string, v Verdict) []string {
	po, pc := owner.parts[b.a], cand.parts[b.b]
	var out []string
	switch b.cmp.kind {
	case kindEqual:
		out = append(out, equalReason(owner, cand, po, pc, what))
		if d := formsDiffer(po, pc, what); d != "" {
			out = append(out, d)
		}
	case kindReordered:
		out = append(out, "has the same words as "+what+" in a different order")
	case kindJoined:
		out = append(out, "matches "+what+" when spaces are ignored")
	case kindNone:
		// Nothing aligned: the whole names say it best, alias parts and all.
		return []string{fmt.Sprintf("the bank has %s, unlike %s %s", owner.display, what, cand.display)}
	case kindFuzzy:
		out = append(out, fuzzyReasons(b.cmp, what, v)...)
	}
	if len(owner.parts) > 1 {
		out = append(out, fmt.Sprintf("compared %s, the part of the bank's name %s DBA", po.display, side(b.a)))
	}
	if len(cand.parts) > 1 {
		out = append(out, fmt.Sprintf("compared %s, the part of %s %s DBA", pc.display, what, side(b.b)))
	}
	return out
}

func side(i int) string {
	if i == 0 {
		return "before"
	}
	return "after"
}

// equalReason explains a match on equal words by what normalising had to do.
func equalReason(owner, cand name, po, pc part, what string) string {
	if len(owner.parts) == 1 && len(cand.parts) == 1 && po.display == pc.display {
		return "matches " + what + " exactly"
	}
	var steps []string
	// Only what differs between the sides is worth saying: both having LLC is not news.
	if forms := differ(po.suffixes, pc.suffixes); len(forms) > 0 {
		steps = append(steps, plural("removing the suffix ", "removing the suffixes ", forms))
	}
	if po.droppedThe != pc.droppedThe {
		steps = append(steps, "ignoring THE")
	}
	for _, e := range differ(po.expanded, pc.expanded) {
		steps = append(steps, fmt.Sprintf("reading %s as %s", e[0], e[1]))
	}
	if len(steps) == 0 {
		return "matches " + what + " once case, accents and punctuation are ignored"
	}
	return "matches " + what + " after " + and(steps)
}

// formsDiffer notes when both names carry a legal form and the forms differ ("INC"
// against "LLC"): the words match, yet they may be two different entities.
func formsDiffer(po, pc part, what string) string {
	if len(po.suffixes) == 0 || len(pc.suffixes) == 0 || slices.Equal(po.suffixes, pc.suffixes) {
		return ""
	}
	return fmt.Sprintf("the legal forms differ: the bank has %s, %s has %s",
		strings.Join(po.suffixes, " "), what, strings.Join(pc.suffixes, " "))
}

// fuzzyReasons explains an aligned comparison: what is shared, what is close, what
// is on one side only.
func fuzzyReasons(c comparison, what string, v Verdict) []string {
	var shared, close, initials []string
	for _, p := range c.pairs {
		switch {
		case p.a == p.b:
			shared = append(shared, quote(p.a))
		case isInitial(p.a) || isInitial(p.b):
			short, long := p.a, p.b
			if isInitial(long) {
				short, long = long, short
			}
			initials = append(initials, fmt.Sprintf("reads %s as the initial of %s", quote(short), quote(long)))
		default:
			close = append(close, fmt.Sprintf("reads %s as %s (a likely typo)", quote(p.a), quote(p.b)))
		}
	}
	var out []string
	switch {
	case v == Match:
		out = append(out, "nearly matches "+what)
	case len(shared) == 1:
		out = append(out, fmt.Sprintf("only %s is shared with %s", shared[0], what))
	case len(shared) > 1:
		out = append(out, fmt.Sprintf("only %s are shared with %s", and(capList(shared)), what))
	default:
		out = append(out, "no word is shared with "+what+" exactly")
	}
	out = append(out, close...)
	out = append(out, initials...)
	if len(c.onlyA) > 0 {
		out = append(out, "the bank also has "+and(capList(quoteAll(c.onlyA))))
	}
	if len(c.onlyB) > 0 {
		out = append(out, what+" also has "+and(capList(quoteAll(c.onlyB))))
	}
	return out
}

func quote(s string) string { return "'" + s + "'" }

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = quote(s)
	}
	return out
}

// capList keeps the first maxQuoted items and says how many more there were.
func capList(ss []string) []string {
	if len(ss) <= maxQuoted {
		return ss
	}
	return append(slices.Clone(ss[:maxQuoted]), fmt.Sprintf("%d more", len(ss)-maxQuoted))
}

// and joins ["a"] as "a", ["a","b"] as "a and b", ["a","b","c"] as "a, b and c".
func and(ss []string) string {
	if len(ss) <= 1 {
		return strings.Join(ss, "")
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " and " + ss[len(ss)-1]
}

func plural(one, many string, items []string) string {
	if len(items) == 1 {
		return one + items[0]
	}
	return many + and(items)
}

// differ lists the items of a missing from b, then those of b missing from a, each
// once.
func differ[T comparable](a, b []T) []T {
	var out []T
	add := func(from, other []T) {
		for _, x := range from {
			if !slices.Contains(other, x) && !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
	}
	add(a, b)
	add(b, a)
	return out
}
