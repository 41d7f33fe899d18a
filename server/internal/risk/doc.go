// Package risk keeps the high-risk alerts a customer must see at once (a supplier's bank
// account closed for cause, an owner that does not match, an account shared with another
// supplier) and fans each new one out live to the customer's admins through kv pub/sub,
// so every server instance's open alert streams hear it. Payment checks (a later issue)
// will raise alerts here too.
package risk
