package onboarding

import (
	"encoding/json"
	"fmt"
)

// jsonText encodes v for a TEXT column; nil is "{}".
func jsonText(v map[string]any) (string, error) {
	if v == nil {
		return "{}", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode evidence: %w", err)
	}
	return string(b), nil
}

// parseJSONObject decodes a TEXT column written by jsonText; anything unreadable is nil.
func parseJSONObject(s string) map[string]any {
	var m map[string]any
	if json.Unmarshal([]byte(s), &m) != nil || len(m) == 0 {
		return nil
	}
	return m
}
