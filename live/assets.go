package live

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"
)

// assets are the page and what it loads: index.html, app.js, style.css and
// uPlot 1.6.32 (uPlot.iife.min.js, uPlot.min.css; MIT licence in
// uPlot.LICENSE), copied from its npm package. Nothing is fetched from
// elsewhere, so the page works offline.
//
//go:embed assets
var assets embed.FS

// csp is the Content-Security-Policy of the page: scripts, styles and
// connections only from this server.
const csp = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func assetFS() fs.FS {
	sub, err := fs.Sub(assets, "assets")
	if err != nil {
		panic("live: " + err.Error())
	}
	return sub
}

// assetHandler serves the embedded assets under /assets/, without listing
// the folder.
func assetHandler() http.Handler {
	files := http.StripPrefix("/assets/", http.FileServerFS(assetFS()))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		files.ServeHTTP(w, r)
	})
}

// page answers GET / with the page.
func (s *Server) page(w http.ResponseWriter, r *http.Request) {
	html, err := fs.ReadFile(assetFS(), "index.html")
	if err != nil {
		panic("live: " + err.Error())
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", csp)
	h.Set("Cache-Control", "no-cache")
	w.Write(html)
}
