package httpapi

import (
	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
)

// compressMinBytes is the smallest body worth compressing: below about a kilobyte the
// gzip framing and the encoder's setup cost more than the bytes saved, and most API
// answers (/me, a decision, an error) are that small.
const compressMinBytes = 1024

// compressLarge is Fiber's compress middleware (brotli or gzip, as the client accepts, at
// the default level) for bodies of at least compressMinBytes. Streams (the alert events)
// are never compressed: a compressor would hold events back until its buffer filled.
func compressLarge() fiber.Handler {
	compressor := fasthttp.CompressHandlerBrotliLevel(func(*fasthttp.RequestCtx) {},
		fasthttp.CompressBrotliDefaultCompression, fasthttp.CompressDefaultCompression)
	return func(c *fiber.Ctx) error {
		if err := c.Next(); err != nil {
			return err
		}
		resp := c.Response()
		if resp.IsBodyStream() || len(resp.Body()) < compressMinBytes {
			return nil
		}
		compressor(c.Context())
		return nil
	}
}
