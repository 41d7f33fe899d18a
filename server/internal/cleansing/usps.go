package cleansing

import (
	"fmt"
	"strings"
)

// This file holds the USPS Publication 28 tables: street suffixes (appendix C1), secondary
// unit designators (C2), directionals and state codes (appendix B), and the ZIP Code
// prefixes each state uses. They are data, kept apart from the parsing in address.go.

// abbrTable parses lines of "ABBR NAME VARIANT…" into a map from every form, the
// abbreviation included, to the abbreviation. Mapping the abbreviation to itself is what
// makes standardising idempotent.
func abbrTable(lines string) map[string]string {
	m := make(map[string]string)
	for _, line := range strings.Split(lines, "\n") {
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		for _, w := range f {
			if prev, dup := m[w]; dup && prev != f[0] {
				panic(fmt.Sprintf("cleansing: %s maps to both %s and %s", w, prev, f[0]))
			}
			m[w] = f[0]
		}
	}
	return m
}

// streetSuffixes is Publication 28 appendix C1: the standard abbreviation first, then the
// primary name and the common spellings the Postal Service recognises.
var streetSuffixes = abbrTable(`
ALY ALLEY ALLEE ALLY
ANX ANEX ANNEX ANNX
ARC ARCADE
AVE AVENUE AV AVEN AVENU AVN AVNUE
BYU BAYOU BAYOO
BCH BEACH
BND BEND
BLF BLUFF BLUF
BLFS BLUFFS
BTM BOTTOM BOT BOTTM
BLVD BOULEVARD BOUL BOULV
BR BRANCH BRNCH
BRG BRIDGE BRDGE
BRK BROOK
BRKS BROOKS
BG BURG
BGS BURGS
BYP BYPASS BYPA BYPAS BYPS
CP CAMP CMP
CYN CANYON CANYN CNYN
CPE CAPE
CSWY CAUSEWAY CAUSWA
CTR CENTER CEN CENT CENTR CENTRE CNTER CNTR
CTRS CENTERS
CIR CIRCLE CIRC CIRCL CRCL CRCLE
CIRS CIRCLES
CLF CLIFF
CLFS CLIFFS
CLB CLUB
CMN COMMON
CMNS COMMONS
COR CORNER
CORS CORNERS
CRSE COURSE
CT COURT
CTS COURTS
CV COVE
CVS COVES
CRK CREEK
CRES CRESCENT CRSENT CRSNT
CRST CREST
XING CROSSING CRSSNG
XRD CROSSROAD
XRDS CROSSROADS
CURV CURVE
DL DALE
DM DAM
DV DIVIDE DIV DVD
DR DRIVE DRIV DRV
DRS DRIVES
EST ESTATE
ESTS ESTATES
EXPY EXPRESSWAY EXP EXPR EXPRESS EXPW
EXT EXTENSION EXTN EXTNSN
EXTS EXTENSIONS
FALL
FLS FALLS
FRY FERRY FRRY
FLD FIELD
FLDS FIELDS
FLT FLAT
FLTS FLATS
FRD FORD
FRDS FORDS
FRST FOREST FORESTS
FRG FORGE FORG
FRGS FORGES
FRK FORK
FRKS FORKS
FT FORT FRT
FWY FREEWAY FREEWY FRWAY FRWY
GDN GARDEN GARDN GRDEN GRDN
GDNS GARDENS GRDNS
GTWY GATEWAY GATEWY GATWAY GTWAY
GLN GLEN
GLNS GLENS
GRN GREEN
GRNS GREENS
GRV GROVE GROV
GRVS GROVES
HBR HARBOR HARB HARBR HRBOR
HBRS HARBORS
HVN HAVEN
HTS HEIGHTS HT
HWY HIGHWAY HIGHWY HIWAY HIWY HWAY
HL HILL
HLS HILLS
HOLW HOLLOW HLLW HOLLOWS HOLWS
INLT INLET
IS ISLAND ISLND
ISS ISLANDS ISLNDS
ISLE ISLES
JCT JUNCTION JCTION JCTN JUNCTN JUNCTON
JCTS JUNCTIONS JCTNS
KY KEY
KYS KEYS
KNL KNOLL KNOL
KNLS KNOLLS
LK LAKE
LKS LAKES
LAND
LNDG LANDING LNDNG
LN LANE
LGT LIGHT
LGTS LIGHTS
LF LOAF
LCK LOCK
LCKS LOCKS
LDG LODGE LDGE LODG
LOOP LOOPS
MALL
MNR MANOR
MNRS MANORS
MDW MEADOW
MDWS MEADOWS MEDOWS
MEWS
ML MILL
MLS MILLS
MSN MISSION MISSN MSSN
MTWY MOTORWAY
MT MOUNT MNT
MTN MOUNTAIN MNTAIN MNTN MOUNTIN MTIN
MTNS MOUNTAINS MNTNS
NCK NECK
ORCH ORCHARD ORCHRD
OVAL OVL
OPAS OVERPASS
PARK PARKS
PKWY PARKWAY PARKWY PKWAY PKY PARKWAYS PKWYS
PASS
PSGE PASSAGE
PATH PATHS
PIKE PIKES
PNE PINE
PNES PINES
PL PLACE
PLN PLAIN
PLNS PLAINS
PLZ PLAZA PLZA
PT POINT
PTS POINTS
PRT PORT
PRTS PORTS
PR PRAIRIE PRR
RADL RADIAL RAD RADIEL
RAMP
RNCH RANCH RANCHES RNCHS
RPD RAPID
RPDS RAPIDS
RST REST
RDG RIDGE RDGE
RDGS RIDGES
RIV RIVER RVR RIVR
RD ROAD
RDS ROADS
RTE ROUTE
ROW
RUE
RUN
SHL SHOAL
SHLS SHOALS
SHR SHORE SHOAR
SHRS SHORES SHOARS
SKWY SKYWAY
SPG SPRING SPNG SPRNG
SPGS SPRINGS SPNGS SPRNGS
SPUR SPURS
SQ SQUARE SQR SQRE SQU
SQS SQUARES SQRS
STA STATION STATN STN
STRA STRAVENUE STRAV STRAVEN STRAVN STRVN STRVNUE
STRM STREAM STREME
ST STREET STRT STR
STS STREETS
SMT SUMMIT SUMIT SUMITT
TER TERRACE TERR
TRWY THROUGHWAY
TRCE TRACE TRACES
TRAK TRACK TRACKS TRK TRKS
TRFY TRAFFICWAY
TRL TRAIL TRAILS TRLS
TRLR TRAILER TRLRS
TUNL TUNNEL TUNEL TUNLS TUNNELS TUNNL
TPKE TURNPIKE TRNPK TURNPK
UPAS UNDERPASS
UN UNION
UNS UNIONS
VLY VALLEY VALLY VLLY
VLYS VALLEYS
VIA VIADUCT VDCT VIADCT
VW VIEW
VWS VIEWS
VLG VILLAGE VILL VILLAG VILLG VILLIAGE
VLGS VILLAGES
VL VILLE
VIS VISTA VIST VST VSTA
WALK WALKS
WALL
WAY WY
WAYS
WL WELL
WLS WELLS
`)

