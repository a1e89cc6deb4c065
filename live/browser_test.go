package live

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browserEnv is the variable that switches the browser test on: it needs
// Chromium (Debian's chromium package), which .ci/browser.sh installs.
const browserEnv = "BRAINSIM_BROWSER"

// chromium returns the path of a Chromium or Chrome binary, or "".
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowser drives the page in headless Chromium, end to end: load it,
// move a slider, run, see the chart grow, read a value, compare with a
// second run, pause and resume, and download the CSV. Screenshots go to
// $BRAINSIM_SCREENSHOTS if set, else to a temporary folder; their paths
// are logged. It runs only with BRAINSIM_BROWSER=1.
func TestBrowser(t *testing.T) {
	if os.Getenv(browserEnv) != "1" {
		t.Skip("set " + browserEnv + "=1 to run the browser test (needs Chromium; see .ci/browser.sh)")
	}
	exe := chromium()
	if exe == "" {
		t.Fatal(browserEnv + "=1 but no chromium in PATH: apt-get install chromium chromium-driver")
	}
	shots := os.Getenv("BRAINSIM_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	begin := time.Now()

	srv := NewServer(Config{MaxRuns: 4, Agents: 5000})
	hs := httptest.NewServer(srv)
	defer hs.Close()
	defer srv.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1400, 1000),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(t.Context(), opts...)
	defer cancelAlloc()
	ctx, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()
	if err := chromedp.Do(ctx); err != nil { // starts the browser
		t.Fatalf("starting %s: %v", exe, err)
	}
	t.Logf("browser started in %v", time.Since(begin).Round(time.Millisecond))

	// Any error in the page's console, or an uncaught exception, fails the
	// test, except the refused request that the test makes on purpose.
	var mu sync.Mutex
	var pageErrors []string
	consoleCtx, stopConsole := context.WithCancel(ctx)
	defer stopConsole()
	messages := chromedp.Console(consoleCtx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				mu.Lock()
				pageErrors = append(pageErrors, m.String())
				mu.Unlock()
			}
		}
	}()

	do := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		sctx, cancel := context.WithTimeout(ctx, time.Minute)
		defer cancel()
		if err := chromedp.Do(sctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("reading %s: %v", sel, err)
		}
		return s
	}
	js := func(expr string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[bool]("(() => {"+expr+"; return true; })()")(ctx, tg)
			return err
		})
	}
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			buf, err := chromedp.FullScreenshot(100)(ctx, tg)
			if err != nil {
				return err
			}
			p := filepath.Join(shots, name)
			t.Logf("screenshot %s", p)
			return os.WriteFile(p, buf, 0o644)
		})
	}
	setSlider := func(id, value string) chromedp.Action[chromedp.Void] {
		return js(fmt.Sprintf(`const el = document.getElementById(%q);
			el.value = %q;
			el.dispatchEvent(new Event("input", {bubbles: true}))`, id, value))
	}
	points := func() int { // drawn on the first chart
		n, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("chart-workforce").dataset.points`))
		if err != nil {
			t.Fatal(err)
		}
		v, _ := strconv.Atoi(n)
		return v
	}
	waitPoints := func(n int) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Poll[chromedp.Void](
				fmt.Sprintf(`Number(document.getElementById("chart-workforce").dataset.points) >= %d`, n),
				chromedp.WithPollingInterval(50*time.Millisecond))(ctx, tg)
			return err
		})
	}
	wait := func(sel string) chromedp.Action[chromedp.Void] { return chromedp.WaitVisible(chromedp.CSS(sel)) }
	number := func(name, v string) float64 {
		t.Helper()
		n, err := strconv.ParseFloat(strings.ReplaceAll(v, ",", ""), 64)
		if err != nil || n <= 0 {
			t.Errorf("readout %s = %q; want a positive number", name, v)
		}
		return n
	}

	// Load the page, move a slider, run, and see the chart grow.
	start := time.Now()
	do("load", chromedp.Navigate(hs.URL), wait(`body[data-ready="true"]`), shot("0-loaded.png"))
	t.Logf("page loaded in %v", time.Since(start).Round(time.Millisecond))
	do("move the top-up slider", setSlider("lever-top_up", "40"))
	if got := text("#lever-top_up-value"); got != "40%" {
		t.Errorf("top-up slider shows %q; want 40%%", got)
	}
	start = time.Now()
	do("run", chromedp.SetValue(chromedp.CSS("#speed"), "5"), // 5 simulated years a second
		chromedp.Click(chromedp.CSS("#run")), waitPoints(24)) // two simulated years
	t.Logf("two years on the chart %v after Run", time.Since(start).Round(time.Millisecond))
	emigrants := number("emigrants", text("#emigrants-now"))
	home := number("at home", text("#home-now"))
	t.Logf("read: %v abroad, %v at home", emigrants, home)
	if got := text("#run-settings"); !strings.Contains(got, "top-up 40%") {
		t.Errorf("run settings = %q; want the top-up of 40%%", got)
	}
	if got := text("#engine"); got != "engine: step" { // the server's Config.Engine, by its status
		t.Errorf("engine = %q; want engine: step", got)
	}
	srv.mu.Lock() // the server runs what the page asked for
	var asked []float64
	for _, rn := range srv.runs {
		if v := rn.levers[LeverTopUp]; v != nil {
			asked = append(asked, *v)
		}
	}
	srv.mu.Unlock()
	if len(asked) != 1 || asked[0] != 40 {
		t.Errorf("server's runs have top-ups %v; want [40]", asked)
	}

	// Pause, and the chart stops; resume, and it goes on to the end.
	do("pause", chromedp.Click(chromedp.CSS("#pause")), wait(`body[data-run="paused"]`),
		chromedp.Sleep(300*time.Millisecond), // a last event may be on its way
		shot("1-paused.png"))
	pausedAt := points()
	do("stay paused", chromedp.Sleep(600*time.Millisecond))
	if later := points(); later != pausedAt {
		t.Errorf("chart grew from %d to %d points while paused", pausedAt, later)
	}
	if got := text("#status"); !strings.HasPrefix(got, "Paused") {
		t.Errorf("status while paused = %q; want Paused ...", got)
	}
	start = time.Now()
	do("resume", chromedp.Click(chromedp.CSS("#pause")), wait(`body[data-run="finished"]`), shot("2-finished.png"))
	t.Logf("finished %v after resuming at %d steps", time.Since(start).Round(time.Millisecond), pausedAt)
	final := number("emigrants", text("#emigrants-now"))
	if final == emigrants {
		t.Errorf("emigrants readout stayed at %v to the end", final)
	}

	// A second run with more openness: the first stays as the faded line.
	do("second run", setSlider("lever-openness", "2"), chromedp.Click(chromedp.CSS("#run")), waitPoints(180),
		shot("3-second-run.png"))
	if got := text("#prev-settings"); !strings.Contains(got, "top-up 40%") {
		t.Errorf("previous run = %q; want the first run's top-up 40%%", got)
	}

	// The download links serve the current run.
	for _, sel := range []string{"#csv", "#png"} {
		href, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(sel), "href"))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := hs.Client().Get(hs.URL + href.Value)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %s", href.Value, resp.Status)
		}
	}

	// A refused setting shows the server's message on the page.
	do("refused setting", js(`const el = document.getElementById("lever-fee");
			el.max = 50; el.value = 50;
			el.dispatchEvent(new Event("input", {bubbles: true}))`),
		chromedp.Click(chromedp.CSS("#run")), wait("#message"), shot("4-refused.png"))
	if got := text("#message"); !strings.Contains(got, "Remittance fee (fee) = 50%") {
		t.Errorf("message = %q; want it to name the fee lever and its value", got)
	}

	// Reset stops the run, clears the charts and puts the levers back.
	do("reset", chromedp.Click(chromedp.CSS("#reset")), wait(`body[data-run=""]`))
	if n := points(); n != 0 {
		t.Errorf("%d points on the chart after Reset", n)
	}
	for sel, want := range map[string]string{
		"#emigrants-now": "—", "#prev-settings": "none yet", "#lever-top_up-value": "0%", "#status": "Press Run to start.",
	} {
		if got := text(sel); got != want {
			t.Errorf("after Reset, %s shows %q; want %q", sel, got, want)
		}
	}
	if msg, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("message").hidden`)); !msg {
		t.Error("after Reset, the message is still shown")
	}
	eventually(t, 5*time.Second, "Reset stops the run on the server", func() bool { return srv.Running() == 0 })

	stopConsole()
	mu.Lock()
	defer mu.Unlock()
	for _, e := range pageErrors {
		if strings.Contains(e, "400 (Bad Request)") { // the refused run above
			continue
		}
		t.Errorf("page error: %s", e)
	}
	t.Logf("browser test took %v", time.Since(begin).Round(time.Millisecond))
}
