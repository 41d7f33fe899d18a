// Package onboarding is a supplier's first hour with Vouch and a customer admin's daily
// queue: invitations (one at a time or from a CSV), enrollment from an invitation, the
// supplier's cleansed business profile with its encrypted TIN, the KYC case each customer
// keeps on each supplier with its automatic checks, and the customer's review decisions.
//
// A supplier is one org shared by every customer that pays it; each customer has its own
// case (kyc_cases) and decides on its own. The checks are run once per submission for the
// supplier and kept as history (kyc_checks, grouped by run).
//
// Case states (Status): draft → submitted → in_review → needs_info | approved | rejected,
// and needs_info → submitted again. Anything else is a 409 illegal_transition.
package onboarding
