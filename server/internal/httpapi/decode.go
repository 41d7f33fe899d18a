package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// decodeJSON reads a JSON object body into dst. Unknown fields are refused, so a typo in
// a field name is an error instead of a silently ignored value.
func decodeJSON(c *fiber.Ctx, dst any) error {
	if !strings.HasPrefix(strings.ToLower(c.Get(fiber.HeaderContentType)), fiber.MIMEApplicationJSON) {
		return &problemError{Problem{Status: fiber.StatusUnsupportedMediaType, Code: "unsupported_media_type",
			Detail: "Send the body as application/json."}}
	}
	dec := json.NewDecoder(bytes.NewReader(c.Body()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return malformed(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return malformed(errors.New("more than one JSON value"))
	}
	return nil
}

// malformed explains a JSON error without echoing the body.
func malformed(err error) error {
	detail := "The body is not valid JSON."
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		detail = fmt.Sprintf("Field %q has the wrong type; want %s.", typeErr.Field, typeErr.Type.String())
	case errors.As(err, &syntaxErr):
		detail = fmt.Sprintf("The body is not valid JSON (at byte %d).", syntaxErr.Offset)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		detail = "Unknown field " + strings.TrimPrefix(err.Error(), "json: unknown field ") + "."
	}
	return &problemError{Problem{Status: fiber.StatusBadRequest, Code: "malformed_json", Detail: detail}}
}
