package identity

import (
	"github.com/vouchhq/vouch/server/internal/audit"
)

// Actor is who does something, from where and why: every change records one in the
// audit log.
type Actor struct {
	UserID    string // "" for the system or the command line
	Role      Role   // the role the actor acts in
	IP        string
	UserAgent string
	// Reason is why, in the actor's words; staff actions require one.
	Reason string
	// VerifiedBy says how support confirmed the request came from the user (optional).
	VerifiedBy     audit.VerificationMethod
	VerifiedByNote string
}

// Event starts an audit event for the actor, for packages that audit on their own.
func (a Actor) Event(action, targetType, targetID, orgID string) audit.Event {
	return a.event(action, targetType, targetID, orgID)
}

// event starts an audit event for the actor.
func (a Actor) event(action, targetType, targetID, orgID string) audit.Event {
	return audit.Event{
		ActorID: a.UserID, ActorRole: string(a.Role), Action: action,
		TargetType: targetType, TargetID: targetID, OrgID: orgID,
		IP: a.IP, UserAgent: a.UserAgent, Reason: a.Reason,
		VerifiedByMethod: a.VerifiedBy, VerifiedByNote: a.VerifiedByNote,
	}
}

// PrimaryOrg returns the org of the user's first org-scoped grant, or "".
func (u User) PrimaryOrg() string {
	for _, g := range u.Roles {
		if g.OrgID != "" {
			return g.OrgID
		}
	}
	return ""
}