// unitDesignators is Publication 28 appendix C2, the secondary unit designators, plus FLR,
// which people write for FLOOR.
var unitDesignators = abbrTable(`
APT APARTMENT
BSMT BASEMENT
BLDG BUILDING
DEPT DEPARTMENT
FL FLOOR FLR
FRNT FRONT
HNGR HANGAR
KEY
LBBY LOBBY
LOT
LOWR LOWER
OFC OFFICE
PH PENTHOUSE
PIER
REAR
RM ROOM
SIDE
SLIP
SPC SPACE
STOP
STE SUITE
TRLR TRAILER
UNIT
UPPR UPPER
`)

// unambiguousUnits are the designators that do not double as street names, so they start
// the secondary part wherever they appear after the primary number. The others (FRONT,
// PIER, KEY, LOT…) do so only after the street suffix: "100 FRONT ST" is a street, "100
// MAIN ST FRONT" a unit.
var unambiguousUnits = map[string]bool{"APT": true, "BLDG": true, "DEPT": true, "FL": true, "RM": true, "STE": true, "UNIT": true}

// directionals maps directions to their Publication 28 abbreviations.
var directionals = abbrTable(`
N NORTH
S SOUTH
E EAST
W WEST
NE NORTHEAST
NW NORTHWEST
SE SOUTHEAST
SW SOUTHWEST
`)

// states maps the USPS codes of the 50 states, DC, the territories and the military "states"
// to themselves, and their names to them.
var states = func() map[string]string {
	m := make(map[string]string)
	for _, line := range strings.Split(`AL ALABAMA
AK ALASKA
AZ ARIZONA
AR ARKANSAS
CA CALIFORNIA
CO COLORADO
CT CONNECTICUT
DE DELAWARE
DC DISTRICT OF COLUMBIA|WASHINGTON DC
FL FLORIDA
GA GEORGIA
HI HAWAII
ID IDAHO
IL ILLINOIS
IN INDIANA
IA IOWA
KS KANSAS
KY KENTUCKY
LA LOUISIANA
ME MAINE
MD MARYLAND
MA MASSACHUSETTS
MI MICHIGAN
MN MINNESOTA
MS MISSISSIPPI
MO MISSOURI
MT MONTANA
NE NEBRASKA
NV NEVADA
NH NEW HAMPSHIRE
NJ NEW JERSEY
NM NEW MEXICO
NY NEW YORK
NC NORTH CAROLINA
ND NORTH DAKOTA
OH OHIO
OK OKLAHOMA
OR OREGON
PA PENNSYLVANIA
RI RHODE ISLAND
SC SOUTH CAROLINA
SD SOUTH DAKOTA
TN TENNESSEE
TX TEXAS
UT UTAH
VT VERMONT
VA VIRGINIA
WA WASHINGTON
WV WEST VIRGINIA
WI WISCONSIN
WY WYOMING
PR PUERTO RICO
GU GUAM
VI VIRGIN ISLANDS|US VIRGIN ISLANDS|U S VIRGIN ISLANDS|UNITED STATES VIRGIN ISLANDS
AS AMERICAN SAMOA
MP NORTHERN MARIANA ISLANDS|NORTHERN MARIANAS
AA ARMED FORCES AMERICAS
AE ARMED FORCES EUROPE|ARMED FORCES AFRICA|ARMED FORCES CANADA|ARMED FORCES MIDDLE EAST
AP ARMED FORCES PACIFIC`, "\n") {
		code, names, _ := strings.Cut(line, " ")
		m[code] = code
		for _, n := range strings.Split(names, "|") {
			m[n] = code
		}
	}
	return m
}()

