package generator

import (
	"bytes"
	"compress/gzip"
	"io"
	"sync"
)

// Pages kept compressed.
//
// A dev server holds every output of the site in memory; at 10,000 pages the HTML is most of
// its memory (160 MB). With Options.Gzip the Builder keeps each rendered page gzip-compressed
// (about a quarter of the size), and Result.Gzipped says which outputs are; the server
// decompresses a page when it serves it, which takes a few tens of microseconds.

// gzipper is a compressor with its scratch buffer, reused from page to page.
type gzipper struct {
	w   *gzip.Writer
	buf bytes.Buffer
}

var gzippers = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(io.Discard, 2) // as small as level 6 within 10%, at the speed of level 1
	return &gzipper{w: w}
}}

// gzipBytes returns b gzip-compressed, in a slice of its own size. The same bytes always give
// the same result, so that compressed outputs can be compared to tell whether a page changed.
func gzipBytes(b []byte) []byte {
	z := gzippers.Get().(*gzipper)
	z.buf.Reset()
	z.w.Reset(&z.buf)
	z.w.Write(b)
	z.w.Close()
	out := bytes.Clone(z.buf.Bytes())
	gzippers.Put(z)
	return out
}

// Gunzip returns the content of an output that Result.Gzipped names.
func Gunzip(b []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}
