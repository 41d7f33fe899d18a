package ownermatch

// suffixes are legal forms, mapped to one spelling per form so a reason can tell "INC"
// from "LLC" but not "INC" from "INCORPORATED". They are removed only at the end of a
// name: "CO" in "CO OPERATIVE FARMS" or "SA" in "SA RECYCLING" is part of the name.
var suffixes = map[string]string{
	"INC": "INC", "INCORPORATED": "INC",
	"LLC": "LLC", "LC": "LLC",
	"CORP": "CORP", "CORPORATION": "CORP",
	"CO": "CO", "COMPANY": "CO",
	"LTD": "LTD", "LIMITED": "LTD",
	"LP": "LP", "LLP": "LLP", "LLLP": "LLLP",
	"PLLC": "PLLC", "PC": "PC", "PA": "PA", "PSC": "PSC",
	"CHTD": "CHTD", "CHARTERED": "CHTD",
	"PLC": "PLC", "ULC": "ULC",
	"GMBH": "GMBH", "AG": "AG", "KG": "KG",
	"SA": "SA", "SAS": "SAS", "SARL": "SARL", "SRL": "SRL", "SPA": "SPA",
	"BV": "BV", "NV": "NV", "OY": "OY", "AB": "AB",
	"PTY": "PTY", "PTE": "PTE", "PVT": "PVT",
}

// spacedSuffixes are legal forms typed letter by letter: "L.L.C." loses its periods in
// folding but "L L C" (or "L/L/C") keeps its spaces.
var spacedSuffixes = []struct {
	letters []string
	form    string
}{
	{[]string{"P", "L", "L", "C"}, "PLLC"},
	{[]string{"L", "L", "L", "P"}, "LLLP"},
	{[]string{"L", "L", "C"}, "LLC"},
	{[]string{"L", "L", "P"}, "LLP"},
	{[]string{"L", "P"}, "LP"},
	{[]string{"P", "C"}, "PC"},
	{[]string{"P", "A"}, "PA"},
	{[]string{"S", "A"}, "SA"},
}

// abbreviations spell out the short forms banks and typists use, so "ACME INTL MFG"
// and "ACME INTERNATIONAL MANUFACTURING" are one name. Ambiguous short forms ("IND",
// "DIST", "TRANS", "ENG") are left alone: a wrong expansion would hide a real difference.
var abbreviations = map[string]string{
	"INTL": "INTERNATIONAL", "INTERNATL": "INTERNATIONAL",
	"MFG": "MANUFACTURING", "MFRS": "MANUFACTURERS",
	"SVC": "SERVICES", "SVCS": "SERVICES", "SERV": "SERVICES", "SERVS": "SERVICES",
	"SERVICE": "SERVICES",
	"ASSOC":   "ASSOCIATES", "ASSOCS": "ASSOCIATES", "ASSN": "ASSOCIATION",
	"BROS": "BROTHERS",
	"NATL": "NATIONAL",
	"TECH": "TECHNOLOGY", "TECHS": "TECHNOLOGY", "TECHNOLOGIES": "TECHNOLOGY",
	"CTR": "CENTER", "CNTR": "CENTER", "CENTRE": "CENTER",
	"DEPT": "DEPARTMENT",
	"GRP":  "GROUP",
	"HLDG": "HOLDINGS", "HLDGS": "HOLDINGS", "HOLDING": "HOLDINGS",
	"INDS": "INDUSTRIES", "INDUS": "INDUSTRIES",
	"MGMT": "MANAGEMENT", "MGT": "MANAGEMENT",
	"MKTG":    "MARKETING",
	"SYS":     "SYSTEMS",
	"SOLNS":   "SOLUTIONS",
	"ENGRG":   "ENGINEERING",
	"CONSTR":  "CONSTRUCTION",
	"PRODS":   "PRODUCTS",
	"DISTRIB": "DISTRIBUTION",
	"ENTRPRS": "ENTERPRISES", "ENTERPRISE": "ENTERPRISES",
	"EQUIP": "EQUIPMENT",
	"PTNRS": "PARTNERS", "PRTNRS": "PARTNERS",
	"PROPS": "PROPERTIES",
	"LABS":  "LABORATORIES",
	"SPLY":  "SUPPLY",
	"CHEM":  "CHEMICAL",
	"ELEC":  "ELECTRIC",
	"UNIV":  "UNIVERSITY",
	"HOSP":  "HOSPITAL",
	"CNTY":  "COUNTY",
	"MT":    "MOUNT",
	"ST":    "SAINT",
	"AMER":  "AMERICA",
}

// generic words say what a business does, not who it is: sharing "SERVICES" is weak
// evidence, and lacking "HOLDINGS" is a small difference.
var generic = set(
	"SERVICES", "HOLDINGS", "GROUP", "ENTERPRISES", "INTERNATIONAL", "SOLUTIONS",
	"INDUSTRIES", "TECHNOLOGY", "MANAGEMENT", "CONSULTING", "PARTNERS", "ASSOCIATES",
	"SYSTEMS", "PRODUCTS", "TRADING", "GLOBAL", "AMERICA", "AMERICAN", "USA", "US",
	"NATIONAL", "SUPPLY", "SUPPLIES", "CONSTRUCTION", "MANUFACTURING", "DISTRIBUTION",
	"MARKETING", "COMPANIES", "ASSOCIATION", "PROPERTIES", "INVESTMENTS", "VENTURES",
	"CAPITAL", "BROTHERS",
)

// connectors join words without naming anything.
var connectors = set("AND", "OF", "FOR")

// aliasMarkers split "JOHN DOE DBA DOE PLUMBING" into the two names the bank holds.
// "TA" (trading as) is left out: it is also a name ("TA OPERATING LLC").
var aliasMarkers = [][]string{
	{"DBA"}, {"D", "B", "A"}, {"AKA"}, {"A", "K", "A"},
	{"DOING", "BUSINESS", "AS"}, {"TRADING", "AS"},
}

// ligatures are letters Unicode decomposition leaves whole.
var ligatures = map[rune]string{
	'ß': "SS", 'æ': "AE", 'Æ': "AE", 'ø': "O", 'Ø': "O", 'œ': "OE", 'Œ': "OE",
	'đ': "D", 'Đ': "D", 'ł': "L", 'Ł': "L", 'þ': "TH", 'Þ': "TH", 'ð': "D", 'Ð': "D", 'ı': "I",
}

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
