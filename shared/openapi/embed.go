// Package openapi holds the OpenAPI 3.1 description of Vouch's public API. The server
// serves it at /api/v1/openapi.json, the web UI generates its typed client from it, and a
// server test keeps it and the registered routes in step.
package openapi

import _ "embed"

// Document is the OpenAPI 3.1 document, as JSON.
//
//go:embed openapi.json
var Document []byte