// militaryStates are the USPS codes for APO, FPO and DPO mail.
var militaryStates = map[string]bool{"AA": true, "AE": true, "AP": true}

// militaryCities are the only "cities" a military address may have.
var militaryCities = map[string]bool{"APO": true, "FPO": true, "DPO": true}

// zip3 lists, per state, the first three digits of its ZIP Codes, as inclusive ranges.
// It is a plausibility check that catches a transposed state or ZIP, not an address
// database: a ZIP inside a range may still not exist. A few towns at state lines get mail
// through a neighbour's office, and their prefixes are listed for both states (NY 063
// Fishers Island, AR 755 Texarkana, IA 681 Carter Lake, MS 712, VA 200–201, MD 203).
var zip3 = map[string][][2]int{
	"AL": {{350, 369}},
	"AK": {{995, 999}},
	"AZ": {{850, 865}},
	"AR": {{716, 729}, {755, 755}},
	"CA": {{900, 961}},
	"CO": {{800, 816}},
	"CT": {{60, 69}},
	"DE": {{197, 199}},
	"DC": {{200, 200}, {202, 205}, {569, 569}},
	"FL": {{320, 339}, {341, 349}},
	"GA": {{300, 319}, {398, 399}},
	"HI": {{967, 968}},
	"ID": {{832, 838}},
	"IL": {{600, 629}},
	"IN": {{460, 479}},
	"IA": {{500, 528}, {681, 681}},
	"KS": {{660, 679}},
	"KY": {{400, 427}},
	"LA": {{700, 714}},
	"ME": {{39, 49}},
	"MD": {{203, 203}, {206, 219}},
	"MA": {{10, 27}, {55, 55}},
	"MI": {{480, 499}},
	"MN": {{550, 567}},
	"MS": {{386, 397}, {712, 712}},
	"MO": {{630, 658}},
	"MT": {{590, 599}},
	"NE": {{680, 693}},
	"NV": {{889, 898}},
	"NH": {{30, 38}},
	"NJ": {{70, 89}},
	"NM": {{870, 884}},
	"NY": {{5, 5}, {63, 63}, {100, 149}},
	"NC": {{270, 289}},
	"ND": {{580, 588}},
	"OH": {{430, 459}},
	"OK": {{730, 731}, {734, 749}},
	"OR": {{970, 979}},
	"PA": {{150, 196}},
	"RI": {{28, 29}},
	"SC": {{290, 299}},
	"SD": {{570, 577}},
	"TN": {{370, 385}},
	"TX": {{733, 733}, {750, 799}, {885, 885}},
	"UT": {{840, 847}},
	"VT": {{50, 54}, {56, 59}},
	"VA": {{200, 201}, {220, 246}},
	"WA": {{980, 994}},
	"WV": {{247, 268}},
	"WI": {{530, 549}},
	"WY": {{820, 831}},
	"PR": {{6, 7}, {9, 9}},
	"VI": {{8, 8}},
	"GU": {{969, 969}},
	"MP": {{969, 969}},
	"AS": {{967, 967}},
	"AA": {{340, 340}},
	"AE": {{90, 98}},
	"AP": {{962, 966}},
}

// zipInState reports whether a 5-digit ZIP's prefix is one the state uses.
func zipInState(zip, state string) bool {
	p := int(zip[0]-'0')*100 + int(zip[1]-'0')*10 + int(zip[2]-'0')
	for _, r := range zip3[state] {
		if p >= r[0] && p <= r[1] {
			return true
		}
	}
	return false
}

// zipRanges describes a state's prefixes for a message, like "350–369" or "716–729, 755".
func zipRanges(state string) string {
	parts := make([]string, 0, len(zip3[state]))
	for _, r := range zip3[state] {
		if r[0] == r[1] {
			parts = append(parts, fmt.Sprintf("%03d", r[0]))
		} else {
			parts = append(parts, fmt.Sprintf("%03d–%03d", r[0], r[1]))
		}
	}
	return strings.Join(parts, ", ")
}
