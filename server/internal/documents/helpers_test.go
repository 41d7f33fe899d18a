package documents_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// minimalPDF is a small but complete PDF 1.4: header, one empty page, xref, trailer and
// the %%EOF marker.
const minimalPDF = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" +
	"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n" +
	"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n" +
	"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n" +
	"xref\n0 4\n0000000000 65535 f \n0000000015 00000 n \n0000000064 00000 n \n0000000121 00000 n \n" +
	"trailer << /Size 4 /Root 1 0 R >>\nstartxref\n190\n%%EOF\n"

// testImage is a small image for the encoders.
func testImage() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 8, 4))
	for x := range 8 {
		img.Set(x, x%4, color.RGBA{R: 200, A: 255})
	}
	return img
}

// pngBytes encodes a real PNG with the standard library.
func pngBytes(t testing.TB) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, testImage()); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// jpegBytes encodes a real JPEG with the standard library.
func jpegBytes(t testing.TB) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, testImage(), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
