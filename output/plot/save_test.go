package plot

import (
	"bytes"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
)

func chart(t *testing.T) *plot.Plot {
	t.Helper()
	p, err := Bands("Health workforce", "per 10,000 people", synthBands(120), whoRefs)
	if err != nil {
		t.Fatalf("Bands: %v", err)
	}
	return p
}

// entries returns the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestSave(t *testing.T) {
	for _, tt := range []struct {
		name, file, magic string
	}{
		{"png", "chart.png", "\x89PNG\r\n\x1a\n"},
		{"svg", "chart.svg", "<?xml"},
		{"upper-case extension", "chart.SVG", "<?xml"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tt.file)
			if err := Save(chart(t), path, Width, Height); err != nil {
				t.Fatalf("Save: %v", err)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(b, []byte(tt.magic)) {
				t.Errorf("%s starts %q; want %q", tt.file, b[:min(len(b), 8)], tt.magic)
			}
			if got := entries(t, dir); len(got) != 1 || got[0] != tt.file {
				t.Errorf("directory holds %q; want only %q", got, tt.file)
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != 0o644 {
				t.Errorf("mode = %v; want 0644", got)
			}
		})
	}
}

func TestSaveReplaces(t *testing.T) {
	path := filepath.Join(t.TempDir(), "chart.svg")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Save(chart(t), path, Width, Height); err != nil {
		t.Fatalf("Save: %v", err)
	}
	if b, _ := os.ReadFile(path); !bytes.HasPrefix(b, []byte("<?xml")) {
		t.Errorf("chart.svg starts %q; want the new SVG", b[:min(len(b), 8)])
	}
}

func TestSaveErrors(t *testing.T) {
	for _, tt := range []struct {
		name  string
		setup func(dir string) string // returns the path to save to
		want  string                  // in the error
	}{
		{"unsupported format", func(dir string) string { return filepath.Join(dir, "chart.pdf") }, `unsupported format ".pdf"`},
		{"no extension", func(dir string) string { return filepath.Join(dir, "chart") }, "unsupported format"},
		{"missing directory", func(dir string) string { return filepath.Join(dir, "missing", "chart.png") }, "no such file"},
		{"path is a directory", func(dir string) string {
			path := filepath.Join(dir, "chart.png")
			if err := os.MkdirAll(filepath.Join(path, "inside"), 0o755); err != nil {
				t.Fatal(err)
			}
			return path
		}, "chart.png"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := tt.setup(dir)
			before := entries(t, dir)
			err := Save(chart(t), path, Width, Height)
			if err == nil {
				t.Fatal("Save succeeded; want an error")
			}
			if !strings.HasPrefix(err.Error(), "plot: save") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Save error = %q; want it prefixed \"plot: save\" and holding %q", err, tt.want)
			}
			if after := entries(t, dir); strings.Join(after, "/") != strings.Join(before, "/") {
				t.Errorf("directory holds %q after the failed save; want %q (temporary file left?)", after, before)
			}
		})
	}
}

func TestWritePNGSize(t *testing.T) {
	var buf bytes.Buffer
	if err := WritePNG(&buf, chart(t), Width, Height); err != nil {
		t.Fatalf("WritePNG: %v", err)
	}
	cfg, err := png.DecodeConfig(&buf)
	if err != nil {
		t.Fatalf("decoding PNG: %v", err)
	}
	// 8 × 5 inches at gonum/plot's 96 dots per inch.
	if cfg.Width != 768 || cfg.Height != 480 {
		t.Errorf("PNG is %d×%d; want 768×480", cfg.Width, cfg.Height)
	}
}

// failWriter fails every write.
type failWriter struct{}

var errDiskFull = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errDiskFull }

func TestWriteErrors(t *testing.T) {
	p := chart(t)
	if err := WriteSVG(failWriter{}, p, Width, Height); !errors.Is(err, errDiskFull) {
		t.Errorf("WriteSVG to a failing writer = %v; want %v", err, errDiskFull)
	}
	if err := WritePNG(failWriter{}, p, Width, Height); !errors.Is(err, errDiskFull) {
		t.Errorf("WritePNG to a failing writer = %v; want %v", err, errDiskFull)
	}
}

func TestSVGFontFallbacks(t *testing.T) {
	svg := svgOf(t, chart(t))
	if strings.Contains(svg, "font-family:Liberation Sans;") {
		t.Error("SVG names Liberation Sans without fallbacks")
	}
	if !strings.Contains(svg, "font-family:Liberation Sans,Arial,Helvetica,sans-serif;") {
		t.Error("SVG lacks the Liberation Sans fallbacks")
	}
}
