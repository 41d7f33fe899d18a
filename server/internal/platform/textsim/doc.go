// Package textsim measures how alike two short strings are, for the name matching of
// sanctions screening and of bank-account owners. It is pure and allocation-light: it
// runs inside the screening index's inner loop.
package textsim
