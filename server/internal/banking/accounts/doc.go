// Package accounts keeps suppliers' bank accounts and verifies them: the routing number
// against the FedACH directory, the account with an instant-verification provider
// (package verify), the owner of record against the supplier's names (package
// ownermatch), and, when no provider answers in time, two micro-deposits the supplier
// confirms. Every verification is kept as history; only an open account whose owner
// matches (or a customer's approved manual review) is verified.
//
// Changing where money goes is what a thief with a stolen password wants, so every
// account after the first (or any account once a customer has approved the supplier) is
// a guarded change: the HTTP edge asks for a fresh step-up, the supplier's other users and
// its customers are told, and payments to it start in a cooling period (decision 0024).
package accounts
